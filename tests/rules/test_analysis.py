"""Tests for the debrief's analysis of how a conference voted (game/rules/analysis.py):
the Rice index of bloc cohesion and pairwise agreement between delegations.

- Rice index for a bloc on one vote: |yes - no| / (yes + no); abstentions and absences are
  left out; none when nobody in the bloc voted yes or no.
- Agreement between two delegations: the share of the recorded votes in which both cast a
  ballot and cast the same one. Secret ballots are never analysed by delegation.
"""

from __future__ import annotations

import pytest

from game.rules.analysis import agreement, cohesion, named_votes, rice
from game.rules.values import Choice, Decision, Outcome, Subject, Tally

from .conftest import conference, started, vote

Y, N, A = Choice.YES, Choice.NO, Choice.ABSTAIN


@pytest.mark.parametrize(
    ("tally", "index"),
    [
        (Tally(yes=4), 1.0),
        (Tally(no=4), 1.0),
        (Tally(yes=2, no=2), 0.0),
        (Tally(yes=3, no=1), 0.5),
        (Tally(yes=3, no=1, abstain=5, not_participating=2), 0.5),
        (Tally(yes=1, no=2), pytest.approx(1 / 3)),
    ],
)
def test_the_rice_index_is_the_margin_over_those_voting_yes_or_no(tally, index):
    """Rice index: |yes - no| / (yes + no), from 0 (split down the middle) to 1 (all on one
    side); abstentions and absences are left out."""
    assert rice(tally) == index


def test_a_bloc_in_which_nobody_voted_yes_or_no_has_no_rice_index():
    assert rice(Tally()) is None
    assert rice(Tally(abstain=3, not_participating=2)) is None


def test_cohesion_gives_each_blocs_rice_index_on_a_real_vote():
    """A vote's outcome carries each bloc's tally; its cohesion is the Rice index per bloc.
    Bloc A (odd) votes 4 for and 1 against: (4 - 1) / 5 = 0.6. Bloc B (even) splits 2-2 with
    one abstention: 0.0."""
    choices = {
        "D01": "yes",
        "D03": "yes",
        "D05": "yes",
        "D07": "yes",
        "D09": "no",
        "D02": "yes",
        "D04": "yes",
        "D06": "no",
        "D08": "no",
        "D10": "abstain",
    }
    _, outcome = vote(started(conference()), "clean", choices)
    assert cohesion(outcome) == {"A": pytest.approx(0.6), "B": 0.0}


def test_a_secret_ballot_has_no_bloc_cohesion():
    """Secret ballots are never analysed by bloc or delegation: only the counts are known."""
    _, outcome = vote(
        started(conference()),
        "clean",
        {"D01": "yes", "D02": "no", "D03": "yes"},
        method="secret_ballot",
    )
    assert cohesion(outcome) == {}
    assert (outcome.tally.yes, outcome.tally.no) == (2, 1)


def test_agreement_is_the_share_of_shared_votes_cast_the_same_way():
    """Agreement between two delegations: of the votes in which both cast a ballot, the share
    in which they cast the same one. Worked by hand:
    vote 1: P yes, Q yes, R no; vote 2: P yes, Q no, R no; vote 3: P no, Q no (R absent).
    P-Q agree in votes 1 and 3 (2 of 3); P-R in neither vote they shared (0 of 2); Q-R in
    vote 2 (1 of 2)."""
    records = [{"P": Y, "Q": Y, "R": N}, {"P": Y, "Q": N, "R": N}, {"P": N, "Q": N}]
    assert agreement(records) == {
        ("P", "Q"): pytest.approx(2 / 3),
        ("P", "R"): 0.0,
        ("Q", "R"): 0.5,
    }


def test_two_delegations_that_both_abstain_agree():
    assert agreement([{"P": A, "Q": A}, {"P": A, "Q": Y}]) == {("P", "Q"): 0.5}


def test_delegations_that_never_voted_together_have_no_agreement_score():
    assert agreement([{"P": Y}, {"Q": Y}]) == {}


def test_only_named_votes_are_analysed_by_delegation():
    """Secret ballots, soundings and calls for objections carry no named ballots to compare:
    only show-of-hands and roll-call votes do."""

    def outcome(decision_id, method):
        return Outcome(decision_id, Subject("item", "clean"), method, "itu", Decision.ADOPTED, "")

    outcomes = [
        outcome("D1", "show_of_hands"),
        outcome("D2", "secret_ballot"),
        outcome("D3", "roll_call"),
        outcome("D4", "sounding"),
        outcome("D5", "consensus"),
    ]
    ballots = {d: {"P": Y, "Q": N} for d in ("D1", "D2", "D3", "D4", "D5")}
    ballots["D3"] = {"P": N, "Q": N}
    assert named_votes(outcomes, ballots) == [{"P": Y, "Q": N}, {"P": N, "Q": N}]
    assert agreement(named_votes(outcomes, ballots)) == {("P", "Q"): 0.5}
