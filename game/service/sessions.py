"""The service: one command for one session, end to end.

    handle(session_id, actor, command): decide on the state, append, return what changed

A command is decided on the state this process holds for the session (the latest it stored
or read), without reading the log first: appends name the seq they expect, so when another
process got there first the store refuses, and the command is decided again on the state
brought forward from the log. A refusal, which stores nothing, is checked the same way
before it is given. Reads bring the held state forward by the events stored since it
(folding from the latest snapshot only when the process holds nothing). Nothing is
acknowledged until it is stored.
"""

from __future__ import annotations

import dataclasses
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from game import scenario as scenarios
from game.rules import codec, engine, timers
from game.rules import commands as c
from game.rules import events as e
from game.rules.errors import PlenaryError, RuleViolation
from game.rules.state import SessionState, initial
from game.rules.values import Actor
from game.store import UNAVAILABLE, EventStore, SeqConflict

SNAPSHOT_EVERY = 250
"""Events between snapshots: a replay folds at most this many events past the nearest one,
which keeps any point of a 20,000-event session well under 50 ms (bench/engine.py)."""
SNAPSHOTS_KEPT = 32
"""Snapshots a service keeps read, across its sessions (a replay scrubbed back and forth)."""
RETRIES = 20
SEAT_REVOKED = "seat_revoked"
"""The code of a command refused because its player no longer has a seat."""


class UnknownSession(RuleViolation):
    def __init__(self, session_id: str) -> None:
        super().__init__("unknown_session", f"There is no session '{session_id}'.")


class Unavailable(RuleViolation):
    """The database could not be reached. Nothing was acknowledged; the client may retry."""

    def __init__(self) -> None:
        super().__init__("unavailable", "The server cannot reach its database just now; try again in a moment.")


@dataclass(frozen=True)
class Result:
    """What a command did: the events stored and the state after them."""

    records: list[e.Recorded]
    state: SessionState


class Service:
    def __init__(self, store: EventStore, *, clock: Callable[[], float] = time.time, snapshot_every: int = SNAPSHOT_EVERY) -> None:
        self.store = store
        self.clock = clock
        self.snapshot_every = snapshot_every
        self._cache: dict[str, SessionState] = {}
        self._snapshots: OrderedDict[tuple[str, int], SessionState] = OrderedDict()
        self._specs: dict[str, scenarios.Scenario] = {}
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}

    # --- sessions ------------------------------------------------------------------------

    def create_session(self, scenario: scenarios.Scenario, *, title: str | None = None, session_id: str | None = None) -> str:
        """A new session pinned to this exact scenario text, opened by the chair."""
        session_id = self.register(scenario, title=title, session_id=session_id)
        self.handle(session_id, Actor.chair(), c.StartSession())
        return session_id

    def register(
        self,
        scenario: scenarios.Scenario,
        *,
        title: str | None = None,
        session_id: str | None = None,
        created_at: float | None = None,
        owner_id: int | None = None,
        join_code: str | None = None,
    ) -> str:
        """A session row pinned to the scenario text, with an empty log."""
        session_id = session_id or new_id()
        self.store.create_session(
            session_id,
            scenario_id=scenario.id,
            scenario_version=scenario.version,
            scenario_text=scenario.text,
            title=title or scenario.spec.title,
            created_at=self.clock() if created_at is None else created_at,
            owner_id=owner_id,
            join_code=join_code,
        )
        self.store.save_snapshot(session_id, initial(scenario.spec))
        return session_id

    def scenario(self, session_id: str) -> scenarios.Scenario:
        """The scenario as the session started with it, whatever the file says today."""
        row = self.store.get_session(session_id)
        if row is None:
            raise UnknownSession(session_id)
        cached = self._specs.get(row.scenario_version)
        if cached is None:
            cached = scenarios.load_text(row.scenario_text, f"session {session_id}")
            self._specs[row.scenario_version] = cached
        return cached

    # --- commands ------------------------------------------------------------------------

    def handle(self, session_id: str, actor: Actor, command: c.Command, *, player: str | None = None) -> Result:
        """Decide `command` for `actor` and store its events; raise if it is refused.

        With `player`, the command is a player's, and `actor` is what their seat is in the
        state the command is decided on (SessionState.actor_of), not what it was when their
        page last looked: the chair may have moved or removed them meanwhile, on any process.

        Commands for one session take turns within this process (a burst of ballots would
        otherwise mostly lose the seq race to each other); across processes the store's
        expected-seq check keeps the log linear and the loser decides again."""
        with self._session_lock(session_id):
            try:
                return self._handle(session_id, actor, command, player)
            except UNAVAILABLE:
                # Whether the last append reached the disk is unknown: read the log afresh.
                self._forget(session_id)
                raise Unavailable() from None

    def _session_lock(self, session_id: str) -> threading.Lock:
        with self._lock:
            return self._locks.setdefault(session_id, threading.Lock())

    def _handle(self, session_id: str, actor: Actor, command: c.Command, player: str | None) -> Result:
        state = self._cached(session_id)
        read = state is None  # whether `state` was just brought up to the log's end
        if state is None:
            state = self.state(session_id)
        for _ in range(RETRIES):
            try:
                new_state, records = self._decide(state, actor, command, player)
            except PlenaryError:
                if read:
                    raise
                state, read = self.state(session_id), True  # refuse only on the log's latest word
                continue
            if not records:
                if read:
                    return Result([], state)
                state, read = self.state(session_id), True
                continue
            try:
                self.store.append(session_id, state.seq, records)
            except SeqConflict:
                state, read = self.state(session_id), True
                continue
            self._remember(session_id, new_state)
            if new_state.seq // self.snapshot_every > state.seq // self.snapshot_every:
                self.store.save_snapshot(session_id, new_state)
            return Result(records, new_state)
        raise RuleViolation("busy", "The session is very busy; please try again.")

    def _decide(self, state: SessionState, actor: Actor, command: c.Command,
                player: str | None) -> tuple[SessionState, list[e.Recorded]]:
        if player is not None:
            seated = state.actor_of(player)
            if seated is None:
                raise RuleViolation(SEAT_REVOKED, "The chair has removed you from this session.")
            actor = seated
        return engine.execute(state, actor, dataclasses.replace(command, at=self.clock()))

    def handle_payload(self, session_id: str, actor: Actor, payload: Any) -> Result:
        """A command from a client's JSON payload (InvalidCommand if malformed)."""
        return self.handle(session_id, actor, codec.load_command(payload))

    def tick(self, session_id: str) -> list[e.Recorded]:
        """Issue whatever the session's deadlines make due now; losing a race is harmless."""
        done: list[e.Recorded] = []
        for command in timers.due(self.state(session_id), self.clock()):
            try:
                done.extend(self.handle(session_id, Actor.system(), command).records)
            except RuleViolation:
                continue
        return done

    # --- reading -------------------------------------------------------------------------

    def state(self, session_id: str, upto: int | None = None) -> SessionState:
        """The state after seq `upto` (default: the latest), folded from the nearest snapshot."""
        if upto is None:
            cached = self._cached(session_id)
            if cached is not None:
                return self._forward(session_id, cached, self.store.load(session_id, after=cached.seq))
        start = self._start(session_id, upto)
        state = engine.replay(start.spec, self.store.load(session_id, after=start.seq, upto=upto), upto, start=start)
        if upto is None:
            self._remember(session_id, state)
        return state

    def state_and_recent(self, session_id: str, upto: int, recent: int) -> tuple[SessionState, list[e.Recorded]]:
        """The state after seq `upto` and the (at most) `recent` events up to it, from one read
        of the log: what a replay page needs at each point it is scrubbed to."""
        start = self._start(session_id, upto)
        since = min(start.seq, max(0, upto - recent))
        records = self.store.load(session_id, after=since, upto=upto)
        state = engine.replay(start.spec, [r for r in records if r.seq > start.seq], upto, start=start)
        return state, [r for r in records if r.seq > upto - recent]

    def held(self, session_id: str) -> SessionState:
        """The latest state this process holds for the session, without reading the log for
        events other processes may have stored since (read it when it holds none)."""
        return self._cached(session_id) or self.state(session_id)

    def since(self, session_id: str, after: int) -> tuple[SessionState, list[e.Recorded]]:
        """The latest state and the events after seq `after`: what a batch sends. One read of
        the log when this process's state is at or past `after` (as it is for a live session),
        which brings the state forward too."""
        cached = self._cached(session_id)
        if cached is None or cached.seq < after:
            return self.state(session_id), self.log(session_id, after)
        records = self.store.load(session_id, after=after)
        return self._forward(session_id, cached, records), records

    def _forward(self, session_id: str, state: SessionState, records: list[e.Recorded]) -> SessionState:
        """`state` brought forward by the events of `records` past its seq (other requests of
        this process, or other processes, may have stored them since), and kept. Folding the
        few new events onto the state held costs far less than folding from a snapshot."""
        if not records or records[-1].seq <= state.seq:
            return state
        state = engine.replay(state.spec, records, None, start=state)
        self._remember(session_id, state)
        return state

    def log(self, session_id: str, after: int = 0) -> list[e.Recorded]:
        """The events after seq `after`; the session row (with its scenario text) is read
        only to tell an unknown session from one with nothing new, not on every batch."""
        records = self.store.load(session_id, after=after)
        if not records and self.store.get_session(session_id) is None:
            raise UnknownSession(session_id)
        return records

    def _start(self, session_id: str, upto: int | None) -> SessionState:
        """Where a fold up to `upto` starts: the newest snapshot at or before it (the last few
        read are kept, so scrubbing a replay back and forth reads each one once), else the
        scenario's initial state. A snapshot carries the spec (one at seq 0 is written at
        creation), so a cold process need not parse the scenario's YAML again."""
        seq = self.store.snapshot_seq(session_id, upto)
        if seq is not None:
            key = (session_id, seq)
            with self._lock:
                kept = self._snapshots.get(key)
                if kept is not None:
                    self._snapshots.move_to_end(key)
                    return kept
            snapshot = self.store.snapshot(session_id, seq)
            if snapshot is not None:
                with self._lock:
                    self._snapshots[key] = snapshot
                    while len(self._snapshots) > SNAPSHOTS_KEPT:
                        self._snapshots.popitem(last=False)
                return snapshot
        return initial(self.scenario(session_id).spec)

    def _cached(self, session_id: str) -> SessionState | None:
        with self._lock:
            return self._cache.get(session_id)

    def _remember(self, session_id: str, state: SessionState) -> None:
        with self._lock:
            current = self._cache.get(session_id)
            if current is None or current.seq <= state.seq:
                self._cache[session_id] = state

    def _forget(self, session_id: str) -> None:
        with self._lock:
            self._cache.pop(session_id, None)


def new_id() -> str:
    """A session id that is short enough to read aloud and hard to guess."""
    return secrets.token_urlsafe(6).replace("-", "x").replace("_", "y")
