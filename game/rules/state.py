"""The state of a session at one point of its log: immutable, rebuilt by folding events.

Nothing here is ever changed in place; `engine.evolve` returns a new state per event. Maps
are plain dicts that nobody mutates after construction (copy-on-write), which keeps a fold of
tens of thousands of events fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from . import text as bracket_text
from .model import ConferenceSpec, Credentials
from .values import Actor, Choice, Outcome, Placard, Role, SignatureKind, Subject


@dataclass(frozen=True, slots=True)
class Player:
    id: str
    name: str
    delegation: str | None
    """None: the player waits in the lobby for a seat."""


@dataclass(frozen=True, slots=True)
class ItemState:
    """An agenda item as it now reads."""

    id: str
    segments: tuple[bracket_text.Segment, ...]
    reading: int = 0
    """0 before the first reading, then 1, 2..."""
    status: str = "open"
    """open | adopted | rejected"""

    @property
    def text(self) -> str:
        return bracket_text.render(self.segments)

    @property
    def brackets(self) -> tuple[bracket_text.Bracket, ...]:
        return bracket_text.brackets(self.segments)

    def bracket(self, bracket_id: str) -> bracket_text.Bracket | None:
        return next((b for b in self.brackets if b.id == bracket_id), None)


@dataclass(frozen=True, slots=True)
class Amendment:
    id: str
    item: str
    bracket: str | None
    text: str
    sponsors: tuple[str, ...]
    """The proposer first, then co-sponsors in the order they joined."""
    status: str = "proposed"
    """proposed | withdrawn | accepted | adopted | rejected"""
    replaces: str = ""
    """The text it would replace, as it read when proposed."""

    @property
    def pending(self) -> bool:
        return self.status == "proposed"


@dataclass(frozen=True, slots=True)
class OpenDecision:
    """The question before the conference: a call for objections, a sounding or a vote."""

    id: str
    subject: Subject
    method: str
    rule: str
    deadline: float | None = None
    order: tuple[str, ...] = ()
    ballots: Mapping[str, Choice] = field(default_factory=dict)
    objections: Mapping[str, str] = field(default_factory=dict)
    placards: Mapping[str, Placard] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Speaker:
    delegation: str
    kind: str
    about: str = ""


@dataclass(frozen=True, slots=True)
class Floor:
    speakers: tuple[Speaker, ...] = ()
    current: Speaker | None = None
    until: float | None = None
    speaking_seconds: int = 180
    last_group: str | None = None
    """The `kind` of the delegation that last had the floor, for rotation between groups."""


@dataclass(frozen=True, slots=True)
class Signature:
    kind: SignatureKind
    text: str = ""


@dataclass(frozen=True, slots=True)
class SessionState:
    spec: ConferenceSpec
    seq: int = 0
    started: bool = False
    ended: bool = False
    paused: bool = False
    """While paused, only the chair acts."""
    seat_choice: bool = False
    """Players in the lobby may take an open seat themselves."""
    phase: str = ""
    players: Mapping[str, Player] = field(default_factory=dict)
    credentials: Mapping[str, Credentials] = field(default_factory=dict)
    away: frozenset[str] = frozenset()
    """Accredited delegations not in the room just now (their transferred votes still count)."""
    proxies: Mapping[str, str] = field(default_factory=dict)
    """Transferring delegation -> the delegation that holds its vote."""
    items: Mapping[str, ItemState] = field(default_factory=dict)
    amendments: Mapping[str, Amendment] = field(default_factory=dict)
    decision: OpenDecision | None = None
    decisions_taken: int = 0
    outcomes: tuple[Outcome, ...] = ()
    postponed: frozenset[str] = frozenset()
    """Subjects once postponed for abstentions; ITU No. 416 ignores abstentions thereafter."""
    floor: Floor = field(default_factory=Floor)
    messages: int = 0
    injects_fired: tuple[str, ...] = ()
    signing: str = "closed"
    """closed (not yet opened) | open | done"""
    final_acts: tuple[str, ...] = ()
    signatures: Mapping[str, Signature] = field(default_factory=dict)

    # --- questions the procedural modules ask ---------------------------------------------

    def seated(self, delegation: str) -> bool:
        """Whether any player holds this delegation's seat (else it runs on autopilot)."""
        return any(p.delegation == delegation for p in self.players.values())

    def actor_of(self, player: str) -> Actor | None:
        """Who a player acts as now: their delegation's delegate, an observer while in the
        lobby, None once removed (the chair may move or remove a player at any time)."""
        seat = self.players.get(player)
        if seat is None:
            return None
        if seat.delegation is None:
            return Actor(Role.OBSERVER, None, seat.id)
        return Actor.delegate(seat.delegation, seat.id)

    def may_vote(self, delegation: str) -> bool:
        return self.credentials[delegation].may_vote

    def may_sign(self, delegation: str) -> bool:
        return self.credentials[delegation].may_sign

    def present(self, delegation: str) -> bool:
        return self.credentials[delegation] is not Credentials.ABSENT and delegation not in self.away

    def voting_members(self) -> tuple[str, ...]:
        """Delegations entitled to vote, present or not, in the scenario's order."""
        return tuple(d.id for d in self.spec.delegations if self.may_vote(d.id))

    def voters(self) -> tuple[str, ...]:
        """Entitled delegations present, or represented through a transferred vote."""
        return tuple(
            d
            for d in self.voting_members()
            if self.present(d) or (d in self.proxies and self.present(self.proxies[d]))
        )

    def signatories(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.spec.delegations if self.may_sign(d.id))

    def allows(self, activity: str) -> bool:
        return activity in self.spec.phase(self.phase).allows

    def evolve(self, **changes: object) -> SessionState:
        return replace(self, **changes)


def initial(spec: ConferenceSpec) -> SessionState:
    """The state before the first event: the scenario's agenda, credentials and first phase."""
    return SessionState(
        spec=spec,
        phase=spec.phases[0].id,
        credentials={d.id: d.credentials for d in spec.delegations},
        items={i.id: ItemState(i.id, bracket_text.parse(i.text)) for i in spec.agenda},
        floor=Floor(speaking_seconds=spec.speaking_seconds),
    )
