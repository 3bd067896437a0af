"""Deadlines kept in state, and the commands that fall due when they pass.

Timers are not callbacks: a vote's deadline, the end of a call for objections and a
speaker's time are values in the state. Whichever server process notices one has passed
issues the closing command; if two do, the second loses the race for the next seq and its
command is refused harmlessly.
"""

from __future__ import annotations

from . import commands as c
from .state import SessionState


def due(state: SessionState, now: float) -> list[c.Command]:
    """The commands the server should issue now, as the system actor."""
    if not state.started or state.ended:
        return []
    commands: list[c.Command] = []
    decision = state.decision
    if decision is not None and decision.deadline is not None and now >= decision.deadline:
        commands.append(c.CloseDecision(at=now))
    if state.floor.current is not None and state.floor.until is not None and now >= state.floor.until:
        commands.append(c.YieldFloor(at=now))
    return commands
