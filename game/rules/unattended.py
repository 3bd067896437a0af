"""An unattended run: the scenario's course with every seat on autopilot.

A scenario's `course` lists what the chair did at the real conference: the phases, the
injects, the amendments tabled and by whom, and how each question was put. Following it
with nobody seated shows an instructor, before class, what the autopilot makes of the
conference: the tallies, the split at signing. It is also how the tests check that an
unplayed WCIT-12 ends near the 89 to 55 of December 2012.

The run goes through `engine.execute` with the same commands a chair and delegations send,
so it obeys every rule a live session does; `commands` keeps them in order, so that a
service can store the run as a real session for a replay or a benchmark.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import commands as c
from . import events as e
from .engine import execute
from .errors import PlenaryError
from .model import ConferenceSpec, Method, Step
from .signing import split
from .state import SessionState, initial
from .values import Actor, Decision, Outcome, Subject

STEP_SECONDS = 60.0
"""Time between two steps of the run, in session seconds."""


class CourseError(Exception):
    """A course step the rules refuse: says which step, and why."""


@dataclass(frozen=True, slots=True)
class Rehearsal:
    state: SessionState
    """The final state."""
    commands: tuple[tuple[Actor, c.Command], ...]
    """Every command issued, in order, each with its `at`."""
    records: tuple[e.Recorded, ...]
    """The log the run wrote, from seq 1."""
    lines: tuple[str, ...]
    """One line per course step: what it was and what came of it."""


def play(spec: ConferenceSpec, seed: int = 0, *, start: float = 0.0) -> Rehearsal:
    """Follow the course from the opening to its last step; raise CourseError on a step the
    rules refuse."""
    if not spec.course:
        raise CourseError(f"'{spec.id}' has no course to follow: add a `course:` section listing the chair's steps.")
    run = _Run(spec, seed, start)
    run.do(Actor.chair(), c.StartSession)
    for number, step in enumerate(spec.course, 1):
        try:
            result = run.step(step)
        except PlenaryError as error:
            raise CourseError(f"course step {number} ({describe(step)}): {error.message}") from None
        run.lines.append(f"{number:>3}. {describe(step)}: {result}")
    return Rehearsal(run.state, tuple(run.commands), tuple(run.records), tuple(run.lines))


def describe(step: Step) -> str:
    if step.action == "amend":
        where = f"{step.item} {step.bracket}" if step.bracket else step.item
        return f"amend {where} as '{step.target}' by {', '.join(step.by)}"
    if step.action == "decide":
        after = f", then {step.then}" if step.then else ""
        after += ", rough consensus if blocked" if step.rough else ""
        return f"decide {step.target} by {step.method}{after}"
    return f"{step.action} {step.target}".strip()


class _Run:
    def __init__(self, spec: ConferenceSpec, seed: int, start: float) -> None:
        self.state = initial(spec)
        self.seed = seed
        self.at = start
        self.refs: dict[str, str] = {}
        self.commands: list[tuple[Actor, c.Command]] = []
        self.records: list[e.Recorded] = []
        self.lines: list[str] = []

    def do(self, actor: Actor, command_type: type[c.Command], *, wait: float = STEP_SECONDS, **fields: object) -> list[e.Recorded]:
        self.at += wait
        command = command_type(at=self.at, **fields)
        self.state, recorded = execute(self.state, actor, command)
        self.commands.append((actor, command))
        self.records.extend(recorded)
        return recorded

    def step(self, step: Step) -> str:
        chair = Actor.chair()
        if step.action == "phase":
            if self.state.phase != step.target:  # the session opens in the first phase
                self.do(chair, c.ChangePhase, phase=step.target)
            return self.state.spec.phase(step.target).name
        if step.action == "inject":
            self.do(chair, c.FireInject, inject=step.target)
            return "released"
        if step.action == "reading":
            self.do(chair, c.AdvanceReading, item=step.target)
            return f"reading {self.state.items[step.target].reading}"
        if step.action == "amend":
            return self._amend(step)
        if step.action in ("accept", "withdraw"):
            return self._settle(step)
        if step.action == "decide":
            return self._decide(step)
        if step.action == "sign":
            return self._sign()
        self.do(chair, c.EndSession)
        return "the session ended"

    def _amend(self, step: Step) -> str:
        proposer, *cosponsors = step.by
        recorded = self.do(Actor.delegate(proposer), c.ProposeAmendment, item=step.item, text=step.text, bracket=step.bracket)
        amendment_id = next(r.event.amendment for r in recorded if isinstance(r.event, e.AmendmentProposed))
        self.refs[step.target] = amendment_id
        for sponsor in cosponsors:
            self.do(Actor.delegate(sponsor), c.CosponsorAmendment, amendment=amendment_id)
        return f"{amendment_id} with {len(step.by)} sponsor(s)"

    def _settle(self, step: Step) -> str:
        amendment_id = self.refs[step.target]
        if step.action == "accept":
            self.do(Actor.chair(), c.AcceptAmendment, amendment=amendment_id)
            return f"{amendment_id} taken into the text"
        proposer = self.state.amendments[amendment_id].sponsors[0]
        self.do(Actor.delegate(proposer), c.WithdrawAmendment, amendment=amendment_id)
        return f"{amendment_id} withdrawn"

    def _decide(self, step: Step) -> str:
        chair = Actor.chair()
        subject = Subject("amendment", self.refs[step.target]) if step.target in self.refs else Subject("item", step.target)
        method = Method(step.method)
        if method is Method.CONSENSUS:
            outcome = self._question(c.CallForObjections, subject=subject)
            said = [outcome.reason]
            if outcome.decision is Decision.BLOCKED and step.rough:
                self.do(chair, c.DeclareRoughConsensus, subject=subject)
                said.append(self.state.outcomes[-1].reason)
            elif outcome.decision is Decision.BLOCKED and step.then:
                said.append(self._question(c.CallVote, subject=subject, method=step.then, seed=self.seed).reason)
            return " ".join(said)
        if method is Method.SOUNDING:
            return self._question(c.SoundRoom, subject=subject).reason
        return self._question(c.CallVote, subject=subject, method=method.value, seed=self.seed).reason

    def _question(self, command_type: type[c.Command], **fields: object) -> Outcome:
        """Open a question, let every seat act, and close it once its deadline has passed."""
        chair = Actor.chair()
        self.do(chair, command_type, **fields)
        self.do(chair, c.RunAutopilot, seed=self.seed, wait=1.0)
        decision = self.state.decision
        if decision is not None and decision.deadline is not None:
            self.at = max(self.at, decision.deadline)
        self.do(chair, c.CloseDecision)
        return self.state.outcomes[-1]

    def _sign(self) -> str:
        chair = Actor.chair()
        self.do(chair, c.OpenSigning)
        self.do(chair, c.RunAutopilot, seed=self.seed)
        self.do(chair, c.CloseSigning)
        return split(self.state).describe()
