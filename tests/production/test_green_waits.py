"""A query waiting on PostgreSQL yields to the process's other green threads.

In a green-thread server (eventlet by default, or gevent) one process serves every socket on
one OS thread. psycopg 3 waits for the database's answer in C unless told otherwise, and under
eventlet that wait stopped everything else in the process for the query's whole round trip.
app.py picks psycopg's select-based wait, which the monkey-patching makes green; these tests
run a real `app.patch(mode)` in a child process, as `python app.py` does, and check that a
ticker in one green thread keeps running while another waits on `pg_sleep` through the
project's own engine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import POSTGRES
from tests.servers import ROOT

CHILD = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    import app
    app.patch(sys.argv[2])                  # as `python app.py` does, before anything else
    import threading, time                  # green now
    from sqlalchemy import text
    from game import store

    engine = store.make_engine(sys.argv[3])
    with engine.connect() as connection:    # connect first: only the query's wait is measured
        connection.execute(text("select 1"))
    ticks, query = [], {}

    def slow():
        with engine.connect() as connection:
            query["start"] = time.monotonic()
            connection.execute(text("select pg_sleep(0.6)"))
            query["end"] = time.monotonic()

    def ticker():
        deadline = time.monotonic() + 1.2
        while time.monotonic() < deadline:
            ticks.append(time.monotonic())
            time.sleep(0.01)

    threads = [threading.Thread(target=ticker), threading.Thread(target=slow)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    during = sum(1 for t in ticks if query["start"] < t < query["end"])
    import psycopg.waiting
    print(json.dumps({"during": during, "wait": psycopg.waiting.wait.__name__}))
    """
)


@pytest.mark.postgres
@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_a_slow_query_does_not_stop_the_other_green_threads(mode, postgres_admin):
    env = {k: v for k, v in os.environ.items() if k != "PSYCOPG_WAIT_FUNC"}
    url = POSTGRES.render_as_string(hide_password=False)
    done = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), mode, url], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    # Blocked, the ticker gets at most the one turn it took before the query went out; green,
    # it ticks every 10 ms of the 600 ms the query waits.
    assert seen["during"] >= 10, f"the ticker stood still while the query waited ({seen})"
