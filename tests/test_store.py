"""The event store: a session's log goes in and comes back unchanged, in order, without gaps,
whichever writer gets there first; snapshots are a cache; a session pins its scenario text."""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text

import game.store as store_module
from game.rules import Actor, SessionState, execute, initial, replay
from game.rules import commands as c
from game.rules.events import MessageSent, Recorded
from game.rules.model import AgendaItem, Bloc, ConferenceSpec, DecisionRule, Delegation, frozen_map
from game.store import (
    DuplicateSession,
    EventRow,
    EventStore,
    SeqConflict,
    SessionNotFound,
    SnapshotRow,
    database_url,
    make_engine,
    migrate,
)
from tests.conftest import POSTGRES

SPEC = ConferenceSpec(
    id="wtpf-test",
    title="Test Conference on Telecommunications",
    delegations=(
        Delegation("FRA", "France", bloc="CEPT"),
        Delegation("DEU", "Germany", bloc="CEPT"),
        Delegation("USA", "United States"),
    ),
    blocs=(Bloc("CEPT", "European Conference of Postal and Telecommunications", lead="FRA"),),
    agenda=(AgendaItem("art1", "Article 1", "article", "Members shall [cooperate | consult].",
                       "majority"),),
    rules=frozen_map({"majority": DecisionRule("majority", "Simple majority")}),
)

SCENARIO_TEXT = "# Test Conference\nid: wtpf-test\ntitle: Test Conférence  \n\n"
CHAIR = Actor.chair("p0")
FRANCE = Actor.delegate("FRA", "p1")


def _session(store: EventStore, session_id: str = "s1", join_code: str | None = None) -> str:
    store.create_session(session_id, scenario_id=SPEC.id, scenario_text=SCENARIO_TEXT,
                         title=SPEC.title, created_at=1_700_000_000.25, join_code=join_code)
    return session_id


def _play() -> tuple[SessionState, list[Recorded]]:
    """A short session through the rules: opening, seats, a public and a private message."""
    script = [
        (CHAIR, c.StartSession(at=1_700_000_001.5)),
        (CHAIR, c.SeatPlayer(at=1_700_000_002.0, player="p1", name="Ana", delegation="FRA")),
        (CHAIR, c.SendMessage(at=1_700_000_003.125, audience="public", text="Welcome, delegates.")),
        (FRANCE, c.SendMessage(at=1_700_000_004.0, audience="delegations", to=("USA",),
                               text="Can we talk about Article 1?")),
        (FRANCE, c.SendMessage(at=1_700_000_005.0, audience="bloc", text="CEPT line: consult.")),
    ]
    state, log = initial(SPEC), []
    for actor, command in script:
        state, records = execute(state, actor, command)
        log.extend(records)
    return state, log


def _message(seq: int, sender: str, text: str) -> Recorded:
    return Recorded(seq, float(seq), f"delegate:{sender}",
                    MessageSent(f"M{seq}", sender, "public", (), text))


# --- the log -----------------------------------------------------------------------------


def test_events_come_back_as_they_were_appended(store):
    sid = _session(store)
    state, log = _play()
    store.append(sid, 0, log[:2])
    store.append(sid, 2, log[2:])

    assert store.load(sid) == log
    assert store.last_seq(sid) == len(log)
    assert replay(SPEC, store.load(sid)) == state


def test_load_returns_the_events_after_a_seq_up_to_another(store):
    """A reconnecting client asks for what followed the last seq it holds."""
    sid = _session(store)
    _, log = _play()
    store.append(sid, 0, log)

    assert store.load(sid, after=2) == log[2:]
    assert store.load(sid, after=1, upto=3) == log[1:3]
    assert store.load(sid, after=len(log)) == []


def test_a_private_message_is_stored_visible_to_its_parties_only(store):
    sid = _session(store)
    _, log = _play()
    store.append(sid, 0, log)

    with store.engine.connect() as connection:
        rows = dict(connection.execute(
            select(EventRow.seq, EventRow.visibility).where(EventRow.session_id == sid)).all())
    assert rows[3] == {"public": True, "delegations": []}
    assert rows[4] == {"public": False, "delegations": ["FRA", "USA"]}
    assert rows[5] == {"public": False, "delegations": ["DEU", "FRA"]}


def test_a_stale_expected_seq_conflicts_and_writes_nothing(store):
    sid = _session(store)
    _, log = _play()
    store.append(sid, 0, log[:3])
    late = [_message(3, "USA", "I was first!"), _message(4, "USA", "Was I?")]

    with pytest.raises(SeqConflict) as raised:
        store.append(sid, 2, late)

    assert (raised.value.session_id, raised.value.expected_seq) == (sid, 2)
    assert store.load(sid) == log[:3]


def test_a_writer_ahead_of_the_log_cannot_leave_a_gap(store):
    sid = _session(store)
    _, log = _play()
    store.append(sid, 0, log[:2])

    with pytest.raises(SeqConflict):
        store.append(sid, 3, [_message(4, "USA", "Skipping seq 3")])

    assert store.last_seq(sid) == 2


def test_records_must_follow_the_expected_seq_without_gaps(store):
    sid = _session(store)
    with pytest.raises(ValueError, match="seqs"):
        store.append(sid, 0, [_message(1, "FRA", "one"), _message(3, "FRA", "three")])
    assert store.last_seq(sid) == 0


def test_appending_to_an_unknown_session_fails(store):
    with pytest.raises(SessionNotFound):
        store.append("nowhere", 0, [_message(1, "FRA", "Hello?")])


def test_two_writers_never_leave_a_gap_or_a_duplicate(store):
    """Two processes taking commands for one session: each reads the last seq, appends after
    it, and on a conflict reads again. The log must come out 1..200, every message once."""
    sid = _session(store)
    appends = 100
    start = threading.Barrier(2)

    def writer(delegation: str) -> int:
        start.wait()
        conflicts = 0
        for n in range(appends):
            while True:
                last = store.last_seq(sid)
                try:
                    store.append(sid, last, [_message(last + 1, delegation, f"{delegation} {n}")])
                    break
                except SeqConflict:
                    conflicts += 1
        return conflicts

    with ThreadPoolExecutor(2) as pool:
        list(pool.map(writer, ["FRA", "USA"]))

    log = store.load(sid)
    assert [r.seq for r in log] == list(range(1, 2 * appends + 1))
    for delegation in ("FRA", "USA"):
        sent = [r.event.text for r in log if r.event.sender == delegation]
        assert sent == [f"{delegation} {n}" for n in range(appends)]


# --- snapshots ---------------------------------------------------------------------------


def test_a_snapshot_gives_back_the_state_it_cached(store):
    sid = _session(store)
    state, log = _play()
    store.append(sid, 0, log)
    store.save_snapshot(sid, state)

    cached = store.latest_snapshot(sid)
    assert cached == state
    assert replay(SPEC, store.load(sid, after=cached.seq), start=cached) == state


def test_the_latest_snapshot_at_or_before_a_seq_is_chosen(store):
    sid = _session(store)
    _, log = _play()
    store.append(sid, 0, log)
    for upto in (2, 4):
        store.save_snapshot(sid, replay(SPEC, log, upto))

    assert store.latest_snapshot(sid).seq == 4
    assert store.latest_snapshot(sid, upto=3).seq == 2
    assert store.latest_snapshot(sid, upto=1) is None


def test_saving_a_snapshot_twice_at_one_seq_keeps_one(store):
    sid = _session(store)
    state, log = _play()
    store.append(sid, 0, log)
    store.save_snapshot(sid, state, at=1.0)
    store.save_snapshot(sid, state, at=2.0)

    with store.engine.connect() as connection:
        rows = connection.execute(select(SnapshotRow.created_at)).scalars().all()
    assert rows == [2.0]
    assert store.latest_snapshot(sid) == state


def test_an_unreadable_snapshot_is_treated_as_missing(store):
    sid = _session(store)
    with store.engine.begin() as connection:
        connection.execute(SnapshotRow.__table__.insert().values(
            session_id=sid, seq=3, state=b"not a pickle", created_at=0.0))
    assert store.latest_snapshot(sid) is None


def test_a_snapshot_from_other_rules_code_is_treated_as_missing(store, monkeypatch):
    """Another version of the rules might fold the same log differently."""
    sid = _session(store)
    state, log = _play()
    store.append(sid, 0, log)
    store.save_snapshot(sid, state)
    monkeypatch.setattr(store_module, "rules_version", lambda: "rules of another release")
    assert store.latest_snapshot(sid) is None


# --- sessions ----------------------------------------------------------------------------


def test_a_session_pins_the_exact_scenario_text_it_started_with(store):
    sid = _session(store, join_code="ABC123")

    stored = store.get_session(sid)
    assert stored.scenario_text == SCENARIO_TEXT
    assert stored.scenario_version == hashlib.sha256(SCENARIO_TEXT.encode()).hexdigest()
    assert (stored.title, stored.created_at, stored.status) == (SPEC.title, 1_700_000_000.25, "open")
    assert store.session_by_join_code("ABC123") == stored


def test_a_scenario_version_must_match_the_text(store):
    with pytest.raises(ValueError, match="sha256"):
        store.create_session("s1", scenario_id=SPEC.id, scenario_text=SCENARIO_TEXT,
                             title=SPEC.title, created_at=0.0, scenario_version="0" * 64)
    assert store.get_session("s1") is None


def test_session_ids_and_join_codes_are_unique(store):
    _session(store, "s1", join_code="ABC123")
    with pytest.raises(DuplicateSession):
        _session(store, "s1")
    with pytest.raises(DuplicateSession):
        _session(store, "s2", join_code="ABC123")
    assert [s.id for s in store.list_sessions()] == ["s1"]


def test_sessions_are_listed_newest_first(store):
    for n, sid in enumerate(["old", "new"]):
        store.create_session(sid, scenario_id=SPEC.id, scenario_text=SCENARIO_TEXT,
                             title=sid, created_at=float(n))
    store.set_status("old", "ended")
    assert [(s.id, s.status) for s in store.list_sessions()] == [("new", "open"), ("old", "ended")]
    assert store.get_session("missing") is None


# --- schema, engines ---------------------------------------------------------------------


def _head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(Path(store_module.__file__).resolve().parents[1] / "migrations"))
    return ScriptDirectory.from_config(config).get_current_head()


def test_migrations_create_the_tables_on_an_empty_database(database_url):
    migrate(database_url)
    migrate(database_url)  # a second run finds nothing to do
    engine = make_engine(database_url)
    try:
        schema = inspect(engine)
        assert {"sessions", "events", "snapshots", "instructors", "seats"} <= set(schema.get_table_names())
        assert schema.get_pk_constraint("events")["constrained_columns"] == ["session_id", "seq"]
        assert schema.get_pk_constraint("snapshots")["constrained_columns"] == ["session_id", "seq"]
        assert {c["name"] for c in schema.get_columns("sessions")} >= {"scenario_text", "join_code"}
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT version_num FROM alembic_version")) == _head_revision()
    finally:
        engine.dispose()


def test_the_default_database_is_a_sqlite_file_under_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    repo = Path(store_module.__file__).resolve().parents[1]
    assert database_url().database == str(repo / "instance" / "plenary.db")


def test_database_url_from_the_environment_uses_psycopg(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://plenary@db.example:5432/plenary")
    url = database_url()
    assert (url.drivername, url.host, url.database) == ("postgresql+psycopg", "db.example", "plenary")
    assert database_url("sqlite:////tmp/given.db").database == "/tmp/given.db"


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'plenary.db'}")
    try:
        with engine.connect() as connection:
            pragmas = [connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                       for name in ("journal_mode", "foreign_keys", "busy_timeout")]
        assert pragmas == ["wal", 1, 5000]
    finally:
        engine.dispose()



@pytest.fixture
def postgres_url(postgres_admin) -> Iterator[str]:
    """An empty PostgreSQL schema of this test's own."""
    schema = f"plenary_test_{uuid.uuid4().hex[:12]}"
    with postgres_admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield POSTGRES.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    with postgres_admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.mark.postgres
def test_reads_keep_the_connections_prepared_statements_on_postgresql(postgres_url):
    """A ballot's append is one statement that psycopg prepares after a few uses; a read that
    ended in ROLLBACK would make it drop every prepared statement, so each append after a read
    was parsed and planned afresh. Reads and single appends run in autocommit."""
    migrate(postgres_url)
    engine = make_engine(postgres_url, pool_size=1, max_overflow=0)  # one connection: the same each time
    try:
        store = EventStore(engine)
        sid = _session(store)
        for seq in range(1, 9):
            store.append(sid, seq - 1, [_message(seq, "FRA", f"Point {seq}.")])
        assert [r.seq for r in store.load(sid, after=6)] == [7, 8]
        assert store.get_session(sid) is not None
        store.append(sid, 8, [_message(9, "DEU", "Agreed.")])
        with engine.connect() as connection:
            prepared = connection.exec_driver_sql(
                "SELECT statement FROM pg_prepared_statements").scalars().all()
        assert [s for s in prepared if s.startswith("INSERT INTO events")], prepared
        assert store.last_seq(sid) == 9
    finally:
        engine.dispose()
