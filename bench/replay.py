"""Benchmark of the replay: prints figures, tests nothing.

    .venv/bin/python bench/replay.py            # a 20,000-event session
    .venv/bin/python bench/replay.py --quick    # 3,000 events, for a smoke check

1. Server side: the replay page's state at a random point (`Debrief.state_at`: the nearest
   snapshot, the fold since, the projection, the events just before, as JSON) from a cold
   service (a new `Service` per point, as a fresh process has), p50/p95/max over seeded
   random points, in a process that has frozen its start-up heap as `plenary serve` does
   (gc.freeze). Baselines in the same run: a bare SELECT of the whole log, and the same
   points folded from the start of the log without snapshots.
2. The answers the page fetches at load, from a cold service: the timeline's index (its
   columns and the texts of its first and last screens: the first answer drawn), the report
   (one fold of the whole log, kept afterwards), then each again (kept), a page of texts, and
   the full timeline the minutes use.
3. In Chromium (/usr/bin/chromium, skipped when absent): the replay page's load until the
   timeline list and the map are drawn (the report's sections may still be loading), and
   until the report's sections are drawn too, against the instructor's dashboard in the
   same run.

The session is bench/engine.py's: a 150-delegation conference in six blocs, played through
the rules with real commands (floor rounds, messages, amendments, roll-calls, signing), and
stored with the snapshots the service writes (every 250 events). Target: under 50 ms a point.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session as DbSession

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine import build_session, scenario_yaml  # noqa: E402  (bench/engine.py)

from game import scenario as scenarios  # noqa: E402
from game import store  # noqa: E402
from game.rules import engine as rules_engine  # noqa: E402
from game.rules.state import initial  # noqa: E402
from game.service import Service  # noqa: E402
from game.service.debrief import Audience, Debrief  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
TARGET_MS = 50.0
PASSWORD = "correct horse battery"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def line(label: str, values: list[float]) -> str:
    return f"  {label:46} p50 {statistics.median(values):8.1f} ms   p95 {percentile(values, 95):8.1f} ms   max {max(values):8.1f} ms"


def store_session(url: str, events: int) -> tuple[str, int]:
    scenario = scenarios.load_text(scenario_yaml(150), "bench scenario")
    played = build_session(scenario.spec, events)
    service = Service(store.EventStore(store.make_engine(url)))
    session_id = service.register(scenario, title=f"Bench conference ({len(played.log):,} events)")
    for start in range(0, len(played.log), 1000):
        service.store.append(session_id, start, played.log[start : start + 1000])
    for snapshot in played.snapshots:
        if snapshot.seq <= len(played.log):
            service.store.save_snapshot(session_id, snapshot)
    return session_id, len(played.log)


def server_side(url: str, session_id: str, last: int, points: int) -> dict[str, float]:
    rng = random.Random(20240613)
    seqs = [rng.randint(1, last) for _ in range(points)]
    engine = store.make_engine(url)
    cold, bare, unsnapped = [], [], []
    for seq in seqs:
        service = Service(store.EventStore(engine))
        started = time.perf_counter()
        json.dumps(Debrief(service).state_at(session_id, seq, Audience(chair=True)))
        cold.append((time.perf_counter() - started) * 1000)
    scrubbing = Debrief(Service(store.EventStore(engine)))
    warm = []
    for seq in sorted(seqs):  # one service, the points in order: a scrubber dragged along
        started = time.perf_counter()
        json.dumps(scrubbing.state_at(session_id, seq, Audience(chair=True)))
        warm.append((time.perf_counter() - started) * 1000)
    for _ in range(5):
        started = time.perf_counter()
        with DbSession(engine) as db:
            db.execute(select(store.EventRow).where(store.EventRow.session_id == session_id)).all()
        bare.append((time.perf_counter() - started) * 1000)
    log = store.EventStore(engine).load(session_id)
    spec = Service(store.EventStore(engine)).scenario(session_id).spec
    for seq in seqs[:10]:
        started = time.perf_counter()
        rules_engine.replay(spec, log, seq, start=initial(spec))
        unsnapped.append((time.perf_counter() - started) * 1000)
    debrief = Debrief(Service(store.EventStore(engine)))
    chair = Audience(chair=True)
    answers = {}
    for name, answer in (
        ("timeline index (the first answer drawn)", lambda: debrief.timeline_index(session_id, chair)),
        ("report (one fold of the whole log)", lambda: debrief.report(session_id, chair)),
        ("timeline index again (lines kept)", lambda: debrief.timeline_index(session_id, chair)),
        ("report again (kept)", lambda: debrief.report(session_id, chair)),
        ("ten pages of texts (1,000 rows)", lambda: debrief.timeline_texts(session_id, chair, list(range(10, 20)))),
        ("full timeline for the minutes (lines kept)", lambda: debrief.timeline(session_id, chair)),
    ):
        started = time.perf_counter()
        body = json.dumps(answer(), separators=(",", ":"))
        answers[name] = ((time.perf_counter() - started) * 1000, len(body))
    print(f"\n1. The state at a random point of a {last:,}-event session, from a cold service ({points} points)")
    print(line("Debrief.state_at + JSON (snapshots every 250)", cold))
    print(line("the same points from one warm service, in order", warm))
    print(line(f"baseline: bare SELECT of all {last:,} rows", bare))
    print(line("baseline: fold from seq 0 without snapshots", unsnapped))
    print(f"  ratio p50 state_at / bare SELECT: {statistics.median(cold) / statistics.median(bare):.2f}; "
          f"state_at / fold without snapshots: {statistics.median(cold) / statistics.median(unsnapped):.3f}")
    verdict = "meets" if percentile(cold, 95) < TARGET_MS else "misses"
    print(f"  target: under {TARGET_MS:.0f} ms server side: p95 {percentile(cold, 95):.1f} ms {verdict} it")
    print("\n2. The page's answers at load (a cold service, in this order)")
    for name, (ms, size) in answers.items():
        print(f"  {name:46} {ms:8.1f} ms, {size / 1e6:.3f} MB of JSON")
    engine.dispose()
    return {"p50": statistics.median(cold), "p95": percentile(cold, 95)}


def browser(url: str, session_id: str, folder: Path, repeats: int) -> None:
    print("\n3. The replay page in Chromium (time to the timeline and the map drawn; to the report drawn)")
    if not CHROMIUM.exists():
        print(f"  skipped: no Chromium at {CHROMIUM}")
        return
    from playwright.sync_api import sync_playwright

    env = {**os.environ, "DATABASE_URL": url, "PLENARY_SECRET_KEY": secrets.token_hex(16)}
    env.pop("PLENARY_ASYNC_MODE", None)
    plenary = Path(sys.executable).with_name("plenary")
    subprocess.run([str(plenary), "--database", url, "user", "create", "teacher", "--password", PASSWORD], env=env, check=True, capture_output=True)
    port = 5000 + random.randint(1000, 3000)
    log = (folder / "server.log").open("w")
    server = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port), "--async-mode", "threading"],
                              cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
            page = chromium.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"{base}/login")
            page.get_by_label("Username").fill("teacher")
            page.get_by_label("Password").fill(PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(f"{base}/dashboard")
            replay, whole, dashboard = [], [], []
            for _ in range(repeats):
                started = time.perf_counter()
                page.goto(f"{base}/dashboard", wait_until="load")
                dashboard.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                page.goto(f"{base}/s/{session_id}/replay", wait_until="commit")
                page.wait_for_selector("#replay[data-ready=yes] .timeline-entry", timeout=120_000)
                page.wait_for_selector("#timeline path.country.is-delegation", state="attached", timeout=120_000)
                replay.append((time.perf_counter() - started) * 1000)
                page.wait_for_selector("#replay[data-report=yes] #votes .vote-picker", state="attached", timeout=120_000)
                whole.append((time.perf_counter() - started) * 1000)
            chromium.close()
        print(line("replay page: timeline list and map drawn", replay))
        print(line("replay page: the report's sections drawn too", whole))
        print(line("baseline: the dashboard page (load event)", dashboard))
        print(f"  ratio p50 replay / dashboard: {statistics.median(replay) / statistics.median(dashboard):.1f}; "
              f"with the report: {statistics.median(whole) / statistics.median(dashboard):.1f}")
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    events = 3_000 if args.quick else 20_000
    with tempfile.TemporaryDirectory() as workdir:
        url = f"sqlite:///{workdir}/replay.db"
        store.migrate(url)
        started = time.perf_counter()
        session_id, last = store_session(url, events)
        print(f"Built and stored a {last:,}-event session in {time.perf_counter() - started:.1f} s (SQLite, {workdir})")
        # As `plenary serve` does once started: what lives for the whole process (here, also
        # the building's leftovers) leaves the collector's sight, so no request pays for a
        # full collection rescanning it.
        gc.collect()
        gc.freeze()
        server_side(url, session_id, last, 20 if args.quick else 60)
        browser(url, session_id, Path(workdir), 3 if args.quick else 5)


if __name__ == "__main__":
    main()
