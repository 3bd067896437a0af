"""Rule-book tests for the floor (game/rules/speakers.py): the speakers list, points of order,
the right of reply and speaking time.

Sources: the UN General Assembly rules of procedure as speakers.py cites them: rule 68
(speakers in the order they ask), rule 71 (points of order decided at once by the chair),
rule 72 (time limits on speeches), rule 73 (right of reply once the list is closed). These
rules are not in ../shared/reference/rules-of-procedure.json; the docstrings paraphrase them.
"""

from __future__ import annotations

import pytest

from game.rules import Actor, InvalidCommand, Role, RuleViolation, execute
from game.rules import commands as c
from game.rules import events as e
from game.rules.model import Phase

from .conftest import CHAIR, conference, run, started


def asks(state, delegation, kind="speech", about=""):
    return run(state, Actor.delegate(delegation), c.RequestFloor(kind=kind, about=about))


def refused(state, actor, command, code):
    with pytest.raises(RuleViolation) as raised:
        execute(state, actor, command)
    assert raised.value.code == code
    return raised.value.message


def listed(state):
    return [(s.delegation, s.kind) for s in state.floor.speakers]


def test_delegations_are_called_in_the_order_they_asked_for_the_floor():
    """UN GA rule 68: the President calls upon speakers in the order in which they signify
    their desire to speak."""
    state = started(conference())
    for delegation in ("D03", "D01", "D02"):
        state = asks(state, delegation)
    assert listed(state) == [("D03", "speech"), ("D01", "speech"), ("D02", "speech")]

    state = run(state, CHAIR, c.GiveFloor())
    assert state.floor.current.delegation == "D03"
    state = run(state, Actor.delegate("D03"), c.YieldFloor())
    state = run(state, CHAIR, c.GiveFloor())
    assert state.floor.current.delegation == "D01"
    assert listed(state) == [("D02", "speech")]


def test_a_point_of_order_goes_ahead_of_every_speech_on_the_list():
    """UN GA rule 71: a representative may rise to a point of order during the discussion of
    any matter, and it is taken at once: ahead of the speeches already listed (in the order
    the points were raised)."""
    state = started(conference())
    state = asks(state, "D01")
    state = asks(state, "D02")
    state = asks(state, "D05", "point_of_order")
    state = asks(state, "D07", "point_of_order")
    assert listed(state) == [
        ("D05", "point_of_order"),
        ("D07", "point_of_order"),
        ("D01", "speech"),
        ("D02", "speech"),
    ]

    state, records = execute(state, CHAIR, c.GiveFloor())
    assert records[0].event == e.FloorGiven("D05", "point_of_order", 180.0)


def test_the_chair_rules_on_a_point_of_order_and_it_leaves_the_list():
    """UN GA rule 71: the point of order is immediately decided by the President; once ruled
    on, it is no longer before the conference and the speeches resume."""
    state = started(conference())
    state = asks(state, "D01")
    state = asks(state, "D05", "point_of_order")
    state, records = execute(
        state, CHAIR, c.RulePointOfOrder(delegation="D05", ruling="  The point is well taken.  ")
    )
    assert [r.event for r in records] == [e.PointOfOrderRuled("D05", "The point is well taken.")]
    assert listed(state) == [("D01", "speech")]


def test_ruling_on_a_point_of_order_ends_it_when_its_mover_holds_the_floor():
    """UN GA rule 71: the chair's ruling disposes of the point of order; the delegation that
    raised it does not keep the floor afterwards."""
    state = started(conference())
    state = asks(state, "D05", "point_of_order")
    state = run(state, CHAIR, c.GiveFloor())
    assert state.floor.current.kind == "point_of_order"
    state = run(state, CHAIR, c.RulePointOfOrder(delegation="D05", ruling="Out of order."))
    assert state.floor.current is None
    assert state.floor.until is None


def test_a_point_of_order_may_be_raised_when_the_phase_has_no_debate():
    """UN GA rule 71: a point of order may be raised at any time; speeches only when the
    phase opens the floor."""
    signing = Phase("signing", "Signing", frozenset({"signing"}))
    state = started(conference(phases=(signing,)))
    refused(state, Actor.delegate("D01"), c.RequestFloor(), "wrong_phase")
    state = asks(state, "D01", "point_of_order")
    assert listed(state) == [("D01", "point_of_order")]


def test_the_chair_cannot_rule_on_a_point_of_order_nobody_raised():
    """UN GA rule 71: the chair decides a point of order a representative has raised."""
    state = asks(started(conference()), "D01")
    message = refused(
        state, CHAIR, c.RulePointOfOrder(delegation="D01", ruling="No."), "no_point_of_order"
    )
    assert message == "Delegation 01 has raised no point of order."


def test_a_delegate_cannot_rule_on_a_point_of_order():
    """UN GA rule 71: it is the President who decides a point of order."""
    state = asks(started(conference()), "D05", "point_of_order")
    refused(
        state,
        Actor.delegate("D01"),
        c.RulePointOfOrder(delegation="D05", ruling="Sustained."),
        "chair_only",
    )


def test_a_right_of_reply_is_heard_after_the_speakers_list():
    """UN GA rule 73: the right of reply is accorded once the list of speakers is
    exhausted, so speeches asked for later still come before an earlier reply."""
    state = started(conference())
    state = asks(state, "D04", "reply", about="D01")
    state = asks(state, "D02")
    state = asks(state, "D03")
    assert listed(state) == [("D02", "speech"), ("D03", "speech"), ("D04", "reply")]
    assert state.floor.speakers[-1].about == "D01"


def test_a_right_of_reply_must_name_the_delegation_it_answers():
    """UN GA rule 73: a reply answers a speech, so it names the delegation that gave it."""
    state = started(conference())
    with pytest.raises(InvalidCommand):
        execute(state, Actor.delegate("D04"), c.RequestFloor(kind="reply"))
    message = refused(
        state,
        Actor.delegate("D04"),
        c.RequestFloor(kind="reply", about="Atlantis"),
        "reply_to_whom",
    )
    assert message == "A right of reply answers a delegation: name it."


def test_the_speaking_time_sets_the_deadline_of_each_speech():
    """UN GA rule 72: the time allowed to each speaker may be limited; the speech's `until`
    is the moment the floor was given plus the limit in force."""
    state = asks(started(conference(speaking_seconds=180)), "D01")
    state = asks(state, "D02")
    state = run(state, CHAIR, c.GiveFloor(at=1000.0))
    assert state.floor.until == 1180.0

    state = run(state, CHAIR, c.YieldFloor(at=1100.0))
    state = run(state, CHAIR, c.SetSpeakingTime(seconds=90, at=1100.0))
    state = run(state, CHAIR, c.GiveFloor(at=1200.0))
    assert (state.floor.current.delegation, state.floor.until) == ("D02", 1290.0)


def test_a_speaking_time_outside_fifteen_seconds_to_an_hour_is_refused():
    """UN GA rule 72: a time limit is for speeches, so it must leave time to speak."""
    state = started(conference())
    message = refused(state, CHAIR, c.SetSpeakingTime(seconds=10), "bad_time")
    assert message == "Speaking time must be between 15 seconds and an hour."
    refused(state, CHAIR, c.SetSpeakingTime(seconds=3601), "bad_time")


def test_only_the_chair_sets_the_speaking_time():
    """UN GA rule 72: the time limit is the conference's (through its chair), not a
    delegation's."""
    refused(
        started(conference()), Actor.delegate("D01"), c.SetSpeakingTime(seconds=600), "chair_only"
    )


def test_only_the_speaker_or_the_chair_can_end_a_speech():
    """The floor belongs to the speaker until the speaker yields it or the chair ends the
    speech; another delegation cannot cut it short."""
    state = run(started(conference()), CHAIR, c.GiveFloor(delegation="D01"))
    message = refused(state, Actor.delegate("D02"), c.YieldFloor(), "not_speaking")
    assert message == "Only the speaker or the chair can end a speech."

    by_speaker, records = execute(state, Actor.delegate("D01"), c.YieldFloor())
    assert [r.event for r in records] == [e.FloorYielded("D01")]
    assert by_speaker.floor.current is None
    by_chair = run(state, CHAIR, c.YieldFloor())
    assert by_chair.floor.current is None


def test_nobody_can_end_a_speech_when_nobody_has_the_floor():
    refused(started(conference()), CHAIR, c.YieldFloor(), "nobody_speaking")


def test_a_delegate_cannot_give_the_floor():
    """UN GA rule 68: it is the President who calls upon speakers."""
    state = asks(started(conference()), "D02")
    message = refused(state, Actor.delegate("D01"), c.GiveFloor(delegation="D01"), "chair_only")
    assert message == "Only the chair may give the floor."
    refused(state, Actor.delegate("D02"), c.GiveFloor(), "chair_only")


def test_the_chair_cannot_call_the_next_speaker_from_an_empty_list():
    refused(started(conference()), CHAIR, c.GiveFloor(), "list_empty")


def test_the_chair_may_give_the_floor_to_a_delegation_not_on_the_list():
    """The chair calls speakers; one called out of the list speaks for the usual time."""
    state = asks(started(conference()), "D02")
    state = run(state, CHAIR, c.GiveFloor(delegation="D06", at=50.0))
    assert (state.floor.current.delegation, state.floor.current.kind, state.floor.until) == (
        "D06",
        "speech",
        230.0,
    )
    assert listed(state) == [("D02", "speech")]


def test_the_floor_never_goes_to_a_delegation_that_has_left_the_room():
    """UN GA rule 68: the chair calls upon speakers; a delegation that is not in the room
    cannot be given the floor, whether the chair names it (refused as absent) or it is
    next on the list."""
    state = asks(asks(started(conference()), "D01"), "D02")
    state = run(state, CHAIR, c.MarkPresence(delegation="D01", present=False))
    refused(state, CHAIR, c.GiveFloor(delegation="D01"), "absent")
    try:
        state = run(state, CHAIR, c.GiveFloor())
    except RuleViolation:
        return
    assert state.floor.current.delegation != "D01"


def test_a_delegation_is_listed_only_once_for_the_same_kind_of_request():
    """UN GA rule 68: a delegation asks for the floor once; asking again does not move it."""
    state = asks(started(conference()), "D01")
    refused(state, Actor.delegate("D01"), c.RequestFloor(), "already_listed")
    state = asks(state, "D01", "point_of_order")
    assert listed(state) == [("D01", "point_of_order"), ("D01", "speech")]


def test_a_delegation_can_withdraw_its_request_for_the_floor():
    state = asks(asks(started(conference()), "D01"), "D02")
    state = run(state, Actor.delegate("D01"), c.WithdrawFloorRequest())
    assert listed(state) == [("D02", "speech")]
    refused(state, Actor.delegate("D01"), c.WithdrawFloorRequest(), "not_listed")


def test_observers_cannot_ask_for_the_floor():
    """Observers watch the conference; they do not take part in its debate."""
    refused(started(conference()), Actor(Role.OBSERVER), c.RequestFloor(), "observers_watch")


def test_giving_the_floor_to_the_next_speaker_ends_the_current_speech():
    """The chair calls speakers one at a time (UN GA rule 68): calling the next ends the
    current speech, and the record says so."""
    state = asks(asks(started(conference()), "D01"), "D02")
    state = run(state, CHAIR, c.GiveFloor())
    state, records = execute(state, CHAIR, c.GiveFloor())
    assert [type(r.event) for r in records] == [e.FloorYielded, e.FloorGiven]
    assert records[0].event.delegation == "D01"
    assert state.floor.current.delegation == "D02"
