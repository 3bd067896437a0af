"""What each role may see: the state and the events, projected per viewer.

A delegate sees public events, those addressed to its delegation, and its own brief; the
chair sees what the chair may (never the back-channel between delegations); the projector
(an observer) sees only what is public. A secret ballot's choice is stripped from every
projection: only the counts, in the outcome, are ever shown.
"""

from __future__ import annotations

from typing import Any

from game.rules import codec, scoring, signing
from game.rules import events as e
from game.rules import text as bracket_text
from game.rules.model import Method
from game.rules.state import SessionState
from game.rules.values import Actor, Outcome, Role, Tally


def is_chair(viewer: Actor) -> bool:
    return viewer.role in (Role.CHAIR, Role.SYSTEM)


def event(recorded: e.Recorded, viewer: Actor) -> dict[str, Any] | None:
    """The event as `viewer` may see it, or None when it is not theirs to see."""
    if not recorded.visibility.admits(viewer.delegation, chair=is_chair(viewer)):
        return None
    return {"seq": recorded.seq, "at": recorded.at, "actor": recorded.actor, "event": sealed(recorded.event)}


def sealed(event_: e.Event) -> dict[str, Any]:
    """The event's fields, with a secret ballot's choice removed."""
    body = codec.dump(event_)
    if isinstance(event_, e.BallotCast) and event_.secret:
        body["choice"] = None
    return body


def state(session: SessionState, viewer: Actor) -> dict[str, Any]:
    """The whole picture a viewer's page renders."""
    return {**public(session), **personal(session, viewer)}


def public(session: SessionState, title: str | None = None) -> dict[str, Any]:
    """What everybody in the room may see: computed once per batch and sent to all. `title`
    is the session's own, as the instructor named it (the scenario's by default)."""
    spec = session.spec
    return {
        "seq": session.seq,
        "scenario": spec.id,
        "title": title or spec.title,
        "scenario_title": spec.title,
        "started": session.started,
        "ended": session.ended,
        "paused": session.paused,
        "seat_choice": session.seat_choice,
        "phase": session.phase,
        "phases": [{"id": p.id, "name": p.name, "allows": sorted(p.allows)} for p in spec.phases],
        "rules": {rule.id: _rule(rule) for rule in spec.rules.values()},
        "readings": spec.readings,
        "blocs": [{"id": b.id, "name": b.name, "lead": b.lead} for b in spec.blocs],
        "delegations": _delegations(session),
        "items": [_item(session, i.id) for i in spec.agenda],
        "amendments": [_amendment(a) for a in session.amendments.values()],
        "decision": question(session),
        "outcomes": [outcome(o) for o in session.outcomes],
        "floor": codec.dump(session.floor),
        "floor_rotation": spec.floor_rotation,
        "signing": session.signing,
        "final_acts": list(session.final_acts),
        "signatures": {d: codec.dump(s) for d, s in session.signatures.items()},
        "split": _split(session),
    }


def personal(session: SessionState, viewer: Actor) -> dict[str, Any]:
    """What only this viewer may see: a delegate's own brief; the chair's players and injects."""
    chair = is_chair(viewer)
    spec = session.spec
    return {
        "you": _you(session, viewer),
        "injects": [{"id": i.id, "title": i.title, "to": list(i.to), "fired": i.id in session.injects_fired} for i in spec.injects] if chair else [],
        "players": [codec.dump(p) for p in session.players.values()] if chair else [],
    }


def _rule(rule) -> dict[str, Any]:
    return {
        "name": rule.name,
        "consensus_first": rule.consensus_first,
        "methods": [m.value for m in rule.methods if m.is_vote],
        "threshold": rule.threshold.describe(),
        "weighted": rule.weighted,
        "quorum": rule.quorum.value,
        "abstentions_postpone": rule.abstentions_postpone,
        "objection_seconds": rule.objection_seconds,
        "rough_consensus": rule.rough_consensus,
        "citation": rule.citation,
    }


def _you(session: SessionState, viewer: Actor) -> dict[str, Any]:
    you: dict[str, Any] = {"role": viewer.role.value, "delegation": viewer.delegation, "player": viewer.player}
    if viewer.player is not None and viewer.player in session.players:
        you["name"] = session.players[viewer.player].name
    if viewer.delegation is not None and session.spec.has_delegation(viewer.delegation):
        delegation = session.spec.delegation(viewer.delegation)
        you["brief"] = codec.dump(delegation.brief)
        you["objectives"] = [
            {"id": s.objective.id, "text": s.objective.text, "met": s.met, "why": s.why}
            for s in scoring.score(session, delegation.id)
        ]
        holds = [giver for giver, holder in session.proxies.items() if holder == delegation.id]
        you["holds_votes_of"] = holds
    return you


def _delegations(session: SessionState) -> list[dict[str, Any]]:
    seated = {p.delegation for p in session.players.values()}
    return [_delegation(session, d.id, d.id in seated) for d in session.spec.delegations]


def _delegation(session: SessionState, delegation_id: str, seated: bool) -> dict[str, Any]:
    d = session.spec.delegation(delegation_id)
    return {
        "id": d.id,
        "name": d.name,
        "bloc": d.bloc,
        "kind": d.kind,
        "m49": d.m49,
        "credentials": session.credentials[d.id].value,
        "present": session.present(d.id),
        "seated": seated,
        "vote_held_by": session.proxies.get(d.id),
    }


def _item(session: SessionState, item_id: str) -> dict[str, Any]:
    item = session.items[item_id]
    agenda = session.spec.item(item_id)
    return {
        "id": item.id,
        "title": agenda.title,
        "kind": agenda.kind,
        "rule": agenda.rule,
        "text": item.text,
        "segments": [s if isinstance(s, str) else {"bracket": s.id, "options": list(s.options)} for s in item.segments],
        "reading": item.reading,
        "status": item.status,
    }


def _amendment(amendment) -> dict[str, Any]:
    after = amendment.text
    return {
        **codec.dump(amendment),
        "diff": [list(pair) for pair in bracket_text.word_diff(amendment.replaces, after)],
    }


def outcome(o: Outcome) -> dict[str, Any]:
    """An outcome as `codec.dump` writes it, built directly: a debrief's state carries every
    outcome so far, each with its ballots, and the generic dump is the slow part of it."""
    return {
        "decision_id": o.decision_id,
        "subject": {"kind": o.subject.kind, "id": o.subject.id},
        "method": o.method,
        "rule": o.rule,
        "decision": o.decision.value,
        "reason": o.reason,
        "tally": None if o.tally is None else _tally(o.tally),
        "required": o.required,
        "entitled": o.entitled,
        "present": o.present,
        "by_bloc": [[bloc, _tally(tally)] for bloc, tally in o.by_bloc],
        "objectors": list(o.objectors),
        "at": o.at,
        "ballots": [[delegation, choice] for delegation, choice in o.ballots],  # a StrEnum: JSON writes its value
    }


def _tally(t: Tally) -> dict[str, int]:
    return {"yes": t.yes, "no": t.no, "abstain": t.abstain, "not_participating": t.not_participating,
            "weighted_yes": t.weighted_yes, "weighted_no": t.weighted_no}


def question(session: SessionState) -> dict[str, Any] | None:
    """The public view of the open question: the one part of `public` a ballot, a placard
    or an objection changes."""
    decision = session.decision
    if decision is None:
        return None
    secret = decision.method == Method.SECRET_BALLOT
    return {
        "id": decision.id,
        "subject": codec.dump(decision.subject),
        "method": decision.method,
        "rule": decision.rule,
        "deadline": decision.deadline,
        "order": list(decision.order),
        "voted": sorted(decision.ballots),
        "ballots": {} if secret else {d: c.value for d, c in decision.ballots.items()},
        "tally": _running_tally(decision, secret),
        "objections": dict(decision.objections),
        "placards": {d: p.value for d, p in decision.placards.items()},
    }


def _running_tally(decision, secret: bool) -> dict[str, int]:
    """The counts so far, for live tally bars; a secret ballot shows only how many voted."""
    if secret:
        return {"cast": len(decision.ballots), "roll": len(decision.order)}
    choices = [c.value for c in decision.ballots.values()]
    placards = [p.value for p in decision.placards.values()]
    return {
        "yes": choices.count("yes"),
        "no": choices.count("no"),
        "abstain": choices.count("abstain"),
        "cast": len(choices),
        "roll": len(decision.order),
        "for": placards.count("for"),
        "against": placards.count("against"),
        "objections": len(decision.objections),
    }


def _split(session: SessionState) -> dict[str, Any] | None:
    if session.signing == "closed":
        return None
    result = signing.split(session)
    return {
        "eligible": result.eligible,
        "signed": result.signed,
        "not_signed": result.not_signed,
        "with_reservation": result.with_reservation,
        "declined": result.declined,
        "by_bloc": [{"bloc": b, "signed": s, "not_signed": n} for b, s, n in result.by_bloc],
        "text": result.describe(),
    }
