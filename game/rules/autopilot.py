"""Autopilot: seats no player holds act by the scenario's stated policy.

A conference of 144 delegations played by a class of 20 still has to add up. Each unplayed
delegation follows its brief's position on the question, or its bloc lead (what the lead
actually did, if the lead has already acted; else the lead's own stated position), with the
loyalty the scenario gives it. Where chance enters (loyalty below 1) it is drawn from a seed
carried by the command, so the same seed always yields the same conference.
"""

from __future__ import annotations

import random

from . import commands as c
from . import events as e
from . import guards
from .errors import RuleViolation
from .model import Method, SignStance, Stance
from .state import OpenDecision, SessionState
from .values import Actor, Choice, Placard, SignatureKind, Subject

_CHOICE = {Stance.YES: Choice.YES, Stance.NO: Choice.NO, Stance.OBJECT: Choice.NO, Stance.ABSTAIN: Choice.ABSTAIN}
_PLACARD = {Stance.YES: Placard.FOR, Stance.NO: Placard.AGAINST, Stance.OBJECT: Placard.AGAINST}
_SIGNATURE = {SignStance.SIGN: SignatureKind.SIGNED, SignStance.RESERVATION: SignatureKind.RESERVATION, SignStance.DECLINE: SignatureKind.DECLINED}


def run(state: SessionState, actor: Actor, cmd: c.RunAutopilot) -> list[e.Event]:
    guards.chair(actor, "run the autopilot delegations")
    decision = state.decision
    if decision is not None:
        if decision.deadline is not None and cmd.at > decision.deadline:
            return []
        return _on_question(state, decision, cmd.seed)
    if state.signing == "open":
        return _sign(state, cmd.seed)
    raise RuleViolation("nothing_to_do", "There is no open question or signing for the autopilot delegations to act on.")


def unplayed(state: SessionState) -> tuple[str, ...]:
    seated = {p.delegation for p in state.players.values()}
    return tuple(d.id for d in state.spec.delegations if d.id not in seated and state.present(d.id))


def stance(state: SessionState, delegation: str, subject: Subject, rng: random.Random, *, follow: bool = True) -> Stance:
    """What `delegation` does on `subject`, per its policy."""
    spec = state.spec
    policy = spec.delegation(delegation).policy
    chosen = policy.positions.get(subject.id)
    if chosen is None and subject.kind == "amendment":
        ref = _ref(state, subject.id)
        chosen = policy.positions.get(ref) if ref else None
    if chosen is None and subject.kind == "amendment":
        chosen = _on_amendment(state, delegation, subject.id)
    chosen = chosen or policy.default
    if chosen is not Stance.FOLLOW_LEAD:
        return chosen
    lead = _lead(state, delegation)
    if lead is None or not follow or rng.random() >= policy.loyalty:
        return Stance.ABSTAIN
    acted = _lead_action(state, lead)
    return acted if acted is not None else stance(state, lead, subject, rng, follow=False)


def _on_question(state: SessionState, decision: OpenDecision, seed: int) -> list[e.Event]:
    events: list[e.Event] = []
    if Method(decision.method).is_vote:
        # a transferred vote is cast by its holder: autopilot casts it when the holder is unplayed
        actors = {d for d in decision.order if not state.seated(state.proxies.get(d, d))}
    else:
        actors = set(unplayed(state))
    for delegation in _roll(state, decision):
        if delegation not in actors:
            continue
        rng = random.Random(f"{seed}:{decision.id}:{delegation}")
        position = stance(state, delegation, decision.subject, rng)
        event = _act(state, decision, delegation, position)
        if event is not None:
            events.append(event)
    return events


def _roll(state: SessionState, decision: OpenDecision) -> tuple[str, ...]:
    if Method(decision.method).is_vote:
        return decision.order
    return tuple(d.id for d in state.spec.delegations)


def _act(state: SessionState, decision: OpenDecision, delegation: str, position: Stance) -> e.Event | None:
    method = Method(decision.method)
    if method is Method.CONSENSUS:
        if position is Stance.OBJECT and delegation not in decision.objections:
            return e.ObjectionRaised(decision.id, delegation, "On instructions from its capital.")
        return None
    if method is Method.SOUNDING:
        placard = _PLACARD.get(position)
        if placard is None or decision.placards.get(delegation) == placard:
            return None
        return e.PlacardRaised(decision.id, delegation, placard)
    if delegation in decision.ballots or position is Stance.ABSENT:
        return None
    holder = state.proxies.get(delegation)
    if holder is not None and state.seated(holder):
        return None
    secret = method is Method.SECRET_BALLOT
    return e.BallotCast(decision.id, delegation, _CHOICE.get(position, Choice.ABSTAIN), secret, holder)


def _sign(state: SessionState, seed: int) -> list[e.Event]:
    events: list[e.Event] = []
    for delegation in unplayed(state):
        if delegation in state.signatures or not state.may_sign(delegation):
            continue
        rng = random.Random(f"{seed}:signing:{delegation}")
        kind, text = _signature(state, delegation, rng)
        events.append(e.FinalActsSigned(delegation, kind, text))
    return events


def _signature(state: SessionState, delegation: str, rng: random.Random, *, follow: bool = True) -> tuple[SignatureKind, str]:
    policy = state.spec.delegation(delegation).policy
    if policy.signs is not SignStance.FOLLOW_LEAD:
        kind = _SIGNATURE[policy.signs]
        return kind, (policy.reservation or "Reserves its government's position.") if kind is SignatureKind.RESERVATION else ""
    lead = _lead(state, delegation)
    if lead is None or not follow or rng.random() >= policy.loyalty:
        return SignatureKind.DECLINED, ""
    if lead in state.signatures:
        signature = state.signatures[lead]
        kind = SignatureKind.SIGNED if signature.kind.is_signature else SignatureKind.DECLINED
        return kind, ""
    kind, _ = _signature(state, lead, rng, follow=False)
    return (SignatureKind.SIGNED if kind.is_signature else SignatureKind.DECLINED), ""


def _lead(state: SessionState, delegation: str) -> str | None:
    bloc_id = state.spec.delegation(delegation).bloc
    bloc = state.spec.bloc(bloc_id) if bloc_id else None
    if bloc is None or bloc.lead in (None, delegation):
        return None
    return bloc.lead


def _lead_action(state: SessionState, lead: str) -> Stance | None:
    decision = state.decision
    if decision is None:
        return None
    if lead in decision.ballots:
        return Stance(decision.ballots[lead].value)
    if lead in decision.objections:
        return Stance.OBJECT
    placard = decision.placards.get(lead)
    if placard is not None:
        return Stance.YES if placard == Placard.FOR else Stance.NO
    return None


def _ref(state: SessionState, amendment_id: str) -> str | None:
    """The scenario course's name for this amendment, when its text is the one the course
    proposes: the delegations' stated positions on it then apply, whoever tabled it."""
    amendment = state.amendments.get(amendment_id)
    return state.spec.amendment_ref(amendment.item, amendment.text) if amendment else None


def _on_amendment(state: SessionState, delegation: str, amendment_id: str) -> Stance | None:
    """Absent a stated position, a delegation supports amendments its own bloc sponsors."""
    amendment = state.amendments.get(amendment_id)
    bloc = state.spec.delegation(delegation).bloc
    if amendment is None or bloc is None:
        return None
    sponsors_blocs = {state.spec.delegation(s).bloc for s in amendment.sponsors}
    return Stance.YES if bloc in sponsors_blocs else None
