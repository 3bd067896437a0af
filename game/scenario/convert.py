"""From the validated file to the plain rules types the engine folds over.

Lists become tuples and mappings read-only views, so a `ConferenceSpec` stays frozen all the
way down; the `defaults:` block is merged into each delegation here, once.
"""

from __future__ import annotations

from game.rules.model import (
    AgendaItem,
    Bloc,
    Brief,
    ConferenceSpec,
    DecisionRule,
    Delegation,
    Inject,
    Method,
    Objective,
    Phase,
    Policy,
    RollCall,
    Step,
    frozen_map,
)
from game.rules.text import brackets, parse

from .schema import (
    AmendModel,
    BriefModel,
    DelegationModel,
    PolicyModel,
    RuleModel,
    ScenarioModel,
    StepModel,
)


def to_spec(model: ScenarioModel) -> ConferenceSpec:
    return ConferenceSpec(
        id=model.id,
        title=model.title,
        delegations=tuple(_delegation(d.with_defaults(model.defaults)) for d in model.delegations),
        blocs=tuple(Bloc(b.id, b.name, b.lead) for b in model.blocs),
        agenda=tuple(AgendaItem(a.id, a.title, a.kind, a.text, a.rule) for a in model.agenda),
        phases=tuple(Phase(p.id, p.name, frozenset(p.allows)) for p in model.phases),
        rules=frozen_map({rule_id: _rule(rule_id, rule) for rule_id, rule in model.rules.items()}),
        roll_call=RollCall(model.roll_call.language, model.roll_call.start),
        injects=tuple(Inject(i.id, i.title, i.text, i.to) for i in model.injects),
        speaking_seconds=model.speaking_seconds,
        readings=model.readings,
        transfers_allowed=model.transfers_allowed,
        max_proxies=model.max_proxies,
        history=frozen_map(model.history),
        floor_rotation=model.floor_rotation,
        course=tuple(_step(step, model) for step in model.course),
    )


def _step(step: StepModel, model: ScenarioModel) -> Step:
    if step.amend is not None:
        amend = step.amend
        return Step("amend", amend.ref, item=amend.item, bracket=amend.bracket, text=amendment_text(amend, model), by=amend.by)
    if step.decide is not None:
        decide = step.decide
        return Step("decide", decide.subject, method=decide.method, then=decide.then, rough=decide.rough)
    for action in ("phase", "inject", "reading", "accept", "withdraw"):
        target = getattr(step, action)
        if target is not None:
            return Step(action, target)
    return Step("sign" if step.sign else "end")


def amendment_text(amend: AmendModel, model: ScenarioModel) -> str:
    """An amend step's text: its own, or the chosen alternative of its bracket."""
    if amend.text is not None or amend.option is None:
        return amend.text or ""
    item = next(a for a in model.agenda if a.id == amend.item)
    bracket = next(b for b in brackets(parse(item.text)) if b.id == amend.bracket)
    return bracket.choices[amend.option - 1]


def _rule(rule_id: str, rule: RuleModel) -> DecisionRule:
    return DecisionRule(
        id=rule_id,
        name=rule.name,
        consensus_first=rule.consensus_first,
        methods=tuple(Method(m) for m in rule.methods),
        threshold=rule.threshold,
        weighted=rule.weighted,
        quorum=rule.quorum,
        abstentions_postpone=rule.abstentions_postpone,
        citation=rule.citation,
        objection_seconds=rule.objection_seconds,
        rough_consensus=rule.rough_consensus,
    )


def _delegation(d: DelegationModel) -> Delegation:
    return Delegation(
        id=d.id,
        name=d.name,
        bloc=d.bloc,
        kind=d.kind,
        m49=d.m49,
        credentials=d.credentials,
        weight=d.weight,
        sort_names=frozen_map(d.sort_names),
        brief=_brief(d.brief),
        policy=_policy(d.policy),
    )


def _brief(brief: BriefModel) -> Brief:
    return Brief(
        public_position=brief.public_position,
        private_instructions=brief.private_instructions,
        red_lines=brief.red_lines,
        objectives=tuple(Objective(o.id, o.text, o.kind, o.item, o.phrase, o.points) for o in brief.objectives),
    )


def _policy(policy: PolicyModel) -> Policy:
    return Policy(
        positions=frozen_map(policy.positions),
        default=policy.default,
        loyalty=policy.loyalty,
        signs=policy.signs,
        reservation=policy.reservation,
    )
