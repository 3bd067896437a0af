"""The floor: the speakers list, speaking time, points of order and the right of reply.

- Delegations ask for the floor and are called in the order they asked (UN GA rule 68).
- A point of order is taken at once: it goes to the head of the list and the chair rules on
  it immediately (UN GA rule 71).
- A right of reply is heard after the speakers list is exhausted (UN GA rule 73).
- Each speech has a time limit; the chair sets it (UN GA rule 72).
"""

from __future__ import annotations

from dataclasses import replace

from . import commands as c
from . import events as e
from . import guards
from .errors import RuleViolation
from .state import Floor, SessionState, Speaker
from .values import Actor, Role

KINDS = ("speech", "reply", "point_of_order")


def request_floor(state: SessionState, actor: Actor, cmd: c.RequestFloor) -> list[e.Event]:
    delegation = guards.delegate(state, actor, "ask for the floor")
    if cmd.kind not in KINDS:
        raise RuleViolation("bad_kind", f"Ask for a speech, a reply or a point of order, not '{cmd.kind}'.")
    if cmd.kind != "point_of_order":
        guards.allows(state, "floor", "ask for the floor")
    guards.present(state, delegation)
    guards.text(cmd.about, "What the request is about", required=cmd.kind == "reply", limit=200)
    if cmd.kind == "reply" and not state.spec.has_delegation(cmd.about):
        raise RuleViolation("reply_to_whom", "A right of reply answers a delegation: name it.")
    if any(s.delegation == delegation and s.kind == cmd.kind for s in state.floor.speakers):
        raise RuleViolation("already_listed", "Your delegation is already on the list for that.")
    return [e.FloorRequested(delegation, cmd.kind, cmd.about)]


def withdraw_request(state: SessionState, actor: Actor, cmd: c.WithdrawFloorRequest) -> list[e.Event]:
    delegation = guards.delegate(state, actor, "withdraw a request for the floor")
    if not any(s.delegation == delegation for s in state.floor.speakers):
        raise RuleViolation("not_listed", "Your delegation is not on the speakers list.")
    return [e.FloorRequestWithdrawn(delegation)]


def give_floor(state: SessionState, actor: Actor, cmd: c.GiveFloor) -> list[e.Event]:
    guards.chair(actor, "give the floor")
    floor = state.floor
    if cmd.delegation is None:
        waiting = [s for s in floor.speakers if state.present(s.delegation)]
        if not waiting:
            raise RuleViolation("list_empty", "Nobody on the speakers list is in the room.")
        speaker = _next_speaker(state, waiting)
    else:
        guards.known(state, cmd.delegation)
        guards.present(state, cmd.delegation)
        speaker = next((s for s in floor.speakers if s.delegation == cmd.delegation), Speaker(cmd.delegation, "speech"))
    ended = [e.FloorYielded(floor.current.delegation)] if floor.current is not None else []
    return [*ended, e.FloorGiven(speaker.delegation, speaker.kind, cmd.at + floor.speaking_seconds, speaker.about)]


def _next_speaker(state: SessionState, waiting: list[Speaker]) -> Speaker:
    """The head of the list; under rotation by group, the first waiting speaker of the next
    group after the one heard last (points of order still come first)."""
    head = waiting[0]
    if state.spec.floor_rotation != "kind" or head.kind == "point_of_order":
        return head
    groups = list(dict.fromkeys(d.kind for d in state.spec.delegations))
    last = state.floor.last_group
    start = groups.index(last) + 1 if last in groups else 0
    for group in groups[start:] + groups[:start]:
        found = next((s for s in waiting if state.spec.delegation(s.delegation).kind == group), None)
        if found is not None:
            return found
    return head


def yield_floor(state: SessionState, actor: Actor, cmd: c.YieldFloor) -> list[e.Event]:
    current = state.floor.current
    if current is None:
        raise RuleViolation("nobody_speaking", "Nobody has the floor.")
    if actor.role is not Role.CHAIR and actor.role is not Role.SYSTEM and actor.delegation != current.delegation:
        raise RuleViolation("not_speaking", "Only the speaker or the chair can end a speech.")
    return [e.FloorYielded(current.delegation)]


def set_speaking_time(state: SessionState, actor: Actor, cmd: c.SetSpeakingTime) -> list[e.Event]:
    guards.chair(actor, "set the speaking time")
    if not 15 <= cmd.seconds <= 3600:
        raise RuleViolation("bad_time", "Speaking time must be between 15 seconds and an hour.")
    return [e.SpeakingTimeSet(cmd.seconds)]


def rule_point_of_order(state: SessionState, actor: Actor, cmd: c.RulePointOfOrder) -> list[e.Event]:
    guards.chair(actor, "rule on a point of order")
    guards.text(cmd.ruling, "The ruling", limit=1000)
    current = state.floor.current
    raised = any(s.delegation == cmd.delegation and s.kind == "point_of_order" for s in state.floor.speakers)
    holding = current is not None and current.delegation == cmd.delegation and current.kind == "point_of_order"
    if not (raised or holding):
        raise RuleViolation("no_point_of_order", f"{guards.name(state, cmd.delegation)} has raised no point of order.")
    return [e.PointOfOrderRuled(cmd.delegation, cmd.ruling.strip())]


# --- evolve ------------------------------------------------------------------------------


def floor_requested(state: SessionState, event: e.FloorRequested) -> SessionState:
    speaker = Speaker(event.delegation, event.kind, event.about)
    speakers = state.floor.speakers
    if event.kind == "point_of_order":
        points = tuple(s for s in speakers if s.kind == "point_of_order")
        speakers = (*points, speaker, *speakers[len(points) :])
    elif event.kind == "speech":
        replies = tuple(s for s in speakers if s.kind == "reply")
        others = tuple(s for s in speakers if s.kind != "reply")
        speakers = (*others, speaker, *replies)
    else:
        speakers = (*speakers, speaker)
    return _floor(state, speakers=speakers)


def request_withdrawn(state: SessionState, event: e.FloorRequestWithdrawn) -> SessionState:
    return _floor(state, speakers=tuple(s for s in state.floor.speakers if s.delegation != event.delegation))


def floor_given(state: SessionState, event: e.FloorGiven) -> SessionState:
    speakers = list(state.floor.speakers)
    for i, s in enumerate(speakers):
        if s.delegation == event.delegation and s.kind == event.kind:
            del speakers[i]
            break
    group = state.spec.delegation(event.delegation).kind if state.spec.has_delegation(event.delegation) else None
    current = Speaker(event.delegation, event.kind, event.about)
    return _floor(state, speakers=tuple(speakers), current=current, until=event.until, last_group=group)


def floor_yielded(state: SessionState, event: e.FloorYielded) -> SessionState:
    return _floor(state, current=None, until=None)


def speaking_time_set(state: SessionState, event: e.SpeakingTimeSet) -> SessionState:
    return _floor(state, speaking_seconds=event.seconds)


def point_of_order_ruled(state: SessionState, event: e.PointOfOrderRuled) -> SessionState:
    speakers = tuple(s for s in state.floor.speakers if not (s.delegation == event.delegation and s.kind == "point_of_order"))
    current = state.floor.current
    if current is not None and current.delegation == event.delegation and current.kind == "point_of_order":
        return _floor(state, speakers=speakers, current=None, until=None)
    return _floor(state, speakers=speakers)


def _floor(state: SessionState, **changes: object) -> SessionState:
    floor: Floor = replace(state.floor, **changes)
    return state.evolve(floor=floor)
