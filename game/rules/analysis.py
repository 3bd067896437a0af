"""Analysis of how a conference voted: bloc cohesion, agreement between delegations, the split.

- Rice index of cohesion for a bloc on one vote: |yes - no| / (yes + no), from 0 (split down
  the middle) to 1 (all on one side); abstentions and absences are left out.
- Agreement between two delegations: the share of the recorded votes in which both cast a
  ballot and cast the same one.
Secret ballots are never analysed by delegation: their choices are not known to anyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations

from .model import Method
from .values import Choice, Outcome, Tally


def rice(tally: Tally) -> float | None:
    """Rice index of one bloc on one vote; None when nobody in the bloc voted yes or no."""
    voting = tally.yes + tally.no
    return abs(tally.yes - tally.no) / voting if voting else None


def cohesion(outcome: Outcome) -> dict[str, float | None]:
    """Rice index per bloc for one vote."""
    return {bloc: rice(tally) for bloc, tally in outcome.by_bloc}


def agreement(records: Iterable[Mapping[str, Choice]]) -> dict[tuple[str, str], float]:
    """Pairwise agreement from named ballots, one mapping per recorded vote."""
    same: dict[tuple[str, str], int] = {}
    both: dict[tuple[str, str], int] = {}
    for ballots in records:
        for a, b in combinations(sorted(ballots), 2):
            both[(a, b)] = both.get((a, b), 0) + 1
            if ballots[a] == ballots[b]:
                same[(a, b)] = same.get((a, b), 0) + 1
    return {pair: same.get(pair, 0) / n for pair, n in both.items()}


def named_votes(outcomes: Iterable[Outcome], ballots_by_decision: Mapping[str, Mapping[str, Choice]]) -> list[Mapping[str, Choice]]:
    """The ballots of every vote whose choices are on record (not secret)."""
    return [
        ballots_by_decision[o.decision_id]
        for o in outcomes
        if Method(o.method).is_vote and o.method != Method.SECRET_BALLOT and o.decision_id in ballots_by_decision
    ]
