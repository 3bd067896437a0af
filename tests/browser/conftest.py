"""Real people in a real browser: Debian's Chromium, driven by Playwright, against the real
server process (`server_starter` in tests/servers.py, threading mode).

`browser` launches Chromium once for the run. It skips the suite when Chromium is not at
/usr/bin/chromium, unless PLENARY_REQUIRE_SERVICES=1 (as in CI): then it fails. No browser
is ever downloaded.

`room` brings people into a test: `room.person("chair")` is a fresh browser context (its
own cookies, its own viewport) with one page. Every page a person visits is saved as a
full-page screenshot under test-output/screenshots/<test>-<person>-<step>.png; every console
error, uncaught exception, Content-Security-Policy violation and dialog is collected, and
the test fails at the end if there was any.

The helpers do what people do, through the pages only, finding controls by their role and
accessible name or their label: an instructor signs in and opens a session from the
dashboard, a student joins by code, the chair seats students and moves between phases.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect, sync_playwright

from tests.servers import INSTRUCTOR, PASSWORD, ROOT, Server, server_starter

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = ROOT / "test-output" / "screenshots"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}

CONNECTING = re.compile(r"^(Connecting to|Catching up with) the conference…$")  # a console's status
STARTER_TITLE = "Regional Telecommunication Conference: a 20-minute starter"

# Every CSP violation, said in the console in words a test can recognise (Chromium reports
# most of them there too; this catches the rest, such as those in event handlers).
REPORT_CSP = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline code"}`
    + ` (${event.sourceFile || "?"}:${event.lineNumber || 0})`);
});
"""


# --- the server and the browser ----------------------------------------------------------


@pytest.fixture(scope="session")
def start_server(tmp_path_factory) -> Iterator[Callable[..., Server]]:
    """Starts real server processes (`python app.py ...`); stops them all at the end."""
    yield from server_starter(tmp_path_factory)


@pytest.fixture(scope="session")
def server(start_server) -> Server:
    """The browser suite's server, with one instructor, in threading mode."""
    return start_server("--async-mode", "threading")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, launched once for the run."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: browser tests skipped"
        if os.environ.get("PLENARY_REQUIRE_SERVICES") == "1":
            pytest.fail(f"{message} is not allowed with PLENARY_REQUIRE_SERVICES=1 (install Debian's chromium)", pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield chromium
        chromium.close()


# --- people ------------------------------------------------------------------------------


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-")


@dataclass
class Person:
    """Somebody in the room with a browser of their own: one context, one page."""

    name: str
    context: BrowserContext
    page: Page
    base: str
    test: str
    problems: list[str]
    allowed: list[re.Pattern[str]] = field(default_factory=list)
    steps: int = 0

    def goto(self, path: str, step: str) -> Page:
        """Open a page of the server (a path) and, once a console has caught up with the
        conference, save its screenshot."""
        self.page.goto(self.base + path if path.startswith("/") else path)
        self.page.get_by_text(CONNECTING).wait_for(state="hidden")
        self.shot(step)
        return self.page

    def shot(self, step: str) -> Path:
        """A full-page screenshot of what this person sees now."""
        self.steps += 1
        path = SCREENSHOTS / f"{self.test}-{slug(self.name)}-{self.steps:02d}-{slug(step)}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def allow(self, pattern: str) -> None:
        """A console error this person is expected to see (e.g. the 404 page's own status)."""
        self.allowed.append(re.compile(pattern))

    def console(self, kind: str, text: str) -> None:
        if kind == "error" and not any(p.search(text) for p in self.allowed):
            self.problems.append(f"{self.name}: console error on {self.page.url}: {text}")


class Room:
    """The people of one test, each in a fresh browser context."""

    def __init__(self, browser: Browser, server: Server, test: str) -> None:
        self.browser, self.server, self.test = browser, server, test
        self.people: list[Person] = []
        self.problems: list[str] = []
        self.dialogs: list[str] = []

    def person(self, name: str, *, viewport: dict[str, int] = DESKTOP, storage_state: Any = None,
               server: Server | None = None) -> Person:
        context = self.browser.new_context(viewport=viewport, storage_state=storage_state, locale="en-GB",
                                           timezone_id="Europe/London")
        context.set_default_timeout(10_000)
        context.add_init_script(REPORT_CSP)
        page = context.new_page()
        who = Person(name, context, page, (server or self.server).base, self.test, self.problems)
        page.on("console", lambda message: who.console(message.type, message.text))
        page.on("pageerror", lambda error: self.problems.append(f"{name}: uncaught exception on {page.url}: {error}"))
        page.on("dialog", lambda dialog: self._dialog(name, dialog))
        self.people.append(who)
        return who

    def _dialog(self, name: str, dialog: Any) -> None:
        self.dialogs.append(f"{name}: a {dialog.type} dialog said {dialog.message!r}")
        self.problems.append(self.dialogs[-1])
        dialog.dismiss()

    def close(self) -> None:
        for person in self.people:
            person.context.close()


@pytest.fixture
def room(browser: Browser, server: Server, request: pytest.FixtureRequest) -> Iterator[Room]:
    """A fresh room for one test. At the end every page is screenshotted once more and the
    test fails if any page logged a console error, threw, violated the CSP or opened a
    dialog."""
    test = slug(request.node.name)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"{test}-*.png"):
        old.unlink()
    room = Room(browser, server, test)
    yield room
    for person in room.people:
        if not person.page.is_closed():
            person.page.wait_for_timeout(100)  # let the last batch's renders report
            person.shot("end")
    problems = list(room.problems)
    room.close()
    if problems:
        pytest.fail("the pages reported problems:\n" + "\n".join(problems), pytrace=False)


# --- what people do ----------------------------------------------------------------------


def sign_in(person: Person) -> None:
    """The instructor signs in through the /login page and lands on the dashboard."""
    page = person.goto("/login", "login")
    page.get_by_label("Username").fill(INSTRUCTOR)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_role("heading", name="Your sessions")).to_be_visible()
    person.shot("dashboard")


def scenario_card(page: Page, title: str = STARTER_TITLE) -> Locator:
    return page.get_by_role("listitem").filter(has=page.get_by_text(title, exact=True))


def create_session(person: Person, title: str) -> str:
    """From the dashboard, open a classroom-starter session called `title`: lands on the
    chair console (live). Returns the session's id."""
    page = person.page
    card = scenario_card(page)
    card.get_by_label("Title").fill(title)
    card.get_by_role("button", name="Create session").click()
    expect(page).to_have_url(re.compile(r"/s/\w+/chair$"))
    expect(page).to_have_title(f"{title} · chair · Plenary")
    # The console's heading names the session as the instructor called it.
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    person.shot("chair")
    return page.url.rstrip("/").split("/")[-2]


def join_code(chair: Page) -> str:
    """The join code as the chair's header shows it."""
    text = chair.get_by_text(re.compile(r"^Join code ")).inner_text()
    found = re.fullmatch(r"Join code\s+(\w+)", text.strip())
    assert found, f"no join code in {text!r}"
    return found.group(1)


def join(person: Person, code: str, name: str, *, enter: bool = False) -> Page:
    """A student opens the home page, types the code and their name and joins (with the
    button, or Enter in the name field): they land in the lobby."""
    page = person.goto("/", "home")
    page.get_by_label("Code").fill(code)
    page.get_by_label("Your name").fill(name)
    if enter:
        page.get_by_label("Your name").press("Enter")
    else:
        page.get_by_role("button", name="Join").click()
    expect(page).to_have_url(re.compile(r"/s/\w+/delegate$"))
    expect(page.get_by_role("heading", name=f"Welcome, {name}")).to_be_visible()
    person.shot("lobby")
    return page


def seat(chair: Page, student: str, delegation: str) -> None:
    """The chair gives a student in the lobby a delegation's seat."""
    choice = chair.get_by_label(f"Seat for {student}")
    choice.select_option(label=delegation)
    row = chair.get_by_role("listitem").filter(has=choice).last
    row.get_by_role("button", name="Seat", exact=True).click()
    seats = chair.get_by_role("region", name="Seats")
    holder = seats.get_by_role("listitem").filter(has=chair.get_by_text(delegation, exact=True))
    expect(holder.get_by_text(student, exact=True)).to_be_visible()


def move_to_phase(chair: Page, phase: str) -> None:
    """The chair moves the conference to the phase called `phase`."""
    phases = chair.get_by_role("navigation", name="Phases of the conference")
    phases.get_by_role("button", name=phase).click()
    expect(phases.locator("[aria-current=step]")).to_contain_text(phase)


def delegation_heading(page: Page, delegation: str) -> Locator:
    return page.get_by_role("heading", name=delegation, level=1, exact=True)
