"""Counterfactual tallies (game/rules/counterfactual.py) against cases counted by hand.

The rule: the same ballots, roll, quorum and abstention rule; only the threshold changes.
- two-thirds of those present and voting (UN Charter Art. 18(2)): yes >= 2/3 of (yes + no);
- a majority of all members: yes > half of every delegation entitled to vote;
- weighted: each ballot counts with its delegation's weight;
- consensus: any vote against blocks; abstentions do not.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.rules.counterfactual import Question, retally
from game.rules.values import Decision, Outcome, Subject, Tally

from .conftest import ITU

PREAMBLE = Subject("item", "preamble")


def question(tally: Tally, *, entitled: int, present: int, decision: Decision, entitled_weight: int | None = None, method: str = "roll_call", rule=ITU) -> Question:
    outcome = Outcome("D1", PREAMBLE, method, rule.id, decision, "as it happened", tally=tally, entitled=entitled, present=present)
    return Question(outcome, rule, entitled_weight=entitled if entitled_weight is None else entitled_weight)


WCIT_PREAMBLE = question(Tally(yes=77, no=33, abstain=8, not_participating=0, weighted_yes=77, weighted_no=33),
                         entitled=144, present=118, decision=Decision.ADOPTED)


def test_the_wcit_preamble_vote_passes_two_thirds_too():
    """77-33-8: 110 present and voting; two-thirds of 110 is 73.3, so 74 are needed and 77
    suffice. The result would not have changed."""
    result = retally(WCIT_PREAMBLE, "two_thirds")
    assert result.decision is Decision.ADOPTED and not result.changed
    assert "two-thirds of the 110 of those present and voting (74)" in result.reason


def test_the_wcit_preamble_vote_passes_a_majority_of_all_144_members():
    """144 members entitled to vote: more than half is 73; 77 voted yes."""
    result = retally(WCIT_PREAMBLE, "majority_of_members")
    assert result.decision is Decision.ADOPTED and not result.changed
    assert "a majority of all 144 members entitled to vote (73)" in result.reason


def test_under_consensus_the_33_votes_against_would_have_blocked_the_preamble():
    result = retally(WCIT_PREAMBLE, "consensus")
    assert result.decision is Decision.BLOCKED and result.changed
    assert result.reason.startswith("Blocked: 33 delegations voted against")


def test_three_to_two_passes_by_majority_but_fails_two_thirds_and_a_majority_of_six_members():
    """3-2-1 of 6: 3 of 5 voting is 60%, under two-thirds (3 x 3 = 9 < 2 x 5 = 10); a majority
    of 6 members needs 4."""
    q = question(Tally(yes=3, no=2, abstain=1, weighted_yes=3, weighted_no=2), entitled=6, present=6, decision=Decision.ADOPTED)
    assert retally(q, "majority").decision is Decision.ADOPTED and not retally(q, "majority").changed
    assert retally(q, "two_thirds").decision is Decision.REJECTED and retally(q, "two_thirds").changed
    members = retally(q, "majority_of_members")
    assert members.decision is Decision.REJECTED and "(4) was needed" in members.reason


def test_weighted_votes_can_turn_a_majority_of_delegations_into_a_defeat():
    """Three small delegations (weight 1) for, two large ones (weight 3) against: 3 to 2 by
    heads, 3 to 6 by weight."""
    q = question(Tally(yes=3, no=2, weighted_yes=3, weighted_no=6), entitled=5, present=5, decision=Decision.ADOPTED, entitled_weight=9)
    result = retally(q, "weighted")
    assert result.decision is Decision.REJECTED and result.changed
    assert "weighted: 3 in favour, 6 against" in result.reason


def test_consensus_adopts_when_nobody_voted_against_however_many_abstain():
    q = question(Tally(yes=2, no=0, abstain=4), entitled=6, present=6, decision=Decision.POSTPONED)
    result = retally(q, "consensus")
    assert result.decision is Decision.ADOPTED and result.changed


def test_the_real_quorum_still_applies_under_another_threshold():
    """ITU No. 385: 2 of 6 present is no quorum, whatever the threshold."""
    q = question(Tally(yes=2), entitled=6, present=2, decision=Decision.NO_QUORUM)
    for alternative in ("majority", "two_thirds", "majority_of_members", "weighted"):
        assert retally(q, alternative).decision is Decision.NO_QUORUM


def test_the_itu_abstention_rule_still_postpones_under_two_thirds():
    """ITU No. 416: 4 abstentions of 6 votes cast exceed half; the question is postponed."""
    q = question(Tally(yes=2, no=0, abstain=4), entitled=6, present=6, decision=Decision.POSTPONED)
    result = retally(q, "two_thirds")
    assert result.decision is Decision.POSTPONED and not result.changed
    without = replace(q, rule=replace(ITU, abstentions_postpone=False))
    assert retally(without, "two_thirds").decision is Decision.ADOPTED


@pytest.mark.parametrize(("method", "words"), [("consensus", "a call for objections records no votes"), ("sounding", "a sounding of the room takes no decision")])
def test_a_call_for_objections_or_a_sounding_cannot_be_retallied(method, words):
    outcome = Outcome("D1", PREAMBLE, method, ITU.id, Decision.ADOPTED, "as it happened", tally=Tally(yes=3, no=1) if method == "sounding" else None)
    result = retally(Question(outcome, ITU, entitled_weight=6), "two_thirds")
    assert result.decision is None and not result.changed and words in result.reason


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="not a rule to re-tally under"):
        retally(WCIT_PREAMBLE, "unanimity")
