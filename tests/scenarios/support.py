"""What the scenario tests share."""

from __future__ import annotations

from game.rules import text as bracket_text
from game.rules.state import SessionState


def readings_of(text: str) -> list[str]:
    """Every text an item can end as, casefolded: each bracket settled each way it can be."""
    endings = [bracket_text.parse(text)]
    for bracket in bracket_text.brackets(endings[0]):
        endings = [bracket_text.resolve(e, bracket.id, choice) for e in endings for choice in bracket.choices]
    return [bracket_text.render(e).casefold() for e in endings]


def outcomes_by_ref(state: SessionState) -> dict[str, list]:
    """The outcomes by what they decided: an item's id, or a course amendment's ref."""
    refs = {a.id: state.spec.amendment_ref(a.item, a.text) for a in state.amendments.values()}
    out: dict[str, list] = {}
    for outcome in state.outcomes:
        key = refs[outcome.subject.id] if outcome.subject.kind == "amendment" else outcome.subject.id
        out.setdefault(key, []).append(outcome)
    return out
