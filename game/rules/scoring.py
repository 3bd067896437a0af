"""Scoring a delegation's objectives at the end of a session, for grading.

An objective is met or missed by what the record shows: an item adopted or not, a phrase in
or out of an item's final text, the delegation's signature given or withheld.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Objective
from .state import SessionState


@dataclass(frozen=True, slots=True)
class Score:
    objective: Objective
    met: bool
    why: str


def score(state: SessionState, delegation: str) -> tuple[Score, ...]:
    return tuple(_check(state, delegation, o) for o in state.spec.delegation(delegation).brief.objectives)


def total(scores: tuple[Score, ...]) -> tuple[int, int]:
    """(points earned, points available)."""
    return sum(s.objective.points for s in scores if s.met), sum(s.objective.points for s in scores)


def _check(state: SessionState, delegation: str, objective: Objective) -> Score:
    kind = objective.kind
    if kind in ("signs", "not_signed"):
        signature = state.signatures.get(delegation)
        signed = signature is not None and signature.kind.is_signature
        met = signed if kind == "signs" else not signed
        return Score(objective, met, "signed the Final Acts" if signed else "did not sign the Final Acts")
    item = state.items[objective.item]
    title = state.spec.item(item.id).title
    if kind in ("item_adopted", "item_not_adopted"):
        adopted = item.status == "adopted"
        met = adopted if kind == "item_adopted" else not adopted
        return Score(objective, met, f"'{title}' was {'adopted' if adopted else 'not adopted'}")
    present = (objective.phrase or "").casefold() in item.text.casefold()
    final = item.status == "adopted"
    if kind == "text_includes":
        met = present and final
        why = f"the adopted text of '{title}' {'includes' if met else 'does not include'} “{objective.phrase}”"
    else:
        met = not (present and final)
        why = f"the adopted text of '{title}' {'includes' if not met else 'does not include'} “{objective.phrase}”"
    return Score(objective, met, why)
