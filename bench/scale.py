"""Scale-out benchmark: one server process against two, sharing PostgreSQL and Redis.

    .venv/bin/python bench/scale.py                 # 500 clients, 5 sessions, 1 and 2 processes
    .venv/bin/python bench/scale.py --clients 200   # fewer clients (still 5 sessions)
    .venv/bin/python bench/scale.py --window 0.1    # one batch window only (default: 0 and 0.1)
    .venv/bin/python bench/scale.py --repeat 5      # runs of each layout (default 3)
    .venv/bin/python bench/scale.py --swarm node    # the Node clients instead of the C ones

Needs PostgreSQL at 127.0.0.1:5432 (database `test`, trust auth), Redis at 127.0.0.1:6379
and gcc (with `--swarm node`: Node and `npm install` (ws) instead). It prints figures; it
tests nothing. Every run gets a fresh PostgreSQL schema, dropped at the end.

What runs, for each batch window (PLENARY_BATCH_WINDOW: 0, a batch as soon as the last one
went out, so the number of messages follows the server's pace and messages per second
measures capacity; and 0.1 s, the default that deployments run, where at most ten batches a
second reach each room whatever the capacity): P processes `python app.py` (eventlet, the
default mode) with the same DATABASE_URL and REDIS_URL, in three layouts:

- 1 process, every client on it: the baseline, measured in the same run;
- 2 processes, clients placed by session, as the load balancer of docs/deployment.md places
  them (`hash $arg_session consistent`): all clients of a session on one process, the sessions
  spread over the processes (session k on process k mod 2: 3 and 2 of the 5);
- 2 processes, clients spread one by one over the processes whatever their session, as
  `ip_hash` spreads a class whose students each have their own address: for comparison.

Each layout runs `--repeat` times (the machine is shared and noisy), each time on the same
five sessions of bench/fanout.py's synthetic conference (100 delegations each), prepared
afresh through the Python API: the decisions phase, a show-of-hands vote open, one student
seated per delegation; so the same clients cast the same ballots in the same order. In every
session at once, 4 voters at a time cast their ballot (the next as soon as one is
acknowledged) until every client has voted.

The clients run on the same machine as the servers, PostgreSQL and Redis, so every cycle
they spend is taken from the servers being measured. They live in one C process,
bench/scale/swarm.c, compiled with gcc at the start of each invocation into its temporary
directory (no binary is kept): one thread, non-blocking sockets in one epoll set, woken at
most once a millisecond (so arrival times are up to 1 ms late). Each client speaks Socket.IO's
wire protocol on a bare WebSocket (connect, hello, ballot, ping), counts every message the
server pushes and reads each batch's span (from, to) from its first bytes; it does not parse
the rest of a batch. A browser's client parses and draws every batch, but on the students'
own machines, not on the server's. The swarm's CPU time is printed; most of it is the
kernel's work of receiving on 500 TCP sockets, which the Node clients cost as well.
`--swarm node` runs the same clients in one Node process instead (bench/scale/swarm.js, on
the `ws` package), which takes about three times as much CPU.

Printed, per layout (the run with the median rate while all sessions vote, and the rate of
every run):
- messages delivered per second (socket messages received by all clients) while all five
  sessions vote: from the first ballot until the first session has every ballot
  acknowledged. This is the capacity figure, and the target is read on it. After that moment
  fewer sessions are left; with 2 processes, the one holding 3 of the 5 sessions works on
  alone, so the tail measures how 5 sessions split over 2 processes, not what they can carry;
- the same over the whole run, tail included (until every client holds its session's last
  seq), with ballots acknowledged per second;
- messages per second of server CPU (all server processes' CPU time while all vote): equal
  for 1 and 2 processes when a second process costs nothing in coordination;
- p50 and p95 ballot-to-tally latency (from a ballot's send to each client of its session
  receiving a batch that reaches the ballot's seq, over all ballot-client pairs);
- lost messages over all runs (a client's batch that starts past what it held, or a client
  that never reached its session's last seq; must be 0), and ballots stored against
  acknowledged;
- CPU as a share of one core: each server process, the swarm, PostgreSQL (all its processes)
  and the whole machine (out of 100% per core; the rest is Redis, the kernel's network work
  and anything else the machine runs).

The figure to read is the ratio of 2 processes placed by session to 1 while all sessions
vote; the target is at least 1.5x. On a 2-core machine the servers share the cores with the
clients and PostgreSQL, so the ratio is bounded by what those leave: look at the machine's
CPU in the 2-process line.
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
import urllib.parse
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
SWARM_C = ROOT / "bench" / "scale" / "swarm.c"
SWARM_JS = ROOT / "bench" / "scale" / "swarm.js"
SWARMS = {"c": "one C process, bench/scale/swarm.c", "node": "one Node process, bench/scale/swarm.js"}
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


def start(processes: int, url: str, workdir: Path, window: float) -> list[tuple[subprocess.Popen, int]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PLENARY_", "DATABASE_URL", "REDIS_URL"))}
    env.update(DATABASE_URL=url, REDIS_URL=REDIS_URL, PLENARY_SECRET_KEY=secrets.token_hex(32),
               PLENARY_BATCH_WINDOW=str(window), PYTHONUNBUFFERED="1")
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


def place(processes: int, placement: str, session_index: int, client_index: int) -> int:
    """The server process a client reaches: by session (a hash of the session id in the URL)
    or one by one (a hash of each student's own address)."""
    return (session_index if placement == "session" else client_index) % processes


def compile_swarm(folder: Path) -> Path | None:
    """bench/scale/swarm.c, compiled into `folder` (None if gcc fails; it says why)."""
    binary = folder / "swarm"
    built = subprocess.run(["gcc", "-O2", "-Wall", "-Wextra", "-o", str(binary), str(SWARM_C)])
    return binary if built.returncode == 0 else None


def write_config(config: dict, workdir: Path, swarm: str) -> Path:
    """The swarm's input: JSON for swarm.js; for swarm.c, which has no JSON parser, one item a
    line (the format is described at the top of swarm.c)."""
    if swarm == "node":
        path = workdir / "config.json"
        path.write_text(json.dumps(config))
        return path
    lines = [f"lanes {config['lanes']}", f"out {config['out']}"]
    lines += [f"server {pid}" for pid in config["server_pids"]]
    for session in config["sessions"]:
        lines.append(f"session {session['id']}")
        for client in session["clients"]:
            url = urllib.parse.urlsplit(client["url"])
            lines.append(f"client {url.hostname} {url.port} {client['cookie']}")
    path = workdir / "config.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def run(processes: int, placement: str, window: float, clients: int, scenario: scenarios.Scenario, admin,
        workdir: Path, swarm: str, command: list[str]) -> dict:
    """One run; `command` followed by the config's path runs the clients (`swarm`: c or node)."""
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
        servers = start(processes, url, workdir, window)
        config = {
            "sessions": [{"id": sid, "clients": [{"url": f"http://127.0.0.1:{servers[place(processes, placement, k, i)][1]}",
                                                  "cookie": cookie} for i, cookie in enumerate(cookies)]}
                         for k, (sid, cookies) in enumerate(sessions)],
            "lanes": LANES,
            "out": str(workdir / "out.json"),
            "server_pids": [process.pid for process, _ in servers],
        }
        path = write_config(config, workdir, swarm)
        subprocess.run([*command, str(path)], check=True, timeout=330, stdout=subprocess.DEVNULL)
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


def shares(cpu: dict, seconds: float) -> dict:
    """CPU ticks (1/100 s) over `seconds`, as shares of one core."""
    per = seconds * 100
    return {"servers": [None if t is None else t / per for t in cpu["server_ticks"]], "swarm": cpu["swarm_ms"] / 1000 / seconds,
            "postgres": cpu["postgres_ticks"] / per, "machine": cpu["machine_busy_ticks"] / per,
            "cores": round(cpu["machine_total_ticks"] / per)}


def figures(result: dict, stored: int) -> dict:
    wall = (result["end"] - result["start"]) / 1000
    messages = sum(client["messages"] for client in result["clients"])
    # While every session is still voting: up to the moment the first session's last ballot
    # was acknowledged. After it fewer sessions are left, and with 2 processes the one holding
    # 3 of the 5 sessions works on alone: that tail measures the 3:2 split, not capacity.
    voting = (result["first_done"] - result["start"]) / 1000
    messages_voting = sum(1 for client in result["clients"] for t in client["arrivals"] if t <= result["first_done"])
    server_seconds = sum(t for t in result["cpu_all_voting"]["server_ticks"] if t is not None) / 100
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
    return {"cpu": shares(result["cpu"], wall), "cpu_voting": shares(result["cpu_all_voting"], voting), "wall_s": wall,
            "messages": messages, "per_s": messages / wall, "voting_s": voting, "per_s_voting": messages_voting / voting,
            "per_server_second": messages_voting / server_seconds if server_seconds else float("nan"),
            "p95_ms": percentile(latencies, 95), "p50_ms": percentile(latencies, 50), "lost": lost, "acked": acked,
            "stored": stored, "refused": len(result["ballots"]) - acked,
            "ballots_per_s": acked / ((result["last_ack"] - result["start"]) / 1000)}


def describe(cpu: dict) -> str:
    servers = " + ".join(f"{share * 100:.0f}%" for share in cpu["servers"] if share is not None)
    return (f"server {servers}, swarm {cpu['swarm'] * 100:.0f}%, PostgreSQL {cpu['postgres'] * 100:.0f}%, "
            f"machine {cpu['machine'] * 100:.0f}% of {cpu['cores'] * 100}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500, help="clients in all, over 5 sessions (default 500)")
    parser.add_argument("--window", type=float, action="append",
                        help="batch window in seconds (repeatable; default: 0 and 0.1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each layout (default 3; the median is shown)")
    parser.add_argument("--swarm", choices=sorted(SWARMS), default="c",
                        help="the clients: c (bench/scale/swarm.c, compiled with gcc; the default) or node "
                             "(bench/scale/swarm.js)")
    args = parser.parse_args()
    args.window = args.window or [0.0, 0.1]
    if args.swarm == "c" and shutil.which("gcc") is None:
        print("bench/scale.py needs gcc (or --swarm node)", file=sys.stderr)
        return 2
    if args.swarm == "node" and (shutil.which("node") is None or not (ROOT / "node_modules" / "ws").exists()):
        print("bench/scale.py --swarm node needs Node and `npm install` (ws)", file=sys.stderr)
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
          f"every client votes once; clients: {SWARMS[args.swarm]}; PostgreSQL + Redis; eventlet; "
          f"{os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.2f} at the start")
    print("CPU is during the ballots, as a share of one core: each server process, the client swarm, "
          "PostgreSQL, and the whole machine (the rest is Redis, this script and other work)")
    layouts = [(1, "session", "1 process"),
               (2, "session", "2 processes, clients placed by session (hash $arg_session)"),
               (2, "spread", "2 processes, clients spread one by one (ip_hash)")]
    verdicts = []
    with tempfile.TemporaryDirectory(prefix="plenary-scale-") as folder:
        if args.swarm == "node":
            command = ["node", str(SWARM_JS)]
        else:
            binary = compile_swarm(Path(folder))
            if binary is None:
                print("bench/scale.py: bench/scale/swarm.c did not compile", file=sys.stderr)
                return 2
            command = [str(binary)]
        for window in args.window:
            print(f"batch window {window:g} s ({args.repeat} runs of each; shown: the run with the median rate "
                  f"while all sessions vote):")
            rows = {}
            for processes, placement, label in layouts:
                runs = []
                for k in range(args.repeat):
                    workdir = Path(folder) / f"w{window:g}-p{processes}-{placement}-{k}"
                    workdir.mkdir()
                    runs.append(run(processes, placement, window, args.clients, scenario, admin, workdir, args.swarm,
                                    command))
                runs.sort(key=lambda r: r["per_s_voting"])
                rows[processes, placement] = row = runs[len(runs) // 2]
                every = ", ".join(f"{r['per_s_voting']:.0f}" for r in runs)
                print(f"  {label}:\n"
                      f"    while all {SESSIONS} sessions vote: {row['per_s_voting']:.0f} messages delivered/s (runs: "
                      f"{every}) over {row['voting_s']:.1f} s; {row['per_server_second']:.0f} messages per second of "
                      f"server CPU; CPU: {describe(row['cpu_voting'])}\n"
                      f"    whole run: {row['per_s']:.0f} messages delivered/s ({row['messages']} in "
                      f"{row['wall_s']:.1f} s), {row['ballots_per_s']:.0f} ballots/s; CPU: {describe(row['cpu'])}\n"
                      f"    ballot-to-tally p50 {row['p50_ms']:.0f} ms, p95 {row['p95_ms']:.0f} ms; lost messages "
                      f"{sum(r['lost'] for r in runs)} over the {len(runs)} runs; ballots acknowledged {row['acked']} / "
                      f"stored {row['stored']} (refused {row['refused']})", flush=True)
                rows[processes, placement]["lost_all"] = sum(r["lost"] for r in runs)
            one, two, spread = rows[1, "session"], rows[2, "session"], rows[2, "spread"]
            ratio = two["per_s_voting"] / one["per_s_voting"]
            lost = sum(row["lost_all"] for row in rows.values())
            verdicts.append(
                f"batch window {window:g} s: 2 processes (by session) / 1: {ratio:.2f}x messages per second while all "
                f"sessions vote (target >= 1.5x: {'PASS' if ratio >= 1.5 else 'MISS'}), {two['per_s'] / one['per_s']:.2f}x "
                f"over the whole run; spread one by one / 1: {spread['per_s_voting'] / one['per_s_voting']:.2f}x; "
                f"messages per second of server CPU, 2 processes / 1: "
                f"{two['per_server_second'] / one['per_server_second']:.2f}; lost messages {lost} "
                f"(must be 0: {'PASS' if lost == 0 else 'MISS'})")
            print("  " + verdicts[-1], flush=True)
    admin.dispose()
    print("\n".join(verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
