"""Reconnecting: a page that lost its connection says the last seq it holds and gets exactly
what it missed, so nothing is lost or shown twice, and a ballot not yet cast still counts once."""

from __future__ import annotations

import socket

from .conftest import bring_to_vote, wait_until


def test_a_connection_dropped_mid_vote_gets_exactly_what_it_missed_and_still_votes_once(conference):
    usa = conference.student("Ada", "USA")
    rus = conference.student("Boris", "RUS")
    bring_to_vote(conference, usa, rus)
    usa.client.wait_for_seq(conference.seq())
    held = usa.client.seen_up_to()
    before = [e["seq"] for e in usa.client.events()]

    # The network goes: the socket dies without a goodbye.
    usa.client.sio.eio.ws.sock.shutdown(socket.SHUT_RDWR)
    wait_until(lambda: not usa.client.sio.connected, what="the dropped page to notice")

    assert rus.client.send({"type": "CastBallot", "choice": "no"})["ok"]
    assert rus.client.send({"type": "SendMessage", "audience": "delegations", "to": ["USA"], "text": "Vote with us"})["ok"]
    assert rus.client.send({"type": "SendMessage", "audience": "delegations", "to": ["SWE"], "text": "Not for Ada"})["ok"]
    conference.command({"type": "FireInject", "inject": "nairobi"})
    conference.command({"type": "SendMessage", "audience": "public", "text": "The roll continues."})

    back = conference.open("delegate", usa.http)
    answer = back.hello(held)
    missed = [e["seq"] for e in answer["events"]]
    history = [e["seq"] for e in conference.open("delegate", usa.http).hello(0)["events"]]

    assert answer["ok"] and not answer["reset"] and answer["seq"] == conference.seq()
    assert missed == sorted(set(missed)), "in seq order, none twice"
    assert not set(missed) & set(before), "nothing it already had"
    assert sorted(set(before) | set(missed)) == history, "nothing lost: together they are Ada's whole history"
    texts = [e["event"].get("text") for e in answer["events"]]
    assert "Vote with us" in texts and "Not for Ada" not in texts
    assert "New instructions from Nairobi" not in str(answer["events"])
    assert answer["state"]["decision"]["voted"] == ["RUS"]

    first = back.send({"type": "CastBallot", "choice": "yes"})
    second = back.send({"type": "CastBallot", "choice": "no"})
    assert first["ok"]
    assert second["error"]["code"] == "already_voted", second
    assert conference.chair().hello()["state"]["decision"]["ballots"] == {"RUS": "no", "USA": "yes"}

