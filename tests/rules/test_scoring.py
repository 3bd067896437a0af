"""Tests for scoring a delegation's objectives (game/rules/scoring.py).

An objective is met or missed by what the record shows: an item adopted or not, a phrase in
or out of an item's adopted text, the delegation's signature on the Final Acts (ITU General
Rules No. 162) given or withheld.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.rules import Actor
from game.rules import commands as c
from game.rules.model import Brief, Objective
from game.rules.scoring import score, total
from game.rules.values import SignatureKind

from .conftest import CHAIR, ballots, conference, run, started, vote

D01_OBJECTIVES = (
    Objective("o1", "Article 2 is adopted", "item_adopted", item="bracketed"),
    Objective("o2", "Article 1 is adopted", "item_adopted", item="clean"),
    Objective("o3", "Article 1 is not adopted", "item_not_adopted", item="clean"),
    Objective(
        "o4",
        "Article 2 asks states to endeavour",
        "text_includes",
        item="bracketed",
        phrase="ENDEAVOUR TO",
    ),
    Objective(
        "o5",
        "Article 2 does not mention robustness",
        "text_excludes",
        item="bracketed",
        phrase="robustness",
    ),
    Objective(
        "o6", "Article 1 calls for cooperation", "text_includes", item="clean", phrase="cooperate"
    ),
    Objective("o7", "Sign the Final Acts", "signs", points=3),
)
D02_OBJECTIVES = (
    Objective("p1", "Sign the Final Acts", "signs"),
    Objective("p2", "Stay out of the Final Acts", "not_signed"),
    Objective(
        "p3", "Keep robustness in Article 2", "text_includes", item="bracketed", phrase="robustness"
    ),
)


@pytest.fixture
def end_of_conference():
    """Article 1 rejected (2 for, 5 against); Article 2 amended to "Member States shall
    endeavour to ensure security." and adopted; D01 signs, D02 declines, D03 never answers."""
    briefs = {
        "D01": Brief(objectives=D01_OBJECTIVES),
        "D02": Brief(objectives=D02_OBJECTIVES),
        "D03": Brief(objectives=(Objective("q1", "Do not sign", "not_signed"),)),
    }
    spec = conference(
        delegations=tuple(
            replace(d, brief=briefs.get(d.id, d.brief)) for d in conference().delegations
        )
    )
    state = started(spec)
    state, rejected = vote(state, "clean", ballots(yes=2, no=5))
    assert rejected.decision.value == "rejected"
    state = run(
        state,
        Actor.delegate("D01"),
        c.ProposeAmendment(item="bracketed", bracket="b1", text="endeavour to"),
    )
    state = run(
        state, Actor.delegate("D01"), c.ProposeAmendment(item="bracketed", bracket="b2", text="")
    )
    state = run(state, CHAIR, c.AcceptAmendment(amendment="A1"))
    state = run(state, CHAIR, c.AcceptAmendment(amendment="A2"))
    assert state.items["bracketed"].text == "Member States shall endeavour to ensure security."
    state, adopted = vote(state, "bracketed", ballots(yes=6))
    assert adopted.decision.value == "adopted"
    state = run(state, CHAIR, c.ChangePhase(phase="signing"))
    state = run(state, CHAIR, c.OpenSigning())
    state = run(
        state,
        Actor.delegate("D01"),
        c.SignFinalActs(kind=SignatureKind.RESERVATION, text="On Article 2."),
    )
    return run(state, Actor.delegate("D02"), c.SignFinalActs(kind=SignatureKind.DECLINED))


def met(scores):
    return {s.objective.id: s.met for s in scores}


def test_objectives_on_adoption_are_met_by_the_items_fate(end_of_conference):
    scores = score(end_of_conference, "D01")
    assert {k: v for k, v in met(scores).items() if k in ("o1", "o2", "o3")} == {
        "o1": True,
        "o2": False,
        "o3": True,
    }
    assert scores[0].why == "'Article 2' was adopted"
    assert scores[1].why == "'Article 1' was not adopted"


def test_a_phrase_objective_reads_the_adopted_text_ignoring_case(end_of_conference):
    """A phrase counts only in an adopted text: Article 1 says "cooperate" but was rejected,
    so an objective to see it in the Final Acts is missed."""
    scores = {s.objective.id: s for s in score(end_of_conference, "D01")}
    assert (scores["o4"].met, scores["o5"].met, scores["o6"].met) == (True, True, False)
    assert scores["o4"].why == "the adopted text of 'Article 2' includes “ENDEAVOUR TO”"
    assert scores["o5"].why == "the adopted text of 'Article 2' does not include “robustness”"
    assert not {s.objective.id: s for s in score(end_of_conference, "D02")}["p3"].met


def test_a_signature_with_a_reservation_meets_an_objective_to_sign(end_of_conference):
    """ITU Convention Art. 32B: a signature with a reservation is still a signature."""
    scores = {s.objective.id: s for s in score(end_of_conference, "D01")}
    assert scores["o7"].met
    assert scores["o7"].why == "signed the Final Acts"


def test_declining_or_never_answering_is_not_signing(end_of_conference):
    assert met(score(end_of_conference, "D02")) == {"p1": False, "p2": True, "p3": False}
    assert met(score(end_of_conference, "D03")) == {"q1": True}


def test_the_total_is_points_earned_of_points_available(end_of_conference):
    assert total(score(end_of_conference, "D01")) == (7, 9)
    assert total(score(end_of_conference, "D02")) == (1, 3)
    assert total(score(end_of_conference, "D04")) == (0, 0)
