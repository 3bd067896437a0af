"""Tests for autopilot delegations (game/rules/autopilot.py).

A conference of 144 delegations played by a class of 20 still has to add up (PRODUCT.md,
journey 2): each seat no player holds follows its brief's stated position on the question,
or its bloc lead (what the lead actually did, if the lead has acted; else the lead's stated
position) with the scenario's loyalty, drawn from a seed carried by the command so that the
same seed always yields the same conference.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.rules import Actor, RuleViolation, execute
from game.rules import commands as c
from game.rules import events as e
from game.rules.model import Credentials, Policy, SignStance, Stance, frozen_map
from game.rules.values import Choice, Placard, SignatureKind, Subject

from .conftest import CHAIR, SYSTEM, ballots, conference, run, started, vote

CLEAN = Subject("item", "clean")
YES, NO, ABSTAIN, OBJECT, ABSENT = (
    Stance.YES,
    Stance.NO,
    Stance.ABSTAIN,
    Stance.OBJECT,
    Stance.ABSENT,
)


def spec_with(policies: dict[str, Policy]):
    """conference() whose delegations D01..D10 (blocs A odd, B even; leads D01 and D02) play
    by `policies`; the others follow their bloc lead."""
    delegations = tuple(
        replace(d, policy=policies.get(d.id, d.policy)) for d in conference().delegations
    )
    return conference(delegations=delegations)


def on(item: str, stance: Stance, **fields) -> Policy:
    return Policy(positions=frozen_map({item: stance}), **fields)


def autopilot(state, seed=0, at=0.0, actor=SYSTEM):
    return execute(state, actor, c.RunAutopilot(seed=seed, at=at))


def ballots_cast(records):
    return {
        r.event.delegation: r.event.choice for r in records if isinstance(r.event, e.BallotCast)
    }


def vote_open(state, method="show_of_hands", subject=CLEAN, **fields):
    return run(state, CHAIR, c.CallVote(subject=subject, method=method, **fields))


def seat(state, *delegations):
    for delegation in delegations:
        state = run(
            state,
            CHAIR,
            c.SeatPlayer(
                player=f"p-{delegation}", name=f"Student {delegation}", delegation=delegation
            ),
        )
    return state


def test_unplayed_seats_vote_by_their_stated_positions():
    """Each unplayed delegation follows its brief's position on the question: yes, no,
    abstain; "object" votes no; "absent" takes no part; the rest follow their bloc lead."""
    spec = spec_with(
        {
            "D01": on("clean", YES),
            "D02": on("clean", NO),
            "D03": on("clean", ABSTAIN),
            "D04": on("clean", OBJECT),
            "D05": on("clean", ABSENT),
        }
    )
    state, records = autopilot(vote_open(started(spec)))
    assert ballots_cast(records) == {
        "D01": Choice.YES,
        "D02": Choice.NO,
        "D03": Choice.ABSTAIN,
        "D04": Choice.NO,
        "D06": Choice.NO,
        "D07": Choice.YES,
        "D08": Choice.NO,
        "D09": Choice.YES,
        "D10": Choice.NO,
    }
    assert [r.event.delegation for r in records] == list(state.decision.order[:4]) + list(
        state.decision.order[5:]
    )
    state = run(state, CHAIR, c.CloseDecision())
    tally = state.outcomes[-1].tally
    assert (tally.yes, tally.no, tally.abstain, tally.not_participating) == (3, 5, 1, 1)


def test_follow_lead_follows_what_a_seated_lead_actually_voted():
    """A follower does what its lead actually did once the lead has acted, even when the
    student holding the lead's seat departs from the lead's brief."""
    spec = spec_with({"D02": on("clean", YES)})
    state = seat(started(spec), "D02")
    state = vote_open(state)
    state = run(state, Actor.delegate("D02"), c.CastBallot(choice=Choice.NO))
    _, records = autopilot(state)
    cast = ballots_cast(records)
    assert {d: cast[d] for d in ("D04", "D06", "D08", "D10")} == dict.fromkeys(
        ("D04", "D06", "D08", "D10"), Choice.NO
    )
    assert "D02" not in cast


def test_follow_lead_takes_the_leads_stated_position_until_the_lead_has_voted():
    """Before the lead has acted, a follower takes the lead's own stated position."""
    spec = spec_with({"D02": on("clean", YES)})
    state = vote_open(seat(started(spec), "D02"))
    _, records = autopilot(state)
    assert ballots_cast(records)["D04"] is Choice.YES


def test_the_same_seed_gives_the_same_conference():
    """Where chance enters (loyalty below 1) it is drawn from the command's seed: the same
    seed always yields the same events, so a replay folds the same way."""
    spec = spec_with(
        {d: Policy(loyalty=0.5) for d in ("D03", "D04", "D05", "D06", "D07", "D08", "D09", "D10")}
        | {"D01": on("clean", YES), "D02": on("clean", NO)}
    )
    state = vote_open(started(spec))
    for seed in (0, 7, 12345):
        assert autopilot(state, seed)[1] == autopilot(state, seed)[1]


def test_with_loyalty_below_one_different_seeds_can_differ():
    """Loyalty below 1 is a chance of following the lead (else abstaining), so seeds make a
    difference; with full loyalty they make none."""
    loyal = spec_with({"D01": on("clean", YES), "D02": on("clean", NO)})
    wavering = spec_with(
        {d: Policy(loyalty=0.5) for d in ("D03", "D04", "D05", "D06", "D07", "D08", "D09", "D10")}
        | {"D01": on("clean", YES), "D02": on("clean", NO)}
    )

    def outcomes(spec):
        state = vote_open(started(spec))
        return {
            tuple(sorted(ballots_cast(autopilot(state, seed)[1]).items())) for seed in range(20)
        }

    assert len(outcomes(loyal)) == 1
    assert len(outcomes(wavering)) > 1
    assert all(
        set(dict(o).values()) <= {Choice.YES, Choice.NO, Choice.ABSTAIN} for o in outcomes(wavering)
    )


def test_autopilot_never_votes_for_a_seated_delegation():
    """A seat a player holds is the player's: the autopilot never casts its ballot, whether
    the player has voted yet or not."""
    state = vote_open(seat(started(spec_with({})), "D03", "D04"))
    state = run(state, Actor.delegate("D03"), c.CastBallot(choice=Choice.NO))
    state, records = autopilot(state)
    cast = ballots_cast(records)
    assert "D03" not in cast and "D04" not in cast
    assert len(cast) == 8
    assert state.decision.ballots["D03"] is Choice.NO
    assert "D04" not in state.decision.ballots


def test_autopilot_leaves_a_transferred_vote_to_its_seated_holder():
    """ITU Convention No. 335: a transferred vote is cast by its holder; when a player holds
    that seat, the player casts it, not the autopilot. An unplayed holder casts it by
    policy."""
    state = started(spec_with({}))
    state = run(state, CHAIR, c.TransferVote(delegation="D05", holder="D06"))
    state = run(state, CHAIR, c.TransferVote(delegation="D07", holder="D08"))
    state = vote_open(seat(state, "D06"))
    _, records = autopilot(state)
    by = {r.event.delegation: r.event.by for r in records}
    assert "D05" not in by and "D06" not in by
    assert by["D07"] == "D08"


def test_an_unplayed_holder_casts_the_vote_a_seated_delegation_transferred_to_it():
    """ITU Convention No. 335: once a delegation has transferred its vote, its holder casts
    it. When a student's delegation gave its vote to a seat nobody plays, the autopilot
    holding that seat casts it; otherwise nobody can (the student may not: its vote is
    transferred) and the vote is lost."""
    state = started(spec_with({}))
    state = run(state, CHAIR, c.TransferVote(delegation="D03", holder="D04"))
    state = vote_open(seat(state, "D03"))
    with pytest.raises(RuleViolation) as raised:
        execute(state, Actor.delegate("D03"), c.CastBallot(choice=Choice.YES))
    assert raised.value.code == "vote_transferred"
    _, records = autopilot(state)
    by = {r.event.delegation: r.event.by for r in records}
    assert by.get("D03") == "D04"


def test_autopilot_objects_under_consensus_only_when_its_stance_is_object():
    """Consensus by silence: an unplayed delegation objects only when its brief says
    "object"; a delegation minded to vote no or abstain lets consensus pass."""
    spec = spec_with(
        {
            "D03": on("clean", OBJECT),
            "D04": on("clean", NO),
            "D05": on("clean", ABSTAIN),
            "D06": on("clean", YES),
        }
    )
    state = run(started(spec), CHAIR, c.CallForObjections(subject=CLEAN, seconds=60, at=0.0))
    state, records = autopilot(state, at=10.0)
    assert [r.event for r in records] == [
        e.ObjectionRaised(state.decision.id, "D03", "On instructions from its capital.")
    ]
    state = run(state, CHAIR, c.CloseDecision(at=60.0))
    assert state.outcomes[-1].objectors == ("D03",)


def test_followers_object_when_their_seated_lead_objected():
    """A follower does what its lead actually did: when the lead objected, it objects too."""
    state = seat(started(spec_with({})), "D02")
    state = run(state, CHAIR, c.CallForObjections(subject=CLEAN, seconds=60, at=0.0))
    state = run(state, Actor.delegate("D02"), c.RaiseObjection(reason="Not acceptable.", at=5.0))
    _, records = autopilot(state, at=10.0)
    assert sorted(r.event.delegation for r in records) == ["D04", "D06", "D08", "D10"]


def test_autopilot_does_not_object_after_the_deadline_for_objections():
    """Consensus by silence: an objection counts only before the deadline (a delegate's late
    objection is refused as too late), so an autopilot run after the deadline must not block
    a text the room let pass."""
    spec = spec_with({"D03": on("clean", OBJECT)})
    state = run(started(spec), CHAIR, c.CallForObjections(subject=CLEAN, seconds=60, at=0.0))
    state, records = autopilot(state, at=61.0)
    assert records == []
    state = run(state, CHAIR, c.CloseDecision(at=61.0))
    assert state.outcomes[-1].decision.value == "adopted"


def test_autopilot_casts_no_ballot_after_the_vote_has_closed():
    """A ballot after the vote's deadline is refused as too late for a delegate; the
    autopilot's seats are held to the same deadline."""
    state = vote_open(started(spec_with({"D01": on("clean", YES)})), seconds=60, at=0.0)
    with pytest.raises(RuleViolation):
        execute(state, Actor.delegate("D01"), c.CastBallot(choice=Choice.YES, at=61.0))
    _, records = autopilot(state, at=61.0)
    assert ballots_cast(records) == {}


def test_autopilot_raises_placards_in_a_sounding():
    """Sounding the room: yes raises the placard for, no and object against; an abstainer
    raises none."""
    spec = spec_with(
        {
            "D01": on("clean", YES),
            "D02": on("clean", OBJECT),
            "D03": on("clean", ABSTAIN),
            "D04": on("clean", NO),
        }
    )
    state = run(started(spec), CHAIR, c.SoundRoom(subject=CLEAN))
    state, records = autopilot(state)
    placards = {r.event.delegation: r.event.placard for r in records}
    assert placards == {
        "D01": Placard.FOR,
        "D02": Placard.AGAINST,
        "D04": Placard.AGAINST,
        "D05": Placard.FOR,
        "D06": Placard.AGAINST,
        "D07": Placard.FOR,
        "D08": Placard.AGAINST,
        "D09": Placard.FOR,
        "D10": Placard.AGAINST,
    }


def test_an_unplayed_delegation_supports_an_amendment_its_bloc_sponsors():
    """Absent a stated position, a delegation supports amendments its own bloc sponsors."""
    state = run(
        started(spec_with({})),
        Actor.delegate("D03"),
        c.ProposeAmendment(item="bracketed", bracket="b1", text="endeavour to"),
    )
    state = vote_open(state, subject=Subject("amendment", "A1"))
    _, records = autopilot(state)
    cast = ballots_cast(records)
    assert {cast[d] for d in ("D01", "D03", "D05", "D07", "D09")} == {Choice.YES}
    assert {cast[d] for d in ("D02", "D04", "D06", "D08", "D10")} == {Choice.ABSTAIN}


def test_autopilot_signs_the_final_acts_by_policy():
    """ITU General Rules No. 162 and Convention Art. 32B: each unplayed delegation signs,
    signs with its brief's reservation, or declines, as its policy says; a follower signs if
    its lead signed; a seated delegation and one without credentials are left alone."""
    spec = spec_with(
        {
            "D01": Policy(signs=SignStance.SIGN),
            "D02": Policy(signs=SignStance.DECLINE),
            "D03": Policy(
                signs=SignStance.RESERVATION, reservation="Reserves its position on Article 1."
            ),
            "D04": Policy(signs=SignStance.RESERVATION),
        }
    )
    state = run(
        started(spec), CHAIR, c.SetCredentials(delegation="D10", credentials=Credentials.NONE)
    )
    state, _ = vote(state, "clean", ballots(yes=6))
    state = run(state, CHAIR, c.ChangePhase(phase="signing"))
    state = seat(run(state, CHAIR, c.OpenSigning()), "D09")
    state, records = autopilot(state)
    assert {r.event.delegation: (r.event.kind, r.event.text) for r in records} == {
        "D01": (SignatureKind.SIGNED, ""),
        "D02": (SignatureKind.DECLINED, ""),
        "D03": (SignatureKind.RESERVATION, "Reserves its position on Article 1."),
        "D04": (SignatureKind.RESERVATION, "Reserves its government's position."),
        "D05": (SignatureKind.SIGNED, ""),
        "D06": (SignatureKind.DECLINED, ""),
        "D07": (SignatureKind.SIGNED, ""),
        "D08": (SignatureKind.DECLINED, ""),
    }
    _, again = autopilot(state, seed=1)
    assert again == []


def test_only_the_chair_or_the_server_runs_the_autopilot():
    state = vote_open(started(conference()))
    with pytest.raises(RuleViolation) as raised:
        autopilot(state, actor=Actor.delegate("D01"))
    assert raised.value.code == "chair_only"
    assert ballots_cast(autopilot(state, actor=CHAIR)[1])


def test_the_autopilot_has_nothing_to_do_without_a_question_or_a_signing():
    with pytest.raises(RuleViolation) as raised:
        autopilot(started(conference()))
    assert (
        raised.value.message
        == "There is no open question or signing for the autopilot delegations to act on."
    )
