"""The replay and debrief (game/service/debrief.py, minutes.py, archive.py): the replay at any
seq equals the live state; an export imports and replays equal; who sees what. The rule on
the back-channel (issue 5): a private message never appears in any replay, export or answer
unless the instructor revealed it; until then only to its sender and recipients."""

from __future__ import annotations

import json

import pytest

from game.rules import codec, scoring
from game.service import Service, archive, minutes, projection
from game.service.debrief import Audience, Debrief
from tests.debrief_session import BLOC, INSTRUCTION, PRIVATE, play


@pytest.fixture
def session(service, clock, starter):
    return play(service, clock, starter)


@pytest.fixture
def debrief(service):
    return Debrief(service)


def test_the_replay_at_every_seq_equals_the_live_state_at_that_seq(store, session):
    """A cold service (a new process: no cache, snapshots every 25 events) folds each point."""
    session_id, live = session
    cold = Service(store, snapshot_every=25)
    assert sorted(live) == list(range(1, store.last_seq(session_id) + 1))
    for seq, state in live.items():
        assert cold.state(session_id, upto=seq) == state, f"differs at seq {seq}"


def test_the_replayed_page_state_is_the_live_projection_at_that_seq(service, debrief, session):
    session_id, live = session
    title = service.store.get_session(session_id).title
    audience = Audience(chair=True)
    for seq in (1, 20, 33, 44, 56, max(live)):
        picture = debrief.state_at(session_id, seq, audience)
        expected = {**projection.public(live[seq], title), **projection.personal(live[seq], audience.actor)}
        assert {k: v for k, v in picture.items() if k not in ("events", "last_seq")} == json.loads(json.dumps(expected))
        assert picture["events"][-1]["seq"] == seq


@pytest.mark.parametrize("revealed", [False, True])
def test_an_export_imports_and_replays_equal_at_every_seq(service, debrief, session, revealed):
    session_id, live = session
    debrief.reveals.set(session_id, revealed)
    document = json.loads(json.dumps(archive.export(service, session_id)))
    copy = archive.import_(service, document)
    for seq, state in live.items():
        imported = service.state(copy, upto=seq)
        if state.decision is not None and state.decision.method == "secret_ballot":
            assert set(imported.decision.ballots) == set(state.decision.ballots)  # sealed: who, never how
            continue
        assert imported == state, f"differs at seq {seq}"
    texts = [r["event"]["text"] for r in document["events"] if r["event"]["type"] == "MessageSent"]
    assert (PRIVATE in texts, BLOC in texts) == (revealed, revealed)
    assert INSTRUCTION in texts, "the chair's own instructions are the instructor's to export"
    assert debrief.report(copy, Audience(chair=True))["votes"] == debrief.report(session_id, Audience(chair=True))["votes"]


def everything(debrief, session_id, audience) -> str:
    """Every answer the replay gives this audience, and its exports, as one text."""
    report = debrief.report(session_id, audience)
    timeline = debrief.timeline(session_id, audience)
    states = [debrief.state_at(session_id, seq, audience) for seq in range(0, timeline["last_seq"] + 1)]
    return json.dumps([report, timeline, states]) + minutes.minutes_markdown("t", report, timeline) + \
        minutes.minutes_html("t", report, timeline) + minutes.rollcall_csv(report)


@pytest.mark.parametrize("audience", [
    Audience(chair=True), Audience(), Audience(delegation="KEN", own=True),
    Audience(delegation="USA"), Audience(delegation="SWE"), Audience(delegation="RUS"),
], ids=["instructor", "class", "kenya", "instructor-as-usa", "instructor-as-sweden", "instructor-as-russia"])
def test_the_back_channel_appears_nowhere_before_it_is_revealed(debrief, service, session, audience):
    session_id, _ = session
    said = everything(debrief, session_id, audience)
    assert "SECRET" not in said
    assert "SECRET" not in json.dumps(archive.export(service, session_id))


def test_senders_and_recipients_read_their_own_back_channel(debrief, session):
    session_id, _ = session
    assert PRIVATE in everything(debrief, session_id, Audience(delegation="SWE", own=True))
    usa = everything(debrief, session_id, Audience(delegation="USA", own=True))
    assert PRIVATE in usa and BLOC not in usa
    assert BLOC in everything(debrief, session_id, Audience(delegation="SAU", own=True))


def test_once_revealed_the_class_reads_the_back_channel_and_hiding_it_again_withdraws_it(debrief, service, session):
    session_id, _ = session
    debrief.reveals.set(session_id, True)
    audience = debrief.audience(session_id)
    said = everything(debrief, session_id, audience)
    assert PRIVATE in said and BLOC in said
    debrief.reveals.set(session_id, False)
    assert "SECRET" not in everything(debrief, session_id, debrief.audience(session_id))


def test_the_chairs_instructions_follow_the_live_rules(debrief, session):
    """A message from the chair to Kenya: the chair (instructor) and Kenya see it; Sweden and
    the class do not."""
    session_id, _ = session
    seen = {name: INSTRUCTION in json.dumps(debrief.timeline(session_id, audience)) for name, audience in {
        "instructor": Audience(chair=True), "kenya": Audience(delegation="KEN", own=True),
        "sweden": Audience(delegation="SWE", own=True), "class": Audience()}.items()}
    assert seen == {"instructor": True, "kenya": True, "sweden": False, "class": False}


def test_no_secret_ballot_choice_appears_in_any_answer(debrief, session):
    session_id, _ = session
    report = debrief.report(session_id, Audience(chair=True))
    secret = next(v for v in report["votes"] if v["secret"])
    assert secret["ballots"] == {} and secret["voted"] == ["RUS", "CHN", "SAU", "USA", "SWE", "KEN"]
    events = debrief.state_at(session_id, 43, Audience(chair=True))["events"]
    ballots = [e["event"] for e in events if e["event"]["type"] == "BallotCast" and e["event"]["decision"] == secret["decision"]]
    assert len(ballots) == 6 and all(b["choice"] is None for b in ballots)
    assert "secret" in minutes.rollcall_csv(report).splitlines()[1]


def test_briefs_are_private_objectives_go_to_their_own_delegation_and_the_instructor(debrief, session):
    session_id, _ = session
    assert [o["delegation"] for o in debrief.report(session_id, Audience(chair=True))["objectives"]] == ["USA", "SWE", "KEN", "RUS", "CHN", "SAU"]
    assert [o["delegation"] for o in debrief.report(session_id, Audience(delegation="KEN", own=True))["objectives"]] == ["KEN"]
    assert debrief.report(session_id, Audience())["objectives"] == []

def test_each_objective_is_scored_as_the_live_final_state_scores_it(debrief, session):
    """Grading: an objective's points count when the record shows it met (rules/scoring.py)."""
    session_id, live = session
    final = live[max(live)]
    for graded in debrief.report(session_id, Audience(chair=True))["objectives"]:
        scores = scoring.score(final, graded["delegation"])
        assert [x["met"] for x in graded["objectives"]] == [s.met for s in scores]
        assert (graded["earned"], graded["available"]) == scoring.total(scores)
        assert graded["earned"] == sum(x["points"] for x in graded["objectives"] if x["met"])


def test_the_report_tells_each_vote_with_its_counterfactuals_and_the_split(debrief, session):
    session_id, _ = session
    report = debrief.report(session_id, Audience())
    roll = next(v for v in report["votes"] if v["method"] == "roll_call")
    assert (roll["result"], roll["ballots"]["USA"], roll["ballots"]["KEN"]) == ("adopted", "no", "abstain")
    changed = {r["rule"]: r["changed"] for r in roll["retallies"]}
    assert changed == {"majority": False, "two_thirds": True, "weighted": False, "majority_of_members": True, "consensus": True}
    sounding = next(v for v in report["votes"] if v["method"] == "sounding")
    assert sounding["indicative"] and sounding["retallies"] == [] and sounding["placards"]["USA"] == "against"
    split = report["coalitions"]["split"]
    assert split["basis"] == "signing" and split["sides"][1]["delegations"] == ["USA", "SWE"]
    assert {b["bloc"]: b["place"] for b in split["blocs"]} == {"open": "divided", "sovereign": "signed"}
    preamble = next(h for h in report["history"] if h["topic"] == "preamble")
    assert "77 votes to 33" in preamble["history"] and preamble["class"].startswith("Adopted by consensus")


def test_the_text_history_shows_who_moved_each_change(debrief, session):
    session_id, _ = session
    art5a = next(t for t in debrief.report(session_id, Audience())["texts"] if t["id"] == "art5a")
    taken = next(v for v in art5a["versions"] if v["amendment"] == "A1")
    assert taken["by"] == ["RUS", "CHN"] and taken["cause"] == "amendment"
    assert ["+", "and shall cooperate to protect them against threats to national security,"] in taken["diff"]
    assert len(taken["closed"]) == 1 and taken["closed"][0].startswith("[in order to achieve")


def test_the_roll_call_csv_has_a_row_per_delegation_and_a_column_per_vote(debrief, session):
    session_id, _ = session
    rows = minutes.rollcall_csv(debrief.report(session_id, Audience())).splitlines()
    assert len(rows) == 7 and rows[0].startswith("delegation,name,bloc,D2 Amendment A1")
    assert rows[1] == "USA,United States of America,open,no,secret,placard against,declined"


def test_an_empty_session_replays_without_decisions(service, debrief, starter):
    session_id = service.create_session(starter)
    report = debrief.report(session_id, Audience(chair=True))
    assert report["votes"] == [] and report["coalitions"]["split"] is None
    assert codec.dump(debrief.state_at(session_id, 0, Audience())["seq"]) == 0
