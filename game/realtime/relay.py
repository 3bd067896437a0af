"""News between server processes: "session S has stored events up to seq N".

Each server process sends batches to its own sockets only, so what a process remembers
having sent (batching's per-room memory) is exactly what its clients hold. A process that
stores events tells the others through Redis (`REDIS_URL`, the same server as Flask-SocketIO's
message queue, on a channel of its own); each process that has clients watching the session
then reads the new events from the database and sends its own batch. The news is tiny (a
session id and two seqs), so the database stays the only source of events, and lost news
costs latency, not events: each process's ticker also notices a log that moved past what it
sent.

A command is acknowledged without waiting for Redis: the news goes out from a task of its
own, and what is stored while one piece of news is on its way goes out as one piece per
session (from the first new seq to the last), so a burst of ballots costs a publish per
round trip to Redis, not one per ballot.

Without REDIS_URL there is one process, and the news goes straight back to it.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

Notify = Callable[[str, int], None]
"""Called with (session id, first new seq) for news from another process."""

CHANNEL = "plenary:news"
"""The default channel: `<PLENARY_REDIS_PREFIX>:news`, the prefix `plenary` unless set."""
log = logging.getLogger(__name__)


class Relay:
    """One process: nothing to tell anyone."""

    def publish(self, session_id: str, first_seq: int, last_seq: int) -> None:
        return None

    def start(self, start_task: Callable[..., Any], notify: Notify) -> None:
        return None


class RedisRelay(Relay):
    """Several processes: news goes out on a Redis channel and comes in on a listener task."""

    def __init__(self, url: str, *, channel: str = CHANNEL, retry: float = 1.0) -> None:
        import redis  # only a deployment with REDIS_URL needs the package loaded

        self._redis_module = redis
        self.client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=5)
        # The listener waits for news as long as there is none: no read timeout, but TCP
        # keepalive and a periodic ping notice a Redis that went away.
        self.listener = redis.Redis.from_url(url, socket_connect_timeout=2, socket_keepalive=True,
                                             health_check_interval=30)
        self.channel = channel
        self.origin = uuid.uuid4().hex
        self.retry = retry
        self._started = False
        self._start_task: Callable[..., Any] | None = None
        self._pending: dict[str, tuple[int, int]] = {}
        """News not yet sent: session id -> (first seq, last seq)."""
        self._sending = False
        self._lock = threading.Lock()

    def publish(self, session_id: str, first_seq: int, last_seq: int) -> None:
        """Tell the other processes, from the sender task (at once, before start())."""
        if self._start_task is None:
            self._send(session_id, first_seq, last_seq)
            return
        with self._lock:
            held = self._pending.get(session_id)
            self._pending[session_id] = (held[0] if held else first_seq, last_seq)
            if self._sending:
                return
            self._sending = True
        self._start_task(self._send_pending)

    def _send_pending(self) -> None:
        while True:
            with self._lock:
                if not self._pending:
                    self._sending = False
                    return
                pending, self._pending = self._pending, {}
            try:
                for session_id, (first_seq, last_seq) in pending.items():
                    self._send(session_id, first_seq, last_seq)
            except Exception:  # never leave the sender marked busy: later news would wait forever
                log.exception("news to the other processes failed; their tickers will catch up")

    def _send(self, session_id: str, first_seq: int, last_seq: int) -> None:
        message = json.dumps({"o": self.origin, "s": session_id, "f": first_seq, "l": last_seq})
        try:
            self.client.publish(self.channel, message)
        except self._redis_module.RedisError as error:
            # The events are stored; the other processes' tickers will notice them.
            log.warning("could not tell the other processes about session %s: %s", session_id, error)

    def start(self, start_task: Callable[..., Any], notify: Notify) -> None:
        if self._started:
            return
        self._started = True
        self._start_task = start_task
        start_task(self._listen, notify)

    def _listen(self, notify: Notify) -> None:
        import time

        while True:
            try:
                pubsub = self.listener.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(self.channel)
                for message in pubsub.listen():
                    news = _parse(message.get("data"))
                    if news is not None and news[0] != self.origin:
                        notify(news[1], news[2])
            except self._redis_module.RedisError as error:
                log.warning("news from other processes interrupted (%s); listening again", error)
            except Exception:  # never let one bad message end the listener
                log.exception("news listener failed; listening again")
            time.sleep(self.retry)


def _parse(data: Any) -> tuple[str, str, int] | None:
    try:
        news = json.loads(data)
        origin, session_id, first = news["o"], news["s"], news["f"]
    except (TypeError, ValueError, KeyError):
        return None
    if not (isinstance(origin, str) and isinstance(session_id, str) and isinstance(first, int)):
        return None
    return origin, session_id, first


def relay_for(url: str | None, *, channel: str = CHANNEL) -> Relay:
    return RedisRelay(url, channel=channel) if url else Relay()
