"""The replay page in Chromium: the instructor scrubs the timeline, filters it, sees each
vote on the map, re-tallies a vote under another rule, downloads every export and opens it;
a student on a phone sees the public record without the back-channel."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from game import scenario as scenarios
from game import store
from game.service import Service
from tests.debrief_session import play
from tests.service.conftest import Clock

from .conftest import PHONE, sign_in


@pytest.fixture
def played(server):
    """A finished session stored straight into the server's database (no owner: any
    instructor of the server may open it)."""
    clock = Clock()
    engine = store.make_engine(server.database_url)
    session_id, _ = play(Service(store.EventStore(engine), clock=clock), clock, scenarios.find("classroom-starter"))
    engine.dispose()
    return session_id


def ready(page):
    expect(page.locator("#replay[data-ready=yes]")).to_be_attached()


def shown_seq(page) -> int:
    return int(page.locator("#timeline").get_attribute("data-seq"))


def test_the_instructor_scrubs_filters_and_downloads_every_export(room, played, tmp_path):
    teacher = room.person("instructor")
    sign_in(teacher)
    page = teacher.goto(f"/s/{played}/replay", "replay")
    ready(page)
    expect(page.get_by_role("heading", name="Debrief practice", level=1)).to_be_visible()
    expect(page.locator("#timeline")).to_have_attribute("data-seq", "64")
    # the end: the signing's map is drawn, its legend in words
    timeline = page.locator("#timeline")
    expect(timeline.locator("path.country.cat-signed").first).to_be_attached()
    expect(timeline.get_by_text("4 signed, 2 did not sign (of 6 entitled to sign)").first).to_be_visible()

    # scrub with the keyboard to the start: the texts as the scenario wrote them
    scrubber = page.get_by_label("Point in the session (event number)")
    scrubber.focus()
    scrubber.press("Home")
    expect(timeline).to_have_attribute("data-seq", "0")
    expect(timeline.get_by_text("Before the first event (of 64)")).to_be_visible()
    expect(timeline.locator(".state-texts .bracket").first).to_be_visible()
    # to the roll-call on A1 (event 30): the open vote's map and tally
    page.evaluate("""() => { const r = document.getElementById('scrubber'); r.value = '30'; r.dispatchEvent(new Event('input')); }""")
    expect(timeline).to_have_attribute("data-seq", "30")
    expect(timeline.get_by_role("heading", name=re.compile("Roll-call vote: Amendment A1"))).to_be_visible()
    expect(timeline.locator("path.country.cat-yes")).to_have_count(3)
    teacher.shot("scrubbed-to-the-roll-call")

    # filters: only messages; the chair's instruction to Kenya shows, marked as addressed
    for name in ("Votes, decisions and signing", "Amendments and readings", "News (injects)", "The floor", "Phases and procedure"):
        page.get_by_label(name).uncheck()
    entries = timeline.locator(".timeline-entry")
    expect(entries).to_have_count(2)
    expect(entries.filter(has_text="Kenya, please speak first")).to_contain_text("to Kenya")
    page.get_by_label("Only what this delegation saw").select_option(label="Sweden")
    expect(entries).to_have_count(1)
    teacher.shot("filtered")
    entries.first.get_by_role("button").click()
    expect(timeline).to_have_attribute("data-seq", "6")

    # play a few events, then pause
    page.get_by_label("Speed").select_option("64")
    page.get_by_role("button", name="Play").click()
    page.wait_for_timeout(400)
    page.get_by_role("button", name="Pause").click()
    assert shown_seq(page) > 6

    # votes: the roll-call on the map and in the table, and a counterfactual
    votes = page.locator("#votes")
    votes.get_by_role("button", name=re.compile(r"D2 · Amendment A1")).click()
    expect(votes.locator("path.country.cat-no")).to_have_count(2)
    expect(votes.get_by_role("table").filter(has_text="Roll call")).to_contain_text("Abstain")
    votes.get_by_label("Count the same ballots under").select_option(label="two-thirds of those present and voting")
    expect(votes.get_by_text("Would have changed: adopted becomes rejected.")).to_be_visible()
    votes.get_by_role("button", name=re.compile(r"D5 · Resolution PLEN")).click()
    expect(votes.get_by_text(re.compile("^Indicative only"))).to_be_visible()
    teacher.shot("votes")

    # every export downloads and opens
    for label, check in (
        ("Minutes (HTML, prints to PDF)", lambda text: "<h1>Minutes: Debrief practice</h1>" in text),
        ("Minutes (Markdown)", lambda text: text.startswith("# Minutes: Debrief practice")),
        ("Roll-call table (CSV)", lambda text: text.splitlines()[1].startswith("USA,United States of America,open,no")),
        ("Event log (JSON, importable)", lambda text: json.loads(text)["format"] == "plenary-session"),
    ):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        text = path.read_text(encoding="utf-8")
        assert check(text), label
        assert "SECRET" not in text
    minutes = teacher.context.new_page()
    minutes.goto(path.parent.joinpath("debrief-practice-minutes.html").as_uri())
    expect(minutes.get_by_role("heading", name="Minutes: Debrief practice")).to_be_visible()
    minutes.close()


def test_a_student_on_a_phone_sees_the_public_record_without_the_back_channel(room, played, server):
    engine = store.make_engine(server.database_url)
    from game.accounts import Accounts

    token = Accounts(engine).issue_seat(played, "p1", "Ada")
    engine.dispose()
    ada = room.person("student", viewport=PHONE)
    ada.context.add_cookies([{"name": f"plenary_seat_{played}", "value": token, "url": server.base}])
    page = ada.goto(f"/s/{played}/replay", "replay-phone")
    ready(page)
    expect(page.locator("#timeline")).to_have_attribute("data-seq", "64")
    expect(page.get_by_text(re.compile("SECRET:"))).to_have_count(0)
    assert "SECRET:" not in page.content()
    expect(page.get_by_role("link", name="Event log (JSON, importable)")).to_have_count(0)
    expect(page.locator("#objectives").get_by_role("rowheader")).to_contain_text("Kenya")
    page.locator("#votes").scroll_into_view_if_needed()
    ada.shot("phone-votes")
