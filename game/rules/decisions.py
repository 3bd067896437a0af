"""Putting a question to the conference: consensus, sounding the room, and votes.

- Consensus by silence: the chair asks "is there any objection?" with a deadline. If the
  deadline passes and no delegation has objected, the question is adopted; an objection
  blocks it, and who objected is recorded.
- Sounding the room: delegations raise placards for or against. The result is recorded as
  indicative, never as a decision (ITU practice: the chair "sounds out the room" to avoid a
  formal vote).
- Votes: by show of hands, roll-call (named, in the order the rules give: French alphabetical
  at the ITU; English alphabetical from a delegation drawn by lot at the UN General Assembly,
  rule 87) or secret ballot (only the counts are ever shown). Counting is in `voting`.
- Where a rule asks for consensus first, a vote may be called only once consensus on that
  question was sought and blocked (ITU: votes only when consensus is impossible).
- One question is before the conference at a time.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import replace

from . import commands as c
from . import drafting, guards, voting
from . import events as e
from .errors import RuleViolation
from .model import DecisionRule, Method
from .state import OpenDecision, SessionState
from .values import Actor, Choice, Decision, Outcome, Subject, Tally


def call_for_objections(state: SessionState, actor: Actor, cmd: c.CallForObjections) -> list[e.Event]:
    guards.chair(actor, "call for objections")
    rule = _question(state, cmd.subject)
    seconds = rule.objection_seconds if cmd.seconds is None else cmd.seconds
    if not 5 <= seconds <= 3600:
        raise RuleViolation("bad_deadline", "Give the room between 5 seconds and an hour to object.")
    return [e.ObjectionsCalled(_next_id(state), cmd.subject, rule.id, cmd.at + seconds)]


def raise_objection(state: SessionState, actor: Actor, cmd: c.RaiseObjection) -> list[e.Event]:
    delegation = guards.delegate(state, actor, "object")
    guards.text(cmd.reason, "The objection's reason", required=False)
    decision = _open(state, Method.CONSENSUS, "object")
    guards.present(state, delegation)
    if decision.deadline is not None and cmd.at > decision.deadline:
        raise RuleViolation("too_late", "The deadline for objections has passed.")
    if delegation in decision.objections:
        raise RuleViolation("already_objected", "Your delegation has already objected.")
    return [e.ObjectionRaised(decision.id, delegation, cmd.reason.strip())]


def sound_room(state: SessionState, actor: Actor, cmd: c.SoundRoom) -> list[e.Event]:
    guards.chair(actor, "sound the room")
    _question(state, cmd.subject, final=False)
    return [e.SoundingOpened(_next_id(state), cmd.subject)]


def raise_placard(state: SessionState, actor: Actor, cmd: c.RaisePlacard) -> list[e.Event]:
    delegation = guards.delegate(state, actor, "raise a placard")
    decision = _open(state, Method.SOUNDING, "raise a placard")
    guards.present(state, delegation)
    if decision.placards.get(delegation) == cmd.placard:
        raise RuleViolation("same_placard", "Your placard already says that.")
    return [e.PlacardRaised(decision.id, delegation, cmd.placard)]


def call_vote(state: SessionState, actor: Actor, cmd: c.CallVote) -> list[e.Event]:
    guards.chair(actor, "put a question to the vote")
    rule = _question(state, cmd.subject)
    method = _method(rule, cmd.method)
    if rule.consensus_first and not _consensus_blocked(state, cmd.subject):
        raise RuleViolation(
            "consensus_first",
            "These rules ask the chair to seek consensus first: call for objections, and put "
            "the question to a vote only if it is blocked.",
        )
    if cmd.seconds is not None and not 5 <= cmd.seconds <= 3600:
        raise RuleViolation("bad_deadline", "Give a vote between 5 seconds and an hour, or no time limit.")
    order = roll_order(state, state.voters(), cmd.seed)
    deadline = None if cmd.seconds is None else cmd.at + cmd.seconds
    return [e.VoteOpened(_next_id(state), cmd.subject, rule.id, method.value, order, deadline)]


def cast_ballot(state: SessionState, actor: Actor, cmd: c.CastBallot) -> list[e.Event]:
    caster = guards.delegate(state, actor, "vote")
    decision = state.decision
    if decision is None or not Method(decision.method).is_vote:
        raise RuleViolation("no_vote_open", "No vote is open.")
    voter = caster if cmd.on_behalf_of is None else cmd.on_behalf_of
    if voter != caster and state.proxies.get(voter) != caster:
        raise RuleViolation("no_proxy", f"Your delegation does not hold {guards.name(state, voter)}'s vote.")
    if voter == caster and caster in state.proxies:
        raise RuleViolation("vote_transferred", "Your delegation has transferred its vote; its holder casts it.")
    if voter not in decision.order:
        raise RuleViolation("not_entitled", f"{guards.name(state, voter)} is not entitled to vote on this question.")
    if voter in decision.ballots:
        raise RuleViolation("already_voted", f"{guards.name(state, voter)} has already voted on this question.")
    if decision.deadline is not None and cmd.at > decision.deadline:
        raise RuleViolation("too_late", "The vote has closed.")
    secret = decision.method == Method.SECRET_BALLOT
    by = caster if voter != caster else None
    return [e.BallotCast(decision.id, voter, Choice(cmd.choice), secret, by)]


def close_decision(state: SessionState, actor: Actor, cmd: c.CloseDecision) -> list[e.Event]:
    guards.chair(actor, "close the question")
    decision = state.decision
    if decision is None:
        raise RuleViolation("nothing_open", "No question is before the conference.")
    if decision.method == Method.CONSENSUS:
        return [e.DecisionClosed(_consensus_outcome(state, decision, cmd.at))]
    if decision.method == Method.SOUNDING:
        return [e.DecisionClosed(_sounding_outcome(state, decision, cmd.at))]
    return [e.DecisionClosed(vote_outcome(state, decision, cmd.at))]


def declare_rough_consensus(state: SessionState, actor: Actor, cmd: c.DeclareRoughConsensus) -> list[e.Event]:
    guards.chair(actor, "declare rough consensus")
    rule = _question(state, cmd.subject)
    if not rule.rough_consensus:
        raise RuleViolation("no_rough_consensus", f"{rule.name} do not allow the chair to declare consensus over objections.")
    blocked = next((o for o in reversed(state.outcomes) if o.subject == cmd.subject), None)
    if blocked is None or blocked.decision is not Decision.BLOCKED:
        raise RuleViolation("not_blocked", "Seek consensus first: rough consensus is declared only after objections have been heard.")
    names = ", ".join(guards.name(state, d) for d in blocked.objectors)
    outcome = Outcome(
        decision_id=blocked.decision_id,
        subject=cmd.subject,
        method=Method.CONSENSUS.value,
        rule=rule.id,
        decision=Decision.ADOPTED,
        reason=f"Adopted by rough consensus, as the chair judged the sense of the room; the objections of {names} are recorded.",
        objectors=blocked.objectors,
        at=cmd.at,
    )
    return [e.DecisionClosed(outcome)]


# --- outcomes ----------------------------------------------------------------------------


def _consensus_outcome(state: SessionState, decision: OpenDecision, at: float) -> Outcome:
    base = dict(decision_id=decision.id, subject=decision.subject, method=decision.method, rule=decision.rule, at=at)
    if decision.objections:
        names = ", ".join(guards.name(state, d) for d in decision.objections)
        return Outcome(
            **base,
            decision=Decision.BLOCKED,
            reason=f"Blocked: {names} objected, so there is no consensus.",
            objectors=tuple(decision.objections),
        )
    if decision.deadline is not None and at < decision.deadline:
        raise RuleViolation("deadline_not_passed", "The room still has time to object; wait for the deadline.")
    return Outcome(
        **base,
        decision=Decision.ADOPTED,
        reason="Adopted by consensus: no objection was raised before the deadline.",
    )


def _sounding_outcome(state: SessionState, decision: OpenDecision, at: float) -> Outcome:
    placards = list(decision.placards.values())
    for_, against = placards.count("for"), placards.count("against")
    return Outcome(
        decision_id=decision.id,
        subject=decision.subject,
        method=decision.method,
        rule=decision.rule,
        decision=Decision.INDICATIVE,
        reason=f"Sounding of the room, indicative only: {for_} placards for, {against} against. No decision was taken.",
        tally=Tally(yes=for_, no=against),
        at=at,
    )


def vote_outcome(state: SessionState, decision: OpenDecision, at: float) -> Outcome:
    rule = state.spec.rules[decision.rule]
    weights = {d.id: d.weight for d in state.spec.delegations}
    tally = voting.count(decision.order, decision.ballots, weights)
    members = state.voting_members()
    verdict = voting.assess(
        rule,
        tally,
        entitled=len(members),
        entitled_weight=sum(weights[d] for d in members),
        present=len(decision.order),
        postponed_before=str(decision.subject) in state.postponed,
    )
    secret = decision.method == Method.SECRET_BALLOT
    return Outcome(
        decision_id=decision.id,
        subject=decision.subject,
        method=decision.method,
        rule=rule.id,
        decision=verdict.decision,
        reason=verdict.reason,
        tally=tally,
        required=verdict.required,
        entitled=len(members),
        present=len(decision.order),
        by_bloc=() if secret else _by_bloc(state, decision, weights),
        at=at,
        ballots=() if secret else tuple((d, decision.ballots[d]) for d in decision.order if d in decision.ballots),
    )


def _by_bloc(state: SessionState, decision: OpenDecision, weights: dict[str, int]) -> tuple[tuple[str, Tally], ...]:
    return tuple(
        (bloc.id, voting.count([d for d in decision.order if state.spec.delegation(d).bloc == bloc.id], decision.ballots, weights))
        for bloc in state.spec.blocs
    )


def roll_order(state: SessionState, voters: tuple[str, ...], seed: int) -> tuple[str, ...]:
    """The roll in the scenario's language, alphabetically, starting by lot where asked."""
    language = state.spec.roll_call.language

    def key(delegation_id: str) -> str:
        delegation = state.spec.delegation(delegation_id)
        name = delegation.sort_names.get(language, delegation.name)
        plain = unicodedata.normalize("NFKD", name)
        return "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()

    order = tuple(sorted(voters, key=key))
    if state.spec.roll_call.start == "lot" and order:
        first = random.Random(seed).randrange(len(order))
        order = order[first:] + order[:first]
    return order


# --- checks ------------------------------------------------------------------------------


def _question(state: SessionState, subject: Subject, *, final: bool = True) -> DecisionRule:
    """The rule that decides `subject`, after checking it can be put to the conference now."""
    guards.allows(state, "decisions", "take decisions")
    guards.no_open_decision(state, "open another question")
    if subject.kind == "amendment":
        amendment = drafting.pending(state, subject.id)
        item = drafting.open_item(state, amendment.item)
    elif subject.kind == "item":
        item = drafting.open_item(state, subject.id)
        if final and item.brackets:
            raise RuleViolation(
                "brackets_open",
                f"'{drafting.title(state, item.id)}' still holds {len(item.brackets)} square-bracketed passage(s); resolve them before deciding on the text.",
            )
        if final and item.reading < state.spec.readings:
            raise RuleViolation(
                "readings_missing",
                f"'{drafting.title(state, item.id)}' has had {item.reading} of its {state.spec.readings} readings.",
            )
    else:
        raise RuleViolation("bad_subject", "A question is about an agenda item or an amendment.")
    return state.spec.rules[state.spec.item(item.id).rule]


def _method(rule: DecisionRule, name: str) -> Method:
    try:
        method = Method(name)
    except ValueError:
        method = None
    if method is None or not method.is_vote or method not in rule.methods:
        allowed = ", ".join(m.value for m in rule.methods if m.is_vote) or "none: this rule decides by consensus only"
        raise RuleViolation("bad_method", f"'{name}' is not a voting method under {rule.name}; allowed: {allowed}.")
    return method


def _consensus_blocked(state: SessionState, subject: Subject) -> bool:
    return any(o.subject == subject and o.decision is Decision.BLOCKED for o in state.outcomes)


def _open(state: SessionState, method: Method, what: str) -> OpenDecision:
    decision = state.decision
    if decision is None or decision.method != method:
        kind = {Method.CONSENSUS: "call for objections", Method.SOUNDING: "sounding of the room"}[method]
        raise RuleViolation("nothing_open", f"You can only {what} during a {kind}, and none is open.")
    return decision


def _next_id(state: SessionState) -> str:
    return f"D{state.decisions_taken + 1}"


# --- evolve ------------------------------------------------------------------------------


def objections_called(state: SessionState, event: e.ObjectionsCalled) -> SessionState:
    decision = OpenDecision(event.decision, event.subject, Method.CONSENSUS.value, event.rule, event.deadline)
    return state.evolve(decision=decision, decisions_taken=state.decisions_taken + 1)


def objection_raised(state: SessionState, event: e.ObjectionRaised) -> SessionState:
    decision = state.decision
    objections = {**decision.objections, event.delegation: event.reason}
    return state.evolve(decision=replace(decision, objections=objections))


def sounding_opened(state: SessionState, event: e.SoundingOpened) -> SessionState:
    rule = state.spec.item(_item_of(state, event.subject)).rule
    decision = OpenDecision(event.decision, event.subject, Method.SOUNDING.value, rule)
    return state.evolve(decision=decision, decisions_taken=state.decisions_taken + 1)


def placard_raised(state: SessionState, event: e.PlacardRaised) -> SessionState:
    decision = state.decision
    return state.evolve(decision=replace(decision, placards={**decision.placards, event.delegation: event.placard}))


def vote_opened(state: SessionState, event: e.VoteOpened) -> SessionState:
    decision = OpenDecision(event.decision, event.subject, event.method, event.rule, event.deadline, event.order)
    return state.evolve(decision=decision, decisions_taken=state.decisions_taken + 1)


def ballot_cast(state: SessionState, event: e.BallotCast) -> SessionState:
    decision = state.decision
    return state.evolve(decision=replace(decision, ballots={**decision.ballots, event.delegation: event.choice}))


def decision_closed(state: SessionState, event: e.DecisionClosed) -> SessionState:
    outcome = event.outcome
    state = state.evolve(decision=None, outcomes=(*state.outcomes, outcome))
    subject = outcome.subject
    if outcome.decision is Decision.POSTPONED:
        return state.evolve(postponed=state.postponed | {str(subject)})
    if outcome.decision not in (Decision.ADOPTED, Decision.REJECTED):
        return state
    adopted = outcome.decision is Decision.ADOPTED
    if subject.kind == "amendment":
        if adopted:
            return drafting.take_into_text(state, subject.id, "adopted")
        amendment = replace(state.amendments[subject.id], status="rejected")
        return state.evolve(amendments={**state.amendments, amendment.id: amendment})
    item = replace(state.items[subject.id], status=outcome.decision.value)
    return state.evolve(items={**state.items, item.id: item})


def _item_of(state: SessionState, subject: Subject) -> str:
    return state.amendments[subject.id].item if subject.kind == "amendment" else subject.id
