"""Writing a scenario in the browser (journey 7 of PRODUCT.md): an instructor starts one from
the skeleton, misspells a bloc and sees the command line's message beside that line, fixes it
and sees the message go, previews the conference, publishes it, and opens a session of it
from the dashboard. The same editor on a phone keeps every line's marks and the list."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from game import scenario as scenarios

from .conftest import PHONE, Room, sign_in

TITLE = "Harbour Talks"


def editor_text(page: Page) -> Locator:
    return page.get_by_role("textbox", name="Scenario text")


def retype(page: Page, before: str, old: str, new: str) -> int:
    """Select `old` where it follows `before` in the editor and type `new` over it, key by
    key, as a person does; returns the line it is on."""
    line = editor_text(page).evaluate("""(el, [before, old]) => {
      const at = el.value.indexOf(before + old) + before.length;
      el.focus();
      el.setSelectionRange(at, at + old.length);
      return el.value.slice(0, at).split("\\n").length;
    }""", [before, old])
    page.keyboard.type(new)
    return line


def caret_line(page: Page) -> int:
    return editor_text(page).evaluate("(el) => el.value.slice(0, el.selectionStart).split('\\n').length")


def beside(note: Locator, number: Locator) -> None:
    """The margin note stands level with its line's number in the gutter."""
    note_box, line_box = note.bounding_box(), number.bounding_box()
    assert note_box and line_box, "both the note and the line number are on screen"
    assert abs(note_box["y"] - line_box["y"]) <= 2, f"note at y={note_box['y']}, its line at y={line_box['y']}"


def test_an_instructor_writes_checks_previews_and_publishes_a_scenario_then_runs_it(room: Room):
    teacher = room.person("teacher")
    sign_in(teacher)
    page = teacher.goto("/scenarios", "scenarios")
    expect(page.get_by_role("heading", name="Bundled with Plenary")).to_be_visible()
    page.get_by_role("link", name="New scenario", exact=True).click()
    page.get_by_role("button", name="Start from the skeleton").click()
    expect(page).to_have_url(re.compile(r"/scenarios/my-scenario(-\d+)?/edit$"))
    status = page.locator("#check-status")
    expect(status).to_have_text("No problems.")
    publish = page.get_by_role("button", name="Publish")
    expect(publish).to_be_enabled()

    # A misspelt bloc: the command line's message appears beside its line, and in the list.
    line = retype(page, "    bloc: ", "north", "nroth")
    text = editor_text(page).input_value()
    with pytest.raises(scenarios.ScenarioError) as refused:
        scenarios.load_text(text, "my-scenario.yaml")
    cli = [p for p in refused.value.problems if p.field_path == "delegations[0].bloc"][0]
    assert cli.line == line
    said = "'nroth' is not a bloc defined in this scenario (did you mean 'north'?)"
    assert cli.message == said
    note = page.locator(".margin-note.is-problem").filter(has_text=said)
    expect(note).to_have_text(f"✕delegations[0].bloc {said}")
    beside(note, page.locator(".line-number.has-problem").filter(has_text=re.compile(rf"^✕{line}$")))
    problems = page.get_by_role("region", name=re.compile(r"^Problems"))
    expect(problems.get_by_role("button", name=f"Problem: Line {line} delegations[0].bloc: {said}", exact=True)).to_be_visible()
    expect(status).to_have_text(re.compile(r"^2 problems; the first is on line \d+\.$"))
    expect(page.locator("#announcer")).to_contain_text("2 problems")
    expect(publish).to_be_disabled()
    expect(page.locator("#publish-reason")).to_have_text("Fix the 2 problems before publishing.")
    teacher.shot("editor-with-a-problem")

    # The list takes the caret to the line.
    editor_text(page).evaluate("(el) => el.setSelectionRange(0, 0)")
    problems.get_by_role("button", name=f"Problem: Line {line} delegations[0].bloc: {said}", exact=True).click()
    assert caret_line(page) == line
    expect(editor_text(page)).to_be_focused()

    # Fixed: the message goes.
    retype(page, "    bloc: ", "nroth", "north")
    expect(status).to_have_text("No problems.")
    expect(page.locator(".margin-note")).to_have_count(0)
    expect(problems.get_by_text("No problems.")).to_be_visible()
    expect(publish).to_be_enabled()

    # Its own id and title, then the preview.
    retype(page, "id: ", "my-scenario", "harbour-talks")
    retype(page, "title: ", '"A conference of my own"', TITLE)
    expect(status).to_have_text("No problems.")
    preview = page.get_by_role("region", name="Preview")
    expect(preview.get_by_text(TITLE, exact=True)).to_be_visible()
    delegations = preview.get_by_role("region", name="Delegations")
    norway = delegations.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Norway"))
    expect(norway).to_contain_text("Northern Group (lead)")
    expect(norway).to_contain_text("Votes and signs")
    on_map = preview.get_by_role("region", name="Blocs on the map")
    expect(on_map.locator("path.country.cat-bloc0")).to_have_count(1)  # Norway, by its M49 code 578
    expect(on_map.get_by_text("Northern Group (led by Norway)", exact=True)).to_be_visible()
    agenda = preview.get_by_role("region", name="Agenda")
    expect(agenda.locator(".bracket-option")).to_have_text(["shall", "may"])
    preview.get_by_role("region", name="Briefs").get_by_text("Kenya", exact=True).click()
    expect(preview.get_by_text("What Kenya says in the open.")).to_be_visible()
    teacher.shot("preview")

    # Publish: saved as a new version under its own id, and offered on the dashboard.
    publish.click()
    expect(status).to_contain_text("is published: new sessions of 'harbour-talks' use it")
    expect(page).to_have_url(re.compile(r"/scenarios/harbour-talks/edit$"))
    expect(publish).to_be_disabled()
    versions = page.get_by_role("region", name="Versions")
    expect(versions.get_by_role("row").filter(has_text="in use")).to_contain_text("by teacher")
    teacher.shot("published")

    page = teacher.goto("/dashboard", "dashboard-with-the-new-scenario")
    card = page.get_by_role("listitem").filter(has=page.get_by_text(TITLE, exact=True))
    expect(card).to_contain_text("Yours, version 2")
    card.get_by_label("Title").fill("Harbour seminar")
    card.get_by_role("button", name="Create session").click()
    expect(page).to_have_url(re.compile(r"/s/\w+/chair$"))
    expect(page.get_by_role("heading", name="Harbour seminar", level=1)).to_be_visible()
    teacher.shot("chair")

    # The editor's history now names the session that pinned the published version.
    page = teacher.goto("/scenarios/harbour-talks/edit", "versions-with-the-session")
    in_use = page.get_by_role("region", name="Versions").get_by_role("row").filter(has_text="in use")
    expect(in_use.get_by_role("link", name="Harbour seminar")).to_be_visible()


def test_the_editor_on_a_phone_keeps_the_marks_and_the_list_and_fits_the_screen(room: Room):
    teacher = room.person("teacher-on-a-phone", viewport=PHONE)
    sign_in(teacher)
    page = teacher.goto("/scenarios/new", "new")
    page.get_by_role("button", name="Start from the skeleton").click()
    expect(page.locator("#check-status")).to_have_text("No problems.")
    line = retype(page, "rule: ", "majority", "majorty")
    problems = page.get_by_role("region", name=re.compile(r"^Problems"))
    expect(problems.get_by_role("button", name=re.compile(rf"^Problem: Line {line} agenda\[0\]\.rule: 'majorty' is not"))).to_be_visible()
    expect(page.locator(".line-number.has-problem").filter(has_text=re.compile(rf"^✕{line}$"))).to_be_visible()
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px screen"
    teacher.shot("phone-editor-with-a-problem")

    # By keyboard: Ctrl+S keeps the draft, problems and all; Tab leaves the editor for the buttons.
    editor_text(page).focus()
    page.keyboard.press("Control+s")
    expect(page.locator("#check-status")).to_have_text(re.compile(r"^Saved as version 2\. 1 problem; the first is on line \d+\.$"))
    expect(page.locator("#announcer")).to_contain_text("Saved as version 2.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save draft")).to_be_focused()
    expect(page.get_by_role("button", name="Publish")).to_be_disabled()
    page = teacher.goto("/scenarios", "phone-list")
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the list is {width}px wide on a {PHONE['width']}px screen"
