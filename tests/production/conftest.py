"""Several real server processes (`python app.py`, eventlet, the default mode) sharing one
PostgreSQL schema and Redis, as docs/deployment.md runs them, for the fault tests.

PostgreSQL (127.0.0.1:5432, database `test`) and Redis (127.0.0.1:6379) must be reachable:
without them these tests are skipped with a message saying so, or fail when
PLENARY_REQUIRE_SERVICES=1 (as in CI). Each cluster gets a fresh schema (dropped afterwards)
and sessions with fresh ids, so runs side by side do not see each other. No load balancer
stands in front: a test's clients connect to a process's own URL, and after a crash they
reconnect to another's, as the balancer would send them.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy import text

from game.rules.events import Recorded
from game.store import EventStore, make_engine
from tests.conftest import POSTGRES
from tests.realtime.conftest import Client, connect
from tests.servers import (
    ROOT,
    another_device,
    create_instructor,
    create_session,
    free_port,
    join,
    server_env,
    sign_in,
    wait_until,
)

from .proxy import Proxy

REDIS_URL = "redis://127.0.0.1:6379/0"


def _required(what: str, why: str) -> None:
    if os.environ.get("PLENARY_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{what} not reachable and PLENARY_REQUIRE_SERVICES=1: {why}", pytrace=False)
    pytest.skip(f"{what} not reachable: the tests of several server processes were skipped "
                f"(set PLENARY_REQUIRE_SERVICES=1 to fail instead): {why}")


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        _required("Redis at 127.0.0.1:6379", str(error))
    return REDIS_URL


# --- server processes --------------------------------------------------------------------


@dataclass
class Node:
    """One server process; it can be killed and started again on the same port."""

    name: str
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Node:
        return self.launch().ready()

    def launch(self) -> Node:
        with self.log.open("a") as out:
            self.process = subprocess.Popen(
                [sys.executable, str(ROOT / "app.py"), "--port", str(self.port)],
                cwd=self.log.parent, env=self.env, stdout=out, stderr=subprocess.STDOUT,
            )
        return self

    def ready(self) -> Node:
        """Once /healthz answers."""
        assert self.process is not None
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=1):
                    return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"server {self.name} did not come up:\n{self.output()}")
                time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL: no goodbye to anyone."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_all(nodes: list[Node]) -> None:
    """Start the processes side by side (each takes seconds to import and migrate)."""
    for node in nodes:
        node.launch()
    for node in nodes:
        node.ready()


@dataclass
class Cluster:
    nodes: list[Node]
    database_url: str
    """Straight to PostgreSQL (the test's own view of the log)."""
    proxy: Proxy | None
    store: EventStore
    clients: list[Client] = field(default_factory=list)

    def log(self, session_id: str) -> list[Recorded]:
        return self.store.load(session_id)

    def open(self, node: Node, session_id: str, view: str, http: requests.Session) -> Client:
        client = connect(node.base, session_id, view, http)
        self.clients.append(client)
        return client

    def close_clients(self) -> None:
        for client in self.clients:
            with contextlib.suppress(Exception):  # a client of a killed process may be gone
                client.close()


@pytest.fixture
def make_cluster(postgres_admin, redis_url, tmp_path_factory) -> Iterator[Callable[..., Cluster]]:
    """`make_cluster(n, proxy=False, **settings)`: n server processes on a fresh PostgreSQL
    schema and the shared Redis (under a prefix of their own), one instructor account; with
    `proxy`, the processes reach PostgreSQL through a Proxy the test can cut; `settings` are
    more environment variables. Stopped, and the schema dropped, after the test."""
    yield from _clusters(postgres_admin, redis_url, tmp_path_factory)


@pytest.fixture(scope="module")
def pair(postgres_admin, redis_url, tmp_path_factory) -> Iterator[Cluster]:
    """Two processes shared by a module's tests that harm no process."""
    for make in _clusters(postgres_admin, redis_url, tmp_path_factory):
        yield make(2)


def _clusters(postgres_admin, redis_url, tmp_path_factory) -> Iterator[Callable[..., Cluster]]:
    made: list[tuple[Cluster, str]] = []

    def make(n: int = 2, *, proxy: bool = False, **settings: str) -> Cluster:
        schema = f"plenary_prod_{uuid.uuid4().hex[:12]}"
        with postgres_admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        direct = _url(POSTGRES.host, POSTGRES.port, schema)
        gateway = Proxy((POSTGRES.host, POSTGRES.port)) if proxy else None
        served = _url("127.0.0.1", gateway.port, schema) if gateway else direct
        secret = secrets.token_hex(16)
        folder = tmp_path_factory.mktemp("cluster")
        env = server_env(direct, PLENARY_BATCH_WINDOW="0.05", PLENARY_SECRET_KEY=secret)
        create_instructor(direct, env)  # also migrates, once, before any process starts
        # A Redis prefix of its own: no news or throttle counts from another test's cluster.
        env = {**env, "DATABASE_URL": served, "REDIS_URL": redis_url, "PLENARY_DB_TIMEOUT": "2",
               "PLENARY_REDIS_PREFIX": f"plenary-test-{uuid.uuid4().hex[:8]}", **settings}
        nodes = [Node(chr(ord("A") + i), free_port(), env, folder / f"server-{chr(ord('a') + i)}.log") for i in range(n)]
        start_all(nodes)
        cluster = Cluster(nodes, direct, gateway, EventStore(make_engine(direct)))
        made.append((cluster, schema))
        return cluster

    yield make
    for cluster, schema in made:
        cluster.close_clients()
        for node in cluster.nodes:
            node.stop()
        if cluster.proxy:
            cluster.proxy.close()
        cluster.store.engine.dispose()
        with postgres_admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def _url(host: str | None, port: int | None, schema: str) -> str:
    url = POSTGRES.set(host=host, port=port).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


# --- people ------------------------------------------------------------------------------


@dataclass
class Person:
    """A page of the chair or of a student, which can move to another process."""

    view: str
    http: requests.Session
    client: Client
    player: str | None = None
    delegation: str | None = None
    held: int = 0
    pages: list[Client] = field(default_factory=list)

    def hello(self) -> dict[str, Any]:
        answer = self.client.hello(self.held)
        assert answer["ok"], answer
        self.held = answer["seq"]
        return answer

    def catch_up(self) -> int:
        self.held = max(self.held, self.client.seen_up_to())
        return self.held

    def move(self, cluster: Cluster, node: Node, session_id: str) -> dict[str, Any]:
        """Reconnect to `node` and resync from the last seq held (protocol section 5)."""
        self.catch_up()
        self.pages.append(self.client)
        self.client = cluster.open(node, session_id, self.view, self.http)
        return self.hello()

    def send(self, payload: dict[str, Any]) -> dict[str, Any]:
        for _ in range(40):
            answer = self.client.send(payload)
            if answer["ok"] or answer["error"]["code"] != "rate_limited":
                return answer
            time.sleep(0.15)
        return answer

    def everything(self) -> list[Client]:
        return [*self.pages, self.client]


@dataclass
class Room:
    """A session run across the cluster: the chair and seated students, each on a node."""

    cluster: Cluster
    session_id: str
    code: str
    chair: Person
    students: dict[str, Person]

    def command(self, payload: dict[str, Any]) -> dict[str, Any]:
        answer = self.chair.send(payload)
        assert answer["ok"], f"{payload['type']} failed: {answer}"
        return answer

    def log(self) -> list[Recorded]:
        return self.cluster.log(self.session_id)


def open_room(cluster: Cluster, chair_node: Node, seats: dict[str, Node]) -> Room:
    """The instructor signs in on `chair_node` and opens a session; one student per delegation
    in `seats` joins on the node given for it and is seated by the chair."""
    instructor = sign_in(chair_node.base)
    session_id, code = create_session(chair_node.base, instructor)
    chair = Person("chair", instructor, cluster.open(chair_node, session_id, "chair", instructor))
    chair.hello()
    room = Room(cluster, session_id, code, chair, {})
    for delegation, node in seats.items():
        http = join(node.base, code, f"Delegate of {delegation}", another_device())
        client = cluster.open(node, session_id, "delegate", http)
        student = Person("delegate", http, client)
        student.player = student.hello()["state"]["you"]["player"]
        room.command({"type": "SeatPlayer", "player": student.player, "name": f"Delegate of {delegation}", "delegation": delegation})
        wait_until(lambda c=client: c.messages("reseat"), what=f"{delegation}'s page to hear of its seat")
        assert student.hello()["state"]["you"]["delegation"] == delegation
        student.delegation = delegation
        room.students[delegation] = student
    return room


def to_the_vote(room: Room, proposer: str, objector: str, method: str = "show_of_hands") -> str:
    """An amendment to the preamble, blocked by one objection, then put to the vote; returns
    the decision's id."""
    room.command({"type": "ChangePhase", "phase": "decisions"})
    proposed = room.students[proposer].send({"type": "ProposeAmendment", "item": "preamble", "bracket": "b1", "text": "human rights obligations"})
    assert proposed["ok"], proposed
    amendment = next(r.event.amendment for r in room.log() if type(r.event).__name__ == "AmendmentProposed")
    subject = {"kind": "amendment", "id": amendment}
    room.command({"type": "CallForObjections", "subject": subject})
    assert room.students[objector].send({"type": "RaiseObjection", "reason": "Not yet."})["ok"]
    room.command({"type": "CloseDecision"})
    room.command({"type": "CallVote", "subject": subject, "method": method})
    return next(r.event.decision for r in reversed(room.log()) if type(r.event).__name__ == "VoteOpened")


def assert_gap_free(records: list[Recorded]) -> None:
    assert [r.seq for r in records] == list(range(1, len(records) + 1)), "the log has a gap or a repeat"
