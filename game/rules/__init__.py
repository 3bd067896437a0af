"""The rules of a negotiation conference: a pure core, standard library only.

No clock, no randomness but seeded, no I/O: time, ids and seeds arrive inside commands, so
that a session's state is always the fold of its log.
"""

from .engine import decide, evolve, execute, replay
from .errors import InvalidCommand, PlenaryError, RuleViolation
from .state import SessionState, initial
from .values import Actor, Role

__all__ = [
    "Actor",
    "InvalidCommand",
    "PlenaryError",
    "Role",
    "RuleViolation",
    "SessionState",
    "decide",
    "evolve",
    "execute",
    "initial",
    "replay",
]
