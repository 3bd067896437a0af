"""Fan-out benchmark: how fast a ballot reaches every client, against bare socket servers.

    .venv/bin/python bench/fanout.py            # full run: N = 50, 200, 500 (~3 minutes)
    .venv/bin/python bench/fanout.py --quick    # N = 50, 200, fewer ballots (~40 s)
    .venv/bin/python bench/fanout.py --profile  # also sample the Plenary server at the largest N
                                                # with py-spy (on PATH): hellos, then ballots
    .venv/bin/python bench/fanout.py --ns 20,100  # other client counts (no extras)

Needs Node and `npm install` (socket.io-client, and socket.io from package.json's
devDependencies).

It prints figures and PASS/MISS against targets; it tests nothing. Everything runs on
127.0.0.1 in a temporary directory, and every loop and wait is bounded.

What runs where:
- Plenary: `python app.py --port P` (eventlet, the default mode) on a temporary SQLite
  database, with an instructor made by `plenary user create`. The session (a synthetic
  200-delegation scenario, generated from bench/engine.py's), its N students and their seat
  tokens are made here through the Python API on the same database (POST /join allows 20 a
  minute per address); the chair signs in over HTTP like a browser.
- The clients: N socket.io-client connections in one Node process (bench/fanout/swarm.js),
  each with its own seat cookie and `perMessageDeflate` offered as browsers offer it. One
  Node process keeps the clients' cost off the server's core and gives every receive time the
  same clock.
- Baselines, with the same broadcast body (a batch Plenary sent for a ballot, captured in the
  first Plenary run): a bare Flask-SocketIO server in the same async mode
  (bench/fanout/bare_flask.py: on "vote", emit "tally" to all) and a bare Node socket.io
  server (bench/fanout/bare_server.js, default options).

Measured:
1. Ballot to tally: one client casts a ballot (send time taken before the emit); every client
   notes when it receives the session batch that covers the ballot's seq (bare servers: the
   "tally" with that id). p50/p95 over all (ballot, client) pairs; one ballot at a time. The
   first ballot is a warm-up, reported apart: a server's first batch to a room carries the
   whole public state.
2. A roll-call burst: the chair opens a fresh roll-call vote, then 150 seated delegations cast
   one ballot each, evenly over 2 s, while every client watches: the time from the last
   ballot until every client holds the final tally, socket messages per client, the server's
   CPU over the burst, and its peak memory (VmHWM).
3. permessage-deflate: what each server negotiated, and (full run) what it costs and saves:
   Plenary with a zero batch window at N = 200; Plenary and bare Flask-SocketIO at N = 500
   with clients that offer no deflate; bare Flask-SocketIO answering with
   server_no_context_takeover; bare Node socket.io with perMessageDeflate on.
Server CPU comes from /proc/PID/stat, memory from /proc/PID/status (VmRSS, VmHWM).
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from game import scenario as scenarios  # noqa: E402
from game import store  # noqa: E402
from game.accounts import Accounts  # noqa: E402
from game.realtime import seat_cookie  # noqa: E402
from game.rules import commands as c  # noqa: E402
from game.rules.values import Actor, Subject  # noqa: E402
from game.service import Classroom, Service  # noqa: E402

PYTHON = ROOT / ".venv" / "bin" / "python"
PLENARY = ROOT / ".venv" / "bin" / "plenary"
SWARM = ROOT / "bench" / "fanout" / "swarm.js"
BARE_FLASK = ROOT / "bench" / "fanout" / "bare_flask.py"
BARE_NODE = ROOT / "bench" / "fanout" / "bare_server.js"
HOST = "127.0.0.1"
DELEGATIONS = 200
INSTRUCTOR = ("bench-chair", "fanout-" + secrets.token_hex(8))
CLK_TCK = os.sysconf("SC_CLK_TCK")

TARGET_RATIO_FLASK = 1.25
TARGET_RATIO_NODE = 1.6
TARGET_BURST_S = 0.5
TARGET_MESSAGES = 25
TARGET_PEAK_MB = 200
BURST_BALLOTS = 150
BURST_SPREAD_MS = 2000
WARMUP = 1
GAP_MS = 150
"""Quiet time after each ballot of the latency test has reached every client, before the
next: longer than Plenary's batch window (0.1 s), so each ballot is measured as one ballot
(the burst test measures batching). Every server gets the same spacing."""
"""Ballots sent first and left out of the latency figures: a server's first batch to a room
carries the whole public state (reported apart)."""


@dataclass(frozen=True)
class Size:
    ns: tuple[int, ...]
    ballots: int
    """Latency trials (one ballot each) per server and N."""
    burst_ns: tuple[int, ...]
    extras: bool
    """Also run Plenary with a zero batch window (N = 200) and without deflate (largest N)."""


FULL = Size(ns=(50, 200, 500), ballots=40, burst_ns=(200, 500), extras=True)
QUICK = Size(ns=(50, 200), ballots=15, burst_ns=(200,), extras=False)


# --- small helpers -----------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: an observed value, never an interpolation."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def proc_status(pid: int) -> dict[str, int]:
    """VmHWM and VmRSS of a process, in kB."""
    out = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    out[key] = int(rest.split()[0])
    except OSError:
        pass
    return out


def stop_spy(spy: subprocess.Popen | None) -> None:
    """py-spy writes its file when interrupted."""
    if spy is None or spy.poll() is not None:
        return
    spy.send_signal(signal.SIGINT)
    try:
        spy.wait(timeout=30)
    except subprocess.TimeoutExpired:
        spy.kill()
        spy.wait(timeout=10)


def load_engine_bench():
    """bench/engine.py as a module, for its synthetic scenario."""
    spec = importlib.util.spec_from_file_location("bench_engine", ROOT / "bench" / "engine.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def scenario_yaml(n: int) -> str:
    """bench/engine.py's synthetic conference with n delegations, plus four bracket-free
    acts decided by a plain majority vote (no consensus first): one vote for the latency
    trials, one for the burst."""
    text = load_engine_bench().scenario_yaml(n)
    text = text.replace("id: bench-150", f"id: fanout-{n}").replace(
        "150 delegations", f"{n} delegations"
    )
    acts = "".join(
        f'  - id: act{k}\n    title: "Act {k}"\n    kind: other\n    rule: vote\n    text: >\n'
        f"      The Conference adopts Act {k}, on the financing of international telecommunication"
        f" development, without square brackets.\n"
        for k in range(1, 5)
    )
    assert "\nphases:\n" in text
    return text.replace("\nphases:\n", "\n" + acts + "phases:\n", 1)


class Http:
    """A browser-like HTTP client (cookies kept, redirects not followed)."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


# --- servers -----------------------------------------------------------------------------


@dataclass
class Server:
    label: str
    argv: list[str]
    env: dict[str, str]
    log: Path
    port: int
    process: subprocess.Popen | None = None

    def start(self, ready_path: str | None = "/") -> None:
        self.logfile = open(self.log, "w")  # noqa: SIM115 (open while the server runs; closed in stop)
        self.process = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=self.logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.label} exited at start:\n{self.log.read_text()[-3000:]}")
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    pass
            except OSError:
                time.sleep(0.1)
                continue
            if ready_path is None:
                return
            try:
                urllib.request.urlopen(f"http://{HOST}:{self.port}{ready_path}", timeout=5).read()
                return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(
            f"{self.label} did not start within 40 s:\n{self.log.read_text()[-3000:]}"
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.logfile.close()


# --- the Plenary side --------------------------------------------------------------------


@dataclass
class Bench:
    workdir: Path
    url: str
    scenario: scenarios.Scenario
    owner_id: int
    classroom: Classroom
    sample: Path
    py_spy: str | None = None
    rows: list[dict] = field(default_factory=list)

    def env(self, **extra: str) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("PLENARY_", "DATABASE_URL", "REDIS_URL"))
        }
        env.update(
            DATABASE_URL=self.url,
            PLENARY_SECRET_KEY=secrets.token_hex(32),
            PYTHONUNBUFFERED="1",
            **extra,
        )
        return env

    def prepare(self, n: int) -> tuple[str, list[dict]]:
        """A fresh session: decisions phase, the acts read, n students seated round-robin over
        the delegations (more than one per delegation past 200), and a roll-call on act1 open."""
        service = self.classroom.service
        chair = Actor.chair()
        session_id = self.classroom.open_session(
            self.scenario, owner_id=self.owner_id, title=f"Fan-out, {n} clients"
        )
        service.handle(session_id, chair, c.ChangePhase(phase="decisions"))
        for item in ("act1", "act2"):
            service.handle(session_id, chair, c.AdvanceReading(item=item))
        code = service.store.get_session(session_id).join_code
        delegations = [d.id for d in self.scenario.spec.delegations]
        clients = []
        for i in range(n):
            name = f"Student {i + 1}"
            _, player, token = self.classroom.join(code, name)[:3]
            delegation = delegations[i % len(delegations)]
            self.classroom.handle(
                session_id, chair, c.SeatPlayer(player=player, name=name, delegation=delegation)
            )
            clients.append(
                {
                    "cookie": f"{seat_cookie(session_id)}={token}",
                    "view": "delegate",
                    "delegation": delegation,
                }
            )
        service.handle(
            session_id, chair, c.CallVote(subject=Subject("item", "act1"), method="roll_call")
        )
        return session_id, clients

    def sign_in(self, port: int) -> str:
        http = Http(f"http://{HOST}:{port}")
        status, page = http.request("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, _ = http.request(
            "/login", {"csrf_token": token, "username": INSTRUCTOR[0], "password": INSTRUCTOR[1]}
        )
        if status != 302:
            raise RuntimeError(f"sign-in failed: HTTP {status}")
        return http.cookie_header()

    def run_plenary(
        self,
        n: int,
        *,
        ballots: int,
        burst: bool,
        deflate: bool = True,
        window: str | None = None,
        label: str = "Plenary",
        profile: bool = False,
    ) -> dict:
        t0 = time.monotonic()
        session_id, clients = self.prepare(n)
        prepared = time.monotonic() - t0
        port = free_port()
        extra = {} if window is None else {"PLENARY_BATCH_WINDOW": window}
        server = Server(
            label,
            [str(PYTHON), "app.py", "--host", HOST, "--port", str(port)],
            self.env(**extra),
            self.workdir / f"plenary-{n}-{len(self.rows)}.log",
            port,
        )
        server.start("/login")
        started_kb = proc_status(server.pid).get("VmRSS", 0)
        try:
            chair_cookie = self.sign_in(port)
            voters = list(range(0, min(n, DELEGATIONS)))[: ballots + WARMUP]  # distinct delegations
            config = {
                "kind": "plenary",
                "url": f"http://{HOST}:{port}",
                "session": session_id,
                "clients": clients,
                "chair": {"cookie": chair_cookie},
                "deflate": deflate,
                "server_pid": server.pid,
                "latency": {"voters": voters, "warmup": WARMUP, "gap_ms": GAP_MS, "timeout_ms": 5000},
                "sample_out": str(self.sample) if not self.sample.exists() else None,
            }
            if burst:
                config["burst"] = {
                    "voters": list(range(BURST_BALLOTS)),
                    "spread_ms": BURST_SPREAD_MS,
                    "timeout_ms": 10000,
                    "settle_ms": 400,
                    "chair_commands": [
                        {"type": "CloseDecision"},
                        {
                            "type": "CallVote",
                            "subject": {"kind": "item", "id": "act2"},
                            "method": "roll_call",
                        },
                    ],
                }
            result = self.swarm(config, server, profile=profile)
            result["prepare_s"] = prepared
            result["memory"] = proc_status(server.pid)
            result["memory_at"]["started"] = {"rss": started_kb}
        finally:
            server.stop()
        return self.record(label, n, result, deflate=deflate)

    def run_bare(self, kind: str, n: int, *, ballots: int, variant: str = "") -> dict:
        """A bare server: kind "flask" (variant "", "no deflate": the clients offer none, or
        "no ctx takeover") or "node" (variant "" or "deflate")."""
        port = free_port()
        offer = variant != "no deflate"
        if kind == "flask":
            label = "bare Flask-SocketIO"
            argv = [str(PYTHON), str(BARE_FLASK), str(port), str(self.sample)]
            argv += ["--async-mode", "eventlet"]
            if variant == "no ctx takeover":
                argv.append("--no-context-takeover")
        else:
            label = "bare Node socket.io"
            argv = ["node", str(BARE_NODE), str(port), str(self.sample)]
            if variant == "deflate":
                argv.append("--deflate")
        label += f", {variant}" if variant else ""
        log = self.workdir / f"{kind}-{n}-{len(self.rows)}.log"
        server = Server(label, argv, self.env(), log, port)
        server.start(None)
        try:
            config = {
                "kind": "bare",
                "url": f"http://{HOST}:{port}",
                "clients": [{} for _ in range(n)],
                "deflate": offer,
                "server_pid": server.pid,
                "latency": {
                    "voters": list(range(min(n, ballots + WARMUP))),
                    "warmup": WARMUP,
                    "gap_ms": GAP_MS,
                    "timeout_ms": 5000,
                },
            }
            result = self.swarm(config, server)
            result["memory"] = proc_status(server.pid)
        finally:
            server.stop()
        return self.record(label, n, result, deflate=offer)

    def swarm(self, config: dict, server: Server, *, profile: bool = False) -> dict:
        """Run the Node swarm on `config`; with `profile`, py-spy samples the server during the
        hellos and, separately, during the ballots (the swarm prints the phases)."""
        path = self.workdir / f"swarm-{len(self.rows)}.json"
        out = self.workdir / f"swarm-{len(self.rows)}-out.json"
        config["out"] = str(out)
        path.write_text(json.dumps(config))
        errors = self.workdir / f"swarm-{len(self.rows)}.err"
        with open(errors, "w") as err:
            process = subprocess.Popen(
                ["node", str(SWARM), str(path)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
            # the swarm stops itself at 240 s; this is a backstop
            killer = threading.Timer(300, process.kill)
            killer.start()
            spy, profiles = None, {}
            try:
                for line in process.stdout:
                    phase = line.strip().removeprefix("phase:")
                    if not profile or not self.py_spy or phase not in ("hello", "ballots", "end"):
                        continue
                    stop_spy(spy)
                    spy = None
                    if phase != "end":
                        profiles[phase] = str(self.workdir / f"py-spy-{len(self.rows)}-{phase}.txt")
                        spy = subprocess.Popen(
                            [
                                self.py_spy,
                                "record",
                                "--pid",
                                str(server.pid),
                                "--format",
                                "raw",
                                "--rate",
                                "250",
                                "--nonblocking",
                                "--output",
                                profiles[phase],
                            ],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL,
                        )
                process.wait(timeout=30)
            finally:
                stop_spy(spy)
                killer.cancel()
                if process.poll() is None:
                    process.kill()
        if process.returncode != 0:
            raise RuntimeError(
                f"swarm failed ({process.returncode}):\n{errors.read_text()[-3000:]}\nserver log:\n{server.log.read_text()[-3000:]}"
            )
        result = json.loads(out.read_text())
        result["profiles"] = profiles
        return result

    def record(self, label: str, n: int, result: dict, *, deflate: bool) -> dict:
        trials = result["latency"]["trials"]
        latencies = [x for t in trials for x in t["latencies"] if x is not None]
        missing = sum(1 for t in trials for x in t["latencies"] if x is None)
        slowest = [
            max(x for x in t["latencies"] if x is not None)
            for t in trials
            if any(x is not None for x in t["latencies"])
        ]
        ticks = result["latency"]["server_ticks"]
        row = {
            "label": label,
            "n": n,
            "deflate": deflate,
            "p50": percentile(latencies, 50),
            "p95": percentile(latencies, 95),
            "slowest_median": statistics.median(slowest),
            "missing": missing,
            "ballots": len(trials),
            "data_bytes": result["latency"]["data_bytes"],
            "wire_bytes": result["latency"]["wire_bytes"],
            "cpu_ms_per_ballot": None if ticks is None else ticks / CLK_TCK * 1000 / len(trials),
            "extensions": result["extensions"],
            "hwm_mb": result["memory"].get("VmHWM", 0) / 1024,
            "rss_mb": result["memory"].get("VmRSS", 0) / 1024,
            "connect_s": result["connect_s"],
            "hello_s": result.get("hello_s"),
            "hello_kib": result.get("hello_kib"),
            "wire_kib_at_start": result.get("wire_kib_at_start"),
            "memory_at": result.get("memory_at") or {},
            "burst": result.get("burst"),
            "profiles": result.get("profiles") or {},
            "warmup": [
                max(x for x in t["latencies"] if x is not None)
                for t in result["latency"].get("warmup", [])
                if any(x is not None for x in t["latencies"])
            ],
        }
        self.rows.append(row)
        print(
            f"  {label:<36} N={n:<4} p50 {row['p50']:6.1f} ms  p95 {row['p95']:6.1f} ms  slowest client {row['slowest_median']:6.1f} ms (median of {len(trials)} ballots)"
            f"  server CPU {row['cpu_ms_per_ballot']:5.1f} ms/ballot  peak RSS {row['hwm_mb']:4.0f} MB"
            f"  {row['wire_bytes']:,.0f} B/client/ballot on the wire"
            + (f"  [{missing} deliveries missing]" if missing else ""),
            flush=True,
        )
        if row["hello_s"] is not None:
            at = row["memory_at"]

            def mb(key: str) -> str:
                return f"{at[key]['rss'] / 1024:.0f}" if at.get(key) else "?"

            print(
                f"  {'':<36} connect {row['connect_s']:.1f} s, hellos {row['hello_s']:.1f} s ({row['hello_kib']:.0f} KiB of JSON each, {row['wire_kib_at_start']:.0f} KiB on the wire);"
                f" server RSS MB: started {mb('started')}, connected {mb('connected')}, after hellos {mb('hello')}, after ballots {mb('ballots')}, end {mb('end')}",
                flush=True,
            )
            if row["warmup"]:
                print(
                    f"  {'':<36} the first ballot after start (its batch carries the whole public state) reached every client in {row['warmup'][0]:.0f} ms",
                    flush=True,
                )
        return row


# --- reporting ---------------------------------------------------------------------------


def verdict(ok: bool | None) -> str:
    return "n/a " if ok is None else ("PASS" if ok else "MISS")


def print_burst(row: dict) -> dict:
    b = row["burst"]
    after = [x for x in b["after_last_ms"] if x is not None]
    missing = len(b["after_last_ms"]) - len(after)
    wrong = sum(1 for x in b["final_cast"] if x != b["ballots"])
    cpu_s = b["server_ticks"] / CLK_TCK
    summary = {
        "n": row["n"],
        "label": row["label"],
        "max_ms": max(after) if after and not missing else float("inf"),
        "p50_ms": percentile(after, 50) if after else float("inf"),
        "messages_mean": statistics.mean(b["messages"]),
        "messages_max": max(b["messages"]),
        "data_kib": statistics.mean(b["data_bytes"]) / 1024,
        "wire_kib": statistics.mean(b["wire_bytes"]) / 1024,
        "cpu_s": cpu_s,
        "cpu_pct": cpu_s / b["cpu_wall_s"] * 100,
        "hwm_mb": row["hwm_mb"],
        "wrong": wrong,
        "missing": missing,
        "refused": b["refused"],
        "ack_ms": b["last_ack_after_last_ms"],
    }
    print(
        f"  {row['label']:<36} N={row['n']:<4} {b['ballots']} ballots over {b['spread_s']:.2f} s; after the last ballot every client had the final tally in "
        f"{summary['max_ms']:.0f} ms (median {summary['p50_ms']:.0f} ms; last ack {summary['ack_ms']:.0f} ms)"
    )
    print(
        f"  {'':<36} messages per client {summary['messages_mean']:.1f} (max {summary['messages_max']}); received per client {summary['data_kib']:.0f} KiB of JSON, "
        f"{summary['wire_kib']:.0f} KiB on the wire; server CPU {summary['cpu_s']:.2f} s over {b['cpu_wall_s']:.2f} s ({summary['cpu_pct']:.0f}% of a core); peak RSS {summary['hwm_mb']:.0f} MB"
    )
    if wrong or missing or b["refused"]:
        print(
            f"  {'':<36} !! {wrong} clients ended with a wrong tally, {missing} never got the final one, refused: {b['refused'][:3]}"
        )
    return summary


def print_profile(path: str, top: int = 14) -> None:
    """py-spy's raw (collapsed) stacks: the functions with the most samples, own and total."""
    own: collections.Counter = collections.Counter()
    total: collections.Counter = collections.Counter()
    samples = 0
    for line in Path(path).read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        samples += n
        frames = stack.split(";")
        own[_frame(frames[-1])] += n
        for frame in {_frame(f) for f in frames}:
            total[frame] += n
    if not samples:
        print("  (py-spy recorded no samples)")
        return
    print(f"  py-spy: {samples} samples of the server during the run; top by own time:")
    for frame, n in own.most_common(top):
        print(f"    {n / samples * 100:5.1f}%  {frame}")
    print("  top functions of the project by total time (including callees):")
    shown = 0
    for frame, n in total.most_common():
        if "game/" in frame and shown < top:
            print(f"    {n / samples * 100:5.1f}%  {frame}")
            shown += 1


def _frame(frame: str) -> str:
    # "function (path/to/file.py:line)" -> "function (file.py)" with project paths kept
    m = re.match(r"(.*) \((.*?):\d+\)$", frame.strip())
    if not m:
        return frame.strip()
    function, path = m.groups()
    path = path.split("site-packages/")[-1]
    if str(ROOT) in path:
        path = path.split(str(ROOT) + "/")[-1]
    return f"{function} ({path})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="N = 50 and 200 only, fewer ballots")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="sample the Plenary server with py-spy during the largest burst",
    )
    parser.add_argument(
        "--ns", help="comma-separated client counts instead of the preset (e.g. 20,100)"
    )
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    if args.ns:
        ns = tuple(int(x) for x in args.ns.split(","))
        size = Size(
            ns=ns,
            ballots=size.ballots,
            burst_ns=tuple(n for n in ns if n >= BURST_BALLOTS),
            extras=False,
        )
    for tool in ("node",):
        if shutil.which(tool) is None:
            print(f"fanout: {tool} is not installed", file=sys.stderr)
            return 1
    if (
        not (ROOT / "node_modules" / "socket.io").exists()
        or not (ROOT / "node_modules" / "socket.io-client").exists()
    ):
        print(
            "fanout: run `npm install` first (socket.io-client, and socket.io from devDependencies)",
            file=sys.stderr,
        )
        return 1
    py_spy = shutil.which("py-spy") if args.profile else None
    if args.profile and py_spy is None:
        print(
            "fanout: --profile needs py-spy on PATH (pip install py-spy); running without it",
            file=sys.stderr,
        )

    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="plenary-fanout-") as tmp:
        workdir = Path(tmp)
        url = f"sqlite:///{workdir / 'plenary.db'}"
        made = subprocess.run(
            [
                str(PLENARY),
                "--database",
                url,
                "user",
                "create",
                INSTRUCTOR[0],
                "--password",
                INSTRUCTOR[1],
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if made.returncode != 0:
            print(made.stderr, file=sys.stderr)
            return 1
        engine = store.make_engine(url)
        accounts = Accounts(engine)
        owner = accounts.authenticate(*INSTRUCTOR)
        yaml_text = scenario_yaml(DELEGATIONS)
        (workdir / "fanout.yaml").write_text(yaml_text)
        scenario = scenarios.load_file(workdir / "fanout.yaml")
        bench = Bench(
            workdir,
            url,
            scenario,
            owner.id,
            Classroom(Service(store.EventStore(engine)), accounts),
            workdir / "sample.json",
            py_spy,
        )

        print(
            f"Fan-out benchmark ({'quick' if args.quick else 'full'}): Plenary (app.py, eventlet, batch window 0.1 s) with a {DELEGATIONS}-delegation scenario;"
        )
        print(
            f"clients: socket.io-client {node_version('socket.io-client')} in one Node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()} process, perMessageDeflate offered (threshold 1024 B) as browsers do;"
        )
        print(
            f"baselines: bare Flask-SocketIO (eventlet) and bare Node socket.io {node_version('socket.io')} broadcasting the same body."
        )
        print(
            f"{os.cpu_count()} cores, shared; load average {load_average()} at the start; code: {code_version()}."
        )

        print(
            "\n1. Ballot to updated tally at every client (one ballot at a time; latencies pooled over ballots x clients)"
        )
        for n in size.ns:
            burst = n in size.burst_ns
            bench.run_plenary(
                n, ballots=size.ballots, burst=burst, profile=args.profile and n == max(size.ns)
            )
            if n == size.ns[0]:
                if not bench.sample.exists():
                    raise RuntimeError("no ballot batch was captured for the baselines")
                print(
                    f"  (the baselines broadcast the batch Plenary sent for its last ballot above: {bench.sample.stat().st_size:,} bytes of JSON)",
                    flush=True,
                )
            bench.run_bare("flask", n, ballots=size.ballots)
            bench.run_bare("node", n, ballots=size.ballots)
        if size.extras:
            big = max(size.ns)
            print("  extras: what the batch window and compression cost")
            bench.run_plenary(
                200, ballots=size.ballots, burst=False, window="0", label="Plenary, window 0"
            )
            bench.run_plenary(
                big, ballots=size.ballots, burst=True, deflate=False, label="Plenary, no deflate"
            )
            bench.run_bare("flask", big, ballots=size.ballots, variant="no deflate")
            bench.run_bare("flask", big, ballots=size.ballots, variant="no ctx takeover")
            bench.run_bare("node", 200, ballots=size.ballots, variant="deflate")
        engine.dispose()

        print(
            f"\n2. Roll-call burst: {BURST_BALLOTS} ballots from {BURST_BALLOTS} seated delegations in {BURST_SPREAD_MS / 1000:.0f} s, every client watching"
        )
        bursts = [print_burst(r) for r in bench.rows if r["burst"]]

        print_compression(bench.rows, bursts)

        print_summary(bench.rows, bursts, size)
        for r in bench.rows:
            for phase, path in r["profiles"].items():
                what = {
                    "hello": "N clients connecting and saying hello (last_seq 0)",
                    "ballots": "the latency ballots and the burst",
                }[phase]
                print(f"\n5. Profile of the Plenary server, N={r['n']}: {what}")
                print_profile(path)
    print(f"\n(total {time.monotonic() - began:.0f} s; load average {load_average()} at the end)")
    return 0


def code_version() -> str:
    """The commit measured, and whether the server's code had uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "game", "app.py"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"
    return f"{head or '?'}" + (" with uncommitted changes under game/" if dirty else "")


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def print_compression(rows: list[dict], bursts: list[dict]) -> None:
    print("\n3. permessage-deflate: what the clients' offer got, and what it costs and saves")
    seen: dict = {}
    for r in rows:
        seen.setdefault((r["label"], r["deflate"]), collections.Counter()).update(r["extensions"])
    for (label, offered), counts in seen.items():
        got = ", ".join(f"{k} x{v}" for k, v in counts.items())
        print(f"  {label:<36} offered {'yes' if offered else 'no '}: {got}")
    print(
        "  (eventlet accepts every offer, keeps one zlib stream per connection and compresses each"
        " broadcast once per connection; python-engineio has no WebSocket compression setting:"
        " http_compression and compression_threshold apply to long-polling only)"
    )
    by = {(r["label"], r["n"]): r for r in rows}
    n = max(r["n"] for r in rows)
    pairs = [
        ("Plenary", "Plenary, no deflate"),
        ("bare Flask-SocketIO", "bare Flask-SocketIO, no ctx takeover"),
        ("bare Flask-SocketIO", "bare Flask-SocketIO, no deflate"),
    ]
    print(
        f"\n  at N={n}: {'server':<36} {'p95 ms':>7} {'CPU ms/ballot':>14} {'peak MB':>8} {'B/client/ballot':>16}"
    )
    shown = set()
    for pair in pairs:
        for label in pair:
            r = by.get((label, n))
            if r is None or label in shown:
                continue
            shown.add(label)
            print(
                f"  {'':<10}{label:<36} {r['p95']:>7.1f} {r['cpu_ms_per_ballot']:>14.1f} {r['hwm_mb']:>8.0f}"
                f" {r['wire_bytes']:>8,.0f} (JSON {r['data_bytes']:,.0f})"
            )
    on, off = by.get(("Plenary", n)), by.get(("Plenary, no deflate", n))
    if on and off:
        b_on = next((b for b in bursts if b["label"] == "Plenary" and b["n"] == n), None)
        b_off = next(
            (b for b in bursts if b["label"] == "Plenary, no deflate" and b["n"] == n), None
        )
        print(
            f"  Plenary at N={n}: hello {on['hello_kib']:.0f} KiB of JSON per client,"
            f" {on['wire_kib_at_start']:.0f} KiB on the wire with deflate, {off['wire_kib_at_start']:.0f} KiB without;"
            + (
                f" the burst {b_on['wire_kib']:.0f} vs {b_off['wire_kib']:.0f} KiB per client"
                f" ({b_on['wire_kib'] * n / 1024:.1f} vs {b_off['wire_kib'] * n / 1024:.1f} MB for the room in ~2 s);"
                f" burst CPU {b_on['cpu_s']:.2f} vs {b_off['cpu_s']:.2f} s"
                if b_on and b_off
                else ""
            )
        )
        print(
            f"  deflate costs Plenary {on['cpu_ms_per_ballot'] - off['cpu_ms_per_ballot']:+.1f} ms CPU per ballot and"
            f" {on['hwm_mb'] - off['hwm_mb']:+.0f} MB peak RSS at N={n}"
            f" (~{(on['hwm_mb'] - off['hwm_mb']) * 1024 / n:.0f} KB per connection)"
        )
    flask, nct = (
        by.get(("bare Flask-SocketIO", n)),
        by.get(("bare Flask-SocketIO, no ctx takeover", n)),
    )
    bare_off = by.get(("bare Flask-SocketIO, no deflate", n))
    if flask and nct and bare_off:
        print(
            f"  transport alone (bare Flask-SocketIO, N={n}): per-connection zlib streams {flask['hwm_mb']:.0f} MB,"
            f" no context takeover {nct['hwm_mb']:.0f} MB, no deflate {bare_off['hwm_mb']:.0f} MB peak;"
            f" a ballot's batch {flask['wire_bytes']:,.0f} / {nct['wire_bytes']:,.0f} / {bare_off['wire_bytes']:,.0f} B per client"
        )


def node_version(package: str) -> str:
    try:
        return json.loads((ROOT / "node_modules" / package / "package.json").read_text())["version"]
    except OSError:
        return "?"


def print_summary(rows: list[dict], bursts: list[dict], size: Size) -> None:
    print("\n4. Summary")
    header = f"  {'server':<36} {'N':>4} {'p50 ms':>8} {'p95 ms':>8} {'CPU ms/ballot':>14} {'peak MB':>8}   {'p95/bare-Flask':>14} {'p95/bare-Node':>13}"
    print(header)
    print("  " + "-" * (len(header) - 2))
    base = {(r["label"], r["n"]): r for r in rows}
    for r in rows:
        flask = base.get(("bare Flask-SocketIO", r["n"]))
        node = base.get(("bare Node socket.io", r["n"]))
        ratios = ""
        if r["label"].startswith("Plenary") and flask and node:
            ratios = f"{r['p95'] / flask['p95']:>13.2f}x {r['p95'] / node['p95']:>12.2f}x"
        print(
            f"  {r['label']:<36} {r['n']:>4} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['cpu_ms_per_ballot']:>14.1f} {r['hwm_mb']:>8.0f}   {ratios}"
        )
    for b in bursts:
        print(
            f"  burst {b['label']:<30} {b['n']:>4}: final tally everywhere {b['max_ms']:.0f} ms after the last ballot, "
            f"{b['messages_max']} messages/client (max), server CPU {b['cpu_s']:.2f} s ({b['cpu_pct']:.0f}% of a core), peak RSS {b['hwm_mb']:.0f} MB"
        )

    print("\n  Targets")
    plenary = base.get(("Plenary", 200))
    flask = base.get(("bare Flask-SocketIO", 200))
    node = base.get(("bare Node socket.io", 200))
    if plenary and flask and node:
        r1, r2 = plenary["p95"] / flask["p95"], plenary["p95"] / node["p95"]
        print(
            f"  {verdict(r1 <= TARGET_RATIO_FLASK)}  p95 at N=200 within {TARGET_RATIO_FLASK}x bare Flask-SocketIO: {plenary['p95']:.1f} vs {flask['p95']:.1f} ms = {r1:.2f}x"
        )
        print(
            f"  {verdict(r2 <= TARGET_RATIO_NODE)}  p95 at N=200 within {TARGET_RATIO_NODE}x bare Node socket.io: {plenary['p95']:.1f} vs {node['p95']:.1f} ms = {r2:.2f}x"
        )
        print(
            f"        (ballots {GAP_MS} ms apart after delivery, for every server; Plenary sends a batch at"
            " once after a quiet spell and at most one per PLENARY_BATCH_WINDOW = 0.1 s in a burst)"
        )
        zero = base.get(("Plenary, window 0", 200))
        if zero:
            print(
                f"        with the window at 0: p95 {zero['p95']:.1f} ms = {zero['p95'] / flask['p95']:.2f}x bare"
                f" Flask-SocketIO, {zero['p95'] / node['p95']:.2f}x bare Node"
            )
    main_bursts = [b for b in bursts if b["label"] == "Plenary"]
    for b in main_bursts:
        ok = b["max_ms"] <= TARGET_BURST_S * 1000 and not b["wrong"] and not b["refused"]
        print(
            f"  {verdict(ok)}  burst, N={b['n']}: every client has the final tally within {TARGET_BURST_S} s of the last ballot: {b['max_ms']:.0f} ms"
        )
        print(
            f"  {verdict(b['messages_max'] < TARGET_MESSAGES)}  burst, N={b['n']}: under {TARGET_MESSAGES} socket messages per client: max {b['messages_max']}, mean {b['messages_mean']:.1f}"
        )
    big = base.get(("Plenary", 500))
    peak = (
        max([big["hwm_mb"]] + [b["hwm_mb"] for b in main_bursts if b["n"] == 500]) if big else None
    )
    print(
        f"  {verdict(None if peak is None else peak < TARGET_PEAK_MB)}  peak memory at N=500 under {TARGET_PEAK_MB} MB: "
        + (
            f"{peak:.0f} MB (VmHWM)"
            + (
                f"; {base[('Plenary, no deflate', 500)]['hwm_mb']:.0f} MB when the clients offer no deflate"
                if ("Plenary, no deflate", 500) in base
                else ""
            )
            if peak is not None
            else "not measured (--quick stops at N=200)"
        )
    )


if __name__ == "__main__":
    sys.exit(main())
