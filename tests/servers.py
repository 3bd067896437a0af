"""The real server process, and people reaching it over HTTP: shared by the suites that test
Plenary from outside (tests/realtime with Socket.IO clients, tests/browser with Chromium).

`server_starter` starts `python app.py` (a free port, a temporary SQLite database, one
instructor made with `plenary user create`, a 50 ms batch window) and stops every server it
started at the end of the run. A conftest that imports it gets its own servers. The helpers
do what people do in a browser, with `requests`: an instructor signs in and opens a session,
a student joins it by code (from a device of their own: `another_device`).
"""

from __future__ import annotations

import itertools
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parents[1]
INSTRUCTOR = "teacher"
PASSWORD = "correct horse battery"
STARTER = "classroom-starter"


# --- waiting -----------------------------------------------------------------------------


def wait_until(condition: Callable[[], Any], *, timeout: float = 5.0, what: str = "the condition") -> Any:
    """Poll `condition` until it is truthy (and return it), or fail saying what never came."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:g} s for {what}", pytrace=True)
        time.sleep(0.02)


# --- the server --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    base: str
    database_url: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def server_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": database_url, "PLENARY_SECRET_KEY": secrets.token_hex(16), **extra}
    for name in ("PLENARY_ASYNC_MODE", "PLENARY_ORIGINS", "REDIS_URL", "PLENARY_REDIS_PREFIX", "PLENARY_PROXIES"):
        env.pop(name, None)
    return env


def create_instructor(database_url: str, env: dict[str, str], username: str = INSTRUCTOR) -> None:
    """`plenary user create USERNAME --password PASSWORD`, as an administrator would."""
    plenary = Path(sys.executable).with_name("plenary")
    subprocess.run(
        [str(plenary), "--database", database_url, "user", "create", username, "--password", PASSWORD],
        env=env, check=True, capture_output=True, timeout=60,
    )


def server_starter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Server]]:
    """The body of a session-scoped `start_server` fixture (each suite's conftest declares
    its own, so each suite gets its own servers): yields `start(*args)`, which starts a real
    server process (`python app.py ...`) and returns it once /healthz answers; stops them all
    at the end. `start(*args, instructor=False)` leaves the server without an instructor (a
    fresh install, whose /login sends the first visitor to /signup)."""
    started: list[Server] = []

    def start(*args: str, instructor: bool = True) -> Server:
        folder = tmp_path_factory.mktemp("server")
        database_url = f"sqlite:///{folder / 'plenary.db'}"
        env = server_env(database_url, PLENARY_BATCH_WINDOW="0.05")
        if instructor:
            create_instructor(database_url, env)
        port = free_port()
        log = folder / "server.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [sys.executable, str(ROOT / "app.py"), "--port", str(port), *args],
                cwd=folder, env=env, stdout=out, stderr=subprocess.STDOUT,
            )
        server = Server(f"http://127.0.0.1:{port}", database_url, process, log)
        started.append(server)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{server.base}/healthz", timeout=1):
                    return server
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the server did not come up:\n{server.output()}")
                time.sleep(0.1)

    yield start
    for server in started:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


# --- people on the web -------------------------------------------------------------------


def form_token(http: requests.Session, url: str) -> str:
    page = http.get(url, timeout=5)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no CSRF token in {url}"
    return found.group(1)


def sign_in(base: str, username: str = INSTRUCTOR) -> requests.Session:
    """An instructor's browser, signed in."""
    http = requests.Session()
    response = http.post(
        f"{base}/login",
        data={"csrf_token": form_token(http, f"{base}/login"), "username": username, "password": PASSWORD},
        allow_redirects=False, timeout=5,
    )
    assert response.status_code == 302, f"sign-in failed: {response.status_code}"
    return http


def create_session(base: str, instructor: requests.Session, scenario: str = STARTER) -> tuple[str, str]:
    """The instructor opens a session from a bundled scenario: (session id, join code)."""
    response = instructor.post(
        f"{base}/sessions",
        data={"csrf_token": form_token(instructor, f"{base}/dashboard"), "scenario": scenario},
        allow_redirects=False, timeout=5,
    )
    assert response.status_code == 302, f"creating a session failed: {response.status_code}"
    session_id = response.headers["Location"].split("/")[2]
    chair_page = instructor.get(f"{base}/s/{session_id}/chair", timeout=5).text
    code = re.search(r'data-code="(\w+)"', chair_page)
    assert code, "the chair's page shows no join code"
    return session_id, code.group(1)


class FromAddress(HTTPAdapter):
    """Connects from a given loopback address, as if from another device in the room."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


_devices = itertools.count(2)


def another_device() -> str:
    """A fresh loopback address (127.0.x.y): the join throttle counts attempts per address,
    and a classroom's students each have their own device."""
    n = next(_devices)
    return f"127.0.{n // 250 % 250}.{n % 250 + 2}"


def join(base: str, code: str, name: str, address: str | None = None) -> requests.Session:
    """A student's browser, joined by code (it now holds the httpOnly seat cookie)."""
    http = requests.Session()
    if address is not None:
        http.mount("http://", FromAddress(address))
    response = http.post(
        f"{base}/join",
        data={"csrf_token": form_token(http, f"{base}/"), "code": code.lower(), "name": name},
        allow_redirects=False, timeout=5,
    )
    assert response.status_code == 302, f"joining failed: {response.status_code} {response.text[:300]}"
    return http
