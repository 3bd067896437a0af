"""Rough consensus, the four microphones, and the unattended run of a scenario's course."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game import scenario
from game.rules import Actor
from game.rules import commands as c
from game.rules.errors import RuleViolation
from game.rules.model import Delegation
from game.rules.signing import split
from game.rules.unattended import CourseError, play
from game.rules.values import Decision, Subject

from .conftest import CHAIR, ITU, conference, run, started

ROUGH = replace(ITU, id="rough", name="NETmundial practice", consensus_first=True, methods=(), rough_consensus=True)


def blocked_on(spec, subject_id="clean"):
    state = started(spec)
    state = run(state, CHAIR, c.CallForObjections(subject=Subject("item", subject_id), seconds=30, at=0))
    state = run(state, Actor.delegate("D03"), c.RaiseObjection(reason="Not in our name.", at=1))
    state = run(state, Actor.delegate("D05"), c.RaiseObjection(at=2))
    return run(state, CHAIR, c.CloseDecision(at=40))


# --- rough consensus -----------------------------------------------------------------------


def test_rough_consensus_adopts_over_objections_and_records_them():
    """NETmundial (São Paulo, 2014) adopted its statement by rough consensus, the objections
    of Russia, India and Cuba recorded: objections block, then the chair may judge the room."""
    state = blocked_on(conference(rule=ROUGH))
    assert state.outcomes[-1].decision is Decision.BLOCKED
    state = run(state, CHAIR, c.DeclareRoughConsensus(subject=Subject("item", "clean"), at=50))
    outcome = state.outcomes[-1]
    assert outcome.decision is Decision.ADOPTED
    assert outcome.objectors == ("D03", "D05")
    assert "rough consensus" in outcome.reason and "Delegation 03, Delegation 05" in outcome.reason
    assert state.items["clean"].status == "adopted"


def test_rough_consensus_needs_a_rule_that_allows_it():
    """Under ITU rules an objection blocks consensus; only a vote can then decide."""
    state = blocked_on(conference(rule=replace(ITU, consensus_first=True)))
    with pytest.raises(RuleViolation, match="do not allow the chair to declare consensus over objections"):
        run(state, CHAIR, c.DeclareRoughConsensus(subject=Subject("item", "clean"), at=50))


def test_rough_consensus_comes_only_after_objections_were_heard():
    state = started(conference(rule=ROUGH))
    with pytest.raises(RuleViolation, match="Seek consensus first"):
        run(state, CHAIR, c.DeclareRoughConsensus(subject=Subject("item", "clean"), at=1))


def test_only_the_chair_declares_rough_consensus():
    state = blocked_on(conference(rule=ROUGH))
    with pytest.raises(RuleViolation, match="Only the chair"):
        run(state, Actor.delegate("D01"), c.DeclareRoughConsensus(subject=Subject("item", "clean"), at=50))


# --- the four microphones --------------------------------------------------------------------


def microphones():
    kinds = ["state", "state", "private_sector", "civil_society", "technical", "civil_society"]
    delegations = tuple(Delegation(f"M{i}", f"Speaker {i}", kind=kind) for i, kind in enumerate(kinds, 1))
    return conference(delegations=delegations, blocs=(), floor_rotation="kind")


def test_the_floor_rotates_between_stakeholder_groups():
    """NETmundial's four microphones (governments, private sector, civil society, technical
    community) took turns: the next speaker is the first waiting of the next group."""
    state = started(microphones())
    for delegation in ("M1", "M2", "M4", "M6", "M5"):
        state = run(state, Actor.delegate(delegation), c.RequestFloor())
    heard = []
    for _ in range(5):
        state = run(state, CHAIR, c.GiveFloor())
        heard.append(state.floor.current.delegation)
    # state, (no private sector waiting) civil society, technical, state, civil society
    assert heard == ["M1", "M4", "M5", "M2", "M6"]


def test_without_rotation_the_list_keeps_its_order():
    state = started(replace(microphones(), floor_rotation="none"))
    for delegation in ("M1", "M2", "M4"):
        state = run(state, Actor.delegate(delegation), c.RequestFloor())
    heard = []
    for _ in range(3):
        state = run(state, CHAIR, c.GiveFloor())
        heard.append(state.floor.current.delegation)
    assert heard == ["M1", "M2", "M4"]


def test_a_point_of_order_still_comes_first_under_rotation():
    """UN GA rule 71: a point of order is taken at once."""
    state = started(microphones())
    state = run(state, Actor.delegate("M1"), c.RequestFloor())
    state = run(state, CHAIR, c.GiveFloor())
    state = run(state, Actor.delegate("M2"), c.RequestFloor(kind="point_of_order"))
    state = run(state, Actor.delegate("M4"), c.RequestFloor())
    state = run(state, CHAIR, c.GiveFloor())
    assert state.floor.current.delegation == "M2"


# --- the course ------------------------------------------------------------------------------

COURSE = """\
id: course
title: A conference with a course
rules:
  itu: {name: ITU rules, consensus_first: true, methods: [roll_call], citation: ITU Convention No. 410}
  rough: {name: Rough consensus, consensus_first: true, methods: [], rough_consensus: true}
blocs:
  - {id: north, name: North, lead: AAA}
  - {id: south, name: South, lead: CCC}
defaults:
  policy: {default: follow_lead}
delegations:
  - {id: AAA, name: Alpha, bloc: north, policy: {positions: {access: object, art1: "yes", statement: "yes"}, signs: decline}}
  - {id: BBB, name: Beta, bloc: north}
  - {id: CCC, name: Gamma, bloc: south, policy: {positions: {access: "yes", art1: "yes", statement: object}, signs: sign}}
  - {id: DDD, name: Delta, bloc: south}
  - {id: EEE, name: Epsilon, bloc: south}
agenda:
  - id: art1
    title: Article 1
    text: Member States [shall | may] cooperate [on access].
    rule: itu
  - id: statement
    title: Statement
    text: The meeting welcomes cooperation.
    rule: rough
phases:
  - {id: talks, name: Talks, allows: [floor, drafting, messages]}
  - {id: plenary, name: Plenary}
  - {id: signing, name: Signing, allows: [signing]}
course:
  - phase: talks
  - amend: {ref: shall, item: art1, bracket: b1, option: 1, by: [BBB, AAA]}
  - accept: shall
  - amend: {ref: access, item: art1, bracket: b2, option: 1, by: [CCC, DDD]}
  - phase: plenary
  - decide: {subject: access, method: consensus, then: roll_call}
  - reading: art1
  - reading: art1
  - decide: {subject: art1}
  - reading: statement
  - reading: statement
  - decide: {subject: statement, rough: true}
  - phase: signing
  - sign
  - end
"""


def test_an_unattended_run_follows_the_course_to_the_end():
    """The course's amendment 'access' is opposed by the north's lead (object) and carried by
    the south's three votes to two in a roll-call; the statement passes by rough consensus
    over the south's objections; the south signs and the north declines."""
    run_ = play(scenario.load_text(COURSE).spec, seed=3)
    state = run_.state
    outcomes = [(str(o.subject), o.decision.value, o.tally and (o.tally.yes, o.tally.no, o.tally.abstain)) for o in state.outcomes]
    assert outcomes == [
        ("amendment:A2", "blocked", None),
        ("amendment:A2", "adopted", (3, 2, 0)),
        ("item:art1", "adopted", None),
        ("item:statement", "blocked", None),
        ("item:statement", "adopted", None),
    ]
    assert state.outcomes[-1].objectors == ("CCC", "DDD", "EEE")
    assert state.items["art1"].text == "Member States shall cooperate on access."
    assert split(state).describe() == "3 signed, 2 did not sign (of 5 entitled to sign)"
    assert state.ended
    assert len(run_.lines) == 15 and run_.lines[-1].endswith("end: the session ended")


def test_the_same_seed_gives_the_same_run():
    spec = scenario.load_text(COURSE).spec
    assert play(spec, seed=7).records == play(spec, seed=7).records


def test_a_course_amendment_carries_its_positions_whoever_tables_it():
    """A student who tables the very text the course names gets the autopilot's historical
    reaction to it; a different text does not."""
    spec = scenario.load_text(COURSE).spec
    state = started(spec)
    state = run(state, Actor.delegate("EEE"), c.ProposeAmendment(item="art1", bracket="b2", text="on  access", at=1))
    state = run(state, CHAIR, c.ChangePhase(phase="plenary", at=2))
    state = run(state, CHAIR, c.CallForObjections(subject=Subject("amendment", "A1"), at=3))
    state = run(state, CHAIR, c.RunAutopilot(at=4))
    assert set(state.decision.objections) == {"AAA", "BBB"}


def test_a_step_the_rules_refuse_names_the_step_and_the_rule():
    text = COURSE.replace("  - decide: {subject: art1}\n", "  - decide: {subject: art1}\n  - decide: {subject: art1}\n")
    with pytest.raises(CourseError, match=r"course step 10 \(decide art1 by consensus\): 'Article 1' has already been adopted"):
        play(scenario.load_text(text).spec)


def test_a_scenario_without_a_course_says_how_to_add_one():
    spec = replace(scenario.load_text(COURSE).spec, course=())
    with pytest.raises(CourseError, match="has no course to follow"):
        play(spec)
