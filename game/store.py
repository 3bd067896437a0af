"""The append-only event store: sessions, their logs, and snapshots of folded state.

A session is its event log. Rows of `events` are keyed by `(session_id, seq)` and never
updated or deleted, so two writers that both decided against seq N cannot both store N + 1:
the second gets `SeqConflict`, reloads the events since, decides again and retries. That key
is what keeps the log linear when several server processes share one database.

A session pins the exact scenario text it started with, so a replay years later folds the same
way after the scenario file was edited. Snapshots are a cache of folded state: a snapshot that
cannot be read is ignored and the state is rebuilt from the log.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import time
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sqlalchemy import (
    JSON,
    Engine,
    Float,
    ForeignKey,
    LargeBinary,
    MetaData,
    String,
    Text,
    bindparam,
    cast,
    create_engine,
    event,
    exists,
    func,
    insert,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from game import rules
from game.rules import codec
from game.rules.events import Recorded
from game.rules.model import frozen_map
from game.rules.state import SessionState

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "sqlite:///instance/plenary.db"
"""Relative SQLite paths are taken from the repository root, never the current directory."""

JSONDocument = JSON().with_variant(postgresql.JSONB(), "postgresql")


class StoreError(Exception):
    """Base of the store's errors."""


class SeqConflict(StoreError):
    """The log moved past the seq a writer expected: reload the events since, decide again."""

    def __init__(self, session_id: str, expected_seq: int) -> None:
        super().__init__(
            f"Session {session_id!r} is no longer at seq {expected_seq}: "
            "another writer got there first."
        )
        self.session_id = session_id
        self.expected_seq = expected_seq


UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)
"""What the driver raises when the database cannot be reached (down, restarting, the network
cut, every connection busy): the request may be tried again once it is back."""


class SessionNotFound(StoreError, LookupError):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"There is no session {session_id!r}.")
        self.session_id = session_id


class DuplicateSession(StoreError):
    """The session id or join code is already taken."""


# --- tables ------------------------------------------------------------------------------


class Base(DeclarativeBase):
    # Named constraints, so that later migrations can alter them (SQLite batch mode needs names).
    metadata = MetaData(
        naming_convention={
            "pk": "pk_%(table_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ix": "ix_%(table_name)s_%(column_0_name)s",
        }
    )


class SessionRow(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    scenario_id: Mapped[str] = mapped_column(String(200))
    scenario_version: Mapped[str] = mapped_column(String(64))
    """sha256 of scenario_text, hex."""
    scenario_text: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    created_at: Mapped[float] = mapped_column(Float)
    join_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    status: Mapped[str] = mapped_column(String(32))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("instructors.id"), default=None)
    """The instructor who created it; None for sessions made from the command line."""


class EventRow(Base):
    __tablename__ = "events"

    session_id: Mapped[str] = mapped_column(String(64), ForeignKey("sessions.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(64))
    at: Mapped[float] = mapped_column(Float)
    actor: Mapped[str] = mapped_column(String(200))
    visibility: Mapped[dict[str, Any]] = mapped_column(JSONDocument)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDocument)


class SnapshotRow(Base):
    __tablename__ = "snapshots"

    session_id: Mapped[str] = mapped_column(String(64), ForeignKey("sessions.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    state: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[float] = mapped_column(Float)


@dataclass(frozen=True, slots=True)
class StoredSession:
    """A session as the store keeps it; the scenario text is the one it started with."""

    id: str
    scenario_id: str
    scenario_version: str
    scenario_text: str
    title: str
    created_at: float
    join_code: str | None
    status: str
    owner_id: int | None = None

    @classmethod
    def of(cls, row: SessionRow) -> StoredSession:
        return cls(row.id, row.scenario_id, row.scenario_version, row.scenario_text, row.title,
                   row.created_at, row.join_code, row.status, row.owner_id)


def scenario_version(scenario_text: str) -> str:
    return hashlib.sha256(scenario_text.encode("utf-8")).hexdigest()


# --- the store ---------------------------------------------------------------------------


class EventStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # Reads, and appends of a single event, are one statement each: run in autocommit they
        # cost one round trip, not three (BEGIN, the statement, ROLLBACK or COMMIT). A rollback
        # would also make psycopg drop the connection's prepared statements, so the next
        # append would be parsed and planned afresh.
        self._single = engine.execution_options(isolation_level="AUTOCOMMIT")

    # sessions

    def create_session(self, session_id: str, *, scenario_id: str, scenario_text: str, title: str,
                       created_at: float, scenario_version: str | None = None,
                       join_code: str | None = None, status: str = "open",
                       owner_id: int | None = None) -> StoredSession:
        """Pin the scenario text; a given version must be its sha256, so the pin can be checked."""
        version = _checked_version(scenario_text, scenario_version)
        row = SessionRow(id=session_id, scenario_id=scenario_id, scenario_version=version,
                         scenario_text=scenario_text, title=title, created_at=created_at,
                         join_code=join_code, status=status, owner_id=owner_id)
        try:
            with Session(self.engine) as db, db.begin():
                db.add(row)
                db.flush()
                return StoredSession.of(row)
        except IntegrityError:
            raise DuplicateSession(
                f"A session with id {session_id!r} or join code {join_code!r} already exists."
            ) from None

    def get_session(self, session_id: str) -> StoredSession | None:
        with Session(self._single) as db:
            row = db.get(SessionRow, session_id)
            return StoredSession.of(row) if row else None

    def session_by_join_code(self, join_code: str) -> StoredSession | None:
        with Session(self._single) as db:
            row = db.scalar(select(SessionRow).where(SessionRow.join_code == join_code))
            return StoredSession.of(row) if row else None

    def list_sessions(self) -> list[StoredSession]:
        """Newest first, as an instructor's dashboard lists them."""
        query = select(SessionRow).order_by(SessionRow.created_at.desc(), SessionRow.id)
        with Session(self._single) as db:
            return [StoredSession.of(row) for row in db.scalars(query)]

    def set_status(self, session_id: str, status: str) -> None:
        with Session(self.engine) as db, db.begin():
            row = db.get(SessionRow, session_id)
            if row is None:
                raise SessionNotFound(session_id)
            row.status = status

    # the log

    def append(self, session_id: str, expected_seq: int, records: Sequence[Recorded]) -> None:
        """Store records seq expected_seq + 1, + 2, ... all or none.

        The primary key settles races: if another writer already stored expected_seq + 1 the
        insert fails and nothing is written. Checking that expected_seq itself is stored keeps
        a writer that is ahead of the log from leaving a gap.
        """
        _check_contiguous(expected_seq, records)
        if not records:
            return
        rows = [_event_values(session_id, r) for r in records]
        try:
            # One event (a ballot, a speech) is one statement, atomic by itself; several are
            # one transaction.
            with (self._single.connect() if len(rows) == 1 else self.engine.begin()) as connection:
                # The first row goes in only where its predecessor is stored (or, for seq 1,
                # the session): one round trip for the check and the insert.
                guarded = _append_first(self.engine.dialect.name, expected_seq == 0)
                if connection.execute(guarded, {**rows[0], "expected": expected_seq}).rowcount != 1:
                    if expected_seq == 0:
                        raise SessionNotFound(session_id)
                    raise SeqConflict(session_id, expected_seq)
                if len(rows) > 1:
                    connection.execute(insert(EventRow), rows[1:])
        except IntegrityError:
            raise SeqConflict(session_id, expected_seq) from None

    def load(self, session_id: str, after: int = 0, upto: int | None = None) -> list[Recorded]:
        """The events after seq `after`, up to seq `upto` inclusive, in order."""
        query = (select(EventRow.seq, EventRow.at, EventRow.actor, EventRow.payload)
                 .where(EventRow.session_id == session_id, EventRow.seq > after)
                 .order_by(EventRow.seq))
        if upto is not None:
            query = query.where(EventRow.seq <= upto)
        with Session(self._single) as db:  # plain rows, not ORM objects: a replay reads thousands
            return [Recorded(seq, at, actor, codec.load_event(payload)) for seq, at, actor, payload in db.execute(query)]

    def last_seq(self, session_id: str) -> int:
        query = select(func.max(EventRow.seq)).where(EventRow.session_id == session_id)
        with Session(self._single) as db:
            return db.scalar(query) or 0

    # snapshots

    def save_snapshot(self, session_id: str, state: SessionState, at: float | None = None) -> None:
        """Cache `state` at its seq. A snapshot already there is replaced: it is only a cache."""
        row = SnapshotRow(session_id=session_id, seq=state.seq, state=_pickle(state),
                          created_at=time.time() if at is None else at)
        try:
            with Session(self.engine) as db, db.begin():
                db.merge(row)
        except IntegrityError:
            pass  # another process cached the same seq at the same moment: same fold, same state

    def snapshot_seq(self, session_id: str, upto: int | None = None) -> int | None:
        """The seq of the newest snapshot at or before `upto`, without reading it."""
        query = select(func.max(SnapshotRow.seq)).where(SnapshotRow.session_id == session_id)
        if upto is not None:
            query = query.where(SnapshotRow.seq <= upto)
        with Session(self._single) as db:
            return db.scalar(query)

    def snapshot(self, session_id: str, seq: int) -> SessionState | None:
        """The snapshot at exactly `seq`, if there is a readable one."""
        with Session(self._single) as db:
            blob = db.scalar(select(SnapshotRow.state).where(SnapshotRow.session_id == session_id, SnapshotRow.seq == seq))
        return None if blob is None else _unpickle(blob)

    def latest_snapshot(self, session_id: str, upto: int | None = None) -> SessionState | None:
        """The newest snapshot at or before seq `upto`, or None: then fold the log instead."""
        seq = self.snapshot_seq(session_id, upto)
        return None if seq is None else self.snapshot(session_id, seq)


def _checked_version(scenario_text: str, given: str | None) -> str:
    version = scenario_version(scenario_text)
    if given is not None and given != version:
        raise ValueError(f"scenario_version {given!r} is not the sha256 of the scenario text.")
    return version


def _check_contiguous(expected_seq: int, records: Sequence[Recorded]) -> None:
    seqs = [r.seq for r in records]
    wanted = list(range(expected_seq + 1, expected_seq + 1 + len(records)))
    if seqs != wanted:
        raise ValueError(f"Records must carry seqs {wanted} after seq {expected_seq}, not {seqs}.")


def _event_values(session_id: str, recorded: Recorded) -> dict[str, Any]:
    visibility = recorded.visibility
    payload = codec.dump(recorded.event)
    return {"session_id": session_id, "seq": recorded.seq, "type": payload["type"], "at": recorded.at,
            "actor": recorded.actor, "visibility": {"public": visibility.public, "delegations": list(visibility.delegations)},
            "payload": payload}


_EVENT_COLUMNS = ("session_id", "seq", "type", "at", "actor", "visibility", "payload")


@cache
def _append_first(dialect: str, first_of_log: bool) -> Any:
    """INSERT INTO events (...) SELECT :session_id, :seq, ... WHERE EXISTS (the event at seq
    :expected, or for the log's first event the session). PostgreSQL reads the JSON columns'
    parameters as text in a SELECT list, so they are cast there (SQLite's CAST to JSON would
    turn them into numbers, and it needs none)."""
    table = EventRow.__table__

    def value(name: str) -> Any:
        param = bindparam(name, type_=table.c[name].type)
        return cast(param, table.c[name].type) if dialect == "postgresql" and name in ("visibility", "payload") else param

    if first_of_log:
        predecessor = select(SessionRow.id).where(SessionRow.id == bindparam("session_id"))
    else:
        predecessor = select(EventRow.seq).where(EventRow.session_id == bindparam("session_id"),
                                                 EventRow.seq == bindparam("expected"))
    rows = select(*map(value, _EVENT_COLUMNS)).where(exists(predecessor))
    return insert(table).from_select(_EVENT_COLUMNS, rows).execution_options(preserve_rowcount=True)


# --- snapshot blobs ----------------------------------------------------------------------


@cache
def rules_version() -> str:
    """A hash of the source of the rules and of the scenario converter. A snapshot folded by
    other rules code may differ from what this code folds, an old pickle of a slotted
    dataclass loads without error yet lacks any field added since, and a snapshot carries the
    conference spec as the converter of its day built it; so a snapshot from other code is
    treated as missing."""
    digest = hashlib.sha256()
    game = Path(rules.__file__).parent.parent
    for path in sorted([*(game / "rules").glob("*.py"), *(game / "scenario").glob("*.py")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


# The conference spec holds read-only mapping proxies, which pickle cannot take as they are.
_SNAPSHOT_PICKLING = copyreg.dispatch_table.copy()
_SNAPSHOT_PICKLING[MappingProxyType] = lambda proxy: (frozen_map, (dict(proxy),))


def _pickle(state: SessionState) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _SNAPSHOT_PICKLING
    pickler.dump((rules_version(), state))
    return buffer.getvalue()


def _unpickle(blob: bytes) -> SessionState | None:
    """The cached state, or None for anything unreadable: the log can always rebuild it."""
    try:
        version, state = pickle.loads(blob)  # our own database's blobs, never user input
    except Exception:
        return None
    if version != rules_version() or not isinstance(state, SessionState):
        return None
    return state


# --- engines and migrations --------------------------------------------------------------


def database_url(url: str | URL | None = None) -> URL:
    """The URL to use: the one given, else DATABASE_URL, else SQLite under instance/."""
    parsed = make_url(url or os.environ.get("DATABASE_URL") or DEFAULT_URL)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database)
        parsed = parsed.set(database=str(path if path.is_absolute() else REPO_ROOT / path))
    return parsed


def make_engine(url: str | URL | None = None, **options: Any) -> Engine:
    """An engine for the store; SQLite gets WAL (readers never block the writer), foreign keys
    and a busy timeout (a writer waits for another's commit instead of failing)."""
    resolved = database_url(url)
    if resolved.get_backend_name() != "sqlite":
        # A connection that died while the database was away is noticed at checkout and
        # replaced (_ping_when_idle), so service resumes by itself; a database that does not
        # answer makes a request fail after PLENARY_DB_TIMEOUT seconds rather than hang.
        timeout = int(float(os.environ.get("PLENARY_DB_TIMEOUT", "5")))
        options.setdefault("pool_timeout", timeout)
        # Connections kept open for the process's green threads: a burst of ballots needs
        # one per command in flight, and a connection opened and closed per query beyond
        # the pool would cost PostgreSQL a new backend each time.
        options.setdefault("pool_size", int(os.environ.get("PLENARY_DB_POOL", "20")))
        options.setdefault("max_overflow", int(os.environ.get("PLENARY_DB_POOL_OVERFLOW", "10")))
        if resolved.get_backend_name() == "postgresql":
            options.setdefault("connect_args", {"connect_timeout": max(1, timeout)})
        engine = create_engine(resolved, **options)
        _ping_when_idle(engine)
        return engine
    if resolved.database not in (None, "", ":memory:"):
        Path(resolved.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(resolved, **options)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


IDLE_BEFORE_PING = 1.0
"""Seconds a pooled connection may rest before it is pinged at checkout."""


def _ping_when_idle(engine: Engine) -> None:
    """Ping a pooled connection at checkout when it has rested a while (SQLAlchemy's
    pre-ping would ping at every checkout: a round trip more for every command in a burst of
    ballots). One that fails the ping is replaced by a new one (DisconnectionError), so after
    an outage or a restart of the database service resumes by itself. A connection used within
    the last second has just answered; if the database went away since, the request fails as
    unavailable, the pool discards its connections, and the next request gets new ones."""

    @event.listens_for(engine, "connect")
    def opened(dbapi_connection: Any, record: Any) -> None:
        record.info["returned"] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def returned(dbapi_connection: Any, record: Any) -> None:
        record.info["returned"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def checked_out(dbapi_connection: Any, record: Any, proxy: Any) -> None:
        if time.monotonic() - record.info.get("returned", float("-inf")) < IDLE_BEFORE_PING:
            return
        try:
            cursor = dbapi_connection.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_connection.commit()  # a rollback would drop the connection's prepared statements
        except Exception as error:  # whatever the driver raises for a connection that died
            raise DisconnectionError() from error


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def migrate(url: str | URL | None = None, revision: str = "head") -> None:
    """Bring the database's schema up to `revision` with the repository's Alembic scripts."""
    # Imported here so that the store itself depends on SQLAlchemy and the rules only.
    from alembic import command
    from alembic.config import Config

    # No ini file: migrations/env.py then leaves the caller's logging configuration alone.
    config = Config()
    config.set_main_option("script_location", str(REPO_ROOT / "migrations"))
    config.attributes["url"] = database_url(url)
    command.upgrade(config, revision)
