"""CSRF tokens for forms, a secret key that survives restarts, and small in-memory rate
limits for guesses (join codes, passwords)."""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import deque
from pathlib import Path

from flask import abort, request, session


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
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, description="This form has expired; reload the page and try again.")


def throttle(name: str, default: int, window: float = 60) -> Throttle:
    """A throttle whose limit is a setting: PLENARY_<NAME>_ATTEMPTS failed attempts a minute
    per address (0 turns the limit off). Counted in each server process: behind a load
    balancer that keeps an address on one process (docs/deployment.md) that is per address."""
    limit = int(os.environ.get(f"PLENARY_{name}_ATTEMPTS", str(default)))
    return Throttle(limit=limit if limit > 0 else 10**9, window=window)


class Throttle:
    """At most `limit` attempts per `window` seconds per key (an IP address)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit, self.window = limit, window
        self.attempts: dict[str, deque[float]] = {}
        self.lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count an attempt, if there is room for it."""
        if self.exhausted(key):
            return False
        self.record(key)
        return True

    def exhausted(self, key: str) -> bool:
        with self.lock:
            return len(self._recent(key)) >= self.limit

    def record(self, key: str) -> None:
        with self.lock:
            self._recent(key).append(time.monotonic())

    def _recent(self, key: str) -> deque[float]:
        now = time.monotonic()
        recent = self.attempts.setdefault(key, deque())
        while recent and now - recent[0] > self.window:
            recent.popleft()
        return recent


seat_attempts = throttle("SEAT", 20)
"""Seat cookies that open nothing (on the socket and the delegate page): guessing seat tokens."""
