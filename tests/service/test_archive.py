"""Export and import: the log as one JSON document, and a new session that replays equal."""

from __future__ import annotations

import json

import pytest

from game.rules import Actor, InvalidCommand
from game.rules import commands as c
from game.rules.values import Choice, Subject
from game.service import archive

CHAIR = Actor.chair()


def played(service, clock, starter):
    """A short session with a private message, a consensus call and a closed secret ballot."""
    session_id = service.create_session(starter)
    service.handle(session_id, Actor.delegate("USA"), c.SendMessage(audience="delegations", to=("SWE",), text="Hold firm on 5A."))
    service.handle(session_id, CHAIR, c.ChangePhase(phase="decisions"))
    service.handle(session_id, Actor.delegate("RUS"), c.ProposeAmendment(item="art5a", bracket="b1", text="and shall cooperate to protect them against threats to national security"))
    amendment = Subject("amendment", "A1")
    service.handle(session_id, CHAIR, c.CallForObjections(subject=amendment, seconds=10))
    service.handle(session_id, Actor.delegate("USA"), c.RaiseObjection(reason="Content regulation."))
    service.handle(session_id, CHAIR, c.CloseDecision())
    service.handle(session_id, CHAIR, c.CallVote(subject=amendment, method="secret_ballot"))
    for delegation, choice in (("USA", "no"), ("SWE", "no"), ("KEN", "abstain"), ("RUS", "yes"), ("CHN", "yes"), ("SAU", "yes")):
        clock.advance(1)
        service.handle(session_id, Actor.delegate(delegation), c.CastBallot(choice=Choice(choice)))
    service.handle(session_id, CHAIR, c.CloseDecision())
    return session_id


def test_an_imported_export_replays_equal_at_every_seq(service, clock, starter):
    source = played(service, clock, starter)
    document = json.loads(json.dumps(archive.export(service, source)))
    copy = archive.import_(service, document)
    last = service.store.last_seq(source)
    assert service.store.last_seq(copy) == last
    for seq in range(1, last + 1):
        original, imported = service.state(source, upto=seq), service.state(copy, upto=seq)
        if original.decision is not None and original.decision.method == "secret_ballot":
            # sealed in the export: only who voted survives, never how
            assert set(imported.decision.ballots) == set(original.decision.ballots)
            continue
        assert imported == original, f"differs at seq {seq}"
    assert service.state(copy).outcomes[-1].reason == service.state(source).outcomes[-1].reason


def test_an_export_never_holds_a_secret_ballots_choices(service, clock, starter):
    document = archive.export(service, played(service, clock, starter))
    ballots = [r["event"] for r in document["events"] if r["event"]["type"] == "BallotCast"]
    assert len(ballots) == 6
    assert all(b["secret"] and b["choice"] is None for b in ballots)
    closed = [r["event"] for r in document["events"] if r["event"]["type"] == "DecisionClosed"][-1]
    assert (closed["outcome"]["tally"]["yes"], closed["outcome"]["tally"]["no"]) == (3, 2)


def test_an_export_pins_the_scenario_text_the_session_started_with(service, clock, starter):
    document = archive.export(service, played(service, clock, starter))
    assert document["scenario"] == starter.text
    assert document["session"]["scenario_version"] == starter.version


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(format="other"), "This is not a Plenary session export (its 'format' is not 'plenary-session')."),
        (lambda d: d["events"].pop(3), "Event 4 has seq 5; the log must run 1, 2, 3... without gaps."),
        (lambda d: d["events"][2]["event"].update(type="Nonsense"), "Unknown event type 'Nonsense'."),
    ],
)
def test_a_broken_export_is_refused_and_creates_nothing(service, clock, starter, mutate, message):
    document = json.loads(json.dumps(archive.export(service, played(service, clock, starter))))
    mutate(document)
    before = len(service.store.list_sessions())
    with pytest.raises(InvalidCommand) as error:
        archive.import_(service, document)
    assert error.value.message == message
    assert len(service.store.list_sessions()) == before


def test_a_log_that_does_not_fold_is_refused_before_anything_is_stored(service, clock, starter):
    document = json.loads(json.dumps(archive.export(service, played(service, clock, starter))))
    document["events"][1]["event"] = {"type": "BallotCast", "decision": "D9", "delegation": "USA", "choice": "yes"}
    before = len(service.store.list_sessions())
    with pytest.raises(InvalidCommand) as error:
        archive.import_(service, document)
    assert error.value.message.startswith("Event 2 (BallotCast) does not fit the session at that point")
    assert len(service.store.list_sessions()) == before
