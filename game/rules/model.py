"""The conference as a scenario defines it: fixed for the life of a session.

These are plain rules types; `game.scenario` builds them from YAML. Nothing here changes
during play; what changes lives in `state.SessionState`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType


def frozen_map(data: Mapping | None = None) -> Mapping:
    """A read-only view, so that frozen dataclasses stay frozen all the way down."""
    return MappingProxyType(dict(data or {}))


class Credentials(StrEnum):
    """What a delegation's credentials entitle it to (ITU Convention Art. 31)."""

    VOTE_AND_SIGN = "vote_and_sign"
    SIGN_ONLY = "sign_only"
    """Present and may sign the Final Acts, but not vote."""
    NONE = "none"
    """Present without credentials in order: may speak, neither vote nor sign."""
    ABSENT = "absent"
    """Not at the conference."""

    @property
    def may_vote(self) -> bool:
        return self is Credentials.VOTE_AND_SIGN

    @property
    def may_sign(self) -> bool:
        return self in (Credentials.VOTE_AND_SIGN, Credentials.SIGN_ONLY)


class Method(StrEnum):
    CONSENSUS = "consensus"
    SOUNDING = "sounding"
    SHOW_OF_HANDS = "show_of_hands"
    ROLL_CALL = "roll_call"
    SECRET_BALLOT = "secret_ballot"

    @property
    def is_vote(self) -> bool:
        return self in (Method.SHOW_OF_HANDS, Method.ROLL_CALL, Method.SECRET_BALLOT)


class Threshold(StrEnum):
    MAJORITY = "majority"
    """More than half of the votes of those present and voting (yes + no)."""
    TWO_THIRDS = "two_thirds"
    """At least two-thirds of those present and voting (yes + no)."""
    MAJORITY_OF_MEMBERS = "majority_of_members"
    """More than half of all delegations entitled to vote, present or not."""

    def describe(self) -> str:
        return {
            Threshold.MAJORITY: "a majority of those present and voting",
            Threshold.TWO_THIRDS: "two-thirds of those present and voting",
            Threshold.MAJORITY_OF_MEMBERS: "a majority of all members entitled to vote",
        }[self]


class Quorum(StrEnum):
    NONE = "none"
    MAJORITY_OF_MEMBERS = "majority_of_members"
    """More than half of the delegations entitled to vote present or represented."""


class Stance(StrEnum):
    """What an autopilot delegation does on a question."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"
    OBJECT = "object"
    """Votes no, and objects when consensus is sought."""
    ABSENT = "absent"
    """Does not take part."""
    FOLLOW_LEAD = "follow_lead"
    """Does what its bloc's lead does."""


class SignStance(StrEnum):
    SIGN = "sign"
    RESERVATION = "reservation"
    DECLINE = "decline"
    FOLLOW_LEAD = "follow_lead"


@dataclass(frozen=True, slots=True)
class DecisionRule:
    """How a question on an agenda item is decided."""

    id: str
    name: str
    consensus_first: bool = False
    """The chair seeks consensus (asks for objections) before any vote."""
    methods: tuple[Method, ...] = (Method.SHOW_OF_HANDS, Method.ROLL_CALL, Method.SECRET_BALLOT)
    """The voting methods the chair may use under this rule."""
    threshold: Threshold = Threshold.MAJORITY
    weighted: bool = False
    """Ballots count with each delegation's weight instead of one each."""
    quorum: Quorum = Quorum.NONE
    abstentions_postpone: bool = False
    """ITU Convention No. 416: abstentions over half the votes cast postpone the question."""
    citation: str = ""
    objection_seconds: int = 60
    """Default deadline for objections when consensus is sought."""
    rough_consensus: bool = False
    """When objections block a consensus, the chair may still declare the text adopted by
    rough consensus, the objections recorded (NETmundial, 2014)."""


@dataclass(frozen=True, slots=True)
class Objective:
    """Something a delegation's brief asks it to achieve, scored at the end."""

    id: str
    text: str
    kind: str
    """item_adopted | item_not_adopted | text_includes | text_excludes | signs | not_signed"""
    item: str | None = None
    phrase: str | None = None
    points: int = 1


@dataclass(frozen=True, slots=True)
class Brief:
    public_position: str = ""
    private_instructions: str = ""
    red_lines: tuple[str, ...] = ()
    objectives: tuple[Objective, ...] = ()


@dataclass(frozen=True, slots=True)
class Policy:
    """How an unplayed seat behaves: positions per item or amendment, a default, loyalty."""

    positions: Mapping[str, Stance] = field(default_factory=frozen_map)
    default: Stance = Stance.FOLLOW_LEAD
    loyalty: float = 1.0
    """Chance of following the bloc lead when the stance is follow_lead; else abstains."""
    signs: SignStance = SignStance.FOLLOW_LEAD
    reservation: str = ""


@dataclass(frozen=True, slots=True)
class Delegation:
    id: str
    name: str
    bloc: str | None = None
    kind: str = "state"
    """state, or a stakeholder group in multistakeholder scenarios."""
    m49: str | None = None
    credentials: Credentials = Credentials.VOTE_AND_SIGN
    weight: int = 1
    sort_names: Mapping[str, str] = field(default_factory=frozen_map)
    """The name by which the roll is called, per language code (fr, en)."""
    brief: Brief = field(default_factory=Brief)
    policy: Policy = field(default_factory=Policy)


@dataclass(frozen=True, slots=True)
class Bloc:
    id: str
    name: str
    lead: str | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    id: str
    title: str
    kind: str
    """article | preamble | resolution | other"""
    text: str
    rule: str
    """The id of the DecisionRule that decides this item."""


@dataclass(frozen=True, slots=True)
class Phase:
    id: str
    name: str
    allows: frozenset[str] = frozenset({"floor", "drafting", "decisions", "messages"})
    """Activities open in this phase: floor, drafting, decisions, signing, messages."""


@dataclass(frozen=True, slots=True)
class Inject:
    id: str
    title: str
    text: str
    to: tuple[str, ...] = ()
    """Delegation ids; empty means everybody."""


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the scenario's course: what the chair did at the real conference, which an
    unattended run (every seat on autopilot) follows.

    `action` is phase | inject | reading | amend | accept | withdraw | decide | sign | end;
    `target` names the phase, inject, item, or amendment ref the step acts on (for decide: an
    item id or an amendment ref)."""

    action: str
    target: str = ""
    item: str | None = None
    """amend: the item amended."""
    bracket: str | None = None
    """amend: the bracket amended (b1, b2...), or None for the whole item."""
    text: str = ""
    """amend: the amendment's text (an option already taken out of its bracket)."""
    by: tuple[str, ...] = ()
    """amend: the proposer, then its co-sponsors."""
    method: str = "consensus"
    """decide: consensus | sounding | show_of_hands | roll_call | secret_ballot."""
    then: str | None = None
    """decide: the vote taken when objections block a consensus."""
    rough: bool = False
    """decide: declare rough consensus when objections block (the rule must allow it)."""


@dataclass(frozen=True, slots=True)
class RollCall:
    """The order in which the roll is called (ITU: French alphabetical; UN GA: English from
    a member drawn by lot, rule 87)."""

    language: str = "en"
    start: str = "first"
    """first, or lot: a seed carried by the command draws the first delegation."""


@dataclass(frozen=True, slots=True)
class ConferenceSpec:
    id: str
    title: str
    delegations: tuple[Delegation, ...]
    blocs: tuple[Bloc, ...] = ()
    agenda: tuple[AgendaItem, ...] = ()
    phases: tuple[Phase, ...] = (Phase("plenary", "Plenary"),)
    rules: Mapping[str, DecisionRule] = field(default_factory=frozen_map)
    roll_call: RollCall = field(default_factory=RollCall)
    injects: tuple[Inject, ...] = ()
    speaking_seconds: int = 180
    readings: int = 2
    """Readings an item must pass before it can be adopted."""
    transfers_allowed: bool = True
    max_proxies: int = 1
    """ITU Convention No. 335: a delegation may hold at most one other's vote."""
    history: Mapping[str, str] = field(default_factory=frozen_map)
    """The historical record, for the debrief: free text keyed by topic."""
    floor_rotation: str = "none"
    """none, or kind: the speakers list gives the floor to each group of delegations (their
    `kind`) in turn, as NETmundial's four microphones did."""
    course: tuple[Step, ...] = ()
    """The chair's steps at the real conference, for unattended runs."""

    _index: Mapping[str, Delegation] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", frozen_map({d.id: d for d in self.delegations}))

    def delegation(self, delegation_id: str) -> Delegation:
        return self._index[delegation_id]

    def has_delegation(self, delegation_id: str) -> bool:
        return delegation_id in self._index

    def item(self, item_id: str) -> AgendaItem:
        return next(i for i in self.agenda if i.id == item_id)

    def bloc_members(self, bloc_id: str) -> tuple[str, ...]:
        return tuple(d.id for d in self.delegations if d.bloc == bloc_id)

    def bloc(self, bloc_id: str) -> Bloc | None:
        return next((b for b in self.blocs if b.id == bloc_id), None)

    def phase(self, phase_id: str) -> Phase:
        return next(p for p in self.phases if p.id == phase_id)

    def amendment_ref(self, item: str, text: str) -> str | None:
        """The course's name for an amendment with exactly this item and text, so that
        policies keyed by that name apply whoever proposes it."""
        wanted = " ".join(text.split())
        for step in self.course:
            if step.action == "amend" and step.item == item and " ".join(step.text.split()) == wanted:
                return step.target
        return None

