"""Small result values shared by the procedural modules: actors, subjects, tallies, outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    CHAIR = "chair"
    DELEGATE = "delegate"
    OBSERVER = "observer"
    SYSTEM = "system"
    """The server itself: timers that fire and autopilot seats."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who issues a command. The server decides this from a login or seat token, never the
    client."""

    role: Role
    delegation: str | None = None
    player: str | None = None

    @classmethod
    def chair(cls, player: str | None = None) -> Actor:
        return cls(Role.CHAIR, player=player)

    @classmethod
    def delegate(cls, delegation: str, player: str | None = None) -> Actor:
        return cls(Role.DELEGATE, delegation, player)

    @classmethod
    def system(cls) -> Actor:
        return cls(Role.SYSTEM)

    def __str__(self) -> str:
        if self.role is Role.DELEGATE:
            return f"delegate:{self.delegation}"
        return self.role.value

    @classmethod
    def parse(cls, text: str) -> Actor:
        """`chair`, `system`, `observer` or `delegate:ID`, as str() writes them."""
        role, _, delegation = text.partition(":")
        if role not in {r.value for r in Role} or (role == Role.DELEGATE) != bool(delegation):
            from .errors import InvalidCommand

            raise InvalidCommand(f"'{text}' is not an actor: use chair, system, observer or delegate:ID.")
        return cls(Role(role), delegation or None)


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Placard(StrEnum):
    FOR = "for"
    AGAINST = "against"


class SignatureKind(StrEnum):
    SIGNED = "signed"
    RESERVATION = "reservation"
    DECLARATION = "declaration"
    DECLINED = "declined"

    @property
    def is_signature(self) -> bool:
        return self is not SignatureKind.DECLINED


class Decision(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    POSTPONED = "postponed"
    NO_QUORUM = "no_quorum"
    BLOCKED = "blocked"
    INDICATIVE = "indicative"
    """A sounding of the room: recorded as a reading of opinion, never as a decision."""


@dataclass(frozen=True, slots=True)
class Subject:
    """What a decision is about: an agenda item's adoption, or an amendment."""

    kind: str
    """item | amendment"""
    id: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True, slots=True)
class Tally:
    """The counts of one vote (or one bloc's share of it)."""

    yes: int = 0
    no: int = 0
    abstain: int = 0
    not_participating: int = 0
    """Present and entitled but cast no ballot (ITU Convention No. 414)."""
    weighted_yes: int = 0
    weighted_no: int = 0

    @property
    def present_and_voting(self) -> int:
        return self.yes + self.no

    @property
    def cast(self) -> int:
        return self.yes + self.no + self.abstain

    def add(self, choice: Choice | None, weight: int = 1) -> Tally:
        if choice == Choice.YES:
            return _replace(self, yes=self.yes + 1, weighted_yes=self.weighted_yes + weight)
        if choice == Choice.NO:
            return _replace(self, no=self.no + 1, weighted_no=self.weighted_no + weight)
        if choice == Choice.ABSTAIN:
            return _replace(self, abstain=self.abstain + 1)
        return _replace(self, not_participating=self.not_participating + 1)

    def describe(self) -> str:
        abstentions = "abstention" if self.abstain == 1 else "abstentions"
        return f"{self.yes} in favour, {self.no} against, {self.abstain} {abstentions}"


def _replace(tally: Tally, **changes: int) -> Tally:
    from dataclasses import replace

    return replace(tally, **changes)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a decision produced, which rule produced it, and the numbers."""

    decision_id: str
    subject: Subject
    method: str
    rule: str
    decision: Decision
    reason: str
    """A sentence naming the rule and the numbers, e.g. "Adopted: 77 in favour, 33 against..."""
    tally: Tally | None = None
    required: int | None = None
    """Votes (or weighted votes) the question needed to pass."""
    entitled: int = 0
    present: int = 0
    by_bloc: tuple[tuple[str, Tally], ...] = ()
    objectors: tuple[str, ...] = ()
    at: float = 0.0
    ballots: tuple[tuple[str, Choice], ...] = ()
    """A named vote's ballots in roll order (empty for a secret ballot): the record a
    roll-call table and a map are drawn from."""
