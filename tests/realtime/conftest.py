"""The real server process, and real Socket.IO clients talking to it.

`server` starts `python app.py` once for the realtime suite (threading mode, a free port, a
temporary SQLite database, one instructor made with `plenary user create`, a 50 ms batch
window: `server_starter` in tests/servers.py). The helpers do what people do: an instructor
signs in and opens a session, a student joins it by code (tests/servers.py), and each of
them opens a socket as the chair, the projector or a delegate. Every client records every
message it receives, so a test can say what a person would have seen.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests
import socketio
import websocket

from tests.servers import (  # noqa: F401  (the tests import these from here)
    STARTER,
    Server,
    another_device,
    create_instructor,
    create_session,
    form_token,
    join,
    server_env,
    server_starter,
    sign_in,
    wait_until,
)

# --- the server --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def start_server(tmp_path_factory) -> Iterator[Callable[..., Server]]:
    """Starts real server processes (`python app.py ...`); stops them all at the end."""
    yield from server_starter(tmp_path_factory)


@pytest.fixture(scope="session")
def server(start_server) -> Server:
    """The realtime suite's server, in threading mode."""
    return start_server("--async-mode", "threading")


def cookie_header(http: requests.Session | None) -> dict[str, str]:
    if http is None or not http.cookies:
        return {}
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in http.cookies.items())}


# --- sockets -----------------------------------------------------------------------------


def walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object inside a message, at any depth."""
    if isinstance(value, dict):
        yield value
        for inner in value.values():
            yield from walk(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from walk(inner)


class Refused(Exception):
    """The server refused the socket connection; `str()` is its reason."""


@dataclass
class Client:
    """One open page: a Socket.IO client that records everything the server sends it."""

    sio: socketio.Client
    view: str
    received: list[tuple[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    ws: websocket.WebSocket | None = None

    # what arrived

    def record(self, name: str, data: Any) -> None:
        with self.lock:
            self.received.append((name, data))

    def messages(self, name: str) -> list[Any]:
        with self.lock:
            return [data for event, data in self.received if event == name]

    def batches(self) -> list[dict[str, Any]]:
        return self.messages("batch")

    def events(self) -> list[dict[str, Any]]:
        """Every event this client was given, in arrival order (hello answers and batches)."""
        out = []
        with self.lock:
            for name, data in self.received:
                if name == "batch" or (name == "hello" and data.get("ok")):
                    out.extend(data["events"])
        return out

    def seen_up_to(self) -> int:
        """The highest seq this client has been told about (hello or batch)."""
        marks = [0]
        with self.lock:
            for name, data in self.received:
                if name == "batch":
                    marks.append(data["to"])
                elif name == "hello" and data.get("ok"):
                    marks.append(data["seq"])
        return max(marks)

    def state(self) -> dict[str, Any]:
        """The page's picture: the last hello's state with every later batch's changes."""
        picture: dict[str, Any] = {}
        with self.lock:
            for name, data in self.received:
                if name == "hello" and data.get("ok"):
                    picture = dict(data["state"])
                elif name == "batch":
                    picture.update(data.get("state", {}))
                    picture.update(data.get("personal", {}))
        return picture

    def everything(self) -> str:
        """All it received, as one JSON text: for scanning for what must never be there."""
        with self.lock:
            return json.dumps(self.received)

    def wait_for_seq(self, seq: int, timeout: float = 5.0) -> None:
        wait_until(lambda: self.seen_up_to() >= seq, timeout=timeout, what=f"{self.view} to hear seq {seq}")

    def wait_for_event(
        self, kind: str, timeout: float = 5.0, where: Callable[[dict[str, Any]], bool] | None = None, **fields: Any
    ) -> dict[str, Any]:
        """The first event of this kind (with these field values, or matching `where`)."""

        def found():
            for e in self.events():
                body = e["event"]
                if body["type"] == kind and all(body.get(k) == v for k, v in fields.items()) and (where is None or where(body)):
                    return e
            return None

        return wait_until(found, timeout=timeout, what=f"{self.view} to receive {kind} {fields or ''}")

    # what it sends

    def hello(self, last_seq: int = 0) -> dict[str, Any]:
        answer = self.sio.call("hello", {"last_seq": last_seq}, timeout=5)
        self.record("hello", answer)
        return answer

    def send(self, payload: Any, timeout: float = 5) -> dict[str, Any]:
        answer = self.sio.call("command", payload, timeout=timeout)
        self.record("ack", answer)
        return answer

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()
        if self.ws is not None:
            # engineio leaves the socket open when the server drops the connection
            self.ws.shutdown()


class QuickClose(websocket.WebSocket):
    """Werkzeug's threaded server ends a socket without answering the client's close frame;
    websocket-client would wait 3 s for that answer every time a page closes."""

    def close(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("timeout", 0.05)
        super().close(*args, **kwargs)


def connect(
    base: str,
    session_id: str,
    view: str,
    http: requests.Session | None = None,
    *,
    headers: dict[str, str] | None = None,
    transport: str = "websocket",
    **client_options: Any,
) -> Client:
    """Open a socket as `view` with the browser's cookies; raises Refused with the reason."""
    websocket_options = {"class_": QuickClose, **client_options.pop("websocket_extra_options", {})}
    sio = socketio.Client(reconnection=False, websocket_extra_options=websocket_options, **client_options)
    client = Client(sio, view)
    refusal: list[Any] = []
    sio.on("*", lambda name, data=None: client.record(name, data))
    sio.on("connect_error", lambda data=None: refusal.append(data))
    sio.on("disconnect", lambda reason=None: client.record("disconnect", reason))
    try:
        sio.connect(
            base,
            headers={**cookie_header(http), **(headers or {})},
            auth={"session": session_id, "view": view},
            transports=[transport],
            wait_timeout=5,
        )
    except socketio.exceptions.ConnectionError as error:
        reason = refusal[0].get("message") if refusal and isinstance(refusal[0], dict) else str(error)
        raise Refused(reason) from None
    client.ws = getattr(sio.eio, "ws", None)
    return client


def refusal(base: str, session_id: str, view: str, http: requests.Session | None = None, **options: Any) -> str:
    """The reason the server gives for refusing this connection (fails if it accepts it)."""
    try:
        client = connect(base, session_id, view, http, **options)
    except Refused as refused:
        return str(refused)
    client.close()
    pytest.fail(f"the server accepted a {view} connection it should have refused")


# --- a conference in one test ------------------------------------------------------------


@dataclass
class Student:
    name: str
    http: requests.Session
    client: Client
    player: str
    delegation: str | None = None


@dataclass
class Conference:
    """One session on the server, with whoever the test brings into it."""

    server: Server
    instructor: requests.Session
    session_id: str
    code: str
    clients: list[Client] = field(default_factory=list)
    _chair: Client | None = None

    @property
    def base(self) -> str:
        return self.server.base

    def open(self, view: str, http: requests.Session | None = None, **options: Any) -> Client:
        client = connect(self.base, self.session_id, view, http, **options)
        self.clients.append(client)
        return client

    def chair(self) -> Client:
        """The chair's console (one per conference), said hello."""
        if self._chair is None:
            self._chair = self.open("chair", self.instructor)
            self._chair.hello()
        return self._chair

    def projector(self) -> Client:
        projector = self.open("projector", self.instructor)
        projector.hello()
        return projector

    def seq(self) -> int:
        """The session's seq now, as a fresh hello tells the chair."""
        return self.chair().hello()["seq"]

    def command(self, payload: dict[str, Any]) -> dict[str, Any]:
        """A chair's command that must succeed (after waiting, as a page would, if the chair
        has sent too many too fast)."""
        for _ in range(50):
            answer = self.chair().send(payload)
            if answer["ok"] or answer["error"]["code"] != "rate_limited":
                break
            time.sleep(0.15)
        assert answer["ok"], f"{payload['type']} failed: {answer}"
        return answer

    def barrier(self, *clients: Client) -> int:
        """The chair makes a public announcement and waits until every client has heard it.
        Messages to one socket arrive in order, so whatever was sent to these clients before
        has arrived by then: only now may a test say something never came."""
        seq = self.command({"type": "SendMessage", "audience": "public", "text": "The chair thanks the delegates."})["seq"]
        for client in clients:
            client.wait_for_seq(seq)
        return seq

    def student(self, name: str, delegation: str | None = None) -> Student:
        """A student joins by code, opens the delegate page and, if a delegation is given, is
        seated there by the chair and says hello again."""
        http = join(self.base, self.code, name, another_device())
        client = self.open("delegate", http)
        player = client.hello()["state"]["you"]["player"]
        student = Student(name, http, client, player)
        if delegation is not None:
            self.seat(student, delegation)
        return student

    def seat(self, student: Student, delegation: str) -> None:
        self.command({"type": "SeatPlayer", "player": student.player, "name": student.name, "delegation": delegation})
        wait_until(lambda: student.client.messages("reseat"), what=f"{student.name} to be told of the new seat")
        you = student.client.hello(student.client.seen_up_to())["state"]["you"]
        assert you["delegation"] == delegation
        student.delegation = delegation

    def close(self) -> None:
        closing = [threading.Thread(target=client.close) for client in self.clients]
        for thread in closing:
            thread.start()
        for thread in closing:
            thread.join(timeout=10)


@pytest.fixture(scope="session")
def instructor(server: Server) -> requests.Session:
    """The instructor's browser, signed in once: sign-ins are throttled per address."""
    return sign_in(server.base)


@pytest.fixture
def conference(server: Server, instructor: requests.Session) -> Iterator[Conference]:
    """A fresh classroom-starter session, opened by the signed-in instructor."""
    session_id, code = create_session(server.base, instructor)
    conference = Conference(server, instructor, session_id, code)
    yield conference
    conference.close()


# --- procedure shortcuts -----------------------------------------------------------------


def block_consensus(conference: Conference, proposer: Student, objector: Student) -> dict[str, str]:
    """Seek consensus on an amendment and see it blocked, as the starter's ITU rule asks
    before any vote: the chair opens plenary decisions, `proposer` amends the preamble's first
    bracket, the chair calls for objections, `objector` objects, the chair closes the question
    (blocked). Returns the amendment as a subject, ready to be put to the vote."""
    conference.command({"type": "ChangePhase", "phase": "decisions"})
    proposed = proposer.client.send(
        {"type": "ProposeAmendment", "item": "preamble", "bracket": "b1", "text": "human rights obligations"}
    )
    assert proposed["ok"], proposed
    amendment = conference.chair().wait_for_event("AmendmentProposed")["event"]["amendment"]
    subject = {"kind": "amendment", "id": amendment}
    conference.command({"type": "CallForObjections", "subject": subject})
    objected = objector.client.send({"type": "RaiseObjection", "reason": "Not without the access clause."})
    assert objected["ok"], objected
    conference.command({"type": "CloseDecision"})
    return subject


def bring_to_vote(conference: Conference, proposer: Student, objector: Student, *, method: str = "roll_call") -> str:
    """Put an amendment to the vote (by `method`) once consensus on it is blocked. Returns
    the amendment's id."""
    subject = block_consensus(conference, proposer, objector)
    conference.command({"type": "CallVote", "subject": subject, "method": method})
    return subject["id"]
