"""Counting votes: the thresholds, quorum and abstention rules, as pure functions.

The rules implemented, with their sources (../shared/reference/rules-of-procedure.json):

- ITU Convention (Geneva, 1992) No. 410: a decision needs a majority of the delegations
  present and voting. No. 411 and No. 413: abstentions are not counted; "present and voting"
  means voting for or against. No. 412: when the votes are equally divided the proposal is
  rejected. No. 414: delegations present that take no part in a vote count as present for
  the quorum, and are not abstentions. No. 416: when abstentions exceed half of the votes
  cast (for, against and abstaining), the question is postponed to a later meeting, where
  abstentions are not taken into account. No. 385: a vote is valid only when more than half
  of the delegations entitled to vote are present or represented (quorum).
- UN Charter Art. 18(2): decisions on important questions by a two-thirds majority of the
  members present and voting; Art. 18(3): other questions by a majority of the members
  present and voting. GA rule 86: members who abstain are considered as not voting.
- Majority of all members: more than half of every delegation entitled to vote, present or
  not, must vote in favour.
- Weighted votes: each ballot counts with the delegation's weight.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import DecisionRule, Quorum, Threshold
from .values import Choice, Decision, Tally


@dataclass(frozen=True, slots=True)
class Verdict:
    decision: Decision
    reason: str
    required: int | None = None


def count(
    order: Iterable[str], ballots: Mapping[str, Choice], weights: Mapping[str, int]
) -> Tally:
    """The tally of a vote from its roll and ballots; a delegation on the roll that cast no
    ballot is counted as not participating (ITU No. 414)."""
    tally = Tally()
    for delegation in order:
        tally = tally.add(ballots.get(delegation), weights.get(delegation, 1))
    return tally


def assess(
    rule: DecisionRule,
    tally: Tally,
    *,
    entitled: int,
    entitled_weight: int | None = None,
    present: int,
    postponed_before: bool = False,
) -> Verdict:
    """Apply quorum, the abstention rule and the threshold, in that order."""
    if rule.quorum is Quorum.MAJORITY_OF_MEMBERS and present * 2 <= entitled:
        return Verdict(
            Decision.NO_QUORUM,
            f"No quorum: {present} of {entitled} delegations entitled to vote are present or "
            f"represented; more than half ({entitled // 2 + 1}) are needed{_cite(rule)}.",
        )
    if rule.abstentions_postpone and not postponed_before and tally.abstain * 2 > tally.cast:
        return Verdict(
            Decision.POSTPONED,
            f"Postponed: {tally.abstain} abstentions exceed half of the {tally.cast} votes cast "
            f"({tally.describe()}); the question returns at a later meeting, where abstentions "
            f"are not taken into account (ITU Convention No. 416).",
        )
    if rule.threshold is Threshold.MAJORITY_OF_MEMBERS:
        return _majority_of_members(rule, tally, entitled_weight if rule.weighted else entitled)
    return _present_and_voting(rule, tally)


def _present_and_voting(rule: DecisionRule, tally: Tally) -> Verdict:
    yes, no = (tally.weighted_yes, tally.weighted_no) if rule.weighted else (tally.yes, tally.no)
    voting = yes + no
    unit = " weighted votes" if rule.weighted else ""
    numbers = f"{_numbers(tally, rule.weighted)}"
    if voting == 0:
        return Verdict(
            Decision.REJECTED,
            f"Rejected: no delegation voted for or against ({tally.describe()}), so there is no "
            f"majority of those present and voting{_cite(rule)}.",
            1,
        )
    if rule.threshold is Threshold.TWO_THIRDS:
        required = -(-2 * voting // 3)
        adopted = 3 * yes >= 2 * voting
        need = f"two-thirds of the {voting}{unit} of those present and voting ({required})"
    else:
        required = voting // 2 + 1
        adopted = yes > no
        need = f"a majority of the {voting}{unit} of those present and voting ({required})"
    if yes == no and rule.threshold is Threshold.MAJORITY:
        return Verdict(
            Decision.REJECTED,
            f"Rejected: the votes are equally divided ({numbers}); a tie rejects the proposal "
            f"(ITU Convention No. 412; UN GA rule 95).",
            required,
        )
    word = "Adopted" if adopted else "Rejected"
    return Verdict(
        Decision.ADOPTED if adopted else Decision.REJECTED,
        f"{word}: {numbers}; {need} was needed{_cite(rule)}.",
        required,
    )


def _majority_of_members(rule: DecisionRule, tally: Tally, members: int | None) -> Verdict:
    members = members or 0
    yes = tally.weighted_yes if rule.weighted else tally.yes
    required = members // 2 + 1
    adopted = yes >= required
    word = "Adopted" if adopted else "Rejected"
    return Verdict(
        Decision.ADOPTED if adopted else Decision.REJECTED,
        f"{word}: {_numbers(tally, rule.weighted)}; a majority of all {members} members entitled "
        f"to vote ({required}) was needed{_cite(rule)}.",
        required,
    )


def _numbers(tally: Tally, weighted: bool) -> str:
    if weighted:
        return f"{tally.describe()} (weighted: {tally.weighted_yes} in favour, {tally.weighted_no} against)"
    return tally.describe()


def _cite(rule: DecisionRule) -> str:
    return f" ({rule.citation})" if rule.citation else ""
