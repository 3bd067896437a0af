"""The abuse suite: a real server process (threading mode, SQLite; tests/servers.py) of its
own, and the realtime suite's clients and conference helpers (tests/realtime/conftest.py).

Hypothesis example counts are kept small (the whole suite shares CI's time); every example
is a real request to the real server.
"""

from __future__ import annotations

import time
from typing import Any

from game.store import EventStore, make_engine
from tests.realtime.conftest import Client, Server, conference, instructor, server, start_server  # noqa: F401  (fixtures)


def paced(client: Client, event: str, payload: Any) -> Any:
    """Send with an acknowledgement, as fast as the per-connection rate limit lets a page
    (8 a second): the tests want the server's answer to the payload, not `rate_limited`."""
    time.sleep(0.13)
    answer = client.sio.call(event, payload, timeout=5)
    client.record("ack", answer)
    return answer


def log_seq(on: Server, session_id: str) -> int:
    """The session's seq, read from the server's database directly."""
    engine = make_engine(on.database_url)
    try:
        return EventStore(engine).last_seq(session_id)
    finally:
        engine.dispose()
