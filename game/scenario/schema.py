"""The scenario file format: one pydantic model per block, each refusing unknown fields.

The models mirror the rules types in `game.rules.model`. The docstring under each field is
what an instructor's editor shows while typing, through the JSON Schema
(`use_attribute_docstrings`), so it is written for instructors. Limits on lengths and counts
keep an uploaded file from asking the server for absurd work; they leave room for WCIT-12's
193 delegations.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from game.rules.commands import MAX_TEXT
from game.rules.model import Credentials, Quorum, SignStance, Stance, Threshold

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"
M49_PATTERN = r"^[0-9]{3}$"

PATTERN_MESSAGES = {
    ID_PATTERN: "'{given}' is not a usable id: use letters, digits, '-', '_' or '.', without spaces",
    LANGUAGE_PATTERN: "'{given}' is not a language code; write one like en or fr",
    M49_PATTERN: "'{given}' is not a UN M49 code; write three digits, like '040'",
}


def _m49(value: Any) -> Any:
    """A number is padded back to three digits: 40 means '040', not a different country."""
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:03d}"
    return value


Id = Annotated[str, StringConstraints(strict=True, pattern=ID_PATTERN, max_length=64)]
Language = Annotated[str, StringConstraints(strict=True, pattern=LANGUAGE_PATTERN)]
Name = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=200)]
Prose = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, max_length=20_000)]
Body = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=20_000)]
Clause = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]
M49 = Annotated[str, StringConstraints(strict=True, pattern=M49_PATTERN), BeforeValidator(_m49)]
Flag = Annotated[bool, Field(strict=True)]

VoteMethod = Literal["show_of_hands", "roll_call", "secret_ballot"]
Activity = Literal["floor", "drafting", "decisions", "signing", "messages"]
ObjectiveKind = Literal["item_adopted", "item_not_adopted", "text_includes", "text_excludes", "signs", "not_signed"]


def _whole(low: int, high: int) -> Any:
    return Annotated[int, Field(strict=True, ge=low, le=high)]


Seconds = _whole(5, 3600)
SpeakingSeconds = _whole(10, 3600)
Points = _whole(0, 100)
Weight = _whole(1, 1000)
Readings = _whole(0, 5)
Proxies = _whole(0, 10)


class Block(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)


class RollCallModel(Block):
    language: Language = "en"
    """The language whose alphabetical order calls the roll: fr at the ITU, en at the UN."""
    start: Literal["first", "lot"] = "first"
    """first: from the top of the alphabet; lot: from a delegation drawn by lot (UN GA rule 87)."""


class RuleModel(Block):
    name: Name
    """How the chair names the rule aloud, e.g. "ITU rules of procedure"."""
    consensus_first: Flag = False
    """The chair must seek consensus (ask for objections) before any vote (ITU practice)."""
    methods: tuple[VoteMethod, ...] = ("show_of_hands", "roll_call", "secret_ballot")
    """Voting methods the chair may use; an empty list means consensus only, never a vote."""
    threshold: Threshold = Threshold.MAJORITY
    """majority: more than half of yes+no (ITU No. 410, UN Charter Art. 18(3)); two_thirds:
    two-thirds of yes+no (UN Charter Art. 18(2)); majority_of_members: more than half of all
    delegations entitled to vote, present or not."""
    weighted: Flag = False
    """Count each ballot with the delegation's weight instead of one."""
    quorum: Quorum = Quorum.NONE
    """majority_of_members: a vote is valid only when more than half of the delegations
    entitled to vote are present or represented (ITU No. 385)."""
    abstentions_postpone: Flag = False
    """When abstentions exceed half of the votes cast, the question is postponed (ITU No. 416)."""
    citation: Prose = ""
    """The rule's source, quoted in every outcome, e.g. "ITU Convention No. 410-416"."""
    objection_seconds: Seconds = 60
    """How long the room has to object when the chair seeks consensus."""
    rough_consensus: Flag = False
    """The chair may declare a text adopted by rough consensus over objections, which are
    recorded (NETmundial practice)."""


class BlocModel(Block):
    id: Id
    name: Name
    lead: Id | None = None
    """The delegation whose lead the bloc's autopilot members follow; it must be a member."""


class ObjectiveModel(Block):
    id: Id
    text: Name
    """The objective as the delegation's brief states it."""
    kind: ObjectiveKind
    """item_adopted / item_not_adopted (needs item); text_includes / text_excludes (needs item
    and phrase, checked in the adopted text); signs / not_signed (the Final Acts)."""
    item: Id | None = None
    """The agenda item the objective is about."""
    phrase: Name | None = None
    """The words to find in (or keep out of) the item's adopted text; case does not matter."""
    points: Points = 1


class BriefModel(Block):
    public_position: Prose = ""
    """What the delegation says in the open; every participant may read it."""
    private_instructions: Prose = ""
    """What its capital tells it; only the delegation (and the chair) may read it."""
    red_lines: Annotated[tuple[Name, ...], Field(max_length=20)] = ()
    objectives: Annotated[tuple[ObjectiveModel, ...], Field(max_length=20)] = ()
    """Scored at the end of the session, for grading and the debrief."""


class PolicyModel(Block):
    positions: Annotated[dict[Id, Stance], Field(max_length=200)] = {}
    """The stance on each agenda item, by item id, when nobody plays the seat."""
    default: Stance = Stance.FOLLOW_LEAD
    """The stance on anything not listed: items, and amendments from other blocs
    (amendments its own bloc sponsors it supports)."""
    loyalty: Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)] = 1.0
    """The chance, from 0 to 1, of doing what the bloc lead does under follow_lead; else it abstains."""
    signs: SignStance = SignStance.FOLLOW_LEAD
    """What it does with the Final Acts: sign, reservation, decline or follow_lead."""
    reservation: Prose = ""
    """The reservation's text when it signs with a reservation."""


class DefaultsModel(Block):
    """Values every delegation takes unless it says otherwise; policy fields merge one by one."""

    kind: Id = "state"
    credentials: Credentials = Credentials.VOTE_AND_SIGN
    weight: Weight = 1
    policy: PolicyModel = PolicyModel()


class DelegationModel(Block):
    id: Id
    """Short and stable, such as an ISO 3166 alpha-3 code: USA, KEN."""
    name: Name
    """The name shown on screens and in the minutes."""
    bloc: Id | None = None
    kind: Id = "state"
    """state, or a stakeholder group in multistakeholder scenarios (civil_society...)."""
    m49: M49 | None = None
    """The UN M49 code (quote it: '040'), which places the delegation on the world map."""
    credentials: Credentials = Credentials.VOTE_AND_SIGN
    """vote_and_sign, sign_only, none (may speak only) or absent (ITU Convention Art. 31)."""
    weight: Weight = 1
    """Votes it carries under a weighted rule."""
    sort_names: Annotated[dict[Language, Name], Field(max_length=10)] = {}
    """The name by which the roll is called, per language: fr: Kenya, en: Kenya."""
    brief: BriefModel = BriefModel()
    policy: PolicyModel = PolicyModel()
    """How the delegation acts when no student holds its seat (autopilot)."""

    def with_defaults(self, defaults: DefaultsModel) -> DelegationModel:
        """This delegation with the scenario's defaults filled in where it says nothing."""
        own_policy = {name: getattr(self.policy, name) for name in self.policy.model_fields_set}
        positions = {**defaults.policy.positions, **self.policy.positions}
        policy = defaults.policy.model_copy(update={**own_policy, "positions": positions})
        inherited = {name: getattr(defaults, name) for name in defaults.model_fields_set - {"policy"}}
        own = {name: getattr(self, name) for name in self.model_fields_set}
        return self.model_copy(update={**inherited, **own, "policy": policy})


class AgendaItemModel(Block):
    id: Id
    title: Name
    kind: Literal["article", "preamble", "resolution", "other"] = "article"
    text: Clause
    """The draft, with undecided passages in square brackets: [option one | option two]."""
    rule: Id
    """The id of the decision rule that decides this item."""


class PhaseModel(Block):
    id: Id
    name: Name
    allows: tuple[Activity, ...] = ("floor", "drafting", "decisions", "messages")
    """What delegations may do in this phase: floor, drafting, decisions, signing, messages."""


class InjectModel(Block):
    id: Id
    title: Name
    text: Body
    to: Annotated[tuple[Id, ...], Field(max_length=500)] = ()
    """Delegation ids that receive it; leave it out to send it to everybody."""


DecideMethod = Literal["consensus", "sounding", "show_of_hands", "roll_call", "secret_ballot"]
STEP_WORDS = ("sign", "end")
STEP_LIST = "phase, inject, reading, amend, accept, withdraw, decide, sign or end"


class AmendModel(Block):
    ref: Id
    """The name by which later steps and the delegations' positions refer to this amendment."""
    item: Id
    """The agenda item amended."""
    bracket: Id | None = None
    """The bracket amended (b1, b2... in reading order); leave it out to amend the whole item."""
    option: Annotated[int, Field(strict=True, ge=1, le=20)] | None = None
    """Take the bracket's Nth alternative (from 1) as the amendment's text."""
    text: Clause | None = None
    """The amendment's text, when it is not one of the bracket's alternatives."""
    by: Annotated[tuple[Id, ...], Field(min_length=1, max_length=400)]
    """The proposer, then its co-sponsors."""


class DecideModel(Block):
    subject: Id
    """An agenda item's id, or the ref of an amendment proposed earlier in the course."""
    method: DecideMethod = "consensus"
    """consensus (a call for objections until its deadline), sounding, show_of_hands, roll_call or secret_ballot."""
    then: VoteMethod | None = None
    """When objections block a consensus: the vote the chair then calls."""
    rough: Flag = False
    """When objections block a consensus: the chair declares rough consensus (the rule must allow it)."""


def _step_word(value: Any) -> Any:
    """`- sign` and `- end` are steps on their own, written without a value."""
    if isinstance(value, str):
        if value in STEP_WORDS:
            return {value: True}
        raise ValueError(f"'{value}' is not a course step; a step is one of {STEP_LIST}")
    return value


class StepModel(Block):
    """One step of the course; each step does one thing."""

    phase: Id | None = None
    """Move to this phase."""
    inject: Id | None = None
    """Release this scripted inject."""
    reading: Id | None = None
    """Give this agenda item its next reading."""
    amend: AmendModel | None = None
    """A delegation proposes an amendment; the others in `by` co-sponsor it."""
    accept: Id | None = None
    """The chair takes this amendment (by its ref) into the text by general agreement."""
    withdraw: Id | None = None
    """The proposer withdraws this amendment (by its ref)."""
    decide: DecideModel | None = None
    """Put an item or an amendment to the conference."""
    sign: Literal[True] | None = None
    """Open the Final Acts for signature; every delegation signs or declines by its policy."""
    end: Literal[True] | None = None
    """End the session."""

    @model_validator(mode="after")
    def _one_thing(self) -> StepModel:
        given = [name for name in type(self).model_fields if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(
                f"each course step does one thing: {STEP_LIST}"
                + (f" (this one has {', '.join(given)})" if given else "")
            )
        return self


Step = Annotated[StepModel, BeforeValidator(_step_word)]


class ScenarioModel(Block):
    """A Plenary scenario: a conference, its delegations, its draft texts and its rules."""

    id: Id
    """Names the scenario in URLs and on the command line, e.g. classroom-starter."""
    title: Name
    description: Prose = ""
    """What the instructor reads when picking a scenario: story, length, class size."""
    sources: Annotated[tuple[Prose, ...], Field(max_length=100)] = ()
    """Where the scenario's facts come from."""
    roll_call: RollCallModel = RollCallModel()
    speaking_seconds: SpeakingSeconds = 180
    """Speaking time per statement, which the chair may change during the session."""
    readings: Readings = 2
    """Readings an item must pass before a decision on it (ITU: blue, then pink documents)."""
    transfers_allowed: Flag = True
    """Whether a delegation may give its vote to another (ITU Convention No. 335)."""
    max_proxies: Proxies = 1
    """Votes of others one delegation may hold (ITU: one)."""
    rules: Annotated[dict[Id, RuleModel], Field(min_length=1, max_length=20)]
    """Decision rules by id; each agenda item names one."""
    blocs: Annotated[tuple[BlocModel, ...], Field(max_length=50)] = ()
    defaults: DefaultsModel = DefaultsModel()
    delegations: Annotated[tuple[DelegationModel, ...], Field(min_length=1, max_length=400)]
    agenda: Annotated[tuple[AgendaItemModel, ...], Field(min_length=1, max_length=100)]
    phases: Annotated[tuple[PhaseModel, ...], Field(min_length=1, max_length=20)]
    """In order; the session starts in the first."""
    injects: Annotated[tuple[InjectModel, ...], Field(max_length=200)] = ()
    """News the chair may release during the session."""
    history: Annotated[dict[Name, Prose], Field(max_length=50)] = {}
    """What happened at the real conference, by topic, shown beside the class's result."""
    floor_rotation: Literal["none", "kind"] = "none"
    """kind: the speakers list gives the floor to each group of delegations (their kind) in
    turn, as NETmundial's four microphones did."""
    course: Annotated[tuple[Step, ...], Field(max_length=500)] = ()
    """The chair's steps at the real conference; an unattended run (plenary scenario
    rehearse) follows them with every seat on autopilot."""


# --- which fields a block allows, to suggest the one an author meant --------------------


def fields_at(loc: tuple[str | int, ...]) -> tuple[str, ...]:
    """The fields allowed in the block at `loc` (empty when `loc` is not a block)."""
    model = _model(_type_at(loc))
    return tuple(model.model_fields) if model else ()


def sub_blocks_at(loc: tuple[str | int, ...]) -> dict[str, tuple[str, ...]]:
    """For the block at `loc`, each field that is itself a block, with that block's fields."""
    out = {}
    for name in fields_at(loc):
        inner = fields_at((*loc, name))
        if inner:
            out[name] = inner
    return out


def _type_at(loc: tuple[str | int, ...]) -> Any:
    current: Any = ScenarioModel
    for part in loc:
        current = _child(_plain(current), part)
        if current is None:
            return None
    return _plain(current)


def _child(tp: Any, part: str | int) -> Any:
    model = _model(tp)
    if model is not None:
        field = model.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field else None
    origin, args = get_origin(tp), get_args(tp)
    if origin in (tuple, list) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _plain(tp: Any) -> Any:
    """Strip Annotated[...] and `| None`, down to the type that holds the fields."""
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    args = [a for a in get_args(tp) if a is not type(None)]
    if get_origin(tp) is not None and len(args) == 1 and get_origin(tp) not in (tuple, list, dict):
        return _plain(args[0])
    return tp


def _model(tp: Any) -> type[BaseModel] | None:
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None
