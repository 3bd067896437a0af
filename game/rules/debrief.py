"""The debrief's reading of a whole log, in one fold: every decision with what a re-tally
needs, every version of every agenda item's text, coalitions over time and the split.

    walk(spec, log) -> Walk

Nothing here sees who is asking: the service filters what each viewer may see. Only public
facts are gathered (decisions, placards, objections, texts, signatures); a secret ballot's
choices are never read, its counts are.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations

from . import events as e
from . import text as bracket_text
from .analysis import cohesion
from .counterfactual import Question
from .engine import evolve
from .model import ConferenceSpec, Method
from .state import SessionState, initial
from .values import Choice, Decision, Outcome


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """A closed question, as the debrief shows and re-tallies it."""

    seq: int
    question: Question
    order: tuple[str, ...] = ()
    """The roll of a vote, in the order it was called."""
    placards: Mapping[str, str] = field(default_factory=dict)
    """A sounding's placards by delegation: indicative, never a decision."""
    objections: Mapping[str, str] = field(default_factory=dict)
    voted: tuple[str, ...] = ()
    """Who cast a ballot, in the order they did (public even for a secret ballot)."""

    @property
    def outcome(self) -> Outcome:
        return self.question.outcome

    @property
    def named(self) -> bool:
        """A vote whose ballots are on record by delegation (not secret)."""
        return Method(self.outcome.method).is_vote and self.outcome.method != Method.SECRET_BALLOT


@dataclass(frozen=True, slots=True)
class TextVersion:
    """An agenda item's text as it read after one change."""

    seq: int
    at: float
    reading: int
    status: str
    text: str
    cause: str
    """reading | amendment | decision | start"""
    amendment: str | None = None
    by: tuple[str, ...] = ()
    """The amendment's sponsors, proposer first."""
    opened: tuple[str, ...] = ()
    """Brackets that appeared, as printed ([a | b])."""
    closed: tuple[str, ...] = ()
    """Brackets that were settled or deleted, as printed."""
    diff: tuple[tuple[str, str], ...] = ()
    """Word diff from the previous version: (op, words), op in = - +."""


@dataclass(frozen=True, slots=True)
class Walk:
    final: SessionState
    decisions: tuple[DecisionRecord, ...]
    texts: Mapping[str, tuple[TextVersion, ...]]
    """Per agenda item, its versions from the scenario's text on."""


def walk(spec: ConferenceSpec, log: Iterable[e.Recorded]) -> Walk:
    state = initial(spec)
    decisions: list[DecisionRecord] = []
    texts = {i.id: [_first_version(state, i.id)] for i in spec.agenda}
    for recorded in log:
        before = state
        if isinstance(recorded.event, e.DecisionClosed):
            decisions.append(_decision(before, recorded))
        state = evolve(state, recorded)
        if state.items is not before.items:
            for item_id, item in state.items.items():
                if item is not before.items[item_id]:
                    texts[item_id].append(_version(before, state, item_id, recorded))
    return Walk(state, tuple(decisions), {k: tuple(v) for k, v in texts.items()})


def _decision(state: SessionState, recorded: e.Recorded) -> DecisionRecord:
    outcome = recorded.event.outcome
    members = state.voting_members()
    question = Question(
        outcome,
        state.spec.rules[outcome.rule],
        entitled_weight=sum(state.spec.delegation(d).weight for d in members),
        postponed_before=str(outcome.subject) in state.postponed,
    )
    open_ = state.decision if state.decision is not None and state.decision.id == outcome.decision_id else None
    if open_ is None:  # rough consensus, declared after the call closed
        return DecisionRecord(recorded.seq, question)
    return DecisionRecord(
        recorded.seq,
        question,
        order=open_.order,
        placards={d: p.value for d, p in open_.placards.items()},
        objections=dict(open_.objections),
        voted=tuple(open_.ballots),
    )


def _first_version(state: SessionState, item_id: str) -> TextVersion:
    item = state.items[item_id]
    return TextVersion(0, 0.0, item.reading, item.status, item.text, "start", opened=tuple(b.render() for b in item.brackets))


def _version(before: SessionState, after: SessionState, item_id: str, recorded: e.Recorded) -> TextVersion:
    old, new = before.items[item_id], after.items[item_id]
    event = recorded.event
    amendment_id = _amendment_taken(event, before)
    cause = "amendment" if amendment_id else "reading" if isinstance(event, e.ReadingAdvanced) else "decision"
    old_brackets = {b.render() for b in old.brackets}
    new_brackets = {b.render() for b in new.brackets}
    return TextVersion(
        recorded.seq,
        recorded.at,
        new.reading,
        new.status,
        new.text,
        cause,
        amendment=amendment_id,
        by=before.amendments[amendment_id].sponsors if amendment_id else (),
        opened=tuple(b.render() for b in new.brackets if b.render() not in old_brackets),
        closed=tuple(b.render() for b in old.brackets if b.render() not in new_brackets),
        diff=diff(old.segments, new.segments) if old.text != new.text else (),
    )


def diff(before: tuple[bracket_text.Segment, ...], after: tuple[bracket_text.Segment, ...]) -> tuple[tuple[str, str], ...]:
    """A word diff in which each bracket is one word: a settled bracket reads as the whole
    bracket deleted and its wording inserted. Words keep the spacing they had."""
    a, b = _tokens(before), _tokens(after)
    matcher = difflib.SequenceMatcher(a=[t.strip() for t in a], b=[t.strip() for t in b], autojunk=False)
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("=", "".join(a[i1:i2]).strip()))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2]).strip()))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2]).strip()))
    return tuple(out)


def _tokens(segments: tuple[bracket_text.Segment, ...]) -> list[str]:
    """Words with the whitespace before them; a bracket is one word."""
    tokens: list[str] = []
    for segment in segments:
        if isinstance(segment, str):
            tokens.extend(re.findall(r"\s*\S+|\s+$", segment))
        else:
            tokens.append(segment.render())
    return tokens


def _amendment_taken(event: e.Event, before: SessionState) -> str | None:
    if isinstance(event, e.AmendmentAccepted):
        return event.amendment
    if isinstance(event, e.DecisionClosed) and event.outcome.subject.kind == "amendment" and event.outcome.decision is Decision.ADOPTED:
        return event.outcome.subject.id if event.outcome.subject.id in before.amendments else None
    return None


# --- coalitions ----------------------------------------------------------------------------


def agreement_over_time(decisions: Iterable[DecisionRecord]) -> list[tuple[DecisionRecord, dict[tuple[str, str], tuple[int, int]]]]:
    """After each named vote, for every pair of delegations that both voted in at least one
    so far: (votes in which they cast the same ballot, votes in which both cast one). The
    share same/both is `analysis.agreement`'s, cumulated vote by vote."""
    same: dict[tuple[str, str], int] = {}
    both: dict[tuple[str, str], int] = {}
    steps = []
    for record in decisions:
        if not record.named:
            continue
        ballots: dict[str, Choice] = dict(record.outcome.ballots)
        for a, b in combinations(sorted(ballots), 2):
            both[(a, b)] = both.get((a, b), 0) + 1
            if ballots[a] == ballots[b]:
                same[(a, b)] = same.get((a, b), 0) + 1
        steps.append((record, {pair: (same.get(pair, 0), n) for pair, n in both.items()}))
    return steps


def cohesion_by_vote(decisions: Iterable[DecisionRecord]) -> list[tuple[DecisionRecord, dict[str, float | None]]]:
    """Each named vote's Rice index per bloc (secret ballots have no bloc breakdown)."""
    return [(r, cohesion(r.outcome)) for r in decisions if r.named]


@dataclass(frozen=True, slots=True)
class Side:
    label: str
    delegations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SplitLine:
    """Where the conference divided: two sides, and each bloc's place relative to the line."""

    basis: str
    """signing, or the decision id of the last named vote."""
    sides: tuple[Side, Side]
    blocs: tuple[tuple[str, str], ...]
    """(bloc id, one of: first side's label | second side's label | divided | absent)."""


def split_line(walk_: Walk) -> SplitLine | None:
    """The signing's line when the Final Acts were opened; else the last named vote's."""
    state = walk_.final
    spec = state.spec
    if state.signatures:
        signed = tuple(d for d in state.signatories() if d in state.signatures and state.signatures[d].kind.is_signature)
        other = tuple(d for d in state.signatories() if d not in signed)
        return _line(spec, "signing", Side("signed", signed), Side("did not sign", other))
    named = [r for r in walk_.decisions if r.named]
    if not named:
        return None
    last = named[-1]
    ballots = dict(last.outcome.ballots)
    yes = tuple(d for d in last.order if ballots.get(d) == Choice.YES)
    no = tuple(d for d in last.order if ballots.get(d) == Choice.NO)
    return _line(spec, last.outcome.decision_id, Side("in favour", yes), Side("against", no))


def _line(spec: ConferenceSpec, basis: str, first: Side, second: Side) -> SplitLine:
    places = []
    for bloc in spec.blocs:
        members = set(spec.bloc_members(bloc.id))
        a, b = members & set(first.delegations), members & set(second.delegations)
        place = "divided" if a and b else first.label if a else second.label if b else "absent"
        places.append((bloc.id, place))
    return SplitLine(basis, (first, second), tuple(places))


# --- history -------------------------------------------------------------------------------


def history_topic(spec: ConferenceSpec, key: str) -> str | None:
    """The agenda item a topic of the scenario's historical record is about, if any: the same
    id, or every part of the item's id starting a part of the key (res-internet and
    internet-resolution)."""
    parts = key.casefold().replace("_", "-").split("-")
    for item in spec.agenda:
        if item.id.casefold() == key.casefold():
            return item.id
        wanted = item.id.casefold().replace("_", "-").split("-")
        if all(any(p.startswith(w) for p in parts) for w in wanted):
            return item.id
    return None
