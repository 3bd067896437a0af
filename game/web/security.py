"""CSRF tokens for forms, a secret key that survives restarts, and rate limits for guesses
(join codes, seat tokens, passwords), shared through Redis by several processes."""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import threading
import time
from collections import deque
from pathlib import Path
from typing import Any

from flask import abort, request, session

log = logging.getLogger(__name__)


def secret_key(instance: Path) -> str:
    """The app's signing key: kept in instance/, so logins survive a restart and every
    process on the machine signs alike."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def csrf_token() -> str:
    token = session.get("csrf")
    if token is None:
        token = session["csrf"] = secrets.token_urlsafe(24)
    return token


def check_csrf() -> None:
    """Every form POST carries the token its page was rendered with."""
    if request.method != "POST" or request.blueprint is None:
        return
    sent = request.form.get("csrf_token", "")
    # As bytes: compare_digest refuses str with non-ASCII characters, which a forged form may hold.
    if not sent or not hmac.compare_digest(sent.encode(), session.get("csrf", "").encode()):
        abort(400, description="This form has expired; reload the page and try again.")


THROTTLES: list[Throttle] = []


def throttle(name: str, default: int, window: float = 60) -> Throttle:
    """A throttle whose limit is a setting: PLENARY_<NAME>_ATTEMPTS failed attempts a minute
    per address (0 turns the limit off). Counted in Redis when several processes share one
    (share_throttles), so that spreading guesses over the processes gains nothing."""
    limit = int(os.environ.get(f"PLENARY_{name}_ATTEMPTS", str(default)))
    made = Throttle(name.lower(), limit=limit if limit > 0 else 10**9, window=window)
    THROTTLES.append(made)
    return made


def share_throttles(redis_url: str | None, prefix: str) -> None:
    """Count every throttle's attempts in Redis (keys `<prefix>:throttle:<name>:<address>`),
    or, without a Redis URL, in this process."""
    client = None
    if redis_url:
        import redis  # only a deployment with REDIS_URL needs the package loaded

        client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
    for each in THROTTLES:
        each.share(client, prefix)


class Throttle:
    """At most `limit` attempts per `window` seconds per key (an IP address): a sliding
    window, in this process or, when shared, in a Redis sorted set per key. If Redis cannot be
    reached the process counts on its own meanwhile: guessing stays limited, per process."""

    def __init__(self, name: str, limit: int, window: float) -> None:
        self.name, self.limit, self.window = name, limit, window
        self.attempts: dict[str, deque[float]] = {}
        self.lock = threading.Lock()
        self.redis: Any = None
        self.prefix = "plenary"

    def share(self, client: Any, prefix: str) -> None:
        self.redis, self.prefix = client, prefix
        with self.lock:
            self.attempts.clear()

    def allow(self, key: str) -> bool:
        """Count an attempt, if there is room for it."""
        if self.exhausted(key):
            return False
        self.record(key)
        return True

    def exhausted(self, key: str) -> bool:
        if self.redis is not None:
            try:
                return self._shared_count(key) >= self.limit
            except Exception as error:  # redis.RedisError, without importing redis here
                log.warning("throttle %s: Redis unavailable (%s); counting in this process", self.name, error)
        with self.lock:
            return len(self._recent(key)) >= self.limit

    def record(self, key: str) -> None:
        if self.redis is not None:
            try:
                now = time.time()
                pipe = self.redis.pipeline()
                pipe.zadd(self._key(key), {f"{now}:{secrets.token_hex(4)}": now})
                pipe.expire(self._key(key), int(self.window) + 1)
                pipe.execute()
                return
            except Exception as error:
                log.warning("throttle %s: Redis unavailable (%s); counting in this process", self.name, error)
        with self.lock:
            self._recent(key).append(time.monotonic())

    def _key(self, key: str) -> str:
        return f"{self.prefix}:throttle:{self.name}:{key}"

    def _shared_count(self, key: str) -> int:
        pipe = self.redis.pipeline()
        pipe.zremrangebyscore(self._key(key), 0, time.time() - self.window)
        pipe.zcard(self._key(key))
        return int(pipe.execute()[1])

    def _recent(self, key: str) -> deque[float]:
        now = time.monotonic()
        recent = self.attempts.setdefault(key, deque())
        while recent and now - recent[0] > self.window:
            recent.popleft()
        return recent


seat_attempts = throttle("SEAT", 20)
"""Seat cookies that open nothing (on the socket and the delegate page): guessing seat tokens."""
