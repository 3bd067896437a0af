"""Checks shared by the procedural modules. Each raises a RuleViolation or an InvalidCommand
with a sentence a delegate or chair can act on."""

from __future__ import annotations

from .commands import MAX_TEXT
from .errors import InvalidCommand, RuleViolation
from .state import SessionState
from .values import Actor, Role


def chair(actor: Actor, what: str) -> None:
    """Only the chair (or the server's own timers) may do this."""
    if actor.role not in (Role.CHAIR, Role.SYSTEM):
        raise RuleViolation("chair_only", f"Only the chair may {what}.")


def delegate(state: SessionState, actor: Actor, what: str) -> str:
    """The acting delegation's id; only a delegation may do this."""
    if actor.role is not Role.DELEGATE or actor.delegation is None:
        raise RuleViolation("delegates_only", f"Only a delegation may {what}.")
    known(state, actor.delegation)
    return actor.delegation


def known(state: SessionState, delegation: str) -> None:
    if not state.spec.has_delegation(delegation):
        raise RuleViolation("unknown_delegation", f"There is no delegation '{delegation}' in this conference.")


def present(state: SessionState, delegation: str) -> None:
    if not state.present(delegation):
        raise RuleViolation("absent", f"{name(state, delegation)} is not present at the conference.")


def allows(state: SessionState, activity: str, what: str) -> None:
    if not state.allows(activity):
        phase = state.spec.phase(state.phase).name
        raise RuleViolation("wrong_phase", f"You cannot {what} during {phase}.")


def no_open_decision(state: SessionState, what: str) -> None:
    if state.decision is not None:
        raise RuleViolation("decision_open", f"You cannot {what} while a question is before the conference; close it first.")


def text(value: str, field: str, *, limit: int = MAX_TEXT, required: bool = True) -> str:
    """A user-written text within its size limit."""
    if not isinstance(value, str):
        raise InvalidCommand(f"{field} must be text.")
    if required and not value.strip():
        raise InvalidCommand(f"{field} cannot be empty.")
    if len(value) > limit:
        raise InvalidCommand(f"{field} is {len(value):,} characters long; the limit is {limit:,}.")
    return value


def name(state: SessionState, delegation: str) -> str:
    return state.spec.delegation(delegation).name if state.spec.has_delegation(delegation) else delegation
