"""What a batch sends, computed without a server: the short cut for ballots must send exactly
what the full projection would."""

from __future__ import annotations

from game import scenario
from game.realtime import batching
from game.rules.engine import evolve
from game.rules.state import initial
from game.rules.unattended import play
from game.service import projection
from tests.rules.test_course import COURSE


def test_every_batch_carries_what_the_full_public_projection_would():
    """Fed one event at a time (the worst case: every ballot its own batch), the session
    room's state after each batch equals the public projection at that seq."""
    spec = scenario.load_text(COURSE).spec
    records = play(spec, seed=3).records
    state, sent, received = initial(spec), {}, {}
    ballots = 0
    for record in records:
        state = evolve(state, record)
        ballots += type(record.event).__name__ == "BallotCast"
        for delivery in batching.deliveries("s1", [record], state, sent, {"AAA"}, "Title"):
            if delivery.room == batching.session_room("s1"):
                received.update(delivery.message["state"])
        assert received == projection.public(state, "Title"), f"after seq {record.seq} ({type(record.event).__name__})"
    assert ballots == 5


def test_a_ballot_batch_sends_only_the_question_and_the_seq():
    spec = scenario.load_text(COURSE).spec
    records = play(spec, seed=3).records
    state, sent = initial(spec), {}
    for record in records:
        state = evolve(state, record)
        out = batching.deliveries("s1", [record], state, sent, set(), "Title")
        if type(record.event).__name__ == "BallotCast":
            assert set(out[0].message["state"]) == {"seq", "decision"}
