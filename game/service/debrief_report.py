"""The debrief's sections as JSON-ready values, from one walk of the log.

Every number comes from the rules (`game.rules.debrief`, `analysis`, `counterfactual`,
`scoring`, `signing`); this module only shapes them for the page, the minutes and the CSV.
"""

from __future__ import annotations

from typing import Any

from game.rules import codec, counterfactual, scoring, signing
from game.rules import debrief as rules
from game.rules.model import ConferenceSpec, Method
from game.rules.state import SessionState
from game.rules.values import Subject

MATRIX_CELLS = 250_000
"""Agreement matrices over time are sent for every vote while they stay under this many
cells in all; past it, only the final matrix (a 150-delegation conference is 22,500 a vote)."""


def report(walk: rules.Walk, *, objectives_of: tuple[str, ...]) -> dict[str, Any]:
    state = walk.final
    spec = state.spec
    return {
        "ended": state.ended,
        "delegations": [_delegation(d) for d in ordered(spec)],
        "blocs": [{"id": b.id, "name": b.name} for b in spec.blocs],
        "votes": [vote(state, r) for r in walk.decisions],
        "signing": signing_of(state),
        "texts": [text_history(state, walk, i.id) for i in spec.agenda],
        "coalitions": coalitions(state, walk),
        "objectives": [objectives(state, d) for d in objectives_of],
        "history": history(state, walk),
    }


def ordered(spec: ConferenceSpec):
    """Delegations grouped by bloc (in the scenario's bloc order), then those in none."""
    rank = {b.id: i for i, b in enumerate(spec.blocs)}
    return sorted(spec.delegations, key=lambda d: rank.get(d.bloc, len(rank)))


def _delegation(d) -> dict[str, Any]:
    return {"id": d.id, "name": d.name, "bloc": d.bloc, "m49": d.m49, "weight": d.weight}


def subject_label(state: SessionState, subject: Subject) -> str:
    if subject.kind == "amendment":
        amendment = state.amendments.get(subject.id)
        item = state.spec.item(amendment.item).title if amendment else "?"
        return f"Amendment {subject.id} to {item}"
    return state.spec.item(subject.id).title


def vote(state: SessionState, record: rules.DecisionRecord) -> dict[str, Any]:
    outcome = record.outcome
    return {
        "decision": outcome.decision_id,
        "seq": record.seq,
        "at": outcome.at,
        "subject": codec.dump(outcome.subject),
        "label": subject_label(state, outcome.subject),
        "method": outcome.method,
        "rule": record.question.rule.name,
        "result": outcome.decision.value,
        "reason": outcome.reason,
        "indicative": outcome.method == Method.SOUNDING,
        "secret": outcome.method == Method.SECRET_BALLOT,
        "tally": codec.dump(outcome.tally) if outcome.tally else None,
        "required": outcome.required,
        "entitled": outcome.entitled,
        "present": outcome.present,
        "order": list(record.order),
        "voted": list(record.voted),
        "ballots": {d: c.value for d, c in outcome.ballots},
        "placards": dict(record.placards),
        "objections": dict(record.objections) or {d: "" for d in outcome.objectors},
        "by_bloc": [
            {"bloc": bloc, "yes": t.yes, "no": t.no, "abstain": t.abstain, "not_participating": t.not_participating}
            for bloc, t in outcome.by_bloc
        ],
        "retallies": retallies(record),
    }


def retallies(record: rules.DecisionRecord) -> list[dict[str, Any]]:
    if not Method(record.outcome.method).is_vote:
        return []
    rows = []
    for key, label in counterfactual.ALTERNATIVES.items():
        result = counterfactual.retally(record.question, key)
        rows.append({"rule": key, "label": label, "result": result.decision.value if result.decision else None,
                     "reason": result.reason, "changed": result.changed})
    return rows


def signing_of(state: SessionState) -> dict[str, Any] | None:
    if state.signing == "closed":
        return None
    result = signing.split(state)
    return {
        "open": state.signing == "open",
        "text": result.describe(),
        "signed": result.signed,
        "not_signed": result.not_signed,
        "eligible": result.eligible,
        "by_bloc": [{"bloc": b, "signed": s, "not_signed": n} for b, s, n in result.by_bloc],
        "signatures": {d: {"kind": s.kind.value, "text": s.text} for d, s in state.signatures.items()},
        "eligible_ids": list(state.signatories()),
    }


def text_history(state: SessionState, walk: rules.Walk, item_id: str) -> dict[str, Any]:
    agenda = state.spec.item(item_id)
    return {
        "id": item_id,
        "title": agenda.title,
        "status": state.items[item_id].status,
        "versions": [codec.dump(v) for v in walk.texts[item_id]],
        "amendments": [
            {"id": a.id, "bracket": a.bracket, "text": a.text, "replaces": a.replaces, "sponsors": list(a.sponsors), "status": a.status}
            for a in state.amendments.values() if a.item == item_id
        ],
    }


def coalitions(state: SessionState, walk: rules.Walk) -> dict[str, Any]:
    spec = state.spec
    order = [d.id for d in ordered(spec)]
    steps = rules.agreement_over_time(walk.decisions)
    if len(order) ** 2 * len(steps) > MATRIX_CELLS:
        steps = steps[-1:]
    line = rules.split_line(walk)
    return {
        "order": order,
        "steps": [
            {"decision": r.outcome.decision_id, "label": subject_label(state, r.outcome.subject), "matrix": _matrix(order, pairs)}
            for r, pairs in steps
        ],
        "cohesion": [
            {"decision": r.outcome.decision_id, "label": subject_label(state, r.outcome.subject), "blocs": rice}
            for r, rice in rules.cohesion_by_vote(walk.decisions)
        ],
        "split": None if line is None else {
            "basis": line.basis,
            "sides": [{"label": s.label, "delegations": list(s.delegations)} for s in line.sides],
            "blocs": [{"bloc": b, "place": p} for b, p in line.blocs],
        },
    }


def _matrix(order: list[str], pairs: dict[tuple[str, str], tuple[int, int]]) -> list[list[int | None]]:
    """Agreement in whole percent, row by row in `order`; None where two delegations never
    both voted (and on the diagonal)."""
    rows = []
    for a in order:
        row = []
        for b in order:
            same, both = pairs.get((a, b) if a < b else (b, a), (0, 0))
            row.append(round(100 * same / both) if both and a != b else None)
        rows.append(row)
    return rows


def objectives(state: SessionState, delegation: str) -> dict[str, Any]:
    scores = scoring.score(state, delegation)
    earned, available = scoring.total(scores)
    return {
        "delegation": delegation,
        "name": state.spec.delegation(delegation).name,
        "earned": earned,
        "available": available,
        "objectives": [
            {"id": s.objective.id, "text": s.objective.text, "points": s.objective.points, "met": s.met, "why": s.why}
            for s in scores
        ],
    }


def history(state: SessionState, walk: rules.Walk) -> list[dict[str, Any]]:
    """Each topic of the scenario's historical record beside what the class did about it."""
    rows = []
    for key, text in state.spec.history.items():
        item_id = rules.history_topic(state.spec, key)
        if item_id is not None:
            beside = _item_outcome(state, walk, item_id)
        elif key in ("outcome", "signing", "final-acts"):
            beside = signing.split(state).describe() if state.signing != "closed" else "The class did not reach the signing."
        else:
            beside = None
        rows.append({"topic": key, "history": text.strip(), "item": item_id, "class": beside})
    return rows


def _item_outcome(state: SessionState, walk: rules.Walk, item_id: str) -> str:
    item = state.items[item_id]
    decided = [r.outcome for r in walk.decisions if r.outcome.subject == Subject("item", item_id)]
    said = " ".join(o.reason for o in decided) or "No decision was taken on it."
    return f"{said} Its text at the end: “{item.text}”"
