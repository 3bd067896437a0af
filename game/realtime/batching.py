"""Batches: what a burst of events sends to each room.

After a command is stored the hub waits a short window, then sends one message per room for
everything stored since its last message: the session room gets the public events and the
top-level parts of the public state that changed; the chair's room and each delegation's
room get the events only they may see and their personal view. So a 150-ballot roll-call
costs each client a handful of messages, not 150.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.rules import events as e
from game.rules.state import SessionState
from game.rules.values import Actor, Role
from game.service import projection

PERSONAL = (
    e.PlayerSeated,
    e.PlayerRemoved,
    e.VoteTransferred,
    e.TransferRevoked,
    e.CredentialsChanged,
    e.PresenceMarked,
    e.InjectFired,
    e.AmendmentAccepted,
    e.DecisionClosed,
    e.SigningOpened,
    e.FinalActsSigned,
    e.SigningClosed,
)
"""The events that can change a personal view (a brief's objectives met, votes held, the
chair's players and injects); a batch of ballots changes none, and skips the work."""

ON_THE_QUESTION = (e.BallotCast, e.PlacardRaised, e.ObjectionRaised)
"""The events that change nothing public but the open question (and the seq): a batch of
only these rebuilds that part of the public state, not all of it. A roll-call is mostly
such batches."""


@dataclass
class Delivery:
    room: str
    message: dict[str, Any]


def session_room(session_id: str) -> str:
    return f"s:{session_id}"


def chair_room(session_id: str) -> str:
    return f"s:{session_id}:chair"


def delegation_room(session_id: str, delegation: str) -> str:
    return f"s:{session_id}:d:{delegation}"


def player_room(session_id: str, player: str) -> str:
    return f"s:{session_id}:p:{player}"


def changed(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    """The top-level keys of a projection that differ (all of them when nothing was sent)."""
    if before is None:
        return dict(after)
    return {key: value for key, value in after.items() if before.get(key) != value}


def deliveries(
    session_id: str,
    records: list[e.Recorded],
    state: SessionState,
    sent: dict[str, dict[str, Any]],
    delegations_listening: set[str],
    title: str | None = None,
) -> list[Delivery]:
    """The messages for one batch. `sent` holds, per room, the projection last sent there; it
    is updated, and a private room hears nothing when it has no event and nothing changed."""
    span = {"from": records[0].seq, "to": records[-1].seq}
    room = session_room(session_id)
    public = _public(records, state, sent.get(room), title)
    observer = Actor(Role.OBSERVER)
    out = [
        Delivery(room, {**span, "events": _visible(records, observer, public_only=True), "state": changed(sent.get(room), public)})
    ]
    sent[room] = public
    viewers = [(chair_room(session_id), Actor.chair())]
    viewers += [(delegation_room(session_id, d), Actor.delegate(d)) for d in sorted(delegations_listening)]
    touches_personal = any(isinstance(r.event, PERSONAL) for r in records)
    for private_room, viewer in viewers:
        events = _visible(records, viewer, public_only=False)
        if not events and not touches_personal and private_room in sent:
            continue
        personal = projection.personal(state, viewer)
        if events or personal != sent.get(private_room):
            out.append(Delivery(private_room, {**span, "events": events, "personal": personal}))
            sent[private_room] = personal
    return out


def _public(records: list[e.Recorded], state: SessionState, before: dict[str, Any] | None, title: str | None) -> dict[str, Any]:
    if before is not None and all(isinstance(r.event, ON_THE_QUESTION) for r in records):
        return {**before, "seq": state.seq, "decision": projection.question(state)}
    return projection.public(state, title)


def _visible(records: list[e.Recorded], viewer: Actor, *, public_only: bool) -> list[dict[str, Any]]:
    """Public events for the session room; for a private room, only the non-public ones it may
    see (it hears the public ones in the session room already)."""
    out = []
    for record in records:
        if record.visibility.public != public_only:
            continue
        projected = projection.event(record, viewer)
        if projected is not None:
            out.append(projected)
    return out
