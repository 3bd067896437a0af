"""The debrief: a session's replay and its analysis, as each viewer may see them.

Who sees what (`Audience`):
- the session's instructor sees what the chair saw (public events, the chair's own private
  instructions to delegations, every delegation's objectives), or any one delegation's view;
- a student sees the public replay and their own delegation's view;
- private and bloc messages between delegations (the back-channel) appear to nobody but
  their sender and recipients until the instructor reveals them (`reveals.Reveals`); then
  to everybody who may see the replay.
A secret ballot's choices appear nowhere: events are projected through `projection.sealed`.

The heavy parts are built once per session and last seq and kept: the log read from the
store (shared by the timeline and the fold), a line for every event (`narrative.describe`,
extended rather than rebuilt when the session moves on), one fold over the whole log
(`game.rules.debrief.walk`) and the report shaped from it. Each viewer's timeline is then a
filter over the kept lines; nothing leaves the service that the audience may not see.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from game.rules import debrief as rules_debrief
from game.rules import events as e
from game.rules.model import ConferenceSpec
from game.rules.values import Actor, Role

from . import narrative, projection
from .archive import backchannel
from .debrief_report import objectives, report
from .reveals import Reveals
from .sessions import Service, UnknownSession

RECENT = 40
"""Events sent with a replayed state, for the feed and the projector's stage."""

PAGE = 100
"""Rows of the timeline per page of texts (`timeline_index`, `timeline_texts`)."""

PAGES_AT_ONCE = 50
"""Pages of texts one `timeline_texts` answer may carry."""

AROUND = 25
"""Rows either side of the current point whose texts come with the timeline's index."""


@dataclass(frozen=True, slots=True)
class Audience:
    """Whose eyes a replay is drawn for."""

    chair: bool = False
    """The instructor: sees what the chair saw."""
    delegation: str | None = None
    """A delegation's view: what was addressed to it."""
    own: bool = False
    """The viewer holds that delegation's seat, so its back-channel is theirs to read."""
    revealed: bool = False
    """The instructor revealed the back-channel to the class."""

    def sees(self, recorded: e.Recorded) -> bool:
        return self.admits(recorded.visibility, backchannel=backchannel(recorded.event))

    def admits(self, visibility: e.Visibility, *, backchannel: bool) -> bool:
        """`sees`, for an event known by its visibility and whether it is back-channel."""
        if visibility.public:
            return True
        if backchannel:
            return self.revealed or (self.own and self.delegation in visibility.delegations)
        if self.chair and visibility.chair:
            return True
        return self.delegation is not None and self.delegation in visibility.delegations

    @property
    def actor(self) -> Actor:
        """Whose personal view the replayed state carries."""
        if self.delegation is not None:
            return Actor.delegate(self.delegation)
        return Actor.chair() if self.chair else Actor(Role.OBSERVER)


@dataclass(frozen=True, slots=True)
class _Row:
    """One event of the log as the timeline tells it, with who may see it."""

    seq: int
    at: float
    category: str
    text: str
    involved: tuple[str, ...]
    visibility: e.Visibility
    backchannel: bool


@dataclass(frozen=True, slots=True)
class _Lines:
    """Every event of a session's log up to `last`, described once (for any audience)."""

    last: int
    rows: tuple[_Row, ...]
    phases: tuple[tuple[int, str], ...]
    """(seq, phase id) of each PhaseChanged."""

    def upto(self, seq: int) -> int:
        """How many rows are at or before `seq`."""
        return bisect_right(self.rows, seq, key=lambda row: row.seq)


class Debrief:
    def __init__(self, service: Service, reveals: Reveals | None = None) -> None:
        self.service = service
        self.reveals = reveals or Reveals(service.store.engine)
        self._walks: OrderedDict[tuple[str, int], rules_debrief.Walk] = OrderedDict()
        self._reports: OrderedDict[tuple[str, int], dict[str, Any]] = OrderedDict()
        self._lines: OrderedDict[str, _Lines] = OrderedDict()
        self._views: OrderedDict[tuple[str, int, Audience], tuple[int, ...]] = OrderedDict()
        self._log: tuple[tuple[str, int], list[e.Recorded]] | None = None
        """The last whole log read, so the timeline and the fold read it once between them."""
        self._lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}

    # --- who ------------------------------------------------------------------------------

    def audience(self, session_id: str, *, instructor: bool = False, delegation: str | None = None, seat: str | None = None) -> Audience:
        """The instructor (optionally looking through `delegation`'s eyes), or a student
        holding `seat`'s delegation (None: a student still in the lobby)."""
        revealed = self.reveals.revealed(session_id)
        if instructor:
            return Audience(chair=delegation is None, delegation=delegation, revealed=revealed)
        return Audience(delegation=seat, own=seat is not None, revealed=revealed)

    # --- the timeline ---------------------------------------------------------------------

    def timeline(self, session_id: str, audience: Audience) -> dict[str, Any]:
        """Every event the audience may see, one row each (for the minutes and the CLI):
        [seq, at, category, sentence, delegations involved, addressed to (None: everybody)]."""
        spec = self._spec(session_id)
        lines, count = self._upto(session_id, None)
        rows = lines.rows
        return {
            "last_seq": rows[count - 1].seq if count else 0,
            "started_at": rows[0].at if count else None,
            "phases": _phases(spec, lines, count),
            "categories": list(narrative.CATEGORIES),
            "revealed": audience.revealed,
            "entries": [[r.seq, r.at, r.category, r.text, list(r.involved), None if r.visibility.public else list(r.visibility.delegations)]
                        for r in (rows[i] for i in self._view(session_id, lines, count, audience))],
        }

    def timeline_index(self, session_id: str, audience: Audience, upto: int | None = None) -> dict[str, Any]:
        """The timeline in columns, for the replay page: every row's seq, time, category and
        addressees (what the scrubber and the filters need over the whole log), and the texts
        of the first screen and of the screen around the last row. Other pages' texts:
        `timeline_texts`. `upto`: leave out events after it (the page's last seq).

        Columns: `seq` and `at` as differences from the row before (`at` in whole
        milliseconds, the first from `started_at`), `category` as an index into `categories`,
        `to` as None (everybody) or indexes into `delegations`. Row i's text is on page
        i // `page_size`; `pages` holds the first page and those of the last AROUND rows."""
        spec = self._spec(session_id)
        lines, count = self._upto(session_id, upto)
        view = self._view(session_id, lines, count, audience)
        rows = lines.rows
        names = {d.id: i for i, d in enumerate(spec.delegations)}
        delegations = [{"id": d.id, "name": d.name} for d in spec.delegations]
        category = {c: i for i, c in enumerate(narrative.CATEGORIES)}
        started = rows[0].at if count else None
        seqs, ats, categories, to = [], [], [], []
        previous_seq, previous_ms = 0, 0
        for i in view:
            row = rows[i]
            ms = round((row.at - started) * 1000)
            seqs.append(row.seq - previous_seq)
            ats.append(ms - previous_ms)
            previous_seq, previous_ms = row.seq, ms
            categories.append(category[row.category])
            if row.visibility.public:
                to.append(None)
                continue
            for d in row.visibility.delegations:
                if d not in names:
                    names[d] = len(delegations)
                    delegations.append({"id": d, "name": d})
            to.append([names[d] for d in row.visibility.delegations])
        first, end = max(0, len(view) - 1 - AROUND) // PAGE, max(0, len(view) - 1) // PAGE
        pages = sorted({0, *range(first, end + 1)}) if view else []
        return {
            "last_seq": rows[count - 1].seq if count else 0,
            "started_at": started,
            "phases": _phases(spec, lines, count),
            "categories": list(narrative.CATEGORIES),
            "delegations": delegations,
            "revealed": audience.revealed,
            "count": len(view),
            "page_size": PAGE,
            "seq": seqs,
            "at": ats,
            "category": categories,
            "to": to,
            "pages": {str(k): self._texts(lines, view, k) for k in pages},
        }

    def timeline_texts(self, session_id: str, audience: Audience, pages: list[int], upto: int | None = None) -> dict[str, Any]:
        """The texts of some pages of the audience's timeline (page k: rows k * PAGE
        onwards; a page past the end is empty), each with the seq of its first row, and
        whether the back-channel was revealed: a page holding an index made before a reveal
        or a hide can tell that the rows have changed."""
        self._spec(session_id)
        lines, count = self._upto(session_id, upto)
        view = self._view(session_id, lines, count, audience)
        answer = {}
        for k in dict.fromkeys(pages[:PAGES_AT_ONCE]):
            texts = self._texts(lines, view, k)
            answer[str(k)] = {"first_seq": lines.rows[view[k * PAGE]].seq if texts else None, "texts": texts}
        return {"revealed": audience.revealed, "pages": answer}

    @staticmethod
    def _texts(lines: _Lines, view: tuple[int, ...], page: int) -> list[str]:
        return [lines.rows[i].text for i in view[page * PAGE:(page + 1) * PAGE]] if page >= 0 else []

    def _upto(self, session_id: str, upto: int | None) -> tuple[_Lines, int]:
        """The session's described lines and how many of them are at or before `upto`
        (default and at most: the last seq)."""
        last = self.service.store.last_seq(session_id)
        upto = last if upto is None else max(0, min(upto, last))
        with self._lock:
            lines = self._lines.get(session_id)
        if lines is None or lines.last < upto:
            lines = self._describe(session_id, last)
        return lines, lines.upto(upto)

    def _describe(self, session_id: str, last: int) -> _Lines:
        """Lines up to `last`: those kept, extended by the events since (a running session)."""
        with self._building_lock(session_id):
            with self._lock:
                kept = self._lines.get(session_id)
            if kept is not None and kept.last >= last:
                return kept
            spec = self._spec(session_id)
            since = kept.last if kept is not None else 0
            records = self._records(session_id, last) if kept is None else self.service.store.load(session_id, after=since, upto=last)
            rows, phases = list(kept.rows) if kept else [], list(kept.phases) if kept else []
            for recorded in records:
                line = narrative.describe(spec, recorded)
                rows.append(_Row(recorded.seq, recorded.at, line.category, line.text, line.delegations,
                                 recorded.visibility, backchannel(recorded.event)))
                if isinstance(recorded.event, e.PhaseChanged):
                    phases.append((recorded.seq, recorded.event.phase))
            lines = _Lines(max(last, since), tuple(rows), tuple(phases))
            with self._lock:
                self._lines[session_id] = lines
                self._lines.move_to_end(session_id)
                while len(self._lines) > 8:
                    self._lines.popitem(last=False)
            return lines

    def _view(self, session_id: str, lines: _Lines, count: int, audience: Audience) -> tuple[int, ...]:
        """Which of the first `count` rows the audience may see (indexes into the rows)."""
        key = (session_id, count, audience)
        with self._lock:
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key]
        rows = lines.rows
        view = tuple(i for i in range(count) if audience.admits(rows[i].visibility, backchannel=rows[i].backchannel))
        with self._lock:
            self._views[key] = view
            while len(self._views) > 32:
                self._views.popitem(last=False)
        return view

    # --- the state at a point -------------------------------------------------------------

    def state_at(self, session_id: str, seq: int, audience: Audience) -> dict[str, Any]:
        """The state after event `seq` as the audience's live page would have drawn it, and
        the events just before it that the audience may see."""
        last = self.service.store.last_seq(session_id)
        seq = max(0, min(seq, last))
        state, recent = self.service.state_and_recent(session_id, seq, 2 * RECENT)
        row = self.service.store.get_session(session_id)
        picture = {**projection.public(state, row.title), **projection.personal(state, audience.actor)}
        picture["events"] = [_sealed(r) for r in recent if audience.sees(r)][-RECENT:]
        picture["last_seq"] = last
        return picture

    # --- the analysis ---------------------------------------------------------------------

    def walk(self, session_id: str) -> rules_debrief.Walk:
        last = self.service.store.last_seq(session_id)
        key = (session_id, last)
        with self._lock:
            if key in self._walks:
                self._walks.move_to_end(key)
                return self._walks[key]
        with self._building_lock(session_id):
            with self._lock:
                if key in self._walks:
                    return self._walks[key]
            spec = self._spec(session_id)
            result = rules_debrief.walk(spec, self._records(session_id, last))
            with self._lock:
                self._walks[key] = result
                while len(self._walks) > 4:
                    self._walks.popitem(last=False)
        return result

    def report(self, session_id: str, audience: Audience) -> dict[str, Any]:
        """Votes, texts, coalitions, objectives, history: what the debrief's sections draw.
        Shaped once per session and last seq; only the objectives depend on the audience."""
        walk = self.walk(session_id)
        key = (session_id, walk.final.seq)
        with self._lock:
            shaped = self._reports.get(key)
        if shaped is None:
            shaped = report(walk, objectives_of=())
            with self._lock:
                self._reports[key] = shaped
                while len(self._reports) > 4:
                    self._reports.popitem(last=False)
        held = self._objective_holders(walk.final.spec, audience)
        return {**shaped, "objectives": [objectives(walk.final, d) for d in held]}

    def _objective_holders(self, spec: ConferenceSpec, audience: Audience) -> tuple[str, ...]:
        """Briefs are private: the instructor grades every delegation; a student sees their own."""
        if audience.chair:
            return tuple(d.id for d in spec.delegations)
        return (audience.delegation,) if audience.delegation else ()

    # --- reading, once --------------------------------------------------------------------

    def _records(self, session_id: str, last: int) -> list[e.Recorded]:
        """The whole log up to `last`, read once for the timeline's lines and the fold."""
        key = (session_id, last)
        with self._lock:
            if self._log is not None and self._log[0] == key:
                return self._log[1]
        records = self.service.store.load(session_id, upto=last)
        with self._lock:
            self._log = (key, records)
        return records

    def _building_lock(self, session_id: str) -> threading.Lock:
        """One reader of a session's whole log at a time: a second request waits for the
        first one's result instead of reading the log again."""
        with self._lock:
            return self._building.setdefault(session_id, threading.Lock())

    def _spec(self, session_id: str) -> ConferenceSpec:
        if self.service.store.get_session(session_id) is None:
            raise UnknownSession(session_id)
        return self.service.scenario(session_id).spec


def _phases(spec: ConferenceSpec, lines: _Lines, count: int) -> list[dict[str, Any]]:
    last = lines.rows[count - 1].seq if count else 0
    return [{"seq": 0, "phase": spec.phases[0].id, "name": spec.phases[0].name}] + [
        {"seq": seq, "phase": phase, "name": spec.phase(phase).name} for seq, phase in lines.phases if seq <= last]


def _sealed(recorded: e.Recorded) -> dict[str, Any]:
    return {"seq": recorded.seq, "at": recorded.at, "actor": recorded.actor, "event": projection.sealed(recorded.event)}
