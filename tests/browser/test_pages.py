"""Every page, at a desktop's size and a phone's: it renders without a console error or a
CSP violation (the room fails the test on any), fits the screen's width, can be worked from
the keyboard (Tab reaches its main controls; the sign-in and join forms submit with Enter)
and has a live region for what changes. Each is screenshotted."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.servers import INSTRUCTOR, PASSWORD, Server

from .conftest import (
    DESKTOP,
    PHONE,
    Person,
    Room,
    create_session,
    delegation_heading,
    join,
    join_code,
    seat,
    sign_in,
)

SIZES = {"desktop": DESKTOP, "phone": PHONE}

# The accessible name of the element that has the focus ("" for the page itself).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return "";
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  const name = el.getAttribute("aria-label") || label || el.innerText || el.value || el.name || el.tagName;
  return name.trim().replace(/\\s+/g, " ");
}"""


# Start the next Tab from the top of the page, as after loading it: focus a placeholder put
# before everything (removed after the first Tab).
START_AT_TOP = """() => {
  const start = document.createElement("span");
  start.id = "tab-start";
  start.tabIndex = -1;
  document.body.prepend(start);
  start.focus();
  window.scrollTo(0, 0);
}"""


@pytest.fixture(scope="session")
def fresh_server(start_server) -> Server:
    """A server on a fresh install: no instructor yet, so /login sends you to /signup."""
    return start_server("--async-mode", "threading", instructor=False)


def tab_through(page: Page, wanted: list[str], limit: int = 250) -> list[str]:
    """Press Tab from the top of the page until every wanted control has had the focus (or
    the focus has gone round); returns the names of the controls it went through."""
    page.evaluate(START_AT_TOP)
    reached: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        page.evaluate("() => document.getElementById('tab-start')?.remove()")
        name = page.evaluate(FOCUSED)
        if not name and reached:
            break  # past the last control
        if name:
            reached.append(name)
        if all(any(r.startswith(w) for r in reached) for w in wanted):
            break
    return reached


def check(person: Person, page_name: str, controls: list[str]) -> None:
    """The page as it stands fits the width, and Tab reaches each of `controls` (accessible
    names, or their beginnings)."""
    page = person.page
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the {page_name} page is {scroll_width} px wide on a {width} px screen"
    reached = tab_through(page, controls)
    missing = [c for c in controls if not any(r.startswith(c) for r in reached)]
    assert not missing, f"on the {page_name} page Tab never reaches {missing}; it goes through {reached}"
    assert page.locator("[aria-live]").count() >= 1, f"the {page_name} page has no live region"


@pytest.mark.parametrize("size", SIZES)
def test_every_page_renders_cleanly_and_works_from_the_keyboard(room: Room, fresh_server: Server, size: str):
    viewport = SIZES[size]

    # A fresh install: the first instructor signs up.
    newcomer = room.person("newcomer", viewport=viewport, server=fresh_server)
    newcomer.goto("/login", "signup")
    expect(newcomer.page).to_have_url(re.compile(r"/signup$"))
    expect(newcomer.page.get_by_role("heading", name="Create the first instructor account")).to_be_visible()
    check(newcomer, "signup", ["Skip to content", "Username", "Password (8 characters or more)", "Create account"])

    # The home page, and signing in from the keyboard.
    teacher = room.person("instructor", viewport=viewport)
    teacher.goto("/", "home")
    expect(teacher.page.get_by_role("heading", name="Join a conference")).to_be_visible()
    check(teacher, "home", ["Skip to content", "Plenary", "Instructors", "Code", "Your name", "Join"])
    page = teacher.goto("/signup", "signup-or-login")
    expect(page).to_have_url(re.compile(r"/login$"))  # this server has its instructor already
    check(teacher, "login", ["Username", "Password", "Sign in"])
    page.get_by_label("Username").fill(INSTRUCTOR)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    teacher.shot("dashboard")
    check(teacher, "dashboard", ["Dashboard", "Sign out", "Title", "Create session"])

    # The chair's console.
    session_id = create_session(teacher, f"Pages at {size} size")
    chair = teacher.page
    check(teacher, "chair", ["Open the projector view", "2 Negotiation", "Pause the session", "End the session",
                             "Give the floor to the next speaker", "Advance to the next reading",
                             "Put this text to the conference", "Students may choose open seats", "Release",
                             "Write news on the spot", "Open the Final Acts for signature"])

    # A student joins with Enter, waits in the lobby, then gets a seat.
    student = room.person("student", viewport=viewport)
    join(student, join_code(chair), "Dana", enter=True)
    check(student, "delegate lobby", ["Skip to content"])
    seat(chair, "Dana", "Sweden")
    expect(delegation_heading(student.page, "Sweden")).to_be_visible()
    student.shot("seated")
    sections = ["Now", "Floor", "Brief", "Texts", "Messages"] if size == "phone" else []  # phones only
    check(student, "delegate seat", ["Skip to content", *sections, "Ask to speak", "Right of reply to",
                                     "Point of order about", "Public statement", "Message", "Send"])
    teacher.shot("seated")

    # The projector, and a page that is not there.
    hall = room.person("projector", viewport=viewport, storage_state=teacher.context.storage_state())
    hall.goto(f"/s/{session_id}/projector", "projector")
    expect(hall.page.get_by_role("region", name="How to join")).to_contain_text(join_code(chair))
    check(hall, "projector", ["Skip to content"])
    student.allow(r"status of 404")
    student.goto("/sessions/NoSuchSession", "404")
    expect(student.page.get_by_role("heading", name="Not found")).to_be_visible()
    check(student, "404", ["Skip to content", "Plenary", "Back to the start page"])


SERVER_PAGES = {"home": "/", "login": "/login", "dashboard": "/dashboard", "404": "/sessions/NoSuchSession"}


@pytest.mark.parametrize("page_name", list(SERVER_PAGES))
def test_every_server_rendered_page_has_a_live_region(room: Room, page_name: str):
    """Flash messages and form errors must be read out: every page needs an aria-live
    region, not only the consoles."""
    person = room.person("visitor")
    if page_name == "dashboard":
        sign_in(person)
    else:
        person.allow(r"status of 404")
        person.goto(SERVER_PAGES[page_name], page_name)
    assert person.page.locator("[aria-live]").count() >= 1, f"the {page_name} page has no live region"


def test_an_unknown_address_shows_plenarys_own_not_found_page(room: Room):
    visitor = room.person("visitor", viewport=PHONE)
    visitor.allow(r"status of 404")
    page = visitor.goto("/no-such-page", "404")
    assert page.get_by_role("heading", name="Not found").is_visible()
    assert page.get_by_role("link", name="Back to the start page").is_visible()
