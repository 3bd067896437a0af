"""Messages and injects.

- Public statements reach every participant. A bloc channel reaches the bloc's members; only
  members may write to it. A private message reaches its sender and recipients only: the
  visibility is part of the event, so nobody else's projection ever holds it.
- Injects are news that the chair releases: scripted in the scenario, or written on the
  spot, to everybody or to chosen delegations ("new instructions from your capital").
"""

from __future__ import annotations

from . import commands as c
from . import events as e
from . import guards
from .errors import RuleViolation
from .state import SessionState
from .values import Actor, Role

AUDIENCES = ("public", "bloc", "delegations")


def send_message(state: SessionState, actor: Actor, cmd: c.SendMessage) -> list[e.Event]:
    sender = _sender(state, actor)
    guards.text(cmd.text, "The message")
    if cmd.audience not in AUDIENCES:
        raise RuleViolation("bad_audience", f"Send a message to the public, your bloc or chosen delegations, not '{cmd.audience}'.")
    message_id = f"M{state.messages + 1}"
    if cmd.audience == "public":
        return [e.MessageSent(message_id, sender, "public", (), cmd.text)]
    if cmd.audience == "bloc":
        bloc = _own_bloc(state, actor)
        if cmd.to not in ((), (bloc,)):
            raise RuleViolation("not_member", "Only a bloc's members can write to its channel.")
        members = state.spec.bloc_members(bloc)
        return [e.MessageSent(message_id, sender, "bloc", (bloc,), cmd.text, members)]
    recipients = _recipients(state, cmd.to, sender)
    members = recipients if sender == "chair" else (sender, *recipients)
    return [e.MessageSent(message_id, sender, "delegations", recipients, cmd.text, tuple(sorted(set(members))))]


def fire_inject(state: SessionState, actor: Actor, cmd: c.FireInject) -> list[e.Event]:
    guards.chair(actor, "release news")
    if cmd.inject is not None:
        inject = next((i for i in state.spec.injects if i.id == cmd.inject), None)
        if inject is None:
            raise RuleViolation("no_such_inject", f"The scenario has no inject '{cmd.inject}'.")
        if inject.id in state.injects_fired:
            raise RuleViolation("already_fired", f"'{inject.title}' has already been released.")
        return [e.InjectFired(inject.id, inject.title, inject.text, inject.to)]
    guards.text(cmd.title, "The inject's title", limit=200)
    guards.text(cmd.text, "The inject's text")
    to = tuple(dict.fromkeys(cmd.to))
    for delegation in to:
        guards.known(state, delegation)
    return [e.InjectFired(None, cmd.title.strip(), cmd.text, to)]


def _sender(state: SessionState, actor: Actor) -> str:
    """The chair may always write; delegations only in a phase open to messages."""
    if actor.role is Role.CHAIR:
        return "chair"
    delegation = guards.delegate(state, actor, "send messages")
    guards.allows(state, "messages", "send messages")
    return delegation


def _own_bloc(state: SessionState, actor: Actor) -> str:
    delegation = actor.delegation and state.spec.delegation(actor.delegation)
    if not delegation or delegation.bloc is None:
        raise RuleViolation("no_bloc", "Only a delegation that belongs to a bloc can write to a bloc channel.")
    return delegation.bloc


def _recipients(state: SessionState, to: tuple[str, ...], sender: str) -> tuple[str, ...]:
    recipients = tuple(d for d in dict.fromkeys(to) if d != sender)
    if not recipients:
        raise RuleViolation("no_recipients", "Name at least one other delegation to write to.")
    if len(recipients) > 50:
        raise RuleViolation("too_many_recipients", "A private message goes to at most 50 delegations; use a bloc channel or a public statement.")
    for delegation in recipients:
        guards.known(state, delegation)
    return recipients


# --- evolve ------------------------------------------------------------------------------


def message_sent(state: SessionState, event: e.MessageSent) -> SessionState:
    return state.evolve(messages=state.messages + 1)


def inject_fired(state: SessionState, event: e.InjectFired) -> SessionState:
    if event.inject is None:
        return state
    return state.evolve(injects_fired=(*state.injects_fired, event.inject))
