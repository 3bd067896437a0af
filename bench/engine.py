"""Benchmarks of the engine, the event store and the service: prints figures, tests nothing.

    .venv/bin/python bench/engine.py            # full run (a 20,000-event session), ~2 minutes
    .venv/bin/python bench/engine.py --quick    # a smaller run, for a smoke check
    .venv/bin/python bench/engine.py --profile  # also print cProfile's top functions per part

What it measures, each against a baseline measured in the same run (the machines are shared
and noisy, so ratios and medians of repeats mean more than absolute numbers):

1. Fold: events folded per second by `engine.replay` over a realistic log, built by driving
   real commands through `game.rules.execute` on a 150-delegation conference in six blocs.
   Baselines: a bare loop calling a trivial function once per event, and one
   `dataclasses.replace` of the SessionState per event.
2. Replay to any point: `Service.state(session_id, upto=k)` from a fresh Service, for seeded
   random k, with snapshots every SNAPSHOT_EVERY events (as `Service` writes them) and without.
3. Appends per second through `EventStore.append` (one event per call, and batches) on SQLite
   and PostgreSQL, against bare SQLAlchemy Core INSERTs of the same rows into the same table.
4. A 150-ballot roll-call decided and stored through `Service.handle` on SQLite, against the
   same commands decided and folded in memory.

Everything runs in a temporary directory (SQLite) or a private PostgreSQL schema that is
created and dropped here (PostgreSQL is skipped, with a message, when it is unreachable).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import io
import pstats
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, delete, insert, text  # noqa: E402
from sqlalchemy.engine import URL  # noqa: E402
from sqlalchemy.exc import OperationalError  # noqa: E402

from game import scenario as scenarios  # noqa: E402
from game.rules import (  # noqa: E402
    Actor,
    RuleViolation,
    SessionState,
    codec,
    engine,
    execute,
    initial,
    replay,
)
from game.rules import commands as c  # noqa: E402
from game.rules.events import Recorded  # noqa: E402
from game.rules.model import ConferenceSpec  # noqa: E402
from game.rules.values import Choice, Placard, SignatureKind, Subject  # noqa: E402
from game.service.sessions import SNAPSHOT_EVERY as SERVICE_SNAPSHOT_EVERY  # noqa: E402
from game.service.sessions import Service  # noqa: E402
from game.store import EventRow, EventStore, SnapshotRow, make_engine, migrate  # noqa: E402

SEED = 20240613
SNAPSHOT_EVERY = SERVICE_SNAPSHOT_EVERY  # the interval the service itself uses
CHAIR = Actor.chair("chair")
POSTGRES = URL.create(
    "postgresql+psycopg", username="postgres", host="127.0.0.1", port=5432, database="test"
)

TARGET_REPLAY_MS = 50.0
TARGET_ROLL_CALL_S = 0.5


@dataclass(frozen=True)
class Size:
    events: int
    fold_repeats: int
    replay_points: int
    replay_repeats: int
    """Timings per point with snapshots (the median is kept); without snapshots, one."""
    appends_single: int
    appends_batched: int
    batch: int
    append_repeats: int
    roll_call_repeats: int


FULL = Size(
    events=20_000,
    fold_repeats=5,
    replay_points=30,
    replay_repeats=3,
    appends_single=400,
    appends_batched=2_000,
    batch=100,
    append_repeats=3,
    roll_call_repeats=5,
)
QUICK = Size(
    events=5_000,
    fold_repeats=3,
    replay_points=10,
    replay_repeats=2,
    appends_single=100,
    appends_batched=500,
    batch=100,
    append_repeats=2,
    roll_call_repeats=2,
)


# --- small helpers -----------------------------------------------------------------------


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Seconds one call takes (after a collection, so earlier garbage is not billed here)."""
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median_time(fn: Callable[[], object], repeats: int) -> float:
    return statistics.median(timed(fn)[0] for _ in range(repeats))


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile: an observed value, never an interpolation."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def rate(n: float, seconds: float) -> str:
    return f"{n / seconds:,.0f}/s"


def header(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


class Profiler:
    """cProfile around chosen blocks when --profile is given; a no-op otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def run(self, title: str, fn: Callable[[], object]) -> None:
        if not self.enabled:
            return
        profile = cProfile.Profile()
        profile.enable()
        fn()
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).sort_stats("tottime")
        stats.print_stats(12)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        start = next((i for i, line in enumerate(lines) if "ncalls" in line), 0)
        print(f"  [profile: {title}, top functions by own time]")
        for line in lines[start:]:
            print("   " + line[:150])


# --- the scenario: 150 delegations in six blocs ------------------------------------------

BLOCS = [
    ("open", "Open Internet Group"),
    ("sovereign", "Sovereign Networks Group"),
    ("african", "African Telecommunications Union"),
    ("arab", "Arab Group"),
    ("apt", "Asia-Pacific Telecommunity"),
    ("citel", "Inter-American Telecommunication Commission"),
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "te",
    "sa",
    "no",
    "vi",
    "du",
    "bel",
    "gar",
    "tan",
    "zu",
    "or",
    "em",
    "il",
    "qua",
    "bri",
    "sto",
    "nel",
    "var",
    "po",
    "chi",
    "ren",
]
ACCENTED = {"e": "é", "a": "â", "o": "ô", "i": "ï", "u": "ü"}

ITEM_TEXTS = {
    "preamble": "Member States affirm their commitment to implement these Regulations in a manner "
    "that respects and upholds their [human rights obligations | obligations under "
    "international law]. [These Regulations recognize the right of access of Member "
    "States to international telecommunication services.]",
    "art1": "Member States shall [endeavour to | ] ensure the security and robustness of "
    "international telecommunication networks [in order to achieve effective use thereof "
    "| and shall cooperate against threats to national security].",
    "art2": "Operating agencies shall [take all necessary measures to | endeavour to] prevent the "
    "propagation of unsolicited bulk electronic communications [and are encouraged to "
    "cooperate in that sense].",
    "art3": "Member States shall [foster | require] measures to ensure that authorized operating "
    "agencies provide [free of charge | at a reasonable cost] transparent information on "
    "prices for international roaming services.",
    "art4": "Member States shall endeavour to ensure that sufficient quality of service is "
    "provided, [corresponding to relevant ITU-T Recommendations | as agreed between "
    "operating agencies].",
    "art5": "International telecommunication services shall be provided [on the basis of "
    "commercial agreements | under accounting rate principles] between operating "
    "agencies [or recognized operating agencies].",
    "res": "The Conference invites Member States to elaborate on their respective positions on "
    "international Internet-related technical, development and public-policy issues "
    "[within the mandate of ITU | in the multistakeholder fora where these issues are "
    "already discussed] [and in international Internet public policy].",
    "final": "This Final Act shall enter into force on the first day of January of the year "
    "following its signature, and shall be deposited with the Secretary-General.",
}


def scenario_yaml(n: int = 150) -> str:
    """A synthetic but complete scenario: briefs, policies, French roll names with accents."""
    rng = random.Random(SEED)
    names: list[str] = []
    while len(names) < n:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if word not in names:
            names.append(word)
    ids: list[str] = []
    for name in names:
        base = (name[:3]).upper()
        candidate = base
        suffix = 0
        while candidate in ids:
            suffix += 1
            candidate = f"{base[:2]}{suffix}"
        ids.append(candidate)
    out = [
        "# Generated by bench/engine.py: 150 delegations in six blocs, for benchmarks.",
        "id: bench-150",
        'title: "Benchmark plenary: 150 delegations"',
        "description: >",
        "  A synthetic world conference revising the telecommunication regulations: six blocs,",
        "  eight texts with square brackets, consensus first and votes when it fails.",
        "roll_call: {language: fr, start: first}",
        "speaking_seconds: 120",
        "readings: 1",
        "transfers_allowed: true",
        "max_proxies: 1",
        "rules:",
        "  itu:",
        "    name: ITU rules of procedure",
        "    consensus_first: true",
        "    methods: [show_of_hands, roll_call, secret_ballot]",
        "    threshold: majority",
        "    quorum: majority_of_members",
        "    abstentions_postpone: true",
        "    citation: ITU Convention No. 410-416",
        "    objection_seconds: 45",
        "  vote:",
        "    name: Majority vote",
        "    consensus_first: false",
        "    methods: [show_of_hands, roll_call, secret_ballot]",
        "    threshold: majority",
        "    quorum: majority_of_members",
        "    citation: UN Charter Art. 18(3)",
        "blocs:",
    ]
    for i, (bloc_id, bloc_name) in enumerate(BLOCS):
        out += [f"  - id: {bloc_id}", f"    name: {bloc_name}", f"    lead: {ids[i]}"]
    out += [
        "defaults:",
        "  policy:",
        "    default: follow_lead",
        "    loyalty: 0.9",
        "    signs: follow_lead",
        "delegations:",
    ]
    for i, (delegation_id, name) in enumerate(zip(ids, names, strict=True)):
        bloc = BLOCS[i % len(BLOCS)][0]
        french = "".join(ACCENTED.get(ch, ch) if j == 1 else ch for j, ch in enumerate(name))
        out += [
            f"  - id: {delegation_id}",
            f"    name: Republic of {name}",
            f"    bloc: {bloc}",
            f'    m49: "{100 + i:03d}"',
            f'    sort_names: {{fr: "République de {french}", en: "Republic of {name}"}}',
            "    brief:",
            "      public_position: >",
            f"        {name} supports affordable international connections and a treaty that helps",
            "        developing countries build their networks, within the mandate of the ITU.",
            "      private_instructions: >",
            f"        Stay with your bloc on the preamble and Article 1; on roaming prices {name}",
            "        has its own interests and may vote against the bloc lead.",
            "      red_lines:",
            "        - No text that lets governments control content",
            "      objectives:",
            "        - id: access",
            "          text: The adopted preamble keeps the right of access",
            "          kind: text_includes",
            "          item: preamble",
            "          phrase: right of access",
            "          points: 2",
            "        - id: sign",
            "          text: Sign the Final Acts",
            "          kind: signs",
            "    policy:",
            f'      positions: {{preamble: "yes", art1: {rng.choice(["yes", "no", "abstain"])}}}',
        ]
    out.append("agenda:")
    for item_id, body in ITEM_TEXTS.items():
        kind = {"preamble": "preamble", "res": "resolution", "final": "other"}.get(
            item_id, "article"
        )
        rule = "vote" if item_id == "final" else "itu"
        out += [
            f"  - id: {item_id}",
            f'    title: "{item_id.capitalize()}"',
            f"    kind: {kind}",
            f"    rule: {rule}",
            "    text: >",
            f"      {body}",
        ]
    out += [
        "phases:",
        "  - {id: opening, name: Opening statements, allows: [floor, messages]}",
        "  - {id: negotiation, name: Negotiation, allows: [floor, drafting, messages]}",
        "  - {id: decisions, name: Plenary decisions, allows: [floor, drafting, decisions, messages]}",
        "  - {id: signing, name: Signing of the Final Acts, allows: [floor, signing, messages]}",
        "injects:",
    ]
    for j in range(6):
        to = f"    to: [{ids[j * 7]}, {ids[j * 7 + 1]}]" if j % 2 else None
        out += [
            f"  - id: news{j}",
            f"    title: News item {j}",
            "    text: >",
            "      A news site publishes a leaked draft and civil-society groups ask every",
            "      delegation where it stands on the words highlighted in it.",
        ]
        if to:
            out.append(to)
    out += [
        "history:",
        "  outcome: >",
        "    89 of the 144 Member States entitled to sign signed; 55 did not.",
    ]
    return "\n".join(out) + "\n"


# --- a realistic session, driven through the rules ---------------------------------------

_PROSE = (
    "the conference delegation amendment bracket text security access roaming prices network "
    "operators treaty regulations internet governance public policy member states cooperation "
    "development we support cannot accept propose compromise bloc position vote consensus chair "
    "floor article preamble resolution signature reservation"
)
WORDS = tuple(_PROSE.split())


@dataclass
class Session:
    """A session being played: the state, its log, and the snapshots Service would write."""

    spec: ConferenceSpec
    rng: random.Random
    state: SessionState = field(init=False)
    log: list[Recorded] = field(default_factory=list)
    snapshots: list[SessionState] = field(default_factory=list)
    clock: float = 1_760_000_000.0
    refused: Counter = field(default_factory=Counter)
    commands: int = 0

    def __post_init__(self) -> None:
        self.state = initial(self.spec)
        self.delegations = [d.id for d in self.spec.delegations]
        self.bloc_of = {d.id: d.bloc for d in self.spec.delegations}
        self.members = {
            b.id: [d for d in self.delegations if self.bloc_of[d] == b.id] for b in self.spec.blocs
        }

    def do(self, actor: Actor, command: c.Command, step: tuple[float, float] = (0.5, 6.0)) -> bool:
        """Execute one command, as Service.handle would (including when it snapshots)."""
        self.clock += self.rng.uniform(*step)
        command = dataclasses.replace(command, at=self.clock)
        before = self.state.seq
        self.commands += 1
        try:
            self.state, records = execute(self.state, actor, command)
        except RuleViolation as error:
            self.refused[error.code] += 1
            return False
        self.log.extend(records)
        if self.state.seq // SNAPSHOT_EVERY > before // SNAPSHOT_EVERY:
            self.snapshots.append(self.state)
        return True

    # who is around

    def present(self) -> list[str]:
        return [d for d in self.delegations if self.state.present(d)]

    def sentence(self, lo: int = 8, hi: int = 60) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi))]
        return (" ".join(words)).capitalize() + "."

    # activities

    def chatter(self, n: int) -> None:
        for _ in range(n):
            sender = self.rng.choice(self.delegations)
            roll = self.rng.random()
            if roll < 0.45:
                self.do(
                    Actor.delegate(sender), c.SendMessage(audience="bloc", text=self.sentence())
                )
            elif roll < 0.8:
                to = tuple(
                    self.rng.sample(
                        [d for d in self.delegations if d != sender], self.rng.randint(1, 3)
                    )
                )
                self.do(
                    Actor.delegate(sender),
                    c.SendMessage(audience="delegations", to=to, text=self.sentence()),
                )
            elif roll < 0.97:
                self.do(
                    Actor.delegate(sender),
                    c.SendMessage(audience="public", text=self.sentence(20, 120)),
                )
            else:
                self.do(CHAIR, c.SendMessage(audience="public", text=self.sentence()))

    def floor_round(self, speakers: int) -> None:
        listed = {s.delegation for s in self.state.floor.speakers}
        for delegation in self.rng.sample(self.present(), speakers):
            if delegation not in listed:
                self.do(Actor.delegate(delegation), c.RequestFloor(kind="speech"))
        if self.rng.random() < 0.5:
            replier = self.rng.choice(self.present())
            self.do(
                Actor.delegate(replier),
                c.RequestFloor(kind="reply", about=self.rng.choice(self.delegations)),
            )
        for turn in range(len(self.state.floor.speakers)):
            if self.state.floor.current is not None:
                self.do(CHAIR, c.YieldFloor())
            if not self.state.floor.speakers:
                break
            self.do(CHAIR, c.GiveFloor(), step=(20, 120))
            if turn == 2 and self.rng.random() < 0.4:
                objector = self.rng.choice(self.present())
                self.do(
                    Actor.delegate(objector),
                    c.RequestFloor(kind="point_of_order", about="speaking time"),
                )
                self.do(
                    CHAIR,
                    c.RulePointOfOrder(delegation=objector, ruling="The speaker may continue."),
                )
            current = self.state.floor.current
            if current is not None:
                actor = Actor.delegate(current.delegation) if self.rng.random() < 0.7 else CHAIR
                self.do(actor, c.YieldFloor())
        if self.rng.random() < 0.1:
            self.do(CHAIR, c.SetSpeakingTime(seconds=self.rng.choice([60, 90, 120, 180])))

    def open_amendments(self, item: str | None = None) -> list[str]:
        return [
            a.id
            for a in self.state.amendments.values()
            if a.pending and (item is None or a.item == item)
        ]

    def draft(self, proposals: int) -> None:
        for _ in range(proposals):
            item_id = self.rng.choice([i for i in ITEM_TEXTS if i != "final"])
            item = self.state.items[item_id]
            sponsor = self.rng.choice(self.present())
            brackets = item.brackets
            if brackets and self.rng.random() < 0.85:
                bracket = self.rng.choice(brackets)
                choice = self.rng.choice(bracket.choices) or ""
                proposal = c.ProposeAmendment(item=item_id, bracket=bracket.id, text=choice)
            else:
                body = ITEM_TEXTS[item_id]
                proposal = c.ProposeAmendment(item=item_id, text=body)
            if not self.do(Actor.delegate(sponsor), proposal):
                continue
            amendment = self.state.amendments[f"A{len(self.state.amendments)}"]
            bloc = self.members[self.bloc_of[sponsor]]
            for cosponsor in self.rng.sample(bloc, self.rng.randint(1, 6)):
                if cosponsor not in amendment.sponsors:
                    self.do(Actor.delegate(cosponsor), c.CosponsorAmendment(amendment=amendment.id))
            if self.rng.random() < 0.08:
                self.do(Actor.delegate(sponsor), c.WithdrawAmendment(amendment=amendment.id))

    def ballots(
        self, decision_order: tuple[str, ...], favour: dict[str, float], turnout: float
    ) -> None:
        """Ballots from most of the roll, by bloc leaning; transferred votes cast by holders."""
        holders = dict(self.state.proxies)
        for voter in decision_order:
            if self.rng.random() > turnout:
                continue
            lean = favour[self.bloc_of[voter]]
            roll = self.rng.random()
            choice = (
                Choice.YES if roll < lean else Choice.ABSTAIN if roll < lean + 0.08 else Choice.NO
            )
            if voter in holders:
                self.do(
                    Actor.delegate(holders[voter]),
                    c.CastBallot(choice=choice, on_behalf_of=voter),
                    step=(0.2, 1.5),
                )
            else:
                self.do(Actor.delegate(voter), c.CastBallot(choice=choice), step=(0.2, 1.5))

    def decide(self, amendment_id: str) -> None:
        """Consensus first; when blocked, maybe a sounding, then a vote by a chosen method."""
        subject = Subject("amendment", amendment_id)
        if self.rng.random() < 0.2:
            self.do(CHAIR, c.AcceptAmendment(amendment=amendment_id))
            return
        if not self.do(CHAIR, c.CallForObjections(subject=subject, seconds=45)):
            return
        objectors = self.rng.sample(self.present(), self.rng.choice([0, 1, 1, 2, 3, 5]))
        for objector in objectors:
            self.do(
                Actor.delegate(objector),
                c.RaiseObjection(reason=self.sentence(4, 20)),
                step=(0.5, 4),
            )
        if not objectors:
            self.clock += 46
        self.do(CHAIR, c.CloseDecision())
        if not objectors:
            return
        sponsor_bloc = self.bloc_of[self.state.amendments[amendment_id].sponsors[0]]
        favour = {
            b: (0.85 if b == sponsor_bloc else self.rng.uniform(0.15, 0.75)) for b in self.members
        }
        if self.rng.random() < 0.4 and self.do(CHAIR, c.SoundRoom(subject=subject)):
            for delegation in self.rng.sample(self.present(), self.rng.randint(40, 110)):
                lean = favour[self.bloc_of[delegation]]
                placard = Placard.FOR if self.rng.random() < lean else Placard.AGAINST
                self.do(
                    Actor.delegate(delegation), c.RaisePlacard(placard=placard), step=(0.2, 1.0)
                )
            self.do(CHAIR, c.CloseDecision())
        method = self.rng.choice(["roll_call", "roll_call", "show_of_hands", "secret_ballot"])
        if self.do(
            CHAIR, c.CallVote(subject=subject, method=method, seed=self.rng.randrange(1000))
        ):
            self.ballots(self.state.decision.order, favour, turnout=0.985)
            self.do(CHAIR, c.CloseDecision())

    def housekeeping(self) -> None:
        """Presence, transfers of votes, injects: the secretariat's side of a session."""
        away = sorted(self.state.away)
        if away and self.rng.random() < 0.6:
            back = self.rng.choice(away)
            if back in self.state.proxies:
                self.do(CHAIR, c.RevokeTransfer(delegation=back))
            self.do(CHAIR, c.MarkPresence(delegation=back, present=True))
        if len(away) < 6 and self.rng.random() < 0.7:
            leaving = self.rng.choice(
                [d for d in self.present() if d not in self.state.proxies.values()]
            )
            self.do(CHAIR, c.MarkPresence(delegation=leaving, present=False))
            if self.rng.random() < 0.5:
                held = set(self.state.proxies.values()) | set(self.state.proxies)
                holder = self.rng.choice([d for d in self.present() if d not in held])
                self.do(CHAIR, c.TransferVote(delegation=leaving, holder=holder))
        if self.rng.random() < 0.1:
            self.do(
                CHAIR,
                c.FireInject(
                    title="From the capitals",
                    text=self.sentence(20, 60),
                    to=tuple(self.rng.sample(self.delegations, 3)),
                ),
            )

    def conclude(self) -> None:
        """Clear the brackets, adopt the texts, a roll-call on the Final Act, then signing."""
        for amendment_id in self.open_amendments():
            if self.state.amendments[amendment_id].pending:
                self.do(
                    Actor.delegate(self.state.amendments[amendment_id].sponsors[0]),
                    c.WithdrawAmendment(amendment=amendment_id),
                )
        for item_id in ITEM_TEXTS:
            for bracket in self.state.items[item_id].brackets:
                sponsor = self.rng.choice(self.present())
                if self.do(
                    Actor.delegate(sponsor),
                    c.ProposeAmendment(item=item_id, bracket=bracket.id, text=bracket.options[0]),
                ):
                    self.do(CHAIR, c.AcceptAmendment(amendment=f"A{len(self.state.amendments)}"))
            if item_id != "final":
                self.do(CHAIR, c.CallForObjections(subject=Subject("item", item_id), seconds=45))
                self.clock += 46
                self.do(CHAIR, c.CloseDecision())
        for delegation in sorted(self.state.away):
            if delegation in self.state.proxies:
                self.do(CHAIR, c.RevokeTransfer(delegation=delegation))
            self.do(CHAIR, c.MarkPresence(delegation=delegation, present=True))
        self.do(CHAIR, c.CallVote(subject=Subject("item", "final"), method="roll_call"))
        self.ballots(self.state.decision.order, {b: 0.8 for b in self.members}, turnout=1.0)
        self.do(CHAIR, c.CloseDecision())
        self.do(CHAIR, c.ChangePhase(phase="signing"))
        self.do(CHAIR, c.OpenSigning())
        for delegation in self.delegations:
            roll = self.rng.random()
            if roll < 0.55:
                self.do(Actor.delegate(delegation), c.SignFinalActs())
            elif roll < 0.7:
                self.do(
                    Actor.delegate(delegation),
                    c.SignFinalActs(kind=SignatureKind.RESERVATION, text=self.sentence(20, 60)),
                )
            elif roll < 0.95:
                self.do(Actor.delegate(delegation), c.SignFinalActs(kind=SignatureKind.DECLINED))
        self.do(CHAIR, c.CloseSigning())


def build_session(spec, events: int) -> Session:
    """Play a whole conference until the log holds exactly `events` events."""
    s = Session(spec, random.Random(SEED))
    s.do(CHAIR, c.StartSession())
    for i in range(40):  # a class of forty holds forty seats; autopilot would play the rest
        s.do(
            CHAIR,
            c.SeatPlayer(
                player=f"p{i:02d}", name=f"Student {i:02d}", delegation=s.delegations[i * 3]
            ),
        )
    for item_id in ITEM_TEXTS:
        s.do(CHAIR, c.AdvanceReading(item=item_id))
    s.floor_round(25)
    s.chatter(60)
    s.do(CHAIR, c.FireInject(inject="news0"))
    s.do(CHAIR, c.ChangePhase(phase="negotiation"))
    for _ in range(3):
        s.chatter(120)
        s.floor_round(10)
        s.draft(4)
    s.do(CHAIR, c.ChangePhase(phase="decisions"))
    reserve = 1_300  # what conclude() adds, with room to spare; the rest is padded with messages
    while len(s.log) < events - reserve:
        s.chatter(130)
        s.floor_round(10)
        s.housekeeping()
        s.draft(3)
        for amendment_id in s.open_amendments()[:3]:
            if s.state.amendments[amendment_id].pending:
                s.decide(amendment_id)
    s.conclude()
    while len(s.log) < events - 1:
        s.chatter(1)
    s.do(CHAIR, c.EndSession())
    del s.log[events:]  # conclude() may overshoot a small --quick target: keep a prefix
    return s


# --- 1. fold ---------------------------------------------------------------------------


def part_fold(spec, session: Session, size: Size, profiler: Profiler) -> dict:
    header(f"1. Fold: events folded per second ({len(session.log):,}-event log, in memory)")
    log = session.log
    n = len(log)
    mix = Counter(type(r.event).__name__ for r in log)
    top = ", ".join(f"{name} {count / n:.0%}" for name, count in mix.most_common(9))
    print(
        f"  log: {n:,} events from {session.commands:,} commands "
        f"({sum(session.refused.values())} refused by the rules: {dict(session.refused) or 'none'}); "
        f"{len(mix)} event types"
    )
    print(f"  mix: {top}, ...")
    votes = [
        r.event.outcome
        for r in log
        if type(r.event).__name__ == "DecisionClosed" and r.event.outcome.tally
    ]
    cast = [o.tally.cast for o in votes if o.method not in ("sounding",)]
    print(
        f"  decisions: {session.state.decisions_taken} ({len(cast)} votes, {min(cast)}-{max(cast)} "
        f"ballots each); amendments {len(session.state.amendments)}; messages {session.state.messages}"
    )

    final = replay(spec, log)
    assert final.seq == n, "the fold stopped short"
    if session.state.seq == n:
        assert final == session.state, "folding the log disagrees with the states execute returned"
    fold = median_time(lambda: replay(spec, log), size.fold_repeats)

    def trivial(state, recorded):
        return state

    def bare_loop():
        state = None
        for recorded in log:
            state = trivial(state, recorded)
        return state

    start = initial(spec)

    def replace_loop():
        state = start
        for recorded in log:
            state = dataclasses.replace(state, seq=recorded.seq)
        return state

    bare = median_time(bare_loop, size.fold_repeats)
    repl = median_time(replace_loop, size.fold_repeats)
    print(
        f"  engine.replay:                 {ms(fold):>10}  {rate(n, fold):>14} events  "
        f"({fold / n * 1e6:.1f} us/event)"
    )
    print(
        f"  baseline, trivial call/event:  {ms(bare):>10}  {rate(n, bare):>14}         "
        f"fold = {fold / bare:,.0f}x"
    )
    print(
        f"  baseline, replace()/event:     {ms(repl):>10}  {rate(n, repl):>14}         "
        f"fold = {fold / repl:.1f}x  (evolve does >= 1 replace per event)"
    )

    # Where the fold's time goes, by event type (one extra pass, timing each evolve).
    spent: Counter = Counter()
    state = initial(spec)
    clock = time.perf_counter
    for recorded in log:
        t0 = clock()
        state = engine.evolve(state, recorded)
        spent[type(recorded.event).__name__] += clock() - t0
    total = sum(spent.values())
    parts = ", ".join(
        f"{name} {seconds / total:.0%} ({seconds / mix[name] * 1e6:.0f} us each)"
        for name, seconds in spent.most_common(5)
    )
    print(f"  fold time by event type: {parts}")
    profiler.run("fold", lambda: replay(spec, log))
    return {
        "fold_s": fold,
        "fold_rate": n / fold,
        "fold_vs_replace": fold / repl,
        "fold_vs_call": fold / bare,
    }


# --- 2. replay to any point --------------------------------------------------------------


def part_replay(scenario, session: Session, size: Size, workdir: Path, profiler: Profiler) -> dict:
    n = len(session.log)
    header(
        f"2. Replay to any point: Service.state(upto=k), {size.replay_points} seeded random k in 1..{n:,} (SQLite)"
    )
    url = f"sqlite:///{workdir / 'replay.db'}"
    migrate(url)
    db = make_engine(url)
    store = EventStore(db)
    # registered as the service registers a session: the row, and the snapshot at seq 0
    sid = Service(store).register(scenario, session_id="bench-replay", created_at=session.log[0].at)
    log = session.log

    def load() -> None:
        for i in range(0, n, SNAPSHOT_EVERY):
            store.append(sid, i, log[i : i + SNAPSHOT_EVERY])

    loading, _ = timed(load)
    snapshots = [s for s in session.snapshots if s.seq <= n]
    saving, _ = timed(lambda: [store.save_snapshot(sid, s, at=0.0) for s in snapshots])
    with db.connect() as conn:
        blob = conn.execute(
            text("select avg(length(state)), max(length(state)) from snapshots")
        ).one()
    print(
        f"  stored {n:,} events in {loading:.1f} s (EventStore.append, {SNAPSHOT_EVERY} a call) and "
        f"{len(snapshots)} snapshots (every {SNAPSHOT_EVERY}, as Service writes them: seqs "
        f"{snapshots[0].seq}, {snapshots[1].seq}, ...) in {saving:.2f} s; "
        f"pickles {blob[0] / 1024:.0f} KiB avg, {blob[1] / 1024:.0f} KiB max"
    )

    rng = random.Random(SEED + 2)
    points = sorted(rng.sample(range(1, n + 1), size.replay_points))
    # The worst case with snapshots: the last seq before the last snapshot, the most events to
    # fold from the previous one (499), late in the session where the state is largest.
    worst = max(k for k in range(1, n) if k % SNAPSHOT_EVERY == SNAPSHOT_EVERY - 1)

    # Each answer is checked against the in-memory fold, in one incremental pass.
    expected = {}
    state = initial(scenario.spec)
    for k in sorted({*points, worst}):
        state = replay(scenario.spec, log, k, start=state)
        expected[k] = state

    def check(k: int, got: SessionState) -> None:
        want = expected[k]
        same = (
            got.seq,
            got.decisions_taken,
            got.messages,
            got.amendments,
            got.outcomes,
            got.floor,
            got.decision,
            got.items,
            got.proxies,
            got.away,
            got.signatures,
        )
        wanted = (
            want.seq,
            want.decisions_taken,
            want.messages,
            want.amendments,
            want.outcomes,
            want.floor,
            want.decision,
            want.items,
            want.proxies,
            want.away,
            want.signatures,
        )
        assert same == wanted, f"Service.state(upto={k}) differs from the in-memory fold"

    def fresh(k: int) -> float:
        service = Service(store)  # nothing cached: no scenario, no state
        t0 = time.perf_counter()
        got = service.state(sid, upto=k)
        elapsed = time.perf_counter() - t0
        check(k, got)
        return elapsed

    warm_service = Service(store)
    warm_service.scenario(sid)

    def warm(k: int) -> float:
        t0 = time.perf_counter()
        got = warm_service.state(sid, upto=k)  # upto=k never reads the state cache
        elapsed = time.perf_counter() - t0
        check(k, got)
        return elapsed

    def measure(fn: Callable[[int], float], repeats: int, at: list[int] = points) -> list[float]:
        gc.collect()
        return [statistics.median(fn(k) for _ in range(repeats)) for k in at]

    with_fresh = measure(fresh, size.replay_repeats)
    with_warm = measure(warm, size.replay_repeats)
    worst_fresh = measure(fresh, 5, [worst])[0]
    worst_warm = measure(warm, 5, [worst])[0]

    # Where the time goes at the worst point.
    after = max(s.seq for s in snapshots if s.seq <= worst)
    t_scenario = median_time(lambda: Service(store).scenario(sid), 5)
    t_parse = median_time(lambda: scenarios.load_text(scenario.text, "bench"), 5)
    t_cached_scenario = median_time(lambda: warm_service.scenario(sid), 5)
    t_snapshot = median_time(lambda: store.latest_snapshot(sid, worst), 5)
    t_events = median_time(lambda: store.load(sid, after=after, upto=worst), 5)
    events = store.load(sid, after=after, upto=worst)
    payloads = [codec.dump(r.event) for r in events]
    t_decode = median_time(lambda: [codec.load_event(p) for p in payloads], 5)
    start_state = store.latest_snapshot(sid, worst)
    t_fold = median_time(lambda: replay(scenario.spec, events, worst, start=start_state), 5)
    profiler.run(
        f"Service.state(upto={worst}) with the scenario cached, x10",
        lambda: [warm_service.state(sid, upto=worst) for _ in range(10)],
    )

    with db.begin() as conn:
        conn.execute(delete(SnapshotRow))
    without = measure(fresh, 1)
    without_warm = measure(warm, 1)

    def line(label: str, values: list[float]) -> str:
        return (
            f"  {label:<36} p50 {ms(percentile(values, 50)):>10}  p95 {ms(percentile(values, 95)):>10}  "
            f"max {ms(max(values)):>10}"
        )

    print(line("with snapshots, fresh Service:", with_fresh))
    print(line("with snapshots, scenario cached:", with_warm))
    print(line("no snapshots, fresh Service:", without))
    print(line("no snapshots, scenario cached:", without_warm))
    p50_ratio = percentile(without, 50) / percentile(with_fresh, 50)
    warm_ratio = percentile(without_warm, 50) / percentile(with_warm, 50)
    print(
        f"  no snapshots / snapshots at p50: {p50_ratio:.1f}x with a fresh Service, "
        f"{warm_ratio:.1f}x with the scenario cached"
    )
    print(
        f"  worst case k={worst:,} ({worst - after} events after the snapshot at {after:,}), median of 5: "
        f"fresh Service {ms(worst_fresh)}, scenario cached {ms(worst_warm)}"
    )
    print(
        f"    where it goes: Service.scenario() {ms(t_scenario)} when fresh (scenario.load_text "
        f"{ms(t_parse)}), {ms(t_cached_scenario)} when cached; latest_snapshot (query + unpickle) "
        f"{ms(t_snapshot)};"
    )
    print(
        f"    store.load of {worst - after} events {ms(t_events)} (of which codec.load_event {ms(t_decode)}); "
        f"fold them {ms(t_fold)}"
    )
    db.dispose()
    return {
        "replay_fresh": with_fresh,
        "replay_warm": with_warm,
        "replay_none": without,
        "replay_none_warm": without_warm,
        "replay_ratio": p50_ratio,
        "replay_warm_ratio": warm_ratio,
        "worst": worst,
        "worst_fresh": worst_fresh,
        "worst_warm": worst_warm,
        "t_parse": t_parse,
    }


# --- 3. appends ----------------------------------------------------------------------------


def event_rows(session_id: str, records: list[Recorded]) -> list[dict]:
    """The rows EventStore.append writes, already encoded: what a bare INSERT sends."""
    rows = []
    for r in records:
        payload = codec.dump(r.event)
        visibility = r.visibility
        rows.append(
            {
                "session_id": session_id,
                "seq": r.seq,
                "type": payload["type"],
                "at": r.at,
                "actor": r.actor,
                "payload": payload,
                "visibility": {
                    "public": visibility.public,
                    "delegations": list(visibility.delegations),
                },
            }
        )
    return rows


def append_bench(label: str, url: str, scenario, log: list[Recorded], size: Size) -> dict:
    migrate(url)
    db = make_engine(url)
    store = EventStore(db)
    table = EventRow.__table__

    def new_session() -> str:
        sid = f"bench-{uuid.uuid4().hex[:10]}"
        store.create_session(
            sid,
            scenario_id=scenario.id,
            scenario_text=scenario.text,
            title="appends",
            created_at=0.0,
        )
        return sid

    single_records = log[: size.appends_single]
    batched_records = log[: size.appends_batched]
    B = size.batch

    def appends_single() -> float:
        sid = new_session()
        gc.collect()
        t0 = time.perf_counter()
        for i, record in enumerate(single_records):
            store.append(sid, i, [record])
        return time.perf_counter() - t0

    def appends_batched() -> float:
        sid = new_session()
        gc.collect()
        t0 = time.perf_counter()
        for i in range(0, len(batched_records), B):
            store.append(sid, i, batched_records[i : i + B])
        return time.perf_counter() - t0

    def inserts_single() -> float:
        rows = event_rows(new_session(), single_records)
        gc.collect()
        t0 = time.perf_counter()
        for row in rows:
            with db.begin() as conn:
                conn.execute(insert(table), row)
        return time.perf_counter() - t0

    def inserts_batched() -> float:
        rows = event_rows(new_session(), batched_records)
        gc.collect()
        t0 = time.perf_counter()
        for i in range(0, len(rows), B):
            with db.begin() as conn:
                conn.execute(insert(table), rows[i : i + B])
        return time.perf_counter() - t0

    # Interleave the store and the baseline, so that a noisy spell hits both alike.
    s_app, s_ins, b_app, b_ins = [], [], [], []
    for _ in range(size.append_repeats):
        s_app.append(appends_single())
        s_ins.append(inserts_single())
        b_app.append(appends_batched())
        b_ins.append(inserts_batched())
    n1, nb = len(single_records), len(batched_records)
    r = {
        "single": n1 / statistics.median(s_app),
        "single_base": n1 / statistics.median(s_ins),
        "batched": nb / statistics.median(b_app),
        "batched_base": nb / statistics.median(b_ins),
    }
    print(
        f"  {label:<10} single  EventStore.append {r['single']:>9,.0f} events/s   bare INSERT "
        f"{r['single_base']:>9,.0f} rows/s   ratio {r['single'] / r['single_base']:.2f}  "
        f"({statistics.median(s_app) / n1 * 1000:.2f} vs {statistics.median(s_ins) / n1 * 1000:.2f} ms per commit)"
    )
    print(
        f"  {label:<10} batch {B:<3} EventStore.append {r['batched']:>9,.0f} events/s   bare INSERT "
        f"{r['batched_base']:>9,.0f} rows/s   ratio {r['batched'] / r['batched_base']:.2f}"
    )
    db.dispose()
    return r


def part_appends(scenario, log: list[Recorded], size: Size, workdir: Path) -> dict:
    header(
        f"3. Appends: {size.appends_single} single-event appends, {size.appends_batched} events in batches "
        f"of {size.batch}; median of {size.append_repeats}; baseline a bare Core INSERT of the same rows"
    )
    out = {
        "sqlite": append_bench("SQLite", f"sqlite:///{workdir / 'appends.db'}", scenario, log, size)
    }
    admin = create_engine(POSTGRES, connect_args={"connect_timeout": 3})
    try:
        with admin.connect():
            pass
    except OperationalError as error:
        why = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        print(f"  PostgreSQL at {POSTGRES.host}:{POSTGRES.port} not reachable: skipped ({why})")
        admin.dispose()
        out["postgresql"] = None
        return out
    schema = f"plenary_bench_{uuid.uuid4().hex[:12]}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = POSTGRES.update_query_dict({"options": f"-csearch_path={schema}"})
        out["postgresql"] = append_bench(
            "PostgreSQL", url.render_as_string(hide_password=False), scenario, log, size
        )
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    return out


# --- 4. a 150-ballot roll-call --------------------------------------------------------------


def part_roll_call(scenario, size: Size, workdir: Path, profiler: Profiler) -> dict:
    header("4. A 150-ballot roll-call through Service.handle, each command stored (SQLite)")
    url = f"sqlite:///{workdir / 'rollcall.db'}"
    migrate(url)
    db = make_engine(url)
    store = EventStore(db)
    service = Service(store)
    delegations = [d.id for d in scenario.spec.delegations]

    def prepare() -> str:
        sid = service.create_session(scenario)  # StartSession
        service.handle(sid, CHAIR, c.ChangePhase(phase="decisions"))
        service.handle(sid, CHAIR, c.AdvanceReading(item="final"))
        service.handle(
            sid, CHAIR, c.SendMessage(audience="public", text="We now vote on the Final Act.")
        )
        return sid

    def choice(i: int) -> Choice:
        return (Choice.YES, Choice.YES, Choice.NO, Choice.YES, Choice.ABSTAIN)[i % 5]

    def stored(sid: str) -> tuple[float, float, SessionState]:
        t0 = time.perf_counter()
        opened = service.handle(
            sid, CHAIR, c.CallVote(subject=Subject("item", "final"), method="roll_call")
        )
        t1 = time.perf_counter()
        for i, delegation in enumerate(opened.state.decision.order):
            service.handle(sid, Actor.delegate(delegation), c.CastBallot(choice=choice(i)))
        t2 = time.perf_counter()
        result = service.handle(sid, CHAIR, c.CloseDecision())
        t3 = time.perf_counter()
        return t3 - t0, t2 - t1, result.state

    def in_memory(start: SessionState) -> tuple[float, float, SessionState]:
        t0 = time.perf_counter()
        state, _ = execute(
            start, CHAIR, c.CallVote(subject=Subject("item", "final"), method="roll_call", at=1.0)
        )
        t1 = time.perf_counter()
        for i, delegation in enumerate(state.decision.order):
            state, _ = execute(
                state, Actor.delegate(delegation), c.CastBallot(choice=choice(i), at=2.0)
            )
        t2 = time.perf_counter()
        state, _ = execute(state, CHAIR, c.CloseDecision(at=3.0))
        t3 = time.perf_counter()
        return t3 - t0, t2 - t1, state

    totals, ballots_only, mem_totals, mem_ballots = [], [], [], []
    outcome = None
    for _ in range(size.roll_call_repeats):
        sid = prepare()
        start = service.state(sid)
        gc.collect()
        total, ballots, state = stored(sid)
        totals.append(total)
        ballots_only.append(ballots)
        outcome = state.outcomes[-1]
        assert outcome.tally.cast == len(delegations) == 150, outcome
        assert len(store.load(sid)) == state.seq
        gc.collect()
        total, ballots, mem_state = in_memory(start)
        mem_totals.append(total)
        mem_ballots.append(ballots)
        assert mem_state.outcomes[-1].tally == outcome.tally
    sid = prepare()
    profiler.run("the roll-call through Service.handle", lambda: stored(sid))

    total, ballots = statistics.median(totals), statistics.median(ballots_only)
    mem_total, mem_ballot = statistics.median(mem_totals), statistics.median(mem_ballots)
    print(f"  outcome: {outcome.reason[:110]}...")
    print(
        f"  stored (Service.handle): total {ms(total):>9}  per ballot {ballots / 150 * 1000:.2f} ms  "
        f"(CallVote + 150 CastBallot + CloseDecision = 152 commands; median of {len(totals)}: "
        f"{', '.join(ms(t) for t in totals)})"
    )
    print(
        f"  decided in memory:       total {ms(mem_total):>9}  per ballot {mem_ballot / 150 * 1000:.3f} ms"
    )
    print(f"  stored / in memory: {total / mem_total:.0f}x")
    db.dispose()
    return {
        "roll_total": total,
        "roll_per_ballot": ballots / 150,
        "roll_mem": mem_total,
        "roll_ratio": total / mem_total,
    }


# --- main ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="a smaller run (5,000-event log, fewer repeats)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="print cProfile's top functions per part"
    )
    args = parser.parse_args()
    size = QUICK if args.quick else FULL
    profiler = Profiler(args.profile)
    began = time.perf_counter()

    print(
        f"Plenary engine benchmark ({'quick' if args.quick else 'full'} run), Python "
        f"{sys.version.split()[0]}, seed {SEED}"
    )
    yaml_text = scenario_yaml(150)
    parse_s, scenario = timed(lambda: scenarios.load_text(yaml_text, "bench-150.yaml"))
    spec = scenario.spec
    print(
        f"scenario: {len(spec.delegations)} delegations in {len(spec.blocs)} blocs, "
        f"{len(spec.agenda)} agenda items; {len(yaml_text) / 1024:.0f} KiB of YAML, "
        f"load_text {ms(parse_s)}"
    )
    build_s, session = timed(lambda: build_session(spec, size.events))
    print(
        f"session: {len(session.log):,} events from {session.commands:,} commands through "
        f"game.rules.execute in {build_s:.1f} s ({session.commands / build_s:,.0f} commands/s, decide + fold)"
    )

    results = {}
    results.update(part_fold(spec, session, size, profiler))
    with tempfile.TemporaryDirectory(prefix="plenary-bench-") as tmp:
        workdir = Path(tmp)
        results.update(part_replay(scenario, session, size, workdir, profiler))
        results["appends"] = part_appends(scenario, session.log, size, workdir)
        results.update(part_roll_call(scenario, size, workdir, profiler))
    summary(results, size, len(session.log))
    print(f"\n(ran in {time.perf_counter() - began:.0f} s)")


def summary(r: dict, size: Size, n: int) -> None:
    header("Summary")
    rows: list[tuple[str, str, str, str, str]] = []

    def verdict(ok: bool) -> str:
        return "PASS" if ok else "MISS"

    rows.append(
        (
            "1 fold, events/s",
            f"{r['fold_rate']:,.0f}",
            f"{r['fold_vs_replace']:.1f}x replace()/event; {r['fold_vs_call']:.0f}x a call",
            "-",
            "",
        )
    )
    fresh, warm, none = r["replay_fresh"], r["replay_warm"], r["replay_none"]
    rows.append(
        (
            "2 replay, snapshots, fresh Service",
            f"p50 {ms(percentile(fresh, 50))} / max {ms(max(fresh))}",
            f"{r['replay_ratio']:.1f}x faster than no snapshots (p50)",
            f"max < {TARGET_REPLAY_MS:.0f} ms",
            verdict(max(fresh) * 1000 < TARGET_REPLAY_MS),
        )
    )
    rows.append(
        (
            "2 replay, snapshots, scenario cached",
            f"p50 {ms(percentile(warm, 50))} / max {ms(max(warm))}",
            f"{r['replay_warm_ratio']:.0f}x faster than no snapshots (p50)",
            f"max < {TARGET_REPLAY_MS:.0f} ms",
            verdict(max(warm) * 1000 < TARGET_REPLAY_MS),
        )
    )
    rows.append(
        (
            f"2 replay, worst k={r['worst']:,}, fresh Service",
            ms(r["worst_fresh"]),
            "",
            f"< {TARGET_REPLAY_MS:.0f} ms",
            verdict(r["worst_fresh"] * 1000 < TARGET_REPLAY_MS),
        )
    )
    rows.append(
        (
            f"2 replay, worst k={r['worst']:,}, scenario cached",
            ms(r["worst_warm"]),
            "",
            f"< {TARGET_REPLAY_MS:.0f} ms",
            verdict(r["worst_warm"] * 1000 < TARGET_REPLAY_MS),
        )
    )
    rows.append(
        (
            "2 replay, no snapshots, fresh Service",
            f"p50 {ms(percentile(none, 50))} / max {ms(max(none))}",
            "baseline for snapshots",
            "-",
            "",
        )
    )
    none_warm = r["replay_none_warm"]
    rows.append(
        (
            "2 replay, no snapshots, scenario cached",
            f"p50 {ms(percentile(none_warm, 50))} / max {ms(max(none_warm))}",
            "baseline for snapshots",
            "-",
            "",
        )
    )
    for backend, label in (("sqlite", "SQLite"), ("postgresql", "PostgreSQL")):
        a = r["appends"].get(backend)
        if a is None:
            rows.append((f"3 appends, {label}", "skipped (unreachable)", "", "-", ""))
            continue
        rows.append(
            (
                f"3 appends, {label}, single",
                f"{a['single']:,.0f} events/s",
                f"{a['single'] / a['single_base']:.2f}x bare INSERT",
                "-",
                "",
            )
        )
        rows.append(
            (
                f"3 appends, {label}, batch {size.batch}",
                f"{a['batched']:,.0f} events/s",
                f"{a['batched'] / a['batched_base']:.2f}x bare INSERT",
                "-",
                "",
            )
        )
    rows.append(
        (
            "4 roll-call 150 ballots, stored",
            f"{ms(r['roll_total'])} ({r['roll_per_ballot'] * 1000:.2f} ms/ballot)",
            f"{r['roll_ratio']:.0f}x in memory ({ms(r['roll_mem'])})",
            f"< {TARGET_ROLL_CALL_S} s",
            verdict(r["roll_total"] < TARGET_ROLL_CALL_S),
        )
    )
    widths = [
        max(len(row[i]) for row in rows + [("figure", "value", "vs baseline", "target", "")])
        for i in range(5)
    ]
    head = ("figure", "value", "vs baseline (same run)", "target", "")
    widths = [max(w, len(h)) for w, h in zip(widths, head, strict=True)]
    print("  " + "  ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)).rstrip())
    for row in rows:
        print("  " + "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    print(
        f"  (log of {n:,} events; replay over {size.replay_points} seeded random points, "
        f"each the median of {size.replay_repeats} with snapshots)"
    )


if __name__ == "__main__":
    main()
