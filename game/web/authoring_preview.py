"""A scenario as the authoring page previews it: delegations with their bloc and credentials,
the blocs (for the map), the agenda with its brackets, and each delegation's brief.

Plain JSON for static/js/authoring-preview.js, which only lays it out: words such as the
credentials' labels and the rule's name are decided here.
"""

from __future__ import annotations

from typing import Any

from game.rules import text as bracket_text
from game.rules.model import ConferenceSpec, Delegation
from game.scenario import Scenario

CREDENTIALS = {
    "vote_and_sign": "Votes and signs",
    "sign_only": "Signs, does not vote",
    "none": "Speaks only",
    "absent": "Absent",
}
ITEM_KINDS = {"article": "Article", "preamble": "Preamble", "resolution": "Resolution", "other": "Other"}
OBJECTIVE_KINDS = {
    "item_adopted": "adopted: {item}",
    "item_not_adopted": "not adopted: {item}",
    "text_includes": "{item} keeps “{phrase}”",
    "text_excludes": "{item} drops “{phrase}”",
    "signs": "signs the Final Acts",
    "not_signed": "does not sign",
}


def preview(scenario: Scenario) -> dict[str, Any]:
    spec = scenario.spec
    return {
        "id": scenario.id,
        "version": scenario.version,
        "title": spec.title,
        "description": scenario.description,
        "blocs": [_bloc(spec, b.id) for b in spec.blocs],
        "delegations": [_delegation(spec, d) for d in spec.delegations],
        "agenda": [_item(spec, i.id) for i in spec.agenda],
        "phases": [{"id": p.id, "name": p.name} for p in spec.phases],
        "briefs": [_brief(spec, d) for d in spec.delegations],
    }


def _bloc(spec: ConferenceSpec, bloc_id: str) -> dict[str, Any]:
    bloc = spec.bloc(bloc_id)
    lead = spec.delegation(bloc.lead).name if bloc.lead else None
    return {"id": bloc.id, "name": bloc.name, "lead": lead, "members": list(spec.bloc_members(bloc.id))}


def _delegation(spec: ConferenceSpec, d: Delegation) -> dict[str, Any]:
    bloc = spec.bloc(d.bloc) if d.bloc else None
    return {
        "id": d.id,
        "name": d.name,
        "bloc": d.bloc,
        "bloc_name": bloc.name if bloc else None,
        "leads": bool(bloc and bloc.lead == d.id),
        "kind": d.kind.replace("_", " "),
        "m49": d.m49,
        "credentials": CREDENTIALS.get(d.credentials.value, d.credentials.value),
        "weight": d.weight,
    }


def _item(spec: ConferenceSpec, item_id: str) -> dict[str, Any]:
    item = spec.item(item_id)
    rule = spec.rules.get(item.rule)
    segments = bracket_text.parse(item.text)
    return {
        "id": item.id,
        "title": item.title,
        "kind": ITEM_KINDS.get(item.kind, item.kind),
        "rule": rule.name if rule else item.rule,
        "citation": rule.citation if rule else "",
        "segments": [s if isinstance(s, str) else {"bracket": s.id, "options": list(s.options)} for s in segments],
    }


def _brief(spec: ConferenceSpec, d: Delegation) -> dict[str, Any]:
    brief = d.brief
    titles = {i.id: i.title for i in spec.agenda}
    return {
        "id": d.id,
        "name": d.name,
        "public_position": brief.public_position,
        "private_instructions": brief.private_instructions,
        "red_lines": list(brief.red_lines),
        "objectives": [
            {"text": o.text, "points": o.points,
             "scored": OBJECTIVE_KINDS.get(o.kind, o.kind).format(item=titles.get(o.item or "", o.item), phrase=o.phrase)}
            for o in brief.objectives
        ],
    }
