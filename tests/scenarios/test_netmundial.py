"""NETmundial, São Paulo 2014: what an instructor relies on when teaching with the scenario.

The record checked here is the one the scenario's `sources` cite: four microphones, one per
stakeholder group (NETmundial organisers, 20 April 2014); a non-binding statement adopted by
rough consensus (Geneva Internet Platform); "Russia, Cuba and India also read their objections
into the record of the meeting" (Intellectual Property Watch, 25 April 2014).
"""

from __future__ import annotations

import pytest

from game import scenario
from game.rules import Actor, execute, initial
from game.rules import commands as c
from game.rules.signing import split
from game.rules.unattended import play
from game.rules.values import Decision, SignatureKind

GROUPS = {"state", "private_sector", "civil_society", "technical"}
OBJECTORS = ("RUS", "IND", "CUB")


@pytest.fixture(scope="module")
def netmundial():
    return scenario.find("netmundial-2014")


@pytest.fixture(scope="module")
def rehearsal(netmundial):
    return play(netmundial.spec, seed=0)


def test_it_validates_without_warnings(netmundial):
    assert netmundial.warnings == ()
    assert [item.id for item in netmundial.spec.agenda] == ["principles", "roadmap"]


def test_the_four_stakeholder_groups_are_the_delegations_kinds_and_the_blocs(netmundial):
    """Four microphones, "one sector of the multistakeholder groups" each: academia and the
    technical community, private sector, civil society, governments and IGOs."""
    spec = netmundial.spec
    assert {d.kind for d in spec.delegations} == GROUPS
    for bloc in spec.blocs:
        members = spec.bloc_members(bloc.id)
        assert len({spec.delegation(m).kind for m in members}) == 1, f"bloc {bloc.id} mixes groups"
        assert len(members) >= 4, f"bloc {bloc.id} has too few voices for a microphone"
    assert len(spec.blocs) == 4
    assert spec.floor_rotation == "kind"
    assert spec.speaking_seconds == 120, "each microphone had two-minute slots"


def test_governments_are_states_on_the_map_with_their_m49_codes(netmundial):
    """Codes as in shared/reference/countries.csv (UN M49); the European Union has none."""
    governments = {d.id: d.m49 for d in netmundial.spec.delegations if d.kind == "state"}
    assert governments == {
        "BRA": "076", "USA": "840", "DEU": "276", "EU": None,
        "RUS": "643", "CHN": "156", "IND": "356", "CUB": "192",
    }


def test_the_floor_goes_to_each_microphone_in_turn(netmundial):
    """Governments, the private sector, civil society and the technical community take turns,
    whatever order delegations asked for the floor in."""
    spec = netmundial.spec
    state, at = initial(spec), 0.0

    def act(actor: Actor, command: type, **fields: object) -> None:
        nonlocal state, at
        at += 1
        state, _ = execute(state, actor, command(at=at, **fields))

    act(Actor.chair(), c.StartSession)
    for delegation in ("BRA", "USA", "ART19", "APC", "ISOC", "ICC"):
        act(Actor.delegate(delegation), c.RequestFloor)
    heard = []
    for _ in range(6):
        act(Actor.chair(), c.GiveFloor)
        heard.append(spec.delegation(state.floor.current.delegation).kind)
    assert heard == ["state", "private_sector", "civil_society", "technical", "state", "civil_society"]


def test_the_statement_is_adopted_by_rough_consensus_over_russia_india_and_cuba(rehearsal):
    """"Russia, Cuba and India also read their objections into the record": each part of the
    statement is blocked by their objections, then declared adopted by rough consensus with
    the objections recorded."""
    state = rehearsal.state
    for part in ("principles", "roadmap"):
        blocked, adopted = [o for o in state.outcomes if o.subject.id == part]
        assert blocked.decision is Decision.BLOCKED and blocked.objectors == OBJECTORS
        assert adopted.decision is Decision.ADOPTED and adopted.objectors == OBJECTORS
        assert "rough consensus" in adopted.reason
        assert "Russian Federation, India, Cuba" in adopted.reason
        assert state.items[part].status == "adopted"


def test_the_adopted_text_reads_as_the_published_statement_on_the_disputed_points(rehearsal):
    """The published Statement: "arbitrary or unlawful" surveillance, not "necessary and
    proportionate" (GIP); intermediary liability framed by "economic growth, innovation,
    creativity and free flow of information" (IP Watch); "respective roles and
    responsibilities ... in a flexible manner" (the agreed text); the IANA transition "beyond
    the ICANN community" (GIP); network neutrality only as a point for later (RIPE NCC)."""
    principles = rehearsal.state.items["principles"].text
    roadmap = rehearsal.state.items["roadmap"].text
    assert "[" not in principles + roadmap
    assert "arbitrary or unlawful surveillance" in principles
    assert "necessary and proportionate" not in principles
    assert "economic growth, innovation, creativity and the free flow of information" in principles
    assert "rights of authors and creators" in principles
    assert "respective roles and responsibilities" in principles and "equal footing" not in principles
    assert "network neutrality" not in principles
    assert "beyond the ICANN community" in roadmap and "intergovernmental" not in roadmap
    assert roadmap.endswith("as well as network neutrality.")


def test_the_fights_the_sources_name_are_blocked_by_whom_the_briefs_say(rehearsal):
    """The United States opposed "necessary and proportionate" (GIP); the rest are the briefs'
    teaching assumptions, which the course replays."""
    blocked = {o.subject.id: o.objectors for o in rehearsal.state.outcomes if o.subject.kind == "amendment"}
    by_ref = {rehearsal.state.spec.amendment_ref(a.item, a.text): blocked[a.id] for a in rehearsal.state.amendments.values() if a.id in blocked}
    assert by_ref == {
        "np-surveillance": ("USA",),
        "due-process": ("RIGHTS",),
        "nn-principle": ("TELCOS",),
        "equal-footing": ("RUS", "CHN", "IND", "CUB"),
        "iana-un": ("USA", "ICANN"),
        "ewi-institutions": ("ICANN",),
    }


def test_russia_india_and_cuba_do_not_associate_with_the_statement(rehearsal):
    """India "was among the few governments that did not sign" (Index on Censorship); civil
    society associates with its disappointment on record."""
    state = rehearsal.state
    declined = {d for d, s in state.signatures.items() if not s.kind.is_signature}
    assert declined == set(OBJECTORS)
    assert state.signatures["ART19"].kind is SignatureKind.RESERVATION
    assert "network neutrality" in state.signatures["ART19"].text
    assert split(state).describe() == "19 signed, 3 did not sign (of 22 entitled to sign); 4 with reservations or declarations"


@pytest.mark.parametrize("seed", [0, 1, 7])
def test_the_same_seed_gives_the_same_conference(netmundial, seed):
    assert play(netmundial.spec, seed=seed).records == play(netmundial.spec, seed=seed).records


def test_the_outcome_does_not_depend_on_the_seed(netmundial, rehearsal):
    """Objections come only from stated positions, never from a loyalty draw, so every class
    rehearses the same history."""
    def summary(state):
        return [(o.subject.id, o.decision, o.objectors) for o in state.outcomes], split(state).describe()

    assert all(summary(play(netmundial.spec, seed=seed).state) == summary(rehearsal.state) for seed in (1, 2, 3))


def test_the_eastwest_institute_brings_its_three_objectives(netmundial):
    """Seed 004: "Economic and Political Maturity", "Security and Stability", "Sound
    Governance"."""
    objectives = netmundial.spec.delegation("EWI").brief.objectives
    assert [o.id for o in objectives] == ["maturity", "security", "governance"]
    assert [o.text.split(":")[0] for o in objectives] == ["Economic and political maturity", "Security and stability", "Sound governance"]


def test_briefs_say_where_they_go_beyond_the_sources(netmundial):
    """Positions our sources do not record are marked as teaching assumptions."""
    for delegation_id in ("CHN", "TELCOS", "PLATFORMS", "RIGHTS", "ACADEMIA"):
        assert "Teaching assumption" in netmundial.spec.delegation(delegation_id).brief.private_instructions
