"""The debrief: a session's replay and its analysis, as each viewer may see them.

Who sees what (`Audience`):
- the session's instructor sees what the chair saw (public events, the chair's own private
  instructions to delegations, every delegation's objectives), or any one delegation's view;
- a student sees the public replay and their own delegation's view;
- private and bloc messages between delegations (the back-channel) appear to nobody but
  their sender and recipients until the instructor reveals them (`reveals.Reveals`); then
  to everybody who may see the replay.
A secret ballot's choices appear nowhere: events are projected through `projection.sealed`.

The heavy part, one fold over the whole log (`game.rules.debrief.walk`), is kept per session
and last seq, so the replay page's several requests fold once.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from game.rules import debrief as rules_debrief
from game.rules import events as e
from game.rules.model import ConferenceSpec
from game.rules.values import Actor, Role

from . import narrative, projection
from .archive import backchannel
from .debrief_report import report
from .reveals import Reveals
from .sessions import Service, UnknownSession

RECENT = 40
"""Events sent with a replayed state, for the feed and the projector's stage."""


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
        visibility = recorded.visibility
        if visibility.public:
            return True
        if backchannel(recorded.event):
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


class Debrief:
    def __init__(self, service: Service, reveals: Reveals | None = None) -> None:
        self.service = service
        self.reveals = reveals or Reveals(service.store.engine)
        self._walks: OrderedDict[tuple[str, int], rules_debrief.Walk] = OrderedDict()
        self._lock = threading.Lock()

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
        """Every event the audience may see, one compact row each:
        [seq, at, category, sentence, delegations involved, addressed to (None: everybody)]."""
        spec = self._spec(session_id)
        records = self.service.log(session_id)
        rows = []
        phases = [{"seq": 0, "phase": spec.phases[0].id, "name": spec.phases[0].name}]
        for recorded in records:
            if isinstance(recorded.event, e.PhaseChanged):
                phases.append({"seq": recorded.seq, "phase": recorded.event.phase, "name": spec.phase(recorded.event.phase).name})
            if not audience.sees(recorded):
                continue
            line = narrative.describe(spec, recorded)
            visibility = recorded.visibility
            rows.append([recorded.seq, recorded.at, line.category, line.text, list(line.delegations),
                         None if visibility.public else list(visibility.delegations)])
        return {
            "last_seq": records[-1].seq if records else 0,
            "started_at": records[0].at if records else None,
            "phases": phases,
            "categories": list(narrative.CATEGORIES),
            "revealed": audience.revealed,
            "entries": rows,
        }

    # --- the state at a point -------------------------------------------------------------

    def state_at(self, session_id: str, seq: int, audience: Audience) -> dict[str, Any]:
        """The state after event `seq` as the audience's live page would have drawn it, and
        the events just before it that the audience may see."""
        last = self.service.store.last_seq(session_id)
        seq = max(0, min(seq, last))
        state = self.service.state(session_id, upto=seq)
        row = self.service.store.get_session(session_id)
        picture = {**projection.public(state, row.title), **projection.personal(state, audience.actor)}
        recent = self.service.store.load(session_id, after=max(0, seq - 2 * RECENT), upto=seq)
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
        spec = self._spec(session_id)
        result = rules_debrief.walk(spec, self.service.store.load(session_id, upto=last))
        with self._lock:
            self._walks[key] = result
            while len(self._walks) > 4:
                self._walks.popitem(last=False)
        return result

    def report(self, session_id: str, audience: Audience) -> dict[str, Any]:
        """Votes, texts, coalitions, objectives, history: what the debrief's sections draw."""
        walk = self.walk(session_id)
        return report(walk, objectives_of=self._objective_holders(walk.final.spec, audience))

    def _objective_holders(self, spec: ConferenceSpec, audience: Audience) -> tuple[str, ...]:
        """Briefs are private: the instructor grades every delegation; a student sees their own."""
        if audience.chair:
            return tuple(d.id for d in spec.delegations)
        return (audience.delegation,) if audience.delegation else ()

    def _spec(self, session_id: str) -> ConferenceSpec:
        if self.service.store.get_session(session_id) is None:
            raise UnknownSession(session_id)
        return self.service.scenario(session_id).spec



def _sealed(recorded: e.Recorded) -> dict[str, Any]:
    return {"seq": recorded.seq, "at": recorded.at, "actor": recorded.actor, "event": projection.sealed(recorded.event)}
