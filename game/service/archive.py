"""A session's whole log as one JSON document, and back.

The export is the session: its pinned scenario text and every event. Importing it creates a
new session whose replay equals the source's at every seq. A secret ballot's choices are
sealed in the export (only their counts survive, in the outcome), so a secret ballot still
open when exported is the one thing an import cannot carry over. The back-channel (private
and bloc messages between delegations) keeps its place in the log but not its text until the
instructor reveals it (`reveals.Reveals`): the log still imports and folds the same.
"""

from __future__ import annotations

from typing import Any

from game import scenario as scenarios
from game.rules import codec, engine, unattended
from game.rules import events as e
from game.rules.errors import InvalidCommand
from game.rules.state import initial

from .projection import sealed
from .reveals import Reveals
from .sessions import Service

FORMAT = "plenary-session"
VERSION = 1


def export(service: Service, session_id: str, *, revealed: bool | None = None) -> dict[str, Any]:
    """The session's log; `revealed` (default: the instructor's setting for the session)
    says whether the back-channel's texts go with it."""
    scenario = service.scenario(session_id)
    if revealed is None:
        revealed = Reveals(service.store.engine).revealed(session_id)
    row = service.store.get_session(session_id)
    return {
        "format": FORMAT,
        "version": VERSION,
        "session": {
            "id": session_id,
            "title": row.title,
            "created_at": row.created_at,
            "scenario_id": scenario.id,
            "scenario_version": scenario.version,
        },
        "scenario": scenario.text,
        "events": [
            {"seq": r.seq, "at": r.at, "actor": r.actor, "event": _withheld(sealed(r.event), r.event, revealed)}
            for r in service.log(session_id)
        ],
    }


def _withheld(body: dict[str, Any], event: e.Event, revealed: bool) -> dict[str, Any]:
    if not revealed and backchannel(event):
        body["text"] = ""
    return body


def backchannel(event: e.Event) -> bool:
    """A private or bloc message written by a delegation (the chair's own are instructions)."""
    return isinstance(event, e.MessageSent) and event.audience != "public" and event.sender != "chair"


def import_(service: Service, document: Any, *, session_id: str | None = None) -> str:
    """A new session holding the exported log; refuses a document that does not fold."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidCommand("This is not a Plenary session export (its 'format' is not 'plenary-session').")
    if document.get("version") != VERSION:
        raise InvalidCommand(f"This export is version {document.get('version')!r}; this server reads version {VERSION}.")
    scenario = scenarios.load_text(_field(document, "scenario", str), "the export's scenario")
    records = [_record(raw, i) for i, raw in enumerate(_field(document, "events", list), start=1)]
    session = _field(document, "session", dict)
    _check_folds(scenario, records)
    created_at = session.get("created_at")
    session_id = service.register(
        scenario,
        title=str(session.get("title") or "") or None,
        session_id=session_id,
        created_at=float(created_at) if isinstance(created_at, int | float) else None,
    )
    for start in range(0, len(records), 1000):
        batch = records[start : start + 1000]
        service.store.append(session_id, start, batch)
    return session_id


def store_rehearsal(service: Service, scenario: scenarios.Scenario, *, seed: int = 0, title: str | None = None, owner_id: int | None = None) -> str:
    """A new session holding an unattended run of the scenario's course, timed from now: a
    finished conference to replay, debrief or measure."""
    run = unattended.play(scenario.spec, seed, start=service.clock())
    session_id = service.register(scenario, title=title or f"{scenario.spec.title} (unattended run, seed {seed})", owner_id=owner_id)
    records = list(run.records)
    for start in range(0, len(records), 1000):
        service.store.append(session_id, start, records[start : start + 1000])
    if run.state.ended:
        service.store.set_status(session_id, "ended")
    return session_id


def _check_folds(scenario: scenarios.Scenario, records: list[e.Recorded]) -> None:
    """Refuse a log that does not fold, before anything is stored."""
    state = initial(scenario.spec)
    for record in records:
        try:
            state = engine.evolve(state, record)
        except (KeyError, ValueError, TypeError, AttributeError) as error:
            raise InvalidCommand(f"Event {record.seq} ({type(record.event).__name__}) does not fit the session at that point: {error!r}.") from None


def _record(raw: Any, expected_seq: int) -> e.Recorded:
    if not isinstance(raw, dict):
        raise InvalidCommand(f"Event {expected_seq} is not an object.")
    if raw.get("seq") != expected_seq:
        raise InvalidCommand(f"Event {expected_seq} has seq {raw.get('seq')!r}; the log must run 1, 2, 3... without gaps.")
    try:
        at, actor = float(raw["at"]), str(raw["actor"])
    except (KeyError, TypeError, ValueError):
        raise InvalidCommand(f"Event {expected_seq} lacks a time or an actor.") from None
    return e.Recorded(expected_seq, at, actor, codec.load_event(raw.get("event")))


def _field(document: dict, name: str, kind: type) -> Any:
    value = document.get(name)
    if not isinstance(value, kind):
        raise InvalidCommand(f"The export's '{name}' is missing or malformed.")
    return value
