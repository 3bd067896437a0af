"""Square-bracketed treaty text.

Conference documents mark text that is not yet agreed with square brackets, and offer
alternatives side by side. Plenary writes a bracket as ``[option one | option two]``; a bracket
with a single option means "keep this text or delete it". An empty option is allowed:
``[and services | ]`` offers a deletion. Brackets do not nest, as in a clean conference
document where alternatives are written out in full.

A clause's text is parsed into segments: plain strings and `Bracket` values numbered
``b1, b2, ...`` in reading order, so that amendments and decisions can name one bracket.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache

from .errors import InvalidCommand


@dataclass(frozen=True, slots=True)
class Bracket:
    """One bracketed passage of a clause."""

    id: str
    """``b1``, ``b2``... in reading order within its clause."""
    options: tuple[str, ...]
    """The alternatives as written; a single option means keep-or-delete."""

    def render(self) -> str:
        return "[" + " | ".join(self.options) + "]"

    @property
    def choices(self) -> tuple[str, ...]:
        """What the bracket may resolve to: each option, plus deletion for a lone option."""
        if len(self.options) == 1:
            return (self.options[0], "")
        return self.options


Segment = str | Bracket


def parse(text: str, *, first_index: int = 1) -> tuple[Segment, ...]:
    """Split text into plain segments and brackets; raise InvalidCommand on a stray bracket."""
    text = text.strip()
    segments: list[Segment] = []
    index = first_index
    plain: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "]":
            raise InvalidCommand(f"A closing bracket at character {i + 1} has no opening bracket.")
        if char != "[":
            plain.append(char)
            i += 1
            continue
        end = text.find("]", i + 1)
        if end < 0:
            raise InvalidCommand(f"The bracket opened at character {i + 1} is never closed.")
        inner = text[i + 1 : end]
        if "[" in inner:
            raise InvalidCommand(f"Brackets cannot nest (character {i + 1 + inner.index('[') + 1}).")
        if plain:
            segments.append("".join(plain))
            plain = []
        options = tuple(part.strip() for part in inner.split("|"))
        segments.append(Bracket(f"b{index}", options))
        index += 1
        i = end + 1
    if plain:
        segments.append("".join(plain))
    return tuple(segments)


def render(segments: tuple[Segment, ...]) -> str:
    """The text as a conference document prints it, brackets included."""
    return "".join(s if isinstance(s, str) else s.render() for s in segments)


def brackets(segments: tuple[Segment, ...]) -> tuple[Bracket, ...]:
    return tuple(s for s in segments if isinstance(s, Bracket))


def next_bracket_index(segments: tuple[Segment, ...]) -> int:
    numbers = [int(b.id[1:]) for b in brackets(segments)]
    return max(numbers, default=0) + 1


def resolve(segments: tuple[Segment, ...], bracket_id: str, text: str) -> tuple[Segment, ...]:
    """Replace one bracket by agreed text, merging it into the neighbouring plain text."""
    out: list[Segment] = []
    for segment in segments:
        piece: Segment = text if isinstance(segment, Bracket) and segment.id == bracket_id else segment
        if isinstance(piece, str) and out and isinstance(out[-1], str):
            out[-1] = _join(out[-1], piece)
        elif piece != "":
            out.append(piece)
    if out and isinstance(out[-1], str):
        out[-1] = out[-1].rstrip()
    if out and isinstance(out[0], str):
        out[0] = out[0].lstrip()
    return tuple(s for s in out if s != "")


def _join(left: str, right: str) -> str:
    """Join two plain runs, folding the double space a deleted bracket leaves behind."""
    if left.endswith(" ") and right.startswith(" "):
        return left + right[1:]
    if left.endswith(" ") and right[:1] in {".", ",", ";", ":"}:
        return left[:-1] + right
    return left + right


@lru_cache(maxsize=4096)
def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """A word diff as (op, words) pairs, op in {"=", "-", "+"}: how an amendment reads.
    Kept for the texts seen lately: every projection of a state shows every amendment's."""
    a, b = before.split(), after.split()
    out: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)
