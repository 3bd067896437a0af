"""Socket.IO handlers: authenticate, parse, call the service, emit.

Who sends what (documented for client authors in docs/protocol.md):
- connect, with auth {"session": ID, "view": "chair" | "delegate" | "projector"}: the server
  decides the actor from the instructor's login cookie or the student's seat cookie.
- "hello" {"last_seq": N}: answered with the viewer's state and the events since N.
- "command" {"type": ..., ...}: answered {"ok": true, "seq": N} or {"ok": false, "error":
  {"code", "message"}}; what the command changed reaches every room in the next batch.
- The server sends "batch" messages to rooms, "reseat" when a player's seat changes and
  "removed" when the chair removes a player (whose connection is then closed).
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from flask import request, session
from flask_socketio import ConnectionRefusedError, SocketIO, disconnect, join_room, leave_room

from game.rules import codec
from game.rules import events as e
from game.rules.errors import InvalidCommand, PlenaryError, RuleViolation
from game.rules.state import SessionState
from game.rules.values import Actor, Role
from game.service import Classroom, projection
from game.service.sessions import SEAT_REVOKED, Unavailable, UnknownSession
from game.store import UNAVAILABLE

from . import batching
from .relay import Relay

MAX_PAYLOAD = 20_000
"""Characters of JSON in one command; text fields have their own, smaller limits."""
RESYNC_LIMIT = 1000
"""Past this many missed events a client gets the state alone, not every event."""
FRESH_PAGE_EVENTS = 50
"""A page that holds nothing yet (last seq 0) gets the state and the events of this many
latest seqs for its feed, not the whole log: a class of 500 opening their pages at once
would otherwise each be sent every seating of the other 499."""


@dataclass
class RateLimit:
    """A token bucket: `rate` commands a second, bursts up to `burst`."""

    rate: float = 8.0
    burst: float = 20.0
    tokens: float = 20.0
    stamp: float = field(default_factory=time.monotonic)

    def allow(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


@dataclass
class Connection:
    session_id: str
    view: str
    """chair | delegate | projector"""
    instructor_id: int | None = None
    token: str | None = None
    player: str | None = None
    delegation: str | None = None
    limit: RateLimit = field(default_factory=RateLimit)


@dataclass
class Feed:
    """What this process has sent for one session."""

    last_seq: int = 0
    sent: dict[str, dict[str, Any]] = field(default_factory=dict)
    stored: list[e.Recorded] = field(default_factory=list)
    """Events this process stored since its last batch: the next batch, unless others
    stored events too (then it reads the log)."""
    foreign: bool = False
    """Another process has stored events this process has not sent."""
    scheduled: bool = False
    flushed_at: float = 0.0
    """When the last batch went out (monotonic seconds)."""
    lock: threading.Lock = field(default_factory=threading.Lock)


class Guesses(Protocol):
    """A throttle of failed attempts per client address (game/web/security.py's Throttle)."""

    def exhausted(self, key: str) -> bool: ...

    def record(self, key: str) -> None: ...


class Hub:
    """The socket side of one server process. Batches go to this process's own sockets only;
    other processes hear of new events through the relay (relay.py) and send their own."""

    def __init__(
        self,
        socketio: SocketIO,
        classroom: Classroom,
        *,
        window: float = 0.1,
        tick: float = 1.0,
        relay: Relay | None = None,
        seat_guesses: Guesses | None = None,
    ) -> None:
        self.socketio = socketio
        self.classroom = classroom
        self.window = window
        self.tick = tick
        self.relay = relay or Relay()
        self.seat_guesses = seat_guesses
        self.connections: dict[str, Connection] = {}
        self.watching: dict[str, dict[str, Connection]] = {}
        """The same connections by session: a batch or a piece of news looks at its own
        session's, not at every page this process serves."""
        self.feeds: dict[str, Feed] = {}
        self._ticker_started = False
        self._public_cache: dict[str, tuple[int, dict[str, Any]]] = {}
        self._titles: dict[str, str | None] = {}
        self._lock = threading.Lock()

    def register(self) -> None:
        self.socketio.on_event("connect", self.on_connect)
        self.socketio.on_event("disconnect", self.on_disconnect)
        self.socketio.on_event("hello", self.on_hello)
        self.socketio.on_event("command", self.on_command)

    # --- handlers ------------------------------------------------------------------------

    def on_connect(self, auth: Any = None) -> None:
        """Anyone opening a page: refused unless their cookie entitles them to that view."""
        auth = auth if isinstance(auth, dict) else {}
        session_id, view = auth.get("session"), auth.get("view")
        if not isinstance(session_id, str) or view not in ("chair", "delegate", "projector"):
            raise ConnectionRefusedError("Say which session and which view you are connecting to.")
        try:
            connection = self._identify(session_id, view)
        except UNAVAILABLE:
            raise ConnectionRefusedError(Unavailable().message) from None
        self._add(request.sid, connection)
        self._join_rooms(connection)
        self._start_ticker()

    def on_disconnect(self, reason: Any = None) -> None:
        self._drop(request.sid)

    def on_hello(self, data: Any = None) -> dict[str, Any]:
        """A client (re)connects and says the last seq it holds; it gets its state and the
        events it may see since then."""
        connection = self.connections.get(request.sid)
        if connection is None:
            return _error(RuleViolation("not_connected", "Connect before saying hello."))
        if not connection.limit.allow():
            return _error(RuleViolation("rate_limited", "Too many requests; slow down."))
        last_seq = data.get("last_seq", 0) if isinstance(data, dict) else 0
        if not isinstance(last_seq, int) or isinstance(last_seq, bool) or last_seq < 0:
            return _error(InvalidCommand("hello.last_seq must be a whole number."))
        try:
            return self._hello(connection, last_seq)
        except UNAVAILABLE:
            return _error(Unavailable())

    def _hello(self, connection: Connection, last_seq: int) -> dict[str, Any]:
        service = self.classroom.service
        state = service.state(connection.session_id)
        actor = self._actor(connection, state)
        if actor is None:
            return self._cut_off(connection)
        missed = state.seq - last_seq
        if last_seq == 0:
            # A new page: the state says everything; the recent events fill its feed.
            records = service.log(connection.session_id, after=max(0, state.seq - FRESH_PAGE_EVENTS))
        elif 0 < missed <= RESYNC_LIMIT:
            records = service.log(connection.session_id, after=last_seq)
        else:
            records = []
        events = [p for r in records if (p := projection.event(r, actor))]
        feed = self._feed(connection.session_id)
        with feed.lock:
            if feed.last_seq == 0:  # batches to this process's sockets go on from here
                feed.last_seq = state.seq
        view = {**self._public(connection.session_id, state), **projection.personal(state, actor)}
        return {"ok": True, "seq": state.seq, "now": time.time(), "state": view, "events": events, "reset": missed > RESYNC_LIMIT}

    def _title(self, session_id: str) -> str | None:
        """The session's own title, as the instructor named it (it never changes)."""
        if session_id not in self._titles:
            row = self.classroom.service.store.get_session(session_id)
            self._titles[session_id] = row.title if row else None
        return self._titles[session_id]

    def _public(self, session_id: str, state: Any) -> dict[str, Any]:
        """The public projection at this seq, built once however many pages say hello (a
        class of 500 reconnecting after a Wi-Fi drop asks for the same thing 500 times)."""
        cached = self._public_cache.get(session_id)
        if cached is None or cached[0] != state.seq:
            cached = (state.seq, projection.public(state, self._title(session_id)))
            self._public_cache[session_id] = cached
        return cached[1]

    def on_command(self, payload: Any = None) -> dict[str, Any]:
        """A client's command: checked for size and rate, decided, stored, acknowledged."""
        connection = self.connections.get(request.sid)
        if connection is None:
            return _error(RuleViolation("not_connected", "Connect before sending commands."))
        if not connection.limit.allow():
            return _error(RuleViolation("rate_limited", "Too many commands at once; wait a moment and try again."))
        try:
            size = len(json.dumps(payload))
        except (TypeError, ValueError):
            return _error(InvalidCommand("A command must be plain JSON."))
        if size > MAX_PAYLOAD:
            return _error(InvalidCommand(f"That command is {size:,} characters long; the limit is {MAX_PAYLOAD:,}."))
        try:
            # As far as this process knows, without reading the log: the command's own decision
            # checks the seat against the log's latest word (Service.handle).
            actor = self._actor(connection, self.classroom.service.held(connection.session_id))
            if actor is None:
                return self._cut_off(connection)
            if connection.view == "projector":
                return _error(RuleViolation("observers_watch", "The projector view only watches."))
            command = codec.load_command(payload)
            result = self.classroom.handle(connection.session_id, actor, command, player=connection.player)
        except PlenaryError as error:
            if error.code == SEAT_REVOKED:
                return self._cut_off(connection)
            return _error(error)
        except UNAVAILABLE:
            return _error(Unavailable())
        self.after(connection.session_id, result.records)
        return {"ok": True, "seq": result.state.seq}

    # --- after a change ------------------------------------------------------------------

    def after(self, session_id: str, records: list[e.Recorded]) -> None:
        """Schedule this process's batch, and tell the other processes."""
        if records:
            feed = self._feed(session_id)
            with feed.lock:
                feed.stored.extend(records)
            self.schedule(session_id, records[0].seq)
            self.relay.publish(session_id, records[0].seq, records[-1].seq)

    def news(self, session_id: str, first_seq: int) -> None:
        """Another process stored events from `first_seq` on: batch them to our own sockets."""
        if self.watching.get(session_id):
            feed = self._feed(session_id)
            with feed.lock:
                feed.foreign = True
            self.schedule(session_id, first_seq)

    def schedule(self, session_id: str, first_seq: int) -> None:
        """Send a batch shortly: from `first_seq` on when this process has sent nothing for the
        session yet, else from where its last batch ended (so events other processes stored
        in between go out too, and nothing goes out twice)."""
        feed = self._feed(session_id)
        with feed.lock:
            if feed.last_seq == 0:
                feed.last_seq = first_seq - 1
            if feed.scheduled:
                return
            feed.scheduled = True
        self.socketio.start_background_task(self._flush_later, session_id)

    def _flush_later(self, session_id: str) -> None:
        """A throttle, not a debounce: after a quiet spell the batch goes out at once; during
        a burst, at most one batch per window."""
        feed = self._feed(session_id)
        wait = feed.flushed_at + self.window - time.monotonic()
        self.socketio.sleep(max(0.0, wait))
        with feed.lock:
            feed.scheduled = False
        with contextlib.suppress(*UNAVAILABLE):  # the ticker sends it once the database is back
            self.flush(session_id)

    def _seats_changed(self, session_id: str, records: list[e.Recorded]) -> None:
        """This process's sockets of players who moved change rooms (before any private event
        of their new delegation goes out) and are told; those of removed players are closed.
        Every process does this for its own sockets, whichever process stored the change."""
        for record in records:
            event = record.event
            if isinstance(event, e.PlayerSeated):
                self._move_player(session_id, event.player, event.delegation)
                self._emit("reseat", {"delegation": event.delegation}, batching.player_room(session_id, event.player))
            elif isinstance(event, e.PlayerRemoved):
                self._remove_player(session_id, event.player)

    def _emit(self, name: str, message: dict[str, Any], room: str) -> None:
        """To this process's sockets in `room` (other processes send their own)."""
        self.socketio.emit(name, message, to=room, ignore_queue=True)

    def flush(self, session_id: str) -> None:
        """Send everything stored since the last batch, one message per room. The messages are
        queued to the sockets before the lock is let go, so one session's batches reach every
        page in seq order even when two flushes run on threads of their own (threading mode)."""
        feed = self._feed(session_id)
        with feed.lock:
            state, records = self._unsent(session_id, feed)
            if not records:
                return
            self._seats_changed(session_id, records)
            listening = {c.delegation for c in list(self.watching.get(session_id, {}).values()) if c.delegation}
            messages = batching.deliveries(session_id, records, state, feed.sent, listening, self._title(session_id))
            feed.last_seq = records[-1].seq
            feed.flushed_at = time.monotonic()
            now = time.time()
            for delivery in messages:
                self._emit("batch", {**delivery.message, "now": now}, delivery.room)

    def _unsent(self, session_id: str, feed: Feed) -> tuple[Any, list[e.Recorded]]:
        """The state and the events the next batch sends: the events this process stored
        itself, when they follow on from the last batch and reach the state it holds (no read
        of the log); else, as when another process has stored events too, the log's."""
        service = self.classroom.service
        stored = [r for r in feed.stored if r.seq > feed.last_seq]
        foreign, feed.stored, feed.foreign = feed.foreign, [], False
        if stored and not foreign:
            held = service.held(session_id)
            if held.seq == stored[-1].seq and [r.seq for r in stored] == list(range(feed.last_seq + 1, held.seq + 1)):
                return held, stored
        return service.since(session_id, feed.last_seq)

    # --- identity and rooms --------------------------------------------------------------

    def _identify(self, session_id: str, view: str) -> Connection:
        try:
            self.classroom.service.scenario(session_id)
        except UnknownSession:
            raise ConnectionRefusedError("There is no such session.") from None
        if view in ("chair", "projector"):
            instructor_id = session.get("instructor_id")
            if not self.classroom.owns(session_id, instructor_id):
                raise ConnectionRefusedError("Sign in as the instructor who runs this session.")
            return Connection(session_id, view, instructor_id=instructor_id)
        token = request.cookies.get(seat_cookie(session_id), "")
        address = request.remote_addr or "?"
        if self.seat_guesses is not None and self.seat_guesses.exhausted(address):
            raise ConnectionRefusedError("Too many attempts with seats that are not valid; wait a minute and try again.")
        resolved = self.classroom.actor_for_seat(token)
        if resolved is None or resolved[0] != session_id:
            if self.seat_guesses is not None:
                self.seat_guesses.record(address)
            raise ConnectionRefusedError("Your seat is not valid for this session; join again with the code.")
        actor = resolved[1]
        return Connection(session_id, view, token=token, player=actor.player, delegation=actor.delegation)

    def _actor(self, connection: Connection, state: SessionState) -> Actor | None:
        """The actor in `state`: a seat may have moved since the connection opened, or been
        revoked."""
        if connection.view == "chair":
            return Actor.chair()
        if connection.view == "projector":
            return Actor(Role.OBSERVER)
        # The seat token was checked when the connection opened; from then on the session's
        # state says whether the player still holds a seat, and which.
        actor = state.actor_of(connection.player or "")
        if actor is None:
            return None
        if actor.delegation != connection.delegation:
            if connection.delegation:
                leave_room(batching.delegation_room(connection.session_id, connection.delegation))
            if actor.delegation:
                join_room(batching.delegation_room(connection.session_id, actor.delegation))
            connection.delegation = actor.delegation
        return actor

    def _join_rooms(self, connection: Connection) -> None:
        join_room(batching.session_room(connection.session_id))
        if connection.view == "chair":
            join_room(batching.chair_room(connection.session_id))
        if connection.player:
            join_room(batching.player_room(connection.session_id, connection.player))
        if connection.delegation:
            join_room(batching.delegation_room(connection.session_id, connection.delegation))

    def _move_player(self, session_id: str, player: str, delegation: str | None) -> None:
        """A player's open pages leave their old delegation's room at once, before any
        private event of that delegation can reach them."""
        for sid, connection in list(self.watching.get(session_id, {}).items()):
            if connection.player != player:
                continue
            # The server's own calls: this may run in a background task, outside any request.
            if connection.delegation:
                self.socketio.server.leave_room(sid, batching.delegation_room(session_id, connection.delegation), namespace="/")
            if delegation:
                self.socketio.server.enter_room(sid, batching.delegation_room(session_id, delegation), namespace="/")
            connection.delegation = delegation

    def _remove_player(self, session_id: str, player: str) -> None:
        """A removed player is cut off at once: told, and their connections closed."""
        self._emit("removed", {}, batching.player_room(session_id, player))
        for sid, connection in list(self.watching.get(session_id, {}).items()):
            if connection.player == player:
                self._drop(sid)
                self.socketio.server.disconnect(sid, namespace="/", ignore_queue=True)

    def _cut_off(self, connection: Connection) -> dict[str, Any]:
        self._drop(request.sid)
        disconnect()
        return _error(RuleViolation(SEAT_REVOKED, "The chair has removed you from this session."))

    def _add(self, sid: str, connection: Connection) -> None:
        with self._lock:
            self.connections[sid] = connection
            self.watching.setdefault(connection.session_id, {})[sid] = connection

    def _drop(self, sid: str) -> None:
        with self._lock:
            connection = self.connections.pop(sid, None)
            if connection is not None:
                pages = self.watching.get(connection.session_id, {})
                pages.pop(sid, None)
                if not pages:
                    self.watching.pop(connection.session_id, None)

    def _feed(self, session_id: str) -> Feed:
        with self._lock:
            return self.feeds.setdefault(session_id, Feed())

    # --- timers --------------------------------------------------------------------------

    def _start_ticker(self) -> None:
        with self._lock:
            if self._ticker_started:
                return
            self._ticker_started = True
        self.socketio.start_background_task(self._tick_forever)
        self.relay.start(self.socketio.start_background_task, self.news)

    def _tick_forever(self) -> None:
        """Close what falls due (deadlines live in the state) for sessions with watchers. Every
        process ticks: when two close the same deadline, the second loses the seq race and
        its decision, taken again on the new state, finds nothing due. The ticker also sends
        what this process has not sent yet (news from another process that never came, a
        command whose acknowledgement the database's outage cut short)."""
        while True:
            self.socketio.sleep(self.tick)
            for session_id in [s for s, pages in list(self.watching.items()) if pages]:
                try:
                    records = self.classroom.service.tick(session_id)
                    if records:
                        self.after(session_id, records)
                    self._catch_up(session_id)
                except Exception:  # a database hiccup must not kill the ticker
                    continue

    def _catch_up(self, session_id: str) -> None:
        feed = self._feed(session_id)
        seq = self.classroom.service.held(session_id).seq  # tick() has just read the log
        if feed.last_seq and seq > feed.last_seq:
            self.schedule(session_id, feed.last_seq + 1)


def seat_cookie(session_id: str) -> str:
    return f"plenary_seat_{session_id}"


def _error(error: PlenaryError) -> dict[str, Any]:
    return {"ok": False, "error": error.as_dict()}
