"""Faults with several server processes on PostgreSQL and Redis: a process killed mid-vote,
every process restarted, the database gone for a while, deadlines watched by two
processes, a player removed on one process while connected to another. In each the log
stays gap-free, what was acknowledged stays stored, nothing is stored twice."""

from __future__ import annotations

import threading
import time

from game.rules import events as e
from tests.realtime.conftest import refusal
from tests.servers import wait_until

from .conftest import Person, assert_gap_free, open_room, start_all, to_the_vote

SIX = ("USA", "SWE", "KEN", "RUS", "CHN", "SAU")


def ballots(records, decision: str) -> list[tuple[str, str]]:
    return [(r.event.delegation, r.event.choice) for r in records
            if isinstance(r.event, e.BallotCast) and r.event.decision == decision]


def heard_without_gaps(person: Person) -> None:
    """Across its pages, the person's view was told of every seq from its first hello on,
    each batch starting at most one past what the page held (no gap to fill by asking)."""
    for page in person.everything():
        held = None
        with page.lock:
            received = list(page.received)
        for name, data in received:
            if name == "hello" and data.get("ok"):
                held = data["seq"] if held is None else max(held, data["seq"])
            elif name == "batch" and held is not None:
                assert data["from"] <= held + 1, f"{person.view} page missed seqs {held + 1}..{data['from'] - 1}"
                held = max(held, data["to"])


def test_a_process_killed_mid_vote_loses_no_ballot_and_counts_none_twice(make_cluster):
    cluster = make_cluster(2)
    a, b = cluster.nodes
    room = open_room(cluster, a, {"USA": a, "SWE": a, "KEN": a, "RUS": b, "CHN": b, "SAU": b})
    decision = to_the_vote(room, "USA", "RUS")
    votes = {"USA": "yes", "SWE": "yes", "KEN": "no", "RUS": "no", "CHN": "no", "SAU": "abstain"}
    for delegation in ("USA", "RUS", "SWE"):
        answer = room.students[delegation].send({"type": "CastBallot", "choice": votes[delegation]})
        assert answer["ok"], answer

    # Kenya's ballot is on its way to A when A dies: its acknowledgement may never come.
    in_flight: list = []

    def kenya_votes():
        try:
            in_flight.append(room.students["KEN"].client.send({"type": "CastBallot", "choice": votes["KEN"]}, timeout=3))
        except Exception as error:  # the connection died under the call
            in_flight.append(error)

    sender = threading.Thread(target=kenya_votes)
    sender.start()
    a.kill()
    sender.join(timeout=10)

    # Every page that was on A reconnects to B and resyncs from the last seq it held.
    for person in (room.chair, room.students["USA"], room.students["SWE"], room.students["KEN"]):
        answer = person.move(cluster, b, room.session_id)
        assert answer["state"]["decision"]["id"] == decision, "the vote is still open after the crash"
    kenya = room.students["KEN"]
    if "KEN" not in kenya.client.state()["decision"]["voted"]:
        retried = kenya.send({"type": "CastBallot", "choice": votes["KEN"]})
        assert retried["ok"], retried
    else:  # it was stored before the crash: casting again is refused, not counted
        assert kenya.send({"type": "CastBallot", "choice": votes["KEN"]})["error"]["code"] == "already_voted"
    for delegation in ("CHN", "SAU"):
        assert room.students[delegation].send({"type": "CastBallot", "choice": votes[delegation]})["ok"]
    closed = room.command({"type": "CloseDecision"})

    log = room.log()
    assert_gap_free(log)
    assert sorted(ballots(log, decision)) == sorted(votes.items()), "each ballot stored once"
    outcome = log[-1].event.outcome
    assert (outcome.tally.yes, outcome.tally.no, outcome.tally.abstain) == (2, 3, 1)
    for person in (room.chair, *room.students.values()):
        person.client.wait_for_seq(closed["seq"], timeout=10)
        assert person.client.state()["outcomes"][-1]["decision_id"] == decision
        heard_without_gaps(person)


def test_every_process_restarted_resumes_each_session_where_its_log_left_it(make_cluster):
    cluster = make_cluster(2)
    a, b = cluster.nodes
    room = open_room(cluster, a, {"USA": a, "RUS": b, "KEN": b})
    quiet = open_room(cluster, b, {"SWE": a})  # a second session, untouched across the restart
    decision = to_the_vote(room, "USA", "RUS")
    assert room.students["USA"].send({"type": "CastBallot", "choice": "yes"})["ok"]
    last = room.students["RUS"].send({"type": "CastBallot", "choice": "no"})["seq"]
    people = [room.chair, *room.students.values(), quiet.chair, *quiet.students.values()]
    for person in (room.chair, *room.students.values()):
        person.client.wait_for_seq(last)
    before = {id(person): person.hello() for person in people}
    log_before = {room.session_id: room.log(), quiet.session_id: quiet.log()}

    for node in cluster.nodes:
        node.stop()
    start_all(cluster.nodes)

    homes = {id(room.chair): a, id(room.students["USA"]): a, id(room.students["RUS"]): b, id(room.students["KEN"]): b,
             id(quiet.chair): b, id(quiet.students["SWE"]): a}
    for person in people:
        session_id = room.session_id if person in (room.chair, *room.students.values()) else quiet.session_id
        answer = person.move(cluster, homes[id(person)], session_id)
        assert answer["seq"] == before[id(person)]["seq"] and answer["events"] == []
        assert answer["state"] == before[id(person)]["state"], "the same picture as before the restart"
    assert room.log() == log_before[room.session_id] and quiet.log() == log_before[quiet.session_id]

    assert room.students["KEN"].send({"type": "CastBallot", "choice": "yes"})["ok"]
    closed = room.command({"type": "CloseDecision"})
    log = room.log()
    assert_gap_free(log)
    assert sorted(ballots(log, decision)) == [("KEN", "yes"), ("RUS", "no"), ("USA", "yes")]
    room.students["RUS"].client.wait_for_event("DecisionClosed", timeout=10)
    assert room.students["RUS"].client.seen_up_to() == closed["seq"]


def test_while_the_database_is_away_commands_are_refused_to_try_again_and_service_resumes(make_cluster):
    cluster = make_cluster(2, proxy=True)
    a, b = cluster.nodes
    room = open_room(cluster, a, {"USA": a, "RUS": b, "SWE": b})
    decision = to_the_vote(room, "USA", "RUS")
    acknowledged = room.students["USA"].send({"type": "CastBallot", "choice": "yes"})
    assert acknowledged["ok"]

    cluster.proxy.cut()
    for person, payload in ((room.students["RUS"], {"type": "CastBallot", "choice": "no"}),
                            (room.chair, {"type": "SendMessage", "audience": "public", "text": "Are we still here?"})):
        refused = person.send(payload)
        assert not refused["ok"] and refused["error"]["code"] == "unavailable", refused
        assert "try again in a moment" in refused["error"]["message"]
    assert room.students["SWE"].client.hello(0)["error"]["code"] == "unavailable"
    time.sleep(1.5)  # a while: the tickers and batches meet the outage too
    cluster.proxy.restore()

    def retried():
        answer = room.students["RUS"].send({"type": "CastBallot", "choice": "no"})
        return answer if answer["ok"] or answer["error"]["code"] != "unavailable" else None

    answer = wait_until(retried, timeout=20, what="the database to come back")
    assert answer["ok"], answer
    assert room.students["SWE"].send({"type": "CastBallot", "choice": "abstain"})["ok"]
    closed = room.command({"type": "CloseDecision"})
    assert all(node.process.poll() is None for node in cluster.nodes), "no process restarted"

    log = room.log()
    assert_gap_free(log)
    assert sorted(ballots(log, decision)) == [("RUS", "no"), ("SWE", "abstain"), ("USA", "yes")]
    assert not any(isinstance(r.event, e.MessageSent) and r.event.text == "Are we still here?" for r in log)
    for person in (room.chair, *room.students.values()):
        person.client.wait_for_seq(closed["seq"], timeout=10)


def test_a_deadline_watched_from_two_processes_closes_once(pair):
    cluster = pair
    a, b = cluster.nodes
    room = open_room(cluster, a, {"USA": a, "RUS": b})
    room.command({"type": "ChangePhase", "phase": "decisions"})
    assert room.students["RUS"].send({"type": "ProposeAmendment", "item": "art5a", "bracket": "b1", "text": "in order to achieve effective use thereof"})["ok"]
    room.command({"type": "CallForObjections", "subject": {"kind": "amendment", "id": "A1"}, "seconds": 5})
    for delegation in ("USA", "RUS"):  # each process's ticker has a watcher, so both tick
        room.students[delegation].client.wait_for_event("DecisionClosed", timeout=15)
    time.sleep(2)  # both tickers have had another turn since
    log = room.log()
    assert_gap_free(log)
    closes = [r for r in log if isinstance(r.event, e.DecisionClosed)]
    assert len(closes) == 1 and closes[0].actor == "system"
    assert closes[0].event.outcome.decision.value == "adopted"


def test_a_player_removed_on_one_process_is_cut_off_on_the_other(pair):
    cluster = pair
    a, b = cluster.nodes
    room = open_room(cluster, a, {"USA": b, "RUS": b})
    mallory = room.students["RUS"]
    second_tab = cluster.open(b, room.session_id, "delegate", mallory.http)
    assert second_tab.hello()["ok"]

    room.command({"type": "RemovePlayer", "player": mallory.player})

    for page in (mallory.client, second_tab):
        wait_until(lambda page=page: not page.sio.connected, timeout=5, what="the removed player's sockets on B to close")
    assert mallory.client.messages("removed") == [{}]
    seq = room.chair.hello()["seq"]
    # A private message to Russia's room after the removal reaches nobody who was Mallory.
    room.command({"type": "SendMessage", "audience": "delegations", "to": ["RUS"], "text": "For Moscow only"})
    room.students["USA"].client.wait_for_seq(seq + 1)
    assert "For Moscow only" not in mallory.client.everything() + second_tab.everything()
    for node in (a, b):
        assert "join again" in refusal(node.base, room.session_id, "delegate", mallory.http)
