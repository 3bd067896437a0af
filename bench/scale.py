"""Scale-out benchmark: one server process against two, sharing PostgreSQL and Redis.

    .venv/bin/python bench/scale.py                 # 500 clients, 5 sessions, 1 and 2 processes
    .venv/bin/python bench/scale.py --clients 200   # fewer clients (still 5 sessions)

Needs PostgreSQL at 127.0.0.1:5432 (database `test`, trust auth), Redis at 127.0.0.1:6379,
Node and `npm install` (socket.io-client). It prints figures; it tests nothing. Every run
gets a fresh PostgreSQL schema, dropped at the end.

What runs: for P = 1 and P = 2, P processes `python app.py` (eventlet, the default mode) with
the same DATABASE_URL and REDIS_URL and PLENARY_BATCH_WINDOW=0 (a batch as soon as the last
one went out, so the number of messages follows the server's pace, not a fixed window, and
messages per second measures capacity). Five sessions of bench/fanout.py's synthetic
conference (100 delegations each) are prepared through the Python API: the decisions phase,
a show-of-hands vote open, one student seated per delegation. The clients (one Node process,
bench/scale/swarm.js) are spread evenly over the processes, as a load balancer would spread
students. In every session at once, 4 voters at a time cast their ballot (the next as soon as
one is acknowledged) until every client has voted.

Printed, per P: messages delivered per second (socket messages received by all clients,
from the first ballot until every client holds its session's last seq); p95 ballot-to-tally
latency (from a ballot's send to each client of its session receiving a batch that reaches
the ballot's seq, over all ballot-client pairs); lost messages (a client's batch that starts
past what it held, or a client that never reached its session's last seq; must be 0) and
ballots stored against acknowledged. The ratio of 2 processes to 1 is the figure to read:
the target is at least 1.5x.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import URL  # noqa: E402

from game import scenario as scenarios  # noqa: E402
from game import store  # noqa: E402
from game.accounts import Accounts  # noqa: E402
from game.realtime import seat_cookie  # noqa: E402
from game.rules import commands as c  # noqa: E402
from game.rules import events as e  # noqa: E402
from game.rules.values import Actor, Subject  # noqa: E402
from game.service import Classroom, Service  # noqa: E402

POSTGRES = URL.create("postgresql+psycopg", username="postgres", host="127.0.0.1", port=5432, database="test")
REDIS_URL = "redis://127.0.0.1:6379/0"
SWARM = ROOT / "bench" / "scale" / "swarm.js"
SESSIONS = 5
LANES = 4


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def synthetic(n: int) -> scenarios.Scenario:
    spec = importlib.util.spec_from_file_location("bench_fanout", ROOT / "bench" / "fanout.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return scenarios.load_text(module.scenario_yaml(n), f"synthetic-{n}")


def prepare(classroom: Classroom, scenario: scenarios.Scenario, per_session: int) -> list[tuple[str, list[str]]]:
    """Sessions with a show-of-hands vote open and a student seated per delegation: (id, cookies)."""
    chair = Actor.chair()
    delegations = [d.id for d in scenario.spec.delegations]
    out = []
    for k in range(SESSIONS):
        session_id = classroom.open_session(scenario, owner_id=None, title=f"Scale {k + 1}")
        classroom.handle(session_id, chair, c.ChangePhase(phase="decisions"))
        classroom.handle(session_id, chair, c.AdvanceReading(item="act1"))
        code = classroom.service.store.get_session(session_id).join_code
        cookies = []
        for i in range(per_session):
            _, player, token, _ = classroom.join(code, f"Student {i + 1}")
            classroom.handle(session_id, chair, c.SeatPlayer(player=player, name=f"Student {i + 1}", delegation=delegations[i]))
            cookies.append(f"{seat_cookie(session_id)}={token}")
        classroom.handle(session_id, chair, c.CallVote(subject=Subject("item", "act1"), method="show_of_hands"))
        out.append((session_id, cookies))
    return out


def start(processes: int, url: str, workdir: Path) -> list[tuple[subprocess.Popen, int]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLENARY_", "DATABASE_URL", "REDIS_URL"))}
    env.update(DATABASE_URL=url, REDIS_URL=REDIS_URL, PLENARY_SECRET_KEY=secrets.token_hex(32),
               PLENARY_BATCH_WINDOW="0", PYTHONUNBUFFERED="1")
    started = []
    for i in range(processes):
        port = free_port()
        log = (workdir / f"server-{i}.log").open("w")
        started.append((subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=workdir, env=env,
                                         stdout=log, stderr=subprocess.STDOUT), port))
    for process, port in started:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server on {port} did not start; see {workdir}") from None
                time.sleep(0.2)
    return started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def run(processes: int, clients: int, scenario: scenarios.Scenario, admin, workdir: Path) -> dict:
    schema = f"plenary_bench_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = POSTGRES.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    servers = []
    try:
        store.migrate(url)
        engine = store.make_engine(url)
        classroom = Classroom(Service(store.EventStore(engine)), Accounts(engine))
        sessions = prepare(classroom, scenario, clients // SESSIONS)
        servers = start(processes, url, workdir)
        config = {
            "sessions": [{"id": sid, "clients": [{"url": f"http://127.0.0.1:{servers[i % processes][1]}", "cookie": cookie}
                                                 for i, cookie in enumerate(cookies)]} for sid, cookies in sessions],
            "lanes": LANES,
            "out": str(workdir / f"out-{processes}.json"),
        }
        path = workdir / f"config-{processes}.json"
        path.write_text(json.dumps(config))
        subprocess.run(["node", str(SWARM), str(path)], check=True, timeout=330, stdout=subprocess.DEVNULL)
        result = json.loads(Path(config["out"]).read_text())
        stored = sum(1 for sid, _ in sessions for r in classroom.service.log(sid) if isinstance(r.event, e.BallotCast))
        engine.dispose()
        return figures(result, stored)
    finally:
        for process, _ in servers:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))


def figures(result: dict, stored: int) -> dict:
    wall = (result["end"] - result["start"]) / 1000
    messages = sum(client["messages"] for client in result["clients"])
    by_session: dict[str, list[dict]] = {}
    for client in result["clients"]:
        by_session.setdefault(client["session"], []).append(client)
    latencies = []
    for ballot in result["ballots"]:
        if not ballot["ok"]:
            continue
        for client in by_session[ballot["session"]]:
            arrival = next((t for t, _, to in client["batches"] if to >= ballot["seq"]), None)
            if arrival is not None:
                latencies.append(arrival - ballot["sent"])
    lost = 0
    for client in result["clients"]:
        held = client["hello_seq"]
        for _, start, to in sorted(client["batches"], key=lambda b: b[0]):
            if start > held + 1:
                lost += 1
            held = max(held, to)
        if held < result["final_seq"][client["session"]]:
            lost += 1
    acked = sum(1 for b in result["ballots"] if b["ok"])
    return {"wall_s": wall, "messages": messages, "per_s": messages / wall, "p95_ms": percentile(latencies, 95),
            "p50_ms": percentile(latencies, 50), "lost": lost, "acked": acked, "stored": stored,
            "refused": len(result["ballots"]) - acked, "ballots_per_s": acked / ((result["last_ack"] - result["start"]) / 1000)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500, help="clients in all, over 5 sessions (default 500)")
    args = parser.parse_args()
    if shutil.which("node") is None or not (ROOT / "node_modules" / "socket.io-client").exists():
        print("bench/scale.py needs Node and `npm install` (socket.io-client)", file=sys.stderr)
        return 2
    admin = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        with admin.connect():
            pass
    except Exception as error:
        print(f"bench/scale.py needs PostgreSQL at 127.0.0.1:5432 and Redis at 127.0.0.1:6379: {error}", file=sys.stderr)
        return 2
    scenario = synthetic(max(100, args.clients // SESSIONS))
    print(f"{args.clients} clients across {SESSIONS} concurrent sessions, {LANES} voters at a time per session, "
          f"every client votes once; PostgreSQL + Redis; eventlet; batch window 0; {os.cpu_count()} CPU cores, "
          f"load average {os.getloadavg()[0]:.2f} at the start")
    rows = {}
    with tempfile.TemporaryDirectory(prefix="plenary-scale-") as folder:
        for processes in (1, 2):
            workdir = Path(folder) / f"p{processes}"
            workdir.mkdir()
            rows[processes] = row = run(processes, args.clients, scenario, admin, workdir)
            print(f"{processes} process{'es' if processes > 1 else ''}: {row['per_s']:8.0f} messages delivered/s "
                  f"({row['messages']} in {row['wall_s']:.1f} s), {row['ballots_per_s']:.0f} ballots/s, "
                  f"ballot-to-tally p50 {row['p50_ms']:.0f} ms, p95 {row['p95_ms']:.0f} ms, lost messages {row['lost']}, "
                  f"ballots acknowledged {row['acked']} / stored {row['stored']} (refused {row['refused']})", flush=True)
    admin.dispose()
    ratio = rows[2]["per_s"] / rows[1]["per_s"]
    lost = rows[1]["lost"] + rows[2]["lost"]
    print(f"2 processes / 1: {ratio:.2f}x messages per second (target >= 1.5x: {'PASS' if ratio >= 1.5 else 'MISS'}); "
          f"lost messages {lost} (must be 0: {'PASS' if lost == 0 else 'MISS'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
