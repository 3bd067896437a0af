"""Bursts are batched: the hub sends one message per room per short window, so a roll-call
of thirty ballots costs a watching screen a handful of messages, not thirty."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest

from game import scenario as scenarios
from game.accounts import Accounts
from game.service import Service
from game.store import EventStore, make_engine

from .conftest import Client, Conference, connect, wait_until

DELEGATIONS = [f"D{n:02}" for n in range(1, 31)]


def thirty_delegations(folder: Path) -> Path:
    """A scenario with thirty delegations, one clean article and a plain majority vote."""
    delegations = "\n".join(f"  - {{id: {d}, name: Delegation {d}}}" for d in DELEGATIONS)
    path = folder / "thirty.yaml"
    path.write_text(
        "id: thirty\n"
        "title: Thirty delegations\n"
        "readings: 0\n"
        "rules:\n"
        "  majority: {name: Simple majority, methods: [roll_call]}\n"
        f"delegations:\n{delegations}\n"
        "agenda:\n"
        "  - {id: art1, title: Article 1, text: The Parties shall cooperate., rule: majority}\n"
        "phases:\n"
        "  - {id: plenary, name: Plenary, allows: [decisions, messages]}\n"
    )
    return path


@pytest.fixture(scope="module")
def burst(server, instructor, tmp_path_factory):
    """Thirty players, each on an open delegate page, cast their ballots at once while the
    projector watches. Yields the projector, the pages and the acknowledgements.

    Bundled scenarios are the only ones the dashboard opens, and the largest has six seats;
    so the session is created as `plenary session create --scenario FILE` does it, and the
    seat tokens that joining would put in thirty cookies are issued the way /join issues
    them, both straight into the server's database."""
    engine = make_engine(server.database_url)
    accounts = Accounts(engine)
    scenario = scenarios.load_file(thirty_delegations(tmp_path_factory.mktemp("thirty")))
    session_id = Service(EventStore(engine)).create_session(scenario)
    conference = Conference(server, instructor, session_id, code="")
    try:
        pages = []
        for n, delegation in enumerate(DELEGATIONS):
            player = f"p{delegation.lower()}"
            if n % 15 == 0:  # a second chair tab: seating thirty is more than one burst allows
                chair = conference.open("chair", instructor)
            seated = chair.send({"type": "SeatPlayer", "player": player, "name": f"Student {delegation}", "delegation": delegation})
            assert seated["ok"], seated
            token = accounts.issue_seat(session_id, player, f"Student {delegation}")
            page = connect(server.base, session_id, "delegate", headers={"Cookie": f"plenary_seat_{session_id}={token}"})
            conference.clients.append(page)
            assert page.hello()["state"]["you"]["delegation"] == delegation
            pages.append(page)
        projector = conference.projector()
        opened = conference.command({"type": "CallVote", "subject": {"kind": "item", "id": "art1"}, "method": "roll_call"})["seq"]
        projector.wait_for_seq(opened)
        for page in pages:
            page.wait_for_seq(opened)
        marks = {id(page): len(page.received) for page in [projector, *pages]}

        answers = []
        for n, page in enumerate(pages):
            page.sio.emit("command", {"type": "CastBallot", "choice": "yes" if n % 3 else "no"}, callback=answers.append)
        wait_until(lambda: len(answers) == 30, what="thirty acknowledgements")
        conference.barrier(projector, *pages)
        yield Burst(projector, pages, answers, marks)
    finally:
        conference.close()
        engine.dispose()


@dataclass
class Burst:
    projector: Client
    pages: list[Client]
    answers: list[dict]
    marks: dict[int, int]
    """How many messages each page had received before the ballots."""

    def since(self, page: Client) -> list[dict]:
        """The batches a page received from the first ballot on."""
        return [data for name, data in page.received[self.marks[id(page)] :] if name == "batch"]


def test_thirty_ballots_cast_at_once_reach_a_watching_screen_in_far_fewer_messages(burst):
    assert all(a["ok"] for a in burst.answers), [a for a in burst.answers if not a["ok"]]
    last = max(a["seq"] for a in burst.answers)
    batches = [b for b in burst.since(burst.projector) if b["from"] <= last]
    ballots = {e["seq"] for b in batches for e in b["events"] if e["event"]["type"] == "BallotCast"}
    assert len(ballots) == 30
    assert 1 <= len(batches) < 30, f"{len(batches)} messages for 30 ballots"
    decision = burst.projector.state()["decision"]
    assert decision["tally"]["cast"] == 30 and decision["voted"] == sorted(DELEGATIONS)
    assert (decision["tally"]["yes"], decision["tally"]["no"]) == (20, 10)


def test_under_a_burst_no_page_is_sent_the_same_event_twice(burst):
    """Pages can drop a repeat by its seq, but the server should not send one: each batch
    starts where the last one sent to the room ended."""
    for page in [burst.projector, *burst.pages]:
        seqs = [e["seq"] for b in burst.since(page) for e in b["events"]]
        repeated = sorted({s for s in seqs if seqs.count(s) > 1})
        assert not repeated, f"the {page.view} was sent events {repeated} more than once"
        spans = [(b["from"], b["to"]) for b in burst.since(page)]
        assert all(a[1] < b[0] for a, b in itertools.pairwise(spans) if a != b), f"overlapping batches: {spans}"
