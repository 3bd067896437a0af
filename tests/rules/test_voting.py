"""Rule-book tests for counting votes (game/rules/voting.py and decisions.vote_outcome).

Sources: ITU Convention (Geneva, 1992) Nos. 385, 335, 407-416; UN Charter Art. 18;
UN GA rules 86-87. See ../shared/reference/rules-of-procedure.json.
"""

from __future__ import annotations

import dataclasses

import pytest

from game.rules import Actor, RuleViolation, execute
from game.rules import commands as c
from game.rules.model import Credentials, DecisionRule, Delegation, Quorum, RollCall, Threshold
from game.rules.values import Choice, Decision, Subject

from .conftest import CHAIR, ITU, ballots, conference, run, started, vote

UN_MAJORITY = DecisionRule("un", "UN GA majority", threshold=Threshold.MAJORITY, citation="UN Charter Art. 18(3)")
UN_TWO_THIRDS = DecisionRule("un23", "UN GA important question", threshold=Threshold.TWO_THIRDS, citation="UN Charter Art. 18(2)")


def test_a_majority_of_those_present_and_voting_adopts():
    """ITU Convention No. 410: a decision needs a majority of the delegations present and
    voting."""
    _, outcome = vote(started(conference()), "clean", ballots(5, 4))
    assert outcome.decision is Decision.ADOPTED
    assert (outcome.tally.yes, outcome.tally.no, outcome.required) == (5, 4, 5)
    assert "a majority of the 9 of those present and voting (5)" in outcome.reason


def test_abstentions_are_not_counted_toward_the_majority():
    """ITU Convention Nos. 411 and 413: abstentions are not taken into account; "present and
    voting" means voting for or against."""
    _, outcome = vote(started(conference()), "clean", ballots(3, 2, 2))
    assert outcome.decision is Decision.ADOPTED
    assert outcome.required == 3
    assert outcome.tally.abstain == 2


def test_a_tie_rejects_the_proposal():
    """ITU Convention No. 412: when the votes are equally divided, the proposal is rejected."""
    _, outcome = vote(started(conference()), "clean", ballots(4, 4))
    assert outcome.decision is Decision.REJECTED
    assert "equally divided" in outcome.reason and "No. 412" in outcome.reason


def test_more_than_half_abstaining_postpones_the_question():
    """ITU Convention No. 416: if the number of abstentions exceeds half the number of votes
    cast (for, against, abstaining), consideration is postponed to a later meeting."""
    state, outcome = vote(started(conference()), "clean", ballots(2, 1, 4))
    assert outcome.decision is Decision.POSTPONED
    assert "4 abstentions exceed half of the 7 votes cast" in outcome.reason
    assert state.items["clean"].status == "open"


def test_exactly_half_abstaining_does_not_postpone():
    """ITU Convention No. 416 postpones only when abstentions *exceed* half the votes cast."""
    _, outcome = vote(started(conference()), "clean", ballots(2, 1, 3))
    assert outcome.decision is Decision.ADOPTED


def test_everyone_abstaining_postpones_under_itu_rules():
    """ITU Convention No. 416: all abstaining is more than half of the votes cast."""
    _, outcome = vote(started(conference()), "clean", ballots(abstain=8))
    assert outcome.decision is Decision.POSTPONED


def test_everyone_abstaining_rejects_under_un_rules():
    """UN GA rule 86: members who abstain are considered as not voting; with nobody voting
    for, there is no majority of those present and voting (UN Charter Art. 18(3))."""
    _, outcome = vote(started(conference(rule=UN_MAJORITY)), "clean", ballots(abstain=8))
    assert outcome.decision is Decision.REJECTED
    assert "no delegation voted for or against" in outcome.reason


def test_at_the_later_meeting_abstentions_are_not_taken_into_account():
    """ITU Convention No. 416: at the later meeting to which a question was postponed,
    abstentions are not taken into account."""
    state, first = vote(started(conference()), "clean", ballots(2, 1, 4))
    _, second = vote(state, "clean", ballots(2, 1, 4))
    assert (first.decision, second.decision) == (Decision.POSTPONED, Decision.ADOPTED)


def test_present_delegations_not_voting_are_not_abstentions():
    """ITU Convention No. 414: delegations present that do not take part in a vote are not
    counted as abstaining; they count as present for the quorum."""
    _, outcome = vote(started(conference()), "clean", ballots(3, 1, 1))
    assert outcome.tally.not_participating == 5
    assert outcome.decision is Decision.ADOPTED
    assert outcome.present == 10


def test_without_a_quorum_the_vote_is_not_valid():
    """ITU Convention No. 385: a vote is valid only when more than half of the delegations
    entitled to vote are present or represented."""
    state = started(conference())
    for i in range(6, 11):
        state = run(state, CHAIR, c.MarkPresence(delegation=f"D{i:02d}", present=False))
    assert len(state.voters()) == 5
    _, outcome = vote(state, "clean", ballots(5))
    assert outcome.decision is Decision.NO_QUORUM
    assert "5 of 10 delegations entitled to vote" in outcome.reason


def test_two_thirds_of_those_present_and_voting_is_enough_exactly():
    """UN Charter Art. 18(2): important questions are decided by a two-thirds majority of the
    members present and voting."""
    spec = conference(15, rule=UN_TWO_THIRDS)
    _, at_two_thirds = vote(started(spec), "clean", ballots(10, 5))
    _, short = vote(started(spec), "clean", ballots(9, 5))
    assert at_two_thirds.decision is Decision.ADOPTED
    assert short.decision is Decision.REJECTED
    assert short.required == 10


def test_a_majority_of_all_members_counts_absent_members_too():
    """A majority of all members: more than half of every delegation entitled to vote must
    vote in favour, whether present or not."""
    rule = DecisionRule("members", "Majority of members", threshold=Threshold.MAJORITY_OF_MEMBERS)
    spec = conference(rule=rule)
    _, short = vote(started(spec), "clean", ballots(5))
    _, enough = vote(started(spec), "clean", ballots(6))
    assert short.decision is Decision.REJECTED and short.required == 6
    assert enough.decision is Decision.ADOPTED


def test_weighted_votes_count_each_ballot_with_its_weight():
    """Weighted voting: each ballot counts with the delegation's weight, so one heavy
    delegation can outvote several light ones."""
    rule = DecisionRule("weighted", "Weighted majority", weighted=True)
    spec = conference(rule=rule)
    heavy = tuple(dataclasses.replace(d, weight=5) if d.id == "D01" else d for d in spec.delegations)
    state = started(dataclasses.replace(spec, delegations=heavy))
    _, outcome = vote(state, "clean", {"D01": "yes", "D02": "no", "D03": "no", "D04": "no"})
    assert outcome.decision is Decision.ADOPTED
    assert (outcome.tally.weighted_yes, outcome.tally.weighted_no) == (5, 3)


def test_a_delegation_without_voting_rights_cannot_vote():
    """ITU Convention Art. 31 and No. 407: only delegations whose credentials are in order for
    voting have a vote; one that may only sign is not on the roll."""
    spec = conference()
    spec = dataclasses.replace(
        spec,
        delegations=tuple(
            dataclasses.replace(d, credentials=Credentials.SIGN_ONLY) if d.id == "D10" else d for d in spec.delegations
        ),
    )
    state = run(started(spec), CHAIR, c.CallVote(subject=Subject("item", "clean"), method="show_of_hands"))
    assert "D10" not in state.decision.order
    with pytest.raises(RuleViolation) as error:
        execute(state, Actor.delegate("D10"), c.CastBallot(choice=Choice.YES))
    assert error.value.code == "not_entitled"


def test_a_transferred_vote_is_cast_by_its_holder():
    """ITU transfer of powers: a delegation may give another the power to vote on its behalf;
    the holder casts both ballots."""
    state = started(conference())
    state = run(state, CHAIR, c.TransferVote(delegation="D03", holder="D04"))
    state = run(state, CHAIR, c.MarkPresence(delegation="D03", present=False))
    state = run(state, CHAIR, c.CallVote(subject=Subject("item", "clean"), method="roll_call"))
    assert "D03" in state.decision.order
    with pytest.raises(RuleViolation) as own:
        execute(state, Actor.delegate("D03"), c.CastBallot(choice=Choice.YES))
    state = run(state, Actor.delegate("D04"), c.CastBallot(choice=Choice.YES))
    state = run(state, Actor.delegate("D04"), c.CastBallot(choice=Choice.NO, on_behalf_of="D03"))
    assert own.value.code == "vote_transferred"
    assert dict(state.decision.ballots) == {"D04": Choice.YES, "D03": Choice.NO}


def test_no_delegation_holds_more_than_one_transferred_vote():
    """ITU Convention No. 335: a delegation may not hold more than one proxy vote."""
    state = started(conference())
    state = run(state, CHAIR, c.TransferVote(delegation="D03", holder="D04"))
    with pytest.raises(RuleViolation) as error:
        execute(state, CHAIR, c.TransferVote(delegation="D05", holder="D04"))
    assert error.value.code == "proxy_limit"


def test_a_delegation_votes_once_per_question():
    """One vote per delegation (ITU Constitution Art. 3; UN Charter Art. 18(1))."""
    state = run(started(conference()), CHAIR, c.CallVote(subject=Subject("item", "clean"), method="show_of_hands"))
    state = run(state, Actor.delegate("D01"), c.CastBallot(choice=Choice.YES))
    with pytest.raises(RuleViolation) as error:
        execute(state, Actor.delegate("D01"), c.CastBallot(choice=Choice.NO))
    assert error.value.code == "already_voted"
    assert state.decision.ballots["D01"] is Choice.YES


def test_a_delegate_cannot_open_a_vote():
    """Only the chair puts a question to the vote."""
    with pytest.raises(RuleViolation) as error:
        execute(started(conference()), Actor.delegate("D01"), c.CallVote(subject=Subject("item", "clean"), method="show_of_hands"))
    assert error.value.code == "chair_only"
    assert "Only the chair" in error.value.message


def test_the_itu_roll_is_called_in_french_alphabetical_order():
    """ITU practice: a roll-call vote is taken in the French alphabetical order of the names of
    the Member States (accents ignored for the order)."""
    names = {"ZMB": "Zambie", "EGY": "Égypte", "DEU": "Allemagne", "USA": "États-Unis", "ECU": "Équateur"}
    spec = conference(
        delegations=tuple(Delegation(k, k, sort_names={"fr": v}) for k, v in names.items()),
        blocs=(),
        roll_call=RollCall("fr", "first"),
    )
    state = run(started(spec), CHAIR, c.CallVote(subject=Subject("item", "clean"), method="roll_call"))
    assert state.decision.order == ("DEU", "EGY", "ECU", "USA", "ZMB")


def test_the_un_roll_starts_with_a_member_drawn_by_lot():
    """UN GA rule 87: the roll-call is taken in the English alphabetical order of the names of
    the members, beginning with the member whose name is drawn by lot by the President."""
    spec = conference(roll_call=RollCall("en", "lot"))
    orders = set()
    for seed in range(6):
        state = run(started(spec), CHAIR, c.CallVote(subject=Subject("item", "clean"), method="roll_call", seed=seed))
        order = state.decision.order
        start = order.index("D01")
        assert order[start:] + order[:start] == tuple(f"D{i:02d}" for i in range(1, 11))
        orders.add(order[0])
    again = run(started(spec), CHAIR, c.CallVote(subject=Subject("item", "clean"), method="roll_call", seed=3))
    assert len(orders) > 1
    assert again.decision.order[0] == run(started(spec), CHAIR, c.CallVote(subject=Subject("item", "clean"), method="roll_call", seed=3)).decision.order[0]


def test_a_secret_ballot_reports_counts_but_no_bloc_breakdown():
    """Secret ballot: the choices are never revealed, only the counts; a per-bloc breakdown
    would reveal them, so none is given."""
    state, outcome = vote(started(conference()), "clean", ballots(6, 2), method="secret_ballot")
    assert (outcome.tally.yes, outcome.tally.no) == (6, 2)
    assert outcome.by_bloc == ()


def test_an_open_vote_reports_each_blocs_numbers():
    """Every outcome gives the per-bloc breakdown of a named vote."""
    _, outcome = vote(started(conference()), "clean", ballots(5, 3))
    by_bloc = dict(outcome.by_bloc)
    assert (by_bloc["A"].yes, by_bloc["A"].no, by_bloc["B"].yes, by_bloc["B"].no) == (3, 1, 2, 2)


def test_a_method_the_rule_does_not_allow_is_refused():
    """The scenario's rule lists the voting methods the chair may use."""
    rule = dataclasses.replace(ITU, methods=(ITU.methods[0],))
    with pytest.raises(RuleViolation) as error:
        execute(started(conference(rule=rule)), CHAIR, c.CallVote(subject=Subject("item", "clean"), method="secret_ballot"))
    assert error.value.code == "bad_method"


def test_quorum_rule_can_be_switched_off():
    """Without a quorum rule, a thin room still decides."""
    rule = dataclasses.replace(ITU, quorum=Quorum.NONE)
    spec = conference(rule=rule)
    state = started(spec)
    for i in range(4, 11):
        state = run(state, CHAIR, c.MarkPresence(delegation=f"D{i:02d}", present=False))
    _, outcome = vote(state, "clean", ballots(2, 1))
    assert outcome.decision is Decision.ADOPTED
