"""Commands: what somebody asks to do, in the imperative.

Every command is a frozen dataclass. `at` is the server's clock when the command was taken;
the service sets it, the rules never read a clock. Seeds for anything drawn by lot travel in
the command too, so that deciding is a pure function.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Credentials
from .values import Choice, Placard, SignatureKind, Subject

MAX_TEXT = 4000
"""Characters in an amendment, message, objection or reservation."""
MAX_NAME = 80


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    at: float = 0.0


# --- session and seats -------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class StartSession(Command):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class SeatPlayer(Command):
    player: str
    name: str
    delegation: str | None = None
    """None puts the player in the lobby, seated nowhere yet."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RemovePlayer(Command):
    player: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AllowSeatChoice(Command):
    """The chair lets players in the lobby pick an open seat themselves (or stops it)."""

    allowed: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TakeSeat(Command):
    """A player in the lobby takes a seat nobody holds, when the chair allows it."""

    delegation: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PauseSession(Command):
    paused: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangePhase(Command):
    phase: str


@dataclass(frozen=True, slots=True, kw_only=True)
class EndSession(Command):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class SetCredentials(Command):
    delegation: str
    credentials: Credentials


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkPresence(Command):
    """The secretariat records an accredited delegation leaving or returning to the room."""

    delegation: str
    present: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TransferVote(Command):
    """A delegation gives its vote to another (ITU: transfer of powers)."""

    holder: str
    delegation: str | None = None
    """The delegation transferring; the chair must name it, a delegate transfers its own."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RevokeTransfer(Command):
    delegation: str | None = None


# --- drafting ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class AdvanceReading(Command):
    item: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ProposeAmendment(Command):
    item: str
    text: str
    bracket: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CosponsorAmendment(Command):
    amendment: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WithdrawAmendment(Command):
    amendment: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptAmendment(Command):
    amendment: str


# --- decisions ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CallForObjections(Command):
    subject: Subject
    seconds: int | None = None
    """How long the room has to object; the rule's default when None."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RaiseObjection(Command):
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class SoundRoom(Command):
    subject: Subject


@dataclass(frozen=True, slots=True, kw_only=True)
class RaisePlacard(Command):
    placard: Placard


@dataclass(frozen=True, slots=True, kw_only=True)
class CallVote(Command):
    subject: Subject
    method: str
    seed: int = 0
    """Draws the first delegation called when the roll starts by lot."""
    seconds: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class CastBallot(Command):
    choice: Choice
    on_behalf_of: str | None = None
    """A delegation whose vote was transferred to the caster."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseDecision(Command):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class DeclareRoughConsensus(Command):
    """After objections blocked a consensus, the chair judges the sense of the room and
    declares the subject adopted, the objections recorded (allowed only under a rule with
    rough_consensus)."""

    subject: Subject


# --- the floor ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestFloor(Command):
    kind: str = "speech"
    about: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class WithdrawFloorRequest(Command):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class GiveFloor(Command):
    delegation: str | None = None
    """None gives the floor to the first on the speakers list."""


@dataclass(frozen=True, slots=True, kw_only=True)
class YieldFloor(Command):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class SetSpeakingTime(Command):
    seconds: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RulePointOfOrder(Command):
    delegation: str
    ruling: str


# --- messages and injects ----------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class SendMessage(Command):
    audience: str
    """public | bloc | delegations"""
    text: str
    to: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FireInject(Command):
    inject: str | None = None
    title: str = ""
    text: str = ""
    to: tuple[str, ...] = ()


# --- signing -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenSigning(Command):
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class SignFinalActs(Command):
    kind: SignatureKind = SignatureKind.SIGNED
    text: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class CloseSigning(Command):
    pass


# --- autopilot ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class RunAutopilot(Command):
    """Every seat no player holds acts on the open question by its scenario policy."""

    seed: int = 0
