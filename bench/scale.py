"""Scale-out benchmark: one server process against two, sharing PostgreSQL and Redis.

    .venv/bin/python bench/scale.py                 # 500 clients, 5 sessions, 1 and 2 processes
    .venv/bin/python bench/scale.py --clients 200   # fewer clients (still 5 sessions)
    .venv/bin/python bench/scale.py --window 0.1    # one batch window only (default: 0 and 0.1)
    .venv/bin/python bench/scale.py --repeat 3      # runs of each layout (default 5)
    .venv/bin/python bench/scale.py --rounds 8      # votes in each session (default 4)
    .venv/bin/python bench/scale.py --swarm node --rounds 1  # the Node clients (one round only)

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

Each layout runs `--repeat` times (default 5; the machine is shared and noisy), the layouts
taking turns (1 process, 2 by session, 2 spread, then again), each time on the same five
sessions of bench/fanout.py's synthetic conference (100 delegations each), prepared
afresh through the Python API and owned by an instructor made there: the decisions phase,
act1 read and a show-of-hands vote on it open, one student seated per delegation; so the same
clients cast the same ballots in the same order. The instructor signs in over HTTP to the
first process, as a browser does (the processes share PLENARY_SECRET_KEY, so the cookie is
good on all of them), and each session's chair connects with it to the chair's view, on the
process of the session's first client.

Each session then holds `--rounds` votes (default 4), on act1, act2 and so on, as a class
votes on several questions: 4 voters at a time cast their ballot (the next as soon as one is
acknowledged) until every client has voted; then the chair closes the vote, reads the next
act and calls a show-of-hands vote on it (three commands, each acknowledged before the next),
and the voters start again. The sessions go on independently, and the last vote is left
open. At batch window 0 a round takes 1.2 to 2.5 s, too short a window for a steady rate; four
rounds take 5 to 11 s. Past four rounds the scenario gets more acts like act4.

The clients run on the same machine as the servers, PostgreSQL and Redis, so every cycle
they spend is taken from the servers being measured. They live in one C process,
bench/scale/swarm.c, compiled with gcc at the start of each invocation into its temporary
directory (no binary is kept): one thread, non-blocking sockets in one epoll set, woken at
most once a millisecond (so arrival times are up to 1 ms late). Each client speaks Socket.IO's
wire protocol on a bare WebSocket (connect, hello, ballot or the chair's commands, ping),
counts every message the server pushes and reads each batch's span (from, to) from its first
bytes; it does not parse the rest of a batch. A browser's client parses and draws every
batch, but on the students' own machines, not on the server's. The swarm's CPU time is
printed; most of it is the kernel's work of receiving on 500 TCP sockets, which the Node
clients cost as well.
`--swarm node` runs the same clients in one Node process instead (bench/scale/swarm.js, on
the `ws` package), which takes about three times as much CPU; it has no chair, so it holds one
round only (`--rounds 1`).

Printed, per layout (the run with the median rate while all sessions vote, and the rate of
every run):
- messages delivered per second (socket messages received by all clients, the chairs
  included, the batches the chairs' commands cause included) while all five sessions vote:
  from the first ballot until the first session has every ballot of its last round
  acknowledged. This is the capacity figure, and the target is read on it. After that moment
  fewer sessions are left; with 2 processes, the one holding 3 of the 5 sessions works on
  alone, so the tail measures how 5 sessions split over 2 processes, not what they can carry;
- the same over the whole run, tail included (until every client holds its session's last
  seq), with ballots acknowledged per second;
- messages per second of server CPU (all server processes' CPU time while all vote): equal
  for 1 and 2 processes when a second process costs nothing in coordination;
- p50 and p95 ballot-to-tally latency (from a ballot's send to each voter of its session
  receiving a batch that reaches the ballot's seq, over all ballot-voter pairs of all rounds);
- lost messages over all runs (a client's batch that starts past what it held, or a client
  that never reached its session's last seq; must be 0; the session room's batches carry the
  chairs' events too, so they follow on from each other across rounds), and ballots stored
  against acknowledged in each run (one per client and round);
- the chairs' commands, and the time from a round's last ballot acknowledged to the next vote
  called;
- CPU as a share of one core: each server process, the swarm, PostgreSQL (all its processes)
  and the whole machine (out of 100% per core; the rest is Redis, the kernel's network work
  and anything else the machine runs).

The figure to read is the ratio of 2 processes placed by session to 1 while all sessions
vote, at batch window 0; the target is at least 1.5x. It is read as the median over the pairs
of runs made back to back (each 2-process run against the 1-process run just before it): on a
shared machine the speed of the same code drifts by a quarter from one minute to the next
(1-process runs at 100% of a core have delivered anywhere from 6,700 to 10,300 messages a
second), and a pair sees the same minute. The ratio of the median runs is printed beside it,
as is the CPU the hypervisor gave to other machines (steal).

At batch window 0 every layout runs its servers flat out: a batch carries whatever was stored
while the last one was going out, so a busy server's batches carry several ballots each and a
layout with CPU to spare spends it on more, smaller batches. Messages per second therefore
measure how many messages the servers push; ballots acknowledged per second (printed, with
their ratio) move much less, since each session's four voters wait for their acknowledgements
and the messages per ballot fall as the load rises. At 0.1 s each room hears at most ten
batches a second however fast the servers are, so messages per second measure the window
there, not capacity, and no target is read on them. On a
2-core machine the servers share the cores with the clients and PostgreSQL, so the ratio is
bounded by what those leave: look at the machine's CPU in the 2-process line.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import secrets
import shutil
import socket
import statistics
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
LAYOUTS = [(1, "session", "1 process"),
           (2, "session", "2 processes, clients placed by session (hash $arg_session)"),
           (2, "spread", "2 processes, clients spread one by one (ip_hash)")]
INSTRUCTOR = ("bench-chair", "scale-" + secrets.token_hex(8))
"""The chairs' instructor, made afresh in every run's schema: username and password."""


class SwarmFailed(Exception):
    """The clients stopped short (a protocol error, a refusal, a time limit): they said why."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fanout():
    """bench/fanout.py as a module, loaded once: its synthetic conference and its browser-like
    HTTP client."""
    if "bench_fanout" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_fanout", ROOT / "bench" / "fanout.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return sys.modules["bench_fanout"]


def items(rounds: int) -> list[str]:
    """The acts voted on, one a round."""
    return [f"act{k}" for k in range(1, rounds + 1)]


def synthetic(n: int, rounds: int) -> scenarios.Scenario:
    """bench/fanout.py's conference of n delegations with its acts act1..act4 (no brackets, a
    plain majority vote) and, past four rounds, more of the same, one a round."""
    text = fanout().scenario_yaml(n)
    act4 = text.index("  - id: act4\n")
    block = text[act4:text.index("\nphases:\n", act4) + 1]
    more = "".join(block.replace("act4", f"act{k}").replace("Act 4", f"Act {k}") for k in range(5, rounds + 1))
    return scenarios.load_text(text.replace(block, block + more, 1), f"synthetic-{n}")


def prepare(classroom: Classroom, scenario: scenarios.Scenario, per_session: int,
            owner_id: int) -> list[tuple[str, list[str]]]:
    """Sessions with a show-of-hands vote on act1 open and a student seated per delegation:
    (id, cookies)."""
    chair = Actor.chair()
    delegations = [d.id for d in scenario.spec.delegations]
    out = []
    for k in range(SESSIONS):
        session_id = classroom.open_session(scenario, owner_id=owner_id, title=f"Scale {k + 1}")
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


def sign_in(port: int) -> str:
    """The instructor's login cookie, got as a browser gets it. Every server process shares
    PLENARY_SECRET_KEY, so the cookie opens the chair's view on any of them."""
    http = fanout().Http(f"http://127.0.0.1:{port}")
    _, page = http.request("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("the sign-in page has no csrf_token")
    status, _ = http.request("/login", {"csrf_token": token.group(1), "username": INSTRUCTOR[0],
                                        "password": INSTRUCTOR[1]})
    if status != 302:
        raise RuntimeError(f"the instructor's sign-in failed: HTTP {status}")
    return http.cookie_header()


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
    def line(kind: str, client: dict) -> str:
        url = urllib.parse.urlsplit(client["url"])
        return f"{kind} {url.hostname} {url.port} {client['cookie']}"

    lines = [f"lanes {config['lanes']}", f"out {config['out']}"]
    lines += [f"server {pid}" for pid in config["server_pids"]]
    lines += [f"round {item}" for item in config["rounds"]]
    for session in config["sessions"]:
        lines += [f"session {session['id']}", line("chair", session["chair"])]
        lines += [line("client", client) for client in session["clients"]]
    path = workdir / "config.txt"
    path.write_text("\n".join(lines) + "\n")
    return path


def swarm_config(sessions: list[tuple[str, list[str]]], servers: list[tuple[subprocess.Popen, int]], placement: str,
                 chair_cookie: str, rounds: int, out: Path) -> dict:
    """Who connects where: each session's clients, and its chair on the process of its first
    client (so, placed by session, the process of all its clients)."""
    def url(k: int, i: int) -> str:
        return f"http://127.0.0.1:{servers[place(len(servers), placement, k, i)][1]}"

    return {
        "sessions": [{"id": sid, "chair": {"url": url(k, 0), "cookie": chair_cookie},
                      "clients": [{"url": url(k, i), "cookie": cookie} for i, cookie in enumerate(cookies)]}
                     for k, (sid, cookies) in enumerate(sessions)],
        "rounds": items(rounds),
        "lanes": LANES,
        "out": str(out),
        "server_pids": [process.pid for process, _ in servers],
    }


def run(processes: int, placement: str, window: float, clients: int, rounds: int, scenario: scenarios.Scenario,
        admin, workdir: Path, swarm: str, command: list[str]) -> dict:
    """One run; `command` followed by the config's path runs the clients (`swarm`: c or node;
    swarm.js knows neither chairs nor rounds, and ignores them)."""
    schema = f"plenary_bench_{uuid.uuid4().hex[:12]}"
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = POSTGRES.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    servers = []
    try:
        store.migrate(url)
        engine = store.make_engine(url)
        classroom = Classroom(Service(store.EventStore(engine)), Accounts(engine))
        owner = classroom.accounts.create_instructor(*INSTRUCTOR)
        sessions = prepare(classroom, scenario, clients // SESSIONS, owner.id)
        servers = start(processes, url, workdir, window)
        config = swarm_config(sessions, servers, placement, sign_in(servers[0][1]), rounds, workdir / "out.json")
        path = write_config(config, workdir, swarm)
        done = subprocess.run([*command, str(path)], timeout=330, stdout=subprocess.DEVNULL)
        if done.returncode != 0:
            raise SwarmFailed(f"the clients exited with status {done.returncode}")
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
            "steal": cpu.get("steal_ticks", 0) / per, "cores": round(cpu["machine_total_ticks"] / per)}


def figures(result: dict, stored: int) -> dict:
    wall = (result["end"] - result["start"]) / 1000
    messages = sum(client["messages"] for client in result["clients"])
    # While every session is still voting: up to the moment the first session's last ballot
    # was acknowledged. After it fewer sessions are left, and with 2 processes the one holding
    # 3 of the 5 sessions works on alone: that tail measures the 3:2 split, not capacity.
    voting = (result["first_done"] - result["start"]) / 1000
    messages_voting = sum(1 for client in result["clients"] for t in client["arrivals"] if t <= result["first_done"])
    server_seconds = sum(t for t in result["cpu_all_voting"]["server_ticks"] if t is not None) / 100
    # each ballot's latency to the voters of its session (the chair sees the same batches)
    by_session: dict[str, list[dict]] = {}
    for client in result["clients"]:
        if client.get("view") != "chair":
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
    commands = result.get("commands", [])
    return {"cpu": shares(result["cpu"], wall), "cpu_voting": shares(result["cpu_all_voting"], voting), "wall_s": wall,
            "messages": messages, "per_s": messages / wall, "voting_s": voting, "per_s_voting": messages_voting / voting,
            "per_server_second": messages_voting / server_seconds if server_seconds else float("nan"),
            "p95_ms": percentile(latencies, 95), "p50_ms": percentile(latencies, 50), "lost": lost, "acked": acked,
            "stored": stored, "refused": len(result["ballots"]) - acked,
            "ballots_per_s": acked / ((result["last_ack"] - result["start"]) / 1000),
            "commands": len(commands), "between_rounds_ms": between_rounds(commands)}


def between_rounds(commands: list[dict]) -> list[float]:
    """Per session and round: from the chair closing the vote (at once when the round's last
    ballot is acknowledged) to the next vote's call acknowledged."""
    closed: dict[str, float] = {}
    gaps = []
    for command in commands:
        if command["type"] == "CloseDecision":
            closed[command["session"]] = command["sent"]
        elif command["type"] == "CallVote":
            gaps.append(command["acked"] - closed.pop(command["session"]))
    return gaps


def describe(cpu: dict) -> str:
    servers = " + ".join(f"{share * 100:.0f}%" for share in cpu["servers"] if share is not None)
    return (f"server {servers}, swarm {cpu['swarm'] * 100:.0f}%, PostgreSQL {cpu['postgres'] * 100:.0f}%, "
            f"machine {cpu['machine'] * 100:.0f}% of {cpu['cores'] * 100}% (stolen by the hypervisor "
            f"{cpu['steal'] * 100:.0f}%)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=500, help="clients in all, over 5 sessions (default 500)")
    parser.add_argument("--window", type=float, action="append",
                        help="batch window in seconds (repeatable; default: 0 and 0.1)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each layout (default 5; the median is shown)")
    parser.add_argument("--rounds", type=int, default=4,
                        help="votes one after another in each session, the chair opening each after the first "
                             "(default 4; --swarm node: 1 only)")
    parser.add_argument("--swarm", choices=sorted(SWARMS), default="c",
                        help="the clients: c (bench/scale/swarm.c, compiled with gcc; the default) or node "
                             "(bench/scale/swarm.js)")
    args = parser.parse_args()
    args.window = args.window or [0.0, 0.1]
    if args.rounds < 1:
        print("bench/scale.py: --rounds must be at least 1", file=sys.stderr)
        return 2
    if args.swarm == "node" and args.rounds != 1:
        print("bench/scale.py: --swarm node runs one round, with no chair: add --rounds 1", file=sys.stderr)
        return 2
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
    scenario = synthetic(max(100, args.clients // SESSIONS), args.rounds)
    chairs = ", and a chair in each" if args.swarm == "c" else ""
    print(f"{args.clients} clients across {SESSIONS} concurrent sessions{chairs}; {args.rounds} voting "
          f"round{'s' if args.rounds > 1 else ''} per session ({', '.join(items(args.rounds))}), every client votes "
          f"once a round, {LANES} voters at a time per session; clients: {SWARMS[args.swarm]}; PostgreSQL + Redis; "
          f"eventlet; {os.cpu_count()} CPU cores, load average {os.getloadavg()[0]:.2f} at the start")
    print("CPU is during the ballots, as a share of one core: each server process, the client swarm, "
          "PostgreSQL, and the whole machine (the rest is Redis, this script and other work)")
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
        try:
            for window in args.window:
                verdicts.append(measure(window, args, scenario, admin, Path(folder), command))
                print("  " + verdicts[-1], flush=True)
        except SwarmFailed as error:
            print(f"bench/scale.py: {error}", file=sys.stderr)
            return 2
    admin.dispose()
    print("\n".join(verdicts))
    return 0


def measure(window: float, args: argparse.Namespace, scenario: scenarios.Scenario, admin, folder: Path,
            command: list[str]) -> str:
    """Every layout `args.repeat` times at one batch window, printed; the verdict. The layouts
    take turns (1 process, 2 by session, 2 spread, then again), so a machine that is slower for
    a minute slows a run of each, not every run of one."""
    print(f"batch window {window:g} s ({args.repeat} runs of each, the layouts taking turns; shown: the run "
          f"with the median rate while all sessions vote):")
    runs: dict[tuple[int, str], list[dict]] = {(processes, placement): [] for processes, placement, _ in LAYOUTS}
    for k in range(args.repeat):
        for processes, placement, _ in LAYOUTS:
            workdir = folder / f"w{window:g}-p{processes}-{placement}-{k}"
            workdir.mkdir()
            runs[processes, placement].append(run(processes, placement, window, args.clients, args.rounds, scenario,
                                                  admin, workdir, args.swarm, command))
    # each 2-process run against the 1-process run just before it: the same minute of the machine
    pairs = [two["per_s_voting"] / one["per_s_voting"] for one, two in zip(runs[1, "session"], runs[2, "session"], strict=True)]
    rows = {(processes, placement): print_layout(label, runs[processes, placement])
            for processes, placement, label in LAYOUTS}
    one, two, spread = rows[1, "session"], rows[2, "session"], rows[2, "spread"]
    ratio = statistics.median(pairs)  # with an even number of pairs, the mean of the middle two
    lost = sum(row["lost_all"] for row in rows.values())
    if window == 0:
        target = f"target >= 1.5x: {'PASS' if ratio >= 1.5 else 'MISS'}"
    else:  # each room hears at most 1/window batches a second, however fast the servers are
        target = "no target: the window caps the messages"
    return (f"batch window {window:g} s: 2 processes (by session) / 1: {ratio:.2f}x messages per second while all "
            f"sessions vote, the median of the {len(pairs)} pairs run back to back "
            f"({', '.join(f'{p:.2f}' for p in sorted(pairs))}; {target}); "
            f"ratio of the median runs {two['per_s_voting'] / one['per_s_voting']:.2f}x, "
            f"{two['per_s'] / one['per_s']:.2f}x over the whole run; ballots acknowledged per second "
            f"{two['ballots_per_s'] / one['ballots_per_s']:.2f}x; spread one by one / 1: "
            f"{spread['per_s_voting'] / one['per_s_voting']:.2f}x; messages per second of server CPU, 2 processes / 1: "
            f"{two['per_server_second'] / one['per_server_second']:.2f}; lost messages {lost} "
            f"(must be 0: {'PASS' if lost == 0 else 'MISS'})")


def ballot_counts(runs: list[dict]) -> str:
    """Ballots acknowledged, stored and refused: once when every run has the same, else per run."""
    counts = [f"{r['acked']} / stored {r['stored']} (refused {r['refused']})" for r in runs]
    if len(set(counts)) == 1:
        return f"ballots acknowledged {counts[0]} in every run"
    return "ballots acknowledged " + ", ".join(counts) + " in the runs"


def print_layout(label: str, runs: list[dict]) -> dict:
    """A layout's figures: the run with the median rate while all sessions vote (returned, with
    the messages lost over all runs), and every run's rate."""
    runs = sorted(runs, key=lambda r: r["per_s_voting"])
    row = runs[len(runs) // 2]
    row["lost_all"] = sum(r["lost"] for r in runs)
    every = ", ".join(f"{r['per_s_voting']:.0f}" for r in runs)
    print(f"  {label}:\n"
          f"    while all {SESSIONS} sessions vote: {row['per_s_voting']:.0f} messages delivered/s (runs: "
          f"{every}) over {row['voting_s']:.1f} s; {row['per_server_second']:.0f} messages per second of "
          f"server CPU; CPU: {describe(row['cpu_voting'])}\n"
          f"    whole run: {row['per_s']:.0f} messages delivered/s ({row['messages']} in "
          f"{row['wall_s']:.1f} s), {row['ballots_per_s']:.0f} ballots/s; CPU: {describe(row['cpu'])}\n"
          f"    ballot-to-tally p50 {row['p50_ms']:.0f} ms, p95 {row['p95_ms']:.0f} ms; lost messages "
          f"{row['lost_all']} over the {len(runs)} runs; {ballot_counts(runs)}", flush=True)
    if row["commands"]:
        gaps = row["between_rounds_ms"]
        print(f"    chairs: {row['commands']} commands in the run; from a round's last ballot acknowledged to the "
              f"next vote called: p50 {percentile(gaps, 50):.0f} ms, max {max(gaps):.0f} ms", flush=True)
    return row


if __name__ == "__main__":
    sys.exit(main())
