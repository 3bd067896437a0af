"""What delegations type is shown as text, never run as markup: a `<script>` tag and an
`<img onerror>` sent as a public message, as an amendment's wording and as a student's name
appear literally on every other page, and nothing they would do happens (no dialog, no
injected element, nothing set on `window`, no CSP violation: the room fails the test on any
of these)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import (
    PROJECTOR,
    Room,
    create_session,
    delegation_heading,
    join,
    join_code,
    move_to_phase,
    seat,
    sign_in,
)

SCRIPT = '<script>window.pwned = "script"; alert("script")</script>'
IMG = "<img src=x onerror=\"window.pwned = 'img'; alert('img')\">"
NAME = "<img src=x onerror=alert('name')>"  # a student's name: at most 40 characters
MESSAGE = f"Before we begin: {SCRIPT} {IMG}"
WORDING = f"and shall cooperate {SCRIPT} {IMG}"


def nothing_injected(page: Page) -> None:
    """No element the text would have made exists, and none of its code ran."""
    assert page.evaluate("() => window.pwned") is None, f"injected code ran on {page.url}"
    assert page.locator("img[src='x']").count() == 0, f"an injected <img> exists on {page.url}"
    scripts = page.evaluate("() => [...document.scripts].map((s) => s.text).filter((t) => t.includes('pwned'))")
    assert scripts == [], f"an injected <script> exists on {page.url}"


def test_markup_typed_by_delegations_is_shown_as_literal_text_everywhere(room: Room):
    teacher = room.person("instructor")
    sign_in(teacher)
    session_id = create_session(teacher, "Escaping")
    chair = teacher.page
    code = join_code(chair)
    hall = room.person("projector", viewport=PROJECTOR, storage_state=teacher.context.storage_state())
    hall.goto(f"/s/{session_id}/projector", "projector")
    usa = room.person("usa")
    rus = room.person("rus")
    eve = room.person("eve")
    join(usa, code, "Amara")
    join(rus, code, "Boris")
    join(eve, code, NAME)  # join() checks the lobby greets "Welcome, <img ...>" as text
    seats = chair.get_by_role("region", name="Seats")
    expect(seats.get_by_text(NAME, exact=True)).to_be_visible()
    seat(chair, "Amara", "United States of America")
    seat(chair, "Boris", "Russian Federation")
    expect(delegation_heading(rus.page, "Russian Federation")).to_be_visible()

    # A public message with markup in it.
    messages = usa.page.get_by_role("region", name="Messages")
    messages.get_by_role("radio", name="Public statement").check()
    messages.get_by_label("Message").fill(MESSAGE)
    messages.get_by_role("button", name="Send").click()
    for page in (rus.page, chair, usa.page, hall.page):
        expect(page.get_by_text(MESSAGE, exact=True).first).to_be_visible()
    expect(rus.page.get_by_role("region", name="Messages")).to_contain_text("<script>")
    expect(chair.get_by_role("region", name="Proceedings")).to_contain_text(SCRIPT)
    expect(hall.page.get_by_text(MESSAGE, exact=True)).to_be_visible()  # the projector's ticker
    for person, step in ((rus, "message"), (teacher, "message"), (hall, "message")):
        person.shot(step)

    # An amendment whose wording has markup in it.
    move_to_phase(chair, "Negotiation")
    article = rus.page.get_by_role("article").filter(
        has=rus.page.get_by_role("heading", name="Article 5A: Security and robustness of networks", exact=True))
    article.get_by_text("Propose an amendment", exact=True).click()
    article.get_by_role("radio", name="Other wording").check()
    article.get_by_label("Other wording (agreed text, no square brackets)").fill(WORDING)
    article.get_by_role("button", name="Propose", exact=True).click()
    for page in (chair, usa.page, hall.page):
        card = page.get_by_role("article", name="Amendment A1")
        expect(card.get_by_text(WORDING).first).to_be_visible()
        expect(card).to_contain_text("<img src=x onerror=")
    for person, step in ((usa, "amendment"), (teacher, "amendment"), (hall, "amendment")):
        person.shot(step)

    for person in (teacher, hall, usa, rus, eve):
        nothing_injected(person.page)
    assert room.dialogs == []
