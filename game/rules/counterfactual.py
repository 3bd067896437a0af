"""Counterfactual tallies: the same ballots counted under another decision rule.

The debrief asks "what if this vote had needed two-thirds?". Only the threshold changes: the
ballots, the roll, the quorum and the abstention rule of the real vote stay as they were, so
the difference shown is the rule's alone. The alternatives:

- majority: more than half of those present and voting (UN Charter Art. 18(3); ITU No. 410);
- two_thirds: two-thirds of those present and voting (UN Charter Art. 18(2));
- weighted: the real threshold, each ballot counted with its delegation's weight;
- majority_of_members: more than half of every delegation entitled to vote, present or not;
- consensus: any vote against blocks, as an objection would (abstentions do not block).

A call for objections and a sounding of the room record no yes/no ballots, so they cannot be
re-tallied as a vote; a re-tally says so instead of inventing numbers. A secret ballot can be
re-tallied: its counts (and weighted counts) are on record, only its choices are not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import voting
from .model import DecisionRule, Method, Threshold
from .values import Decision, Outcome

ALTERNATIVES: dict[str, str] = {
    "majority": "a majority of those present and voting",
    "two_thirds": "two-thirds of those present and voting",
    "weighted": "weighted votes",
    "majority_of_members": "a majority of all members entitled to vote",
    "consensus": "consensus (any vote against blocks)",
}


@dataclass(frozen=True, slots=True)
class Retally:
    """A vote counted again under another rule, beside what really happened."""

    alternative: str
    """A key of ALTERNATIVES."""
    decision: Decision | None
    """None when the question cannot be re-tallied (no ballots on record)."""
    reason: str
    changed: bool
    """Whether the result would have differed from the real one."""


@dataclass(frozen=True, slots=True)
class Question:
    """What a re-tally needs to know about a closed decision beyond its outcome."""

    outcome: Outcome
    rule: DecisionRule
    entitled_weight: int
    """The summed weights of the delegations entitled to vote when it closed."""
    postponed_before: bool = False
    """Whether the subject had been postponed once already (ITU No. 416)."""


def retally(question: Question, alternative: str) -> Retally:
    if alternative not in ALTERNATIVES:
        raise ValueError(f"'{alternative}' is not a rule to re-tally under; choose one of {', '.join(ALTERNATIVES)}.")
    outcome = question.outcome
    if not Method(outcome.method).is_vote or outcome.tally is None:
        what = "a sounding of the room takes no decision" if outcome.method == Method.SOUNDING else "a call for objections records no votes"
        return Retally(alternative, None, f"Cannot be re-tallied: {what}.", False)
    if alternative == "consensus":
        decision, reason = _consensus(outcome)
    else:
        verdict = voting.assess(
            _rule(question.rule, alternative),
            outcome.tally,
            entitled=outcome.entitled,
            entitled_weight=question.entitled_weight,
            present=outcome.present,
            postponed_before=question.postponed_before,
        )
        decision, reason = verdict.decision, verdict.reason
    return Retally(alternative, decision, reason, decision is not outcome.decision)


def _rule(real: DecisionRule, alternative: str) -> DecisionRule:
    """The real rule with only its threshold (or weighting) changed."""
    if alternative == "weighted":
        return replace(real, weighted=True, citation="")
    return replace(real, threshold=Threshold(alternative), weighted=False, citation="")


def _consensus(outcome: Outcome) -> tuple[Decision, str]:
    tally = outcome.tally
    if tally.no:
        against = "delegation" if tally.no == 1 else "delegations"
        return Decision.BLOCKED, f"Blocked: {tally.no} {against} voted against; under consensus any one of them blocks ({tally.describe()})."
    return Decision.ADOPTED, f"Adopted by consensus: nobody voted against ({tally.describe()})."
