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
    frozen_map,
)

from .schema import BriefModel, DelegationModel, PolicyModel, RuleModel, ScenarioModel


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
    )


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
