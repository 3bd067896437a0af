"""Rule-book tests for putting questions: consensus by silence, sounding the room, and the
ITU practice of voting only when consensus is impossible (game/rules/decisions.py)."""

from __future__ import annotations

import dataclasses

import pytest

from game.rules import Actor, RuleViolation, execute
from game.rules import commands as c
from game.rules.values import Decision, Placard, Subject

from .conftest import CHAIR, ITU, ballots, conference, run, started, vote

CLEAN = Subject("item", "clean")


def objections_called(state, seconds=60, at=100.0):
    return run(state, CHAIR, c.CallForObjections(subject=CLEAN, seconds=seconds, at=at))


def test_silence_until_the_deadline_adopts_by_consensus():
    """Consensus by silence: the chair asks "is there any objection?"; if none is raised
    before the deadline, the text is adopted."""
    state = objections_called(started(conference()))
    state = run(state, CHAIR, c.CloseDecision(at=160.0))
    outcome = state.outcomes[-1]
    assert outcome.decision is Decision.ADOPTED
    assert outcome.reason == "Adopted by consensus: no objection was raised before the deadline."
    assert state.items["clean"].status == "adopted"


def test_the_chair_cannot_declare_consensus_before_the_deadline():
    """Consensus by silence: the room has until the deadline to object."""
    state = objections_called(started(conference()))
    with pytest.raises(RuleViolation) as error:
        execute(state, CHAIR, c.CloseDecision(at=130.0))
    assert error.value.code == "deadline_not_passed"


def test_an_objection_blocks_consensus_and_is_recorded_with_who_objected():
    """Consensus: a single objection blocks adoption; the record names the objector."""
    state = objections_called(started(conference()))
    state = run(state, Actor.delegate("D04"), c.RaiseObjection(reason="Our capital cannot accept Article 1.", at=120.0))
    state = run(state, CHAIR, c.CloseDecision(at=125.0))
    outcome = state.outcomes[-1]
    assert outcome.decision is Decision.BLOCKED
    assert outcome.objectors == ("D04",)
    assert "Delegation 04 objected" in outcome.reason
    assert state.items["clean"].status == "open"


def test_an_objection_after_the_deadline_is_too_late():
    """Consensus by silence: once the deadline has passed, silence has adopted the text."""
    state = objections_called(started(conference()))
    with pytest.raises(RuleViolation) as error:
        execute(state, Actor.delegate("D04"), c.RaiseObjection(at=161.0))
    assert error.value.code == "too_late"


def test_a_sounding_of_the_room_is_recorded_as_indicative_never_as_a_vote():
    """ITU practice: the chair may sound out the room (placards) to avoid a formal vote; the
    result indicates opinion and decides nothing."""
    state = run(started(conference()), CHAIR, c.SoundRoom(subject=CLEAN))
    for d in ("D01", "D02", "D03"):
        state = run(state, Actor.delegate(d), c.RaisePlacard(placard=Placard.FOR))
    state = run(state, Actor.delegate("D04"), c.RaisePlacard(placard=Placard.AGAINST))
    state = run(state, CHAIR, c.CloseDecision())
    outcome = state.outcomes[-1]
    assert outcome.decision is Decision.INDICATIVE
    assert "indicative only: 3 placards for, 1 against" in outcome.reason
    assert state.items["clean"].status == "open"


def test_under_a_consensus_first_rule_a_vote_needs_a_blocked_consensus():
    """ITU practice: decisions by consensus where possible; a vote only when consensus is
    impossible."""
    spec = conference(rule=dataclasses.replace(ITU, consensus_first=True))
    state = started(spec)
    with pytest.raises(RuleViolation) as error:
        execute(state, CHAIR, c.CallVote(subject=CLEAN, method="show_of_hands"))
    assert error.value.code == "consensus_first"
    state = objections_called(state)
    state = run(state, Actor.delegate("D02"), c.RaiseObjection(at=101.0))
    state = run(state, CHAIR, c.CloseDecision(at=102.0))
    _, outcome = vote(state, "clean", ballots(6, 2))
    assert outcome.decision is Decision.ADOPTED


def test_only_one_question_is_before_the_conference_at_a_time():
    """The conference deals with one question at a time: a second cannot open until the
    first is closed."""
    state = objections_called(started(conference()))
    with pytest.raises(RuleViolation) as error:
        execute(state, CHAIR, c.SoundRoom(subject=CLEAN))
    assert error.value.code == "decision_open"


def test_a_text_with_square_brackets_cannot_be_adopted():
    """Square brackets mark text that is not agreed; a text still holding them cannot be
    put to decision."""
    with pytest.raises(RuleViolation) as error:
        execute(started(conference()), CHAIR, c.CallVote(subject=Subject("item", "bracketed"), method="show_of_hands"))
    assert error.value.code == "brackets_open"
    assert "2 square-bracketed passage(s)" in error.value.message


def test_a_text_must_pass_its_readings_before_adoption():
    """ITU: a text passes a first reading (blue document) and a second reading (pink) in
    plenary before it is approved."""
    state = started(conference(readings=2))
    with pytest.raises(RuleViolation) as error:
        execute(state, CHAIR, c.CallVote(subject=CLEAN, method="show_of_hands"))
    assert error.value.code == "readings_missing"
    state = run(state, CHAIR, c.AdvanceReading(item="clean"))
    state = run(state, CHAIR, c.AdvanceReading(item="clean"))
    _, outcome = vote(state, "clean", ballots(6))
    assert outcome.decision is Decision.ADOPTED


def test_a_rejected_text_is_closed_to_further_decisions():
    """A text the conference rejected is off the table."""
    state, _ = vote(started(conference()), "clean", ballots(1, 6))
    assert state.items["clean"].status == "rejected"
    with pytest.raises(RuleViolation) as error:
        execute(state, CHAIR, c.CallVote(subject=CLEAN, method="show_of_hands"))
    assert error.value.code == "item_closed"
