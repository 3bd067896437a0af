"""One session's batches reach a page in seq order, even when two batches are sent from
threads of their own (threading mode) and the first is slow on its way out."""

from __future__ import annotations

import threading
import time
from typing import Any

from game import scenario as scenarios
from game.accounts import Accounts
from game.realtime import Hub
from game.realtime.batching import session_room
from game.rules import commands as c
from game.rules.values import Actor
from game.service import Classroom, Service
from game.store import EventStore, make_engine, migrate


class Sockets:
    """Stands in for Flask-SocketIO's emit, recording what each room is sent; the first batch
    is held on its way out until the test lets it go."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, int, int]] = []
        self.holding = threading.Event()
        self.release = threading.Event()

    def emit(self, name: str, message: dict[str, Any], to: str, ignore_queue: bool = False) -> None:
        if name == "batch" and not self.holding.is_set():
            self.holding.set()
            self.release.wait(5)
        self.sent.append((to, message["from"], message["to"]))

    def start_background_task(self, target, *args) -> None:
        return None  # the test sends the batches itself


def test_a_batch_stored_while_the_last_is_on_its_way_is_sent_after_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'plenary.db'}"
    migrate(url)
    engine = make_engine(url)
    classroom = Classroom(Service(EventStore(engine)), Accounts(engine))
    session_id = classroom.open_session(scenarios.find("classroom-starter"), owner_id=None)
    sockets = Sockets()
    hub = Hub(sockets, classroom, window=0)
    chair = Actor.chair()
    try:
        first = classroom.handle(session_id, chair, c.SendMessage(audience="public", text="Welcome, delegates."))
        hub.after(session_id, first.records)
        sending_first = threading.Thread(target=hub.flush, args=(session_id,))
        sending_first.start()
        assert sockets.holding.wait(5)

        second = classroom.handle(session_id, chair, c.SendMessage(audience="public", text="The floor is open."))

        def store_and_send() -> None:  # as a command's request thread and its batch's would
            hub.after(session_id, second.records)
            hub.flush(session_id)

        sending_second = threading.Thread(target=store_and_send)
        sending_second.start()
        time.sleep(0.3)  # time enough for the second batch to overtake the first, if it could
        sockets.release.set()
        sending_first.join(5)
        sending_second.join(5)

        spans = [(start, end) for room, start, end in sockets.sent if room == session_room(session_id)]
        assert spans == [(first.records[0].seq, first.records[-1].seq), (second.records[0].seq, second.records[-1].seq)]
    finally:
        engine.dispose()
