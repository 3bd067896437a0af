"""A small conference built in code, so that each rule-book test states its own numbers."""

from __future__ import annotations

import pytest

from game.rules import Actor, execute, initial
from game.rules import commands as c
from game.rules.model import (
    AgendaItem,
    Bloc,
    ConferenceSpec,
    Credentials,
    DecisionRule,
    Delegation,
    Method,
    Phase,
    Policy,
    Quorum,
    RollCall,
    Stance,
    Threshold,
    frozen_map,
)
from game.rules.values import Choice, Subject

ITU = DecisionRule(
    "itu",
    "ITU majority",
    consensus_first=False,
    threshold=Threshold.MAJORITY,
    quorum=Quorum.MAJORITY_OF_MEMBERS,
    abstentions_postpone=True,
    citation="ITU Convention No. 410",
)
CHAIR = Actor.chair()
SYSTEM = Actor.system()


def conference(n: int = 10, *, rule: DecisionRule = ITU, **overrides) -> ConferenceSpec:
    """n voting delegations D01..Dnn in two blocs (A: odd, B: even), one clean item, one
    bracketed item."""
    delegations = tuple(
        Delegation(f"D{i:02d}", f"Delegation {i:02d}", bloc="A" if i % 2 else "B") for i in range(1, n + 1)
    )
    fields = dict(
        id="test",
        title="Test conference",
        delegations=delegations,
        blocs=(Bloc("A", "Bloc A", "D01"), Bloc("B", "Bloc B", "D02")),
        agenda=(
            AgendaItem("clean", "Article 1", "article", "Member States shall cooperate.", rule.id),
            AgendaItem("bracketed", "Article 2", "article", "Member States shall [endeavour to | ] ensure security [and robustness].", rule.id),
        ),
        phases=(Phase("plenary", "Plenary", frozenset({"floor", "drafting", "decisions", "messages"})), Phase("signing", "Signing", frozenset({"signing", "messages"}))),
        rules=frozen_map({rule.id: rule}),
        readings=0,
    )
    fields.update(overrides)
    return ConferenceSpec(**fields)


def run(state, actor, command):
    state, _ = execute(state, actor, command)
    return state


def started(spec: ConferenceSpec):
    return run(initial(spec), CHAIR, c.StartSession())


def vote(state, subject_id: str, choices: dict[str, str], *, method: str = "show_of_hands", kind: str = "item"):
    """Open a vote on `subject_id`, cast `choices` ({delegation: yes|no|abstain}), close it."""
    state = run(state, CHAIR, c.CallVote(subject=Subject(kind, subject_id), method=method))
    for delegation, choice in choices.items():
        state = run(state, Actor.delegate(delegation), c.CastBallot(choice=Choice(choice)))
    state = run(state, CHAIR, c.CloseDecision())
    return state, state.outcomes[-1]


def ballots(yes: int = 0, no: int = 0, abstain: int = 0, *, first: int = 1) -> dict[str, str]:
    choices = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    return {f"D{first + i:02d}": choice for i, choice in enumerate(choices)}


@pytest.fixture
def spec() -> ConferenceSpec:
    return conference()


__all__ = [
    "CHAIR", "ITU", "SYSTEM", "Credentials", "DecisionRule", "Method", "Policy", "Quorum",
    "RollCall", "Stance", "Threshold", "ballots", "conference", "run", "started", "vote",
]
