"""Rule-book tests for procedure: sessions, seats, phases, credentials (game/rules/procedure.py
and the checks in game/rules/engine.py)."""

from __future__ import annotations

import pytest

from game.rules import Actor, RuleViolation, execute, initial, replay
from game.rules import commands as c
from game.rules.model import Credentials
from game.rules.values import Role

from .conftest import CHAIR, conference, run, started


def test_nothing_but_seating_happens_before_the_session_starts():
    state = initial(conference())
    state = run(state, CHAIR, c.SeatPlayer(player="p1", name="Ada", delegation="D01"))
    with pytest.raises(RuleViolation) as error:
        execute(state, Actor.delegate("D01"), c.RequestFloor())
    assert error.value.code == "not_started"


def test_observers_watch_but_cannot_act():
    """Observers only watch (ARCHITECTURE: security model)."""
    with pytest.raises(RuleViolation) as error:
        execute(started(conference()), Actor(Role.OBSERVER), c.SendMessage(audience="public", text="hello"))
    assert error.value.code == "observers_watch"


def test_the_chair_moves_between_the_scenarios_phases_and_names_them_in_errors():
    state = started(conference())
    with pytest.raises(RuleViolation) as error:
        execute(state, CHAIR, c.ChangePhase(phase="lunch"))
    assert error.value.message == "There is no phase 'lunch'; this scenario has: plenary, signing."
    state = run(state, CHAIR, c.ChangePhase(phase="signing"))
    assert state.phase == "signing"
    with pytest.raises(RuleViolation) as error:
        execute(state, Actor.delegate("D01"), c.ProposeAmendment(item="clean", text="x"))
    assert error.value.message == "You cannot propose amendments during Signing."


def test_a_delegate_cannot_change_the_phase():
    with pytest.raises(RuleViolation) as error:
        execute(started(conference()), Actor.delegate("D01"), c.ChangePhase(phase="signing"))
    assert error.value.code == "chair_only"


def test_an_ended_session_accepts_no_more_commands():
    state = run(started(conference()), CHAIR, c.EndSession())
    with pytest.raises(RuleViolation) as error:
        execute(state, CHAIR, c.ChangePhase(phase="signing"))
    assert error.value.code == "session_ended"


def test_seated_players_take_their_delegation_off_autopilot_until_removed():
    state = run(started(conference()), CHAIR, c.SeatPlayer(player="p1", name="Ada", delegation="D01"))
    assert state.seated("D01")
    state = run(state, CHAIR, c.RemovePlayer(player="p1"))
    assert not state.seated("D01")


def test_credentials_withdrawn_take_a_delegation_off_the_roll():
    """ITU Convention Art. 31: only delegations whose credentials are in order vote."""
    state = run(started(conference()), CHAIR, c.SetCredentials(delegation="D05", credentials=Credentials.NONE))
    assert "D05" not in state.voters()
    assert state.present("D05")


def test_replaying_the_log_rebuilds_the_same_state():
    """The session is its event log: state = fold(evolve, events, initial(scenario))."""
    state = started(conference())
    log = []
    for command, actor in [
        (c.SeatPlayer(player="p1", name="Ada", delegation="D01"), CHAIR),
        (c.ProposeAmendment(item="bracketed", bracket="b1", text="endeavour to"), Actor.delegate("D01")),
        (c.SendMessage(audience="delegations", to=("D02",), text="Support us?"), Actor.delegate("D01")),
    ]:
        state, records = execute(state, actor, command)
        log.extend(records)
    start = started(conference())
    assert replay(conference(), log, start=start) == state
