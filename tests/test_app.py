"""The real server process, as `make run` starts it: in the default async mode (eventlet),
and in gevent mode, the other green-thread server a deployment may pick."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(params=["default", "gevent"])
def server(request, tmp_path):
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'served.db'}"}
    env.pop("PLENARY_ASYNC_MODE", None)
    mode = [] if request.param == "default" else ["--async-mode", request.param]
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py"), "--port", str(port), *mode],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=1)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"the server exited: {process.stdout.read()}")
            time.sleep(0.2)
    yield base, process, "eventlet" if request.param == "default" else request.param
    process.terminate()
    process.wait(timeout=10)
    process.stdout.close()


def test_python_app_py_serves_the_home_page_and_sockets(server):
    base, process, mode = server
    with urllib.request.urlopen(f"{base}/", timeout=5) as response:
        html = response.read().decode()
    assert response.status == 200
    assert "Join a conference" in html
    with urllib.request.urlopen(f"{base}/socket.io/?EIO=4&transport=polling", timeout=5) as handshake:
        opened = handshake.read().decode()
    assert '"upgrades":["websocket"]' in opened, "the socket server answers and offers websockets"
    process.terminate()
    output = process.stdout.read()
    assert f"({mode})" in output
    assert "DeprecationWarning" not in output
