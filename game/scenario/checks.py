"""What the schema alone cannot see: that the names a scenario uses refer to something.

A delegation's bloc, a bloc's lead, an item's decision rule, an inject's recipients, an
objective's item and a policy's positions must all name things the scenario defines; ids
must be unique; every draft's square brackets must parse; the roll must be callable in its
language. Each check yields (where, what) for the problems it finds, so that an author sees
them all at once.

`advice` is softer: it finds what is legal but almost surely not meant, such as a bloc lead
whose autopilot would follow a lead of its own and so leave the whole bloc abstaining.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from game.rules import text as bracket_text
from game.rules.errors import InvalidCommand
from game.rules.model import SignStance, Stance

from .problems import Loc, field_path, suggest
from .schema import DelegationModel, ScenarioModel

Found = tuple[Loc, str]

_ITEM_KINDS = {"item_adopted", "item_not_adopted", "text_includes", "text_excludes"}
_TEXT_KINDS = {"text_includes", "text_excludes"}


def problems(model: ScenarioModel) -> list[Found]:
    return [
        *_unique_ids(model),
        *_blocs(model),
        *_delegations(model),
        *_agenda(model),
        *_injects(model),
        *_roll_call(model),
        *_positions(("defaults", "policy"), model.defaults.policy.positions, model),
        *_course(model),
    ]


def unknown(value: str, what: str, known: Iterable[str]) -> str:
    """`'CEPTT' is not a bloc defined in this scenario (did you mean 'CEPT'?)`"""
    known = list(known)
    message = f"'{value}' is not {what} defined in this scenario"
    hint = suggest(value, known)
    if hint:
        return message + hint
    if not known:
        return message + " (it defines none)"
    shown = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
    return f"{message}; it defines: {shown}"


def _unique_ids(model: ScenarioModel) -> Iterator[Found]:
    for name, entries, what in (
        ("blocs", model.blocs, "bloc"),
        ("delegations", model.delegations, "delegation"),
        ("agenda", model.agenda, "agenda item"),
        ("phases", model.phases, "phase"),
        ("injects", model.injects, "inject"),
    ):
        yield from _duplicates((name,), entries, what)
    for i, delegation in enumerate(model.delegations):
        yield from _duplicates(("delegations", i, "brief", "objectives"), delegation.brief.objectives, "objective")


def _duplicates(loc: Loc, entries: Iterable[Any], what: str) -> Iterator[Found]:
    first: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if entry.id in first:
            yield (*loc, i, "id"), f"'{entry.id}' is already the id of another {what} ({field_path((*loc, first[entry.id]))}); ids must be unique"
        first.setdefault(entry.id, i)


def _blocs(model: ScenarioModel) -> Iterator[Found]:
    delegations = {d.id: d for d in model.delegations}
    for i, bloc in enumerate(model.blocs):
        if bloc.lead is None:
            continue
        if bloc.lead not in delegations:
            yield ("blocs", i, "lead"), unknown(bloc.lead, "a delegation", delegations)
        elif delegations[bloc.lead].bloc != bloc.id:
            home = delegations[bloc.lead].bloc
            where = f"its bloc is '{home}'" if home else "it belongs to no bloc"
            yield ("blocs", i, "lead"), f"'{bloc.lead}' cannot lead '{bloc.id}': it is not a member ({where})"


def _delegations(model: ScenarioModel) -> Iterator[Found]:
    blocs = [b.id for b in model.blocs]
    for i, delegation in enumerate(model.delegations):
        if delegation.bloc is not None and delegation.bloc not in blocs:
            yield ("delegations", i, "bloc"), unknown(delegation.bloc, "a bloc", blocs)
        yield from _positions(("delegations", i, "policy"), delegation.policy.positions, model)
        for j, objective in enumerate(delegation.brief.objectives):
            yield from _objective(("delegations", i, "brief", "objectives", j), objective, model)


def _positions(loc: Loc, positions: dict[str, Stance], model: ScenarioModel) -> Iterator[Found]:
    subjects = [a.id for a in model.agenda] + [s.amend.ref for s in model.course if s.amend is not None]
    for item in positions:
        if item not in subjects:
            what = "an agenda item or a course amendment" if model.course else "an agenda item"
            yield (*loc, "positions", item), unknown(item, what, subjects)


def _objective(loc: Loc, objective: Any, model: ScenarioModel) -> Iterator[Found]:
    items = [a.id for a in model.agenda]
    if objective.kind in _ITEM_KINDS and objective.item is None:
        yield (*loc, "item"), f"an objective of kind '{objective.kind}' needs 'item': the agenda item it is about"
    elif objective.kind not in _ITEM_KINDS and objective.item is not None:
        yield (*loc, "item"), f"an objective of kind '{objective.kind}' is about the Final Acts as a whole; remove 'item'"
    elif objective.item is not None and objective.item not in items:
        yield (*loc, "item"), unknown(objective.item, "an agenda item", items)
    if objective.kind in _TEXT_KINDS and not objective.phrase:
        yield (*loc, "phrase"), f"an objective of kind '{objective.kind}' needs 'phrase': the words to look for in the adopted text"


def _agenda(model: ScenarioModel) -> Iterator[Found]:
    for i, item in enumerate(model.agenda):
        if item.rule not in model.rules:
            yield ("agenda", i, "rule"), unknown(item.rule, "a decision rule", model.rules)
        try:
            bracket_text.parse(item.text)
        except InvalidCommand as error:
            yield ("agenda", i, "text"), error.message


def _course(model: ScenarioModel) -> Iterator[Found]:
    """Every step names things the scenario defines, in an order the chair could follow:
    an amendment is proposed before it is decided, accepted or withdrawn."""
    items = {a.id: a for a in model.agenda}
    delegations = [d.id for d in model.delegations]
    phases, injects = [p.id for p in model.phases], [i.id for i in model.injects]
    refs: dict[str, Any] = {}
    for i, step in enumerate(model.course):
        loc: Loc = ("course", i)
        if step.phase is not None and step.phase not in phases:
            yield (*loc, "phase"), unknown(step.phase, "a phase", phases)
        if step.inject is not None and step.inject not in injects:
            yield (*loc, "inject"), unknown(step.inject, "an inject", injects)
        if step.reading is not None and step.reading not in items:
            yield (*loc, "reading"), unknown(step.reading, "an agenda item", items)
        for action in ("accept", "withdraw"):
            ref = getattr(step, action)
            if ref is not None and ref not in refs:
                yield (*loc, action), unknown(ref, "an amendment proposed earlier in the course", refs)
        if step.amend is not None:
            yield from _amend((*loc, "amend"), step.amend, items, delegations, refs)
            refs.setdefault(step.amend.ref, step.amend)
        if step.decide is not None:
            yield from _decide((*loc, "decide"), step.decide, model, refs)


def _amend(loc: Loc, amend: Any, items: dict[str, Any], delegations: list[str], refs: dict[str, Any]) -> Iterator[Found]:
    if amend.ref in refs or amend.ref in items:
        yield (*loc, "ref"), f"'{amend.ref}' already names an agenda item or another amendment; refs must be unique"
    for j, sponsor in enumerate(amend.by):
        if sponsor not in delegations:
            yield (*loc, "by", j), unknown(sponsor, "a delegation", delegations)
    if amend.item not in items:
        yield (*loc, "item"), unknown(amend.item, "an agenda item", items)
        return
    if (amend.option is None) == (amend.text is None):
        yield loc, "give either 'option' (one of the bracket's alternatives) or 'text', not both or neither"
        return
    if amend.bracket is None:
        if amend.option is not None:
            yield (*loc, "option"), "'option' picks one of a bracket's alternatives: name the 'bracket' too"
        return
    try:
        found = {b.id: b for b in bracket_text.brackets(bracket_text.parse(items[amend.item].text))}
    except InvalidCommand:
        return  # the item's own text check reports it
    if amend.bracket not in found:
        yield (*loc, "bracket"), unknown(amend.bracket, f"a bracket of '{amend.item}'", found)
    elif amend.option is not None and amend.option > len(found[amend.bracket].choices):
        choices = len(found[amend.bracket].choices)
        yield (*loc, "option"), f"bracket {amend.bracket} of '{amend.item}' has {choices} alternatives (a lone option counts keeping and deleting as two)"


def _decide(loc: Loc, decide: Any, model: ScenarioModel, refs: dict[str, Any]) -> Iterator[Found]:
    items = {a.id: a for a in model.agenda}
    if decide.subject in refs:
        item = items.get(refs[decide.subject].item)
    elif decide.subject in items:
        item = items[decide.subject]
    else:
        yield (*loc, "subject"), unknown(decide.subject, "an agenda item or an amendment proposed earlier in the course", [*items, *refs])
        return
    if item is None:
        return
    rule = model.rules.get(item.rule)
    if rule is None:
        return
    if decide.method in ("show_of_hands", "roll_call", "secret_ballot") and decide.method not in rule.methods:
        yield (*loc, "method"), f"'{item.id}' is decided under '{item.rule}', which does not allow {decide.method}"
    if decide.then is not None and decide.then not in rule.methods:
        yield (*loc, "then"), f"'{item.id}' is decided under '{item.rule}', which does not allow {decide.then}"
    if decide.rough and not rule.rough_consensus:
        yield (*loc, "rough"), f"'{item.id}' is decided under '{item.rule}', which does not allow rough consensus: set rough_consensus: true on the rule"
    if (decide.rough or decide.then) and decide.method != "consensus":
        yield (*loc, "method"), "'then' and 'rough' say what follows a blocked consensus: use them with method: consensus"


def _injects(model: ScenarioModel) -> Iterator[Found]:
    delegations = [d.id for d in model.delegations]
    for i, inject in enumerate(model.injects):
        for j, recipient in enumerate(inject.to):
            if recipient not in delegations:
                yield ("injects", i, "to", j), unknown(recipient, "a delegation", delegations)


def _roll_call(model: ScenarioModel) -> Iterator[Found]:
    """The roll is called by each delegation's sort name in the roll-call language. If some
    delegations have one and others do not, the roll would mix two alphabets."""
    language = model.roll_call.language
    named = [language in d.sort_names for d in model.delegations]
    if any(named) and not all(named):
        i = named.index(False)
        yield ("delegations", i, "sort_names"), (
            f"has no name in '{language}', the language of the roll call, while other delegations do; "
            f"add '{language}: ...' so that the roll is called in order"
        )


# --- advice: legal, but almost surely not meant -----------------------------------------


def advice(model: ScenarioModel) -> list[Found]:
    leads = {b.lead: b.id for b in model.blocs if b.lead}
    led = {b.id for b in model.blocs if b.lead}
    found: list[Found] = []
    for i, own in enumerate(model.delegations):
        delegation = own.with_defaults(model.defaults)
        following = _follows(delegation, model)
        if not following:
            continue
        if delegation.id in leads:
            found.append((("delegations", i, "policy"), (
                f"leads bloc '{leads[delegation.id]}' but on autopilot would follow a lead on: "
                f"{', '.join(following)}; a lead follows nobody, so it and its bloc would abstain. "
                "Give it its own stance (yes, no, abstain, object or absent)"
            )))
        elif delegation.bloc not in led:
            found.append((("delegations", i, "policy"), (
                f"on autopilot follows its bloc lead on: {', '.join(following)}, but it has no bloc "
                "lead to follow, so it would abstain. Give it a stance, or its bloc a lead"
            )))
    return found


def _follows(delegation: DelegationModel, model: ScenarioModel) -> list[str]:
    """What this delegation leaves to a bloc lead: items, other amendments, signing."""
    policy = delegation.policy
    following = [a.id for a in model.agenda if policy.positions.get(a.id, policy.default) is Stance.FOLLOW_LEAD]
    if policy.default is Stance.FOLLOW_LEAD:
        following.append("amendments")
    if policy.signs is SignStance.FOLLOW_LEAD:
        following.append("signing")
    return following
