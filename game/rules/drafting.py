"""Drafting: agenda items with square-bracketed text, amendments and readings.

- Text in square brackets is not agreed; an item whose text still holds brackets cannot be
  adopted.
- An amendment replaces either one bracket (with agreed text, no brackets) or the whole text
  of an item (which may open new brackets). Its sponsor may withdraw it; other delegations
  may co-sponsor it; the chair may take it into the text when nobody asks for a decision, or
  put it to decision.
- When an amendment is taken into the text, other pending amendments to the same bracket
  (or, when the whole item is rewritten, every other pending amendment to it) lapse: the
  text they would change is gone.
- Items pass through the readings the scenario asks for (ITU: first reading in plenary on
  blue documents, second on pink) before they can be adopted.
"""

from __future__ import annotations

from dataclasses import replace

from . import commands as c
from . import events as e
from . import guards
from . import text as bracket_text
from .errors import InvalidCommand, RuleViolation
from .state import Amendment, ItemState, SessionState
from .values import Actor


def advance_reading(state: SessionState, actor: Actor, cmd: c.AdvanceReading) -> list[e.Event]:
    guards.chair(actor, "move an item to its next reading")
    item = open_item(state, cmd.item)
    if item.reading >= state.spec.readings:
        raise RuleViolation("last_reading", f"'{title(state, item.id)}' has had all {state.spec.readings} readings.")
    return [e.ReadingAdvanced(item.id, item.reading + 1)]


def propose_amendment(state: SessionState, actor: Actor, cmd: c.ProposeAmendment) -> list[e.Event]:
    sponsor = guards.delegate(state, actor, "propose an amendment")
    guards.allows(state, "drafting", "propose amendments")
    guards.text(cmd.text, "The amendment's text", required=cmd.bracket is None)
    item = open_item(state, cmd.item)
    if cmd.bracket is None:
        bracket_text.parse(cmd.text)
        replaces = item.text
    else:
        bracket = item.bracket(cmd.bracket)
        if bracket is None:
            raise RuleViolation("no_such_bracket", f"'{title(state, item.id)}' has no open bracket {cmd.bracket}.")
        if "[" in cmd.text or "]" in cmd.text:
            raise InvalidCommand("An amendment to one bracket must be agreed text, without square brackets.")
        replaces = bracket.render()
    amendment_id = f"A{len(state.amendments) + 1}"
    return [e.AmendmentProposed(amendment_id, item.id, cmd.bracket, cmd.text.strip(), sponsor, replaces)]


def cosponsor_amendment(state: SessionState, actor: Actor, cmd: c.CosponsorAmendment) -> list[e.Event]:
    delegation = guards.delegate(state, actor, "co-sponsor an amendment")
    amendment = pending(state, cmd.amendment)
    if delegation in amendment.sponsors:
        raise RuleViolation("already_sponsor", "Your delegation already sponsors this amendment.")
    return [e.AmendmentCosponsored(amendment.id, delegation)]


def withdraw_amendment(state: SessionState, actor: Actor, cmd: c.WithdrawAmendment) -> list[e.Event]:
    delegation = guards.delegate(state, actor, "withdraw an amendment")
    amendment = pending(state, cmd.amendment)
    if amendment.sponsors[0] != delegation:
        raise RuleViolation("not_sponsor", "Only the delegation that proposed an amendment may withdraw it.")
    if state.decision is not None and state.decision.subject.id == amendment.id:
        raise RuleViolation("under_decision", "An amendment cannot be withdrawn while it is being decided.")
    return [e.AmendmentWithdrawn(amendment.id)]


def accept_amendment(state: SessionState, actor: Actor, cmd: c.AcceptAmendment) -> list[e.Event]:
    guards.chair(actor, "take an amendment into the text")
    amendment = pending(state, cmd.amendment)
    guards.no_open_decision(state, "take an amendment into the text")
    return [e.AmendmentAccepted(amendment.id)]


def open_item(state: SessionState, item_id: str) -> ItemState:
    item = state.items.get(item_id)
    if item is None:
        raise RuleViolation("no_such_item", f"There is no agenda item '{item_id}'.")
    if item.status != "open":
        raise RuleViolation("item_closed", f"'{title(state, item_id)}' has already been {item.status}.")
    return item


def pending(state: SessionState, amendment_id: str) -> Amendment:
    amendment = state.amendments.get(amendment_id)
    if amendment is None:
        raise RuleViolation("no_such_amendment", f"There is no amendment '{amendment_id}'.")
    if not amendment.pending:
        raise RuleViolation("amendment_closed", f"Amendment {amendment_id} has been {amendment.status}.")
    return amendment


def title(state: SessionState, item_id: str) -> str:
    return state.spec.item(item_id).title


# --- evolve ------------------------------------------------------------------------------


def reading_advanced(state: SessionState, event: e.ReadingAdvanced) -> SessionState:
    item = replace(state.items[event.item], reading=event.reading)
    return state.evolve(items={**state.items, item.id: item})


def amendment_proposed(state: SessionState, event: e.AmendmentProposed) -> SessionState:
    amendment = Amendment(event.amendment, event.item, event.bracket, event.text, (event.sponsor,), replaces=event.replaces)
    return state.evolve(amendments={**state.amendments, amendment.id: amendment})


def amendment_cosponsored(state: SessionState, event: e.AmendmentCosponsored) -> SessionState:
    old = state.amendments[event.amendment]
    return _put(state, replace(old, sponsors=(*old.sponsors, event.delegation)))


def amendment_withdrawn(state: SessionState, event: e.AmendmentWithdrawn) -> SessionState:
    return _put(state, replace(state.amendments[event.amendment], status="withdrawn"))


def amendment_accepted(state: SessionState, event: e.AmendmentAccepted) -> SessionState:
    return take_into_text(state, event.amendment, "accepted")


def take_into_text(state: SessionState, amendment_id: str, status: str) -> SessionState:
    """Apply an amendment to its item; pending amendments to text that is gone lapse."""
    amendment = state.amendments[amendment_id]
    item = state.items[amendment.item]
    if amendment.bracket is None:
        first = bracket_text.next_bracket_index(item.segments)
        segments = bracket_text.parse(amendment.text, first_index=first)
    else:
        segments = bracket_text.resolve(item.segments, amendment.bracket, amendment.text)
    amendments = dict(state.amendments)
    amendments[amendment_id] = replace(amendment, status=status)
    for other in state.amendments.values():
        same_text = amendment.bracket is None or other.bracket == amendment.bracket
        if other.pending and other.id != amendment_id and other.item == item.id and same_text:
            amendments[other.id] = replace(other, status="lapsed")
    items = {**state.items, item.id: replace(item, segments=segments)}
    return state.evolve(items=items, amendments=amendments)


def _put(state: SessionState, amendment: Amendment) -> SessionState:
    return state.evolve(amendments={**state.amendments, amendment.id: amendment})
