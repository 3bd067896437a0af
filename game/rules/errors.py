"""The two ways a command can fail, kept apart as python-chess keeps malformed moves apart
from illegal ones.

`InvalidCommand` means the command itself is malformed: a wrong type, a missing field, a text
over its limit. `RuleViolation` means the command is well formed but the rules of procedure
do not allow it now: voting twice, a delegate opening a vote, speaking out of turn. Both carry
a sentence meant for a person; neither ever changes a session.
"""

from __future__ import annotations


class PlenaryError(Exception):
    """Base of every error a command can raise; `code` is stable, `message` is for people."""

    code = "error"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


class InvalidCommand(PlenaryError):
    """The command is malformed: unknown type, missing or mistyped field, text too long."""

    code = "invalid_command"


class RuleViolation(PlenaryError):
    """The command is well formed but the rules of procedure forbid it in this state."""

    code = "rule_violation"

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message, code)
