"""Timers fire once however many processes watch: every process's ticker closes a deadline
that has passed, and the one that loses the race for the next seq decides again on the new
state, finds nothing due and stores nothing. Here two services (two processes' worth of
caches and connections) on one database race for the same deadline, the loser forced to
decide on the state from before the winner's close."""

from __future__ import annotations

from game import scenario as scenarios
from game.rules import commands as c
from game.rules import events as e
from game.rules.values import Actor, Subject
from game.service import Service
from game.store import EventStore, SeqConflict, make_engine, migrate
from tests.service.conftest import Clock


class RacingStore(EventStore):
    """A store that lets another writer in just before its next append, and counts the
    appends it lost."""

    def __init__(self, engine) -> None:
        super().__init__(engine)
        self.before_append = None
        self.conflicts = 0

    def append(self, session_id, expected_seq, records):
        hook, self.before_append = self.before_append, None
        if hook is not None:
            hook()
        try:
            return super().append(session_id, expected_seq, records)
        except SeqConflict:
            self.conflicts += 1
            raise


def test_two_processes_closing_the_same_deadline_store_one_close(database_url):
    migrate(database_url)
    engines = [make_engine(database_url), make_engine(database_url)]
    try:
        clock = Clock()
        first = Service(EventStore(engines[0]), clock=clock)
        racing = RacingStore(engines[1])
        second = Service(racing, clock=clock)
        session_id = first.create_session(scenarios.find("classroom-starter"))
        first.handle(session_id, Actor.chair(), c.ChangePhase(phase="decisions"))
        first.handle(session_id, Actor.delegate("RUS"), c.ProposeAmendment(item="art5a", bracket="b1", text="in order to achieve effective use thereof"))
        first.handle(session_id, Actor.chair(), c.CallForObjections(subject=Subject("amendment", "A1"), seconds=20))
        assert second.state(session_id).decision is not None, "the second process has the open call in its cache"

        clock.advance(21)
        closed_first: list = []
        racing.before_append = lambda: closed_first.extend(first.tick(session_id))
        closed_second = second.tick(session_id)

        assert [type(r.event).__name__ for r in closed_first] == ["DecisionClosed"]
        assert racing.conflicts == 1, "the second process decided on the old state and lost the race"
        assert closed_second == [], "deciding again on the new state, it found nothing due"
        log = first.log(session_id)
        assert [r.seq for r in log] == list(range(1, len(log) + 1))
        assert sum(isinstance(r.event, e.DecisionClosed) for r in log) == 1
        assert second.state(session_id) == first.state(session_id)
    finally:
        for engine in engines:
            engine.dispose()
