"""Events: what happened, in the past tense. The session's log is a list of these.

Each event is a frozen dataclass of plain values. `Recorded` wraps one with the envelope the
store keeps: its sequence number in the session, the server time, the actor, and who may see
it. A secret ballot's choice is in the log (the tally is folded from it) but no projection
ever shows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Credentials
from .values import Choice, Outcome, Placard, SignatureKind, Subject


@dataclass(frozen=True, slots=True)
class Visibility:
    """Who may see an event: everybody, or the chair and/or some delegations.

    A private message between delegations is not shown to the chair: the back-channel stays
    with its sender and recipients until the instructor reveals it in the debrief.
    """

    public: bool = True
    chair: bool = True
    delegations: tuple[str, ...] = ()

    @classmethod
    def to(cls, *delegations: str, chair: bool = True) -> Visibility:
        return cls(False, chair, tuple(sorted(set(delegations))))

    def admits(self, delegation: str | None, *, chair: bool = False) -> bool:
        if self.public:
            return True
        if chair:
            return self.chair
        return delegation is not None and delegation in self.delegations


PUBLIC = Visibility()
CHAIR_ONLY = Visibility(False, True, ())


class Event:
    """Base of every event."""

    __slots__ = ()

    def visibility(self) -> Visibility:
        return PUBLIC


# --- session and seats -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionStarted(Event):
    scenario: str
    title: str


@dataclass(frozen=True, slots=True)
class PlayerSeated(Event):
    player: str
    name: str
    delegation: str | None
    """None puts the player in the lobby, seated nowhere yet."""


@dataclass(frozen=True, slots=True)
class PlayerRemoved(Event):
    player: str


@dataclass(frozen=True, slots=True)
class SeatChoiceAllowed(Event):
    allowed: bool


@dataclass(frozen=True, slots=True)
class SessionPaused(Event):
    paused: bool


@dataclass(frozen=True, slots=True)
class PhaseChanged(Event):
    phase: str


@dataclass(frozen=True, slots=True)
class SessionEnded(Event):
    pass


@dataclass(frozen=True, slots=True)
class CredentialsChanged(Event):
    delegation: str
    credentials: Credentials


@dataclass(frozen=True, slots=True)
class PresenceMarked(Event):
    delegation: str
    present: bool


@dataclass(frozen=True, slots=True)
class VoteTransferred(Event):
    delegation: str
    holder: str
    """The delegation that now casts `delegation`'s vote."""


@dataclass(frozen=True, slots=True)
class TransferRevoked(Event):
    delegation: str


# --- drafting ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadingAdvanced(Event):
    item: str
    reading: int


@dataclass(frozen=True, slots=True)
class AmendmentProposed(Event):
    amendment: str
    item: str
    bracket: str | None
    """None replaces the item's whole text."""
    text: str
    sponsor: str
    replaces: str = ""
    """The text it would replace, as it read when proposed: the left side of its diff."""


@dataclass(frozen=True, slots=True)
class AmendmentCosponsored(Event):
    amendment: str
    delegation: str


@dataclass(frozen=True, slots=True)
class AmendmentWithdrawn(Event):
    amendment: str


@dataclass(frozen=True, slots=True)
class AmendmentAccepted(Event):
    """The chair took an amendment into the text without a decision (no one asked for one)."""

    amendment: str


# --- decisions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ObjectionsCalled(Event):
    decision: str
    subject: Subject
    rule: str
    deadline: float


@dataclass(frozen=True, slots=True)
class ObjectionRaised(Event):
    decision: str
    delegation: str
    reason: str


@dataclass(frozen=True, slots=True)
class SoundingOpened(Event):
    decision: str
    subject: Subject


@dataclass(frozen=True, slots=True)
class PlacardRaised(Event):
    decision: str
    delegation: str
    placard: Placard


@dataclass(frozen=True, slots=True)
class VoteOpened(Event):
    decision: str
    subject: Subject
    rule: str
    method: str
    order: tuple[str, ...]
    """Delegations entitled to a ballot, in the order the roll is called."""
    deadline: float | None = None


@dataclass(frozen=True, slots=True)
class BallotCast(Event):
    decision: str
    delegation: str
    choice: Choice | None
    """None only in an exported log, where a secret ballot's choice is sealed."""
    secret: bool = False
    by: str | None = None
    """The delegation casting it, when it holds `delegation`'s transferred vote."""


@dataclass(frozen=True, slots=True)
class DecisionClosed(Event):
    outcome: Outcome


# --- the floor ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FloorRequested(Event):
    delegation: str
    kind: str
    """speech | reply | point_of_order"""
    about: str = ""


@dataclass(frozen=True, slots=True)
class FloorRequestWithdrawn(Event):
    delegation: str


@dataclass(frozen=True, slots=True)
class FloorGiven(Event):
    delegation: str
    kind: str
    until: float
    about: str = ""


@dataclass(frozen=True, slots=True)
class FloorYielded(Event):
    delegation: str


@dataclass(frozen=True, slots=True)
class SpeakingTimeSet(Event):
    seconds: int


@dataclass(frozen=True, slots=True)
class PointOfOrderRuled(Event):
    delegation: str
    ruling: str


# --- messages and injects ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MessageSent(Event):
    message: str
    sender: str
    """A delegation id, or "chair"."""
    audience: str
    """public | bloc | delegations"""
    to: tuple[str, ...]
    """The bloc id for a bloc message; the delegation ids for a private one."""
    text: str
    members: tuple[str, ...] = field(default=())
    """Who may read it: sender and recipients (for a bloc, its members at the time)."""

    def visibility(self) -> Visibility:
        if self.audience == "public":
            return PUBLIC
        return Visibility.to(*self.members, chair=self.sender == "chair")


@dataclass(frozen=True, slots=True)
class InjectFired(Event):
    inject: str | None
    """The scenario's inject id, or None for one the chair wrote on the spot."""
    title: str
    text: str
    to: tuple[str, ...] = ()

    def visibility(self) -> Visibility:
        return Visibility.to(*self.to) if self.to else PUBLIC


# --- signing -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SigningOpened(Event):
    items: tuple[str, ...]
    """The adopted items that make up the Final Acts."""


@dataclass(frozen=True, slots=True)
class FinalActsSigned(Event):
    delegation: str
    kind: SignatureKind
    text: str = ""
    """The reservation's or declaration's text."""


@dataclass(frozen=True, slots=True)
class SigningClosed(Event):
    signed: int
    not_signed: int
    eligible: int


@dataclass(frozen=True, slots=True)
class Recorded:
    """An event as the log keeps it."""

    seq: int
    at: float
    actor: str
    event: Event

    @property
    def visibility(self) -> Visibility:
        return self.event.visibility()
