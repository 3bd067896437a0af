"""Seats over the socket: a seat cookie binds a student to one player of one session; the
chair seats, moves and removes players, and the server follows at once."""

from __future__ import annotations

import pytest
import requests
import socketio

from game import scenario as scenarios

from .conftest import STARTER, connect, create_session, form_token, refusal, sign_in, wait_until


def private_instructions() -> dict[str, str]:
    return {d.id: d.brief.private_instructions for d in scenarios.find(STARTER).spec.delegations}


def test_a_student_who_joins_appears_in_the_lobby_on_the_chairs_open_console(conference):
    """The chair's console is open before the class arrives: each student who joins by code
    shows up in its lobby without a reload."""
    chair = conference.chair()
    conference.student("Ada Lovelace")
    lobby = wait_until(lambda: chair.state()["players"], what="the chair's console to show the new player")
    assert [(p["name"], p["delegation"]) for p in lobby] == [("Ada Lovelace", None)]


def test_a_seated_student_is_told_and_sees_their_own_delegations_brief_and_no_other(conference):
    student = conference.student("Ada Lovelace")
    chair = conference.chair()
    assert [(p["name"], p["delegation"]) for p in chair.hello()["state"]["players"]] == [("Ada Lovelace", None)]
    before = student.client.hello()["state"]["you"]
    assert before["role"] == "observer" and before["delegation"] is None and "brief" not in before

    chair.send({"type": "SeatPlayer", "player": student.player, "name": "Ada Lovelace", "delegation": "SWE"})
    reseat = wait_until(lambda: student.client.messages("reseat"), what="the reseat message")
    assert reseat == [{"delegation": "SWE"}]

    you = student.client.hello(student.client.seen_up_to())["state"]["you"]
    assert you["delegation"] == "SWE" and you["role"] == "delegate"
    briefs = private_instructions()
    assert you["brief"]["private_instructions"] == briefs["SWE"]
    everything = student.client.everything()
    for delegation, text in briefs.items():
        if delegation != "SWE":
            assert text[:60] not in everything, f"{delegation}'s private brief reached Sweden's player"


def test_a_seat_cookie_from_one_session_opens_no_door_in_another(conference):
    student = conference.student("Grace", "USA")
    other_id, _ = create_session(conference.base, conference.instructor)

    refusal(conference.base, other_id, "delegate", student.http)
    token = student.http.cookies[f"plenary_seat_{conference.session_id}"]
    student.http.cookies.set(f"plenary_seat_{other_id}", token)
    refusal(conference.base, other_id, "delegate", student.http)
    refusal(conference.base, other_id, "chair", student.http)

    watcher = connect(conference.base, other_id, "chair", conference.instructor)
    try:
        state = watcher.hello()["state"]
        assert state["players"] == [] and state["seq"] == 1, "nothing happened in the other session"
    finally:
        watcher.close()


def test_a_removed_player_is_cut_off_at_once_and_cannot_come_back(conference):
    student = conference.student("Mallory", "RUS")
    second_tab = conference.open("delegate", student.http)
    second_tab.hello()
    seq = conference.seq()

    conference.command({"type": "RemovePlayer", "player": student.player})

    for page in (student.client, second_tab):
        wait_until(lambda page=page: not page.sio.connected, what="the removed player's socket to close")
    assert student.client.messages("removed") == [{}], "the page is told why it was cut off"
    refusal(conference.base, conference.session_id, "delegate", student.http)
    with pytest.raises(socketio.exceptions.SocketIOError):
        student.client.send({"type": "RequestFloor"})
    assert conference.seq() == seq + 1, "only the removal was recorded"
    assert conference.chair().hello()["state"]["players"] == []
    assert [d["seated"] for d in conference.chair().hello()["state"]["delegations"] if d["id"] == "RUS"] == [False]


def test_a_player_moved_to_another_seat_stops_hearing_the_old_delegations_private_messages(conference):
    """The server moves a moved player's socket out of the old delegation's room itself: a
    page that ignores "reseat" (or a student who edits the page) must not keep reading the
    old delegation's back-channel."""
    moved = conference.student("Eve", "USA")
    writer = conference.student("Boris", "RUS")
    conference.command({"type": "SeatPlayer", "player": moved.player, "name": "Eve", "delegation": "SWE"})
    wait_until(lambda: moved.client.messages("reseat"), what="the reseat message")
    successor = conference.student("Walt", "USA")  # Eve's page does not say hello again

    sent = writer.client.send({"type": "SendMessage", "audience": "delegations", "to": ["USA"], "text": "For Washington only"})
    assert sent["ok"], sent
    successor.client.wait_for_event("MessageSent", text="For Washington only")
    conference.barrier(moved.client)

    assert "For Washington only" not in moved.client.everything()


def test_a_class_of_thirty_behind_one_school_address_can_all_join(start_server):
    """A school's Wi-Fi shows one address to the server. The join throttle is there to stop
    code guessing, so a class joining with the right code must not trip it."""
    server = start_server("--async-mode", "threading")  # its own throttle, untouched
    instructor = sign_in(server.base)
    _, code = create_session(server.base, instructor)
    statuses = []
    for n in range(30):
        http = requests.Session()
        token = form_token(http, f"{server.base}/")
        response = http.post(f"{server.base}/join", data={"csrf_token": token, "code": code, "name": f"Student {n + 1}"},
                             allow_redirects=False, timeout=5)
        statuses.append(response.status_code)
    assert statuses == [302] * 30, f"students {[n + 1 for n, s in enumerate(statuses) if s != 302]} were turned away"
