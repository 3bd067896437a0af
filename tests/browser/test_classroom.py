"""A first lesson, end to end, in the browser: an instructor and three students play the
classroom starter from joining to signing, and the projector shows the final split.

Everyone acts through the pages as people do (journeys 1, 3, 4 and 5 of PRODUCT.md): the
instructor signs in, opens a session from the dashboard and reads out the join code; the
students type it on the home page; the chair seats them, moves through the phases, calls for
objections and votes; the students amend, object, vote and sign; the autopilot plays the
three seats nobody holds. Autopilot choices depend on a seed the page draws by lot, so the
numbers are checked against what the pages themselves show, never guessed in advance.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from .conftest import (
    PHONE,
    PROJECTOR,
    Person,
    Room,
    create_session,
    delegation_heading,
    join,
    join_code,
    move_to_phase,
    seat,
    sign_in,
)

USA, RUS, KEN = "United States of America", "Russian Federation", "Kenya"
PREAMBLE = "Preamble"
ART5A = "Article 5A: Security and robustness of networks"
SILENCE = "Adopted by consensus: no objection was raised before the deadline."
RESERVATION = "Kenya reserves the right to take the measures it deems necessary to keep access affordable."
CONSENSUS_WAIT = 15_000  # a 5-second call for objections, closed by the server's timer


# --- what the students do ----------------------------------------------------------------


def item_card(page: Page, title: str) -> Locator:
    """An agenda item, as the delegate's texts or the chair's agenda show it."""
    return page.get_by_role("article").filter(has=page.get_by_role("heading", name=title, exact=True))


def propose(student: Person, item: str, target: str, choice: str | re.Pattern[str]) -> None:
    """A delegation proposes to settle one bracket of an item with one of its alternatives."""
    page = student.page
    card = item_card(page, item)
    card.get_by_text("Propose an amendment", exact=True).click()
    card.get_by_role("radio", name=re.compile(rf"^Bracket {target}:")).check()
    card.get_by_role("radio", name=choice, exact=isinstance(choice, str)).check()
    card.get_by_role("button", name="Propose", exact=True).click()
    expect(page.locator("[aria-live]")).to_contain_text("Your amendment is proposed.")
    mine = card.get_by_role("article", name=re.compile(r"^Amendment A\d+$")).filter(has_text=f"Proposed by {delegation_name(page)}")
    expect(mine.get_by_role("button", name="Withdraw our amendment")).to_be_visible()
    student.shot(f"proposed-{item[:10]}-{target}")


def delegation_name(page: Page) -> str:
    return page.get_by_role("heading", level=1).inner_text().strip()


def question(page: Page) -> Locator:
    """The delegate's "Before the conference" panel."""
    return page.get_by_role("region", name="Before the conference")


def vote(student: Person, choice: str, said: str) -> None:
    ballot = question(student.page).get_by_role("group", name="Your vote")
    ballot.get_by_role("button", name=choice, exact=True).click()
    expect(question(student.page)).to_contain_text(f"Your vote: {said}, recorded.")


def answer(student: Person, kind: str, text: str = "") -> None:
    """A delegation gives its answer on the Final Acts."""
    signing = student.page.get_by_role("region", name="Signing of the Final Acts")
    signing.get_by_role("radio", name=kind, exact=True).check()
    if text:
        signing.get_by_label("Text of the reservation or declaration").fill(text)
    signing.get_by_role("button", name="Give our answer").click()
    expect(signing).to_contain_text("Your answer:")


# --- what the chair does -----------------------------------------------------------------


def agenda(chair: Page) -> Locator:
    return chair.get_by_role("region", name="Agenda")


def now_before(chair: Page) -> Locator:
    return chair.get_by_role("region", name="Question before the conference")


def amendment(chair: Page, amendment_id: str) -> Locator:
    return agenda(chair).get_by_role("article", name=f"Amendment {amendment_id}", exact=True)


def decide_box(card: Locator, summary: str) -> Locator:
    """Open (once) the card's box of decision controls."""
    if not card.get_by_role("button", name="Call for objections").is_visible():
        card.get_by_text(summary, exact=True).click()
    expect(card.get_by_role("button", name="Call for objections")).to_be_visible()
    return card


def call_for_objections(chair: Page, card: Locator, summary: str, seconds: int) -> None:
    box = decide_box(card, summary)
    box.get_by_label("Seconds to object").fill(str(seconds))
    box.get_by_role("button", name="Call for objections").click()
    expect(now_before(chair)).to_contain_text("Call for objections on")


def latest_outcome(chair: Page) -> Locator:
    """The most recent decision on the chair's console (the list is newest first)."""
    return now_before(chair).get_by_role("list").first.get_by_role("listitem").first


# --- the lesson --------------------------------------------------------------------------


def test_a_class_plays_the_starter_from_joining_to_the_split_on_the_projector(room: Room):
    # The instructor signs in, opens a session and puts the projector up.
    teacher = room.person("instructor", viewport={"width": 1440, "height": 900})
    sign_in(teacher)
    session_id = create_session(teacher, "Period 3: telecoms treaty")
    chair = teacher.page
    projector_link = chair.get_by_role("link", name="Open the projector view")
    hall_view = room.person("projector", viewport=PROJECTOR, storage_state=teacher.context.storage_state())
    hall = hall_view.goto(projector_link.get_attribute("href"), "join-card")
    how_to_join = hall.get_by_role("region", name="How to join")
    expect(how_to_join.get_by_role("img", name=re.compile(r"^QR code for "))).to_be_visible()
    code = re.search(r"with the code\s+(\w+)", how_to_join.inner_text()).group(1)
    assert code == join_code(chair), "the projector and the chair's console show different join codes"

    # Three students join by code, one on a phone, and wait in the lobby.
    usa = room.person("amara-usa")
    rus = room.person("boris-rus")
    ken = room.person("chiku-ken", viewport=PHONE)
    join(usa, code, "Amara")
    join(rus, code.lower(), "Boris", enter=True)
    join(ken, f" {code} ", "Chiku")
    seats = chair.get_by_role("region", name="Seats")
    expect(seats.get_by_role("heading", name="In the lobby (3)")).to_be_visible()
    expect(ken.page.get_by_text("waiting for the chair to give you a seat")).to_be_visible()

    # The chair seats them; each student's page becomes their delegation's console.
    for student, name, delegation in ((usa, "Amara", USA), (rus, "Boris", RUS), (ken, "Chiku", KEN)):
        seat(chair, name, delegation)
        expect(delegation_heading(student.page, delegation)).to_be_visible()
        expect(student.page.get_by_text(f"You: {name}")).to_be_visible()
        student.shot("seated")
    expect(seats.get_by_role("heading", name="In the lobby (0)")).to_be_visible()
    expect(usa.page.get_by_role("region", name="Your brief")).to_contain_text("Lead the Open Internet Group.")
    teacher.shot("seated")

    # Negotiation: the students settle brackets by amendment.
    move_to_phase(chair, "Negotiation")
    for student in (usa, rus, ken):
        expect(student.page.get_by_text("Phase Negotiation")).to_be_visible()
    expect(hall.get_by_text("Negotiation", exact=True)).to_be_visible()
    propose(usa, PREAMBLE, "b1", "human rights obligations")                        # A1
    expect(amendment(chair, "A1")).to_contain_text(f"Proposed by {USA}")
    propose(ken, PREAMBLE, "b2", re.compile(r"^Keep: These Regulations recognize"))  # A2
    expect(amendment(chair, "A2")).to_contain_text(f"Proposed by {KEN}")
    propose(rus, ART5A, "b1", "and shall cooperate to protect them against threats to national security")  # A3
    expect(amendment(chair, "A3")).to_contain_text(f"Proposed by {RUS}")
    expect(hall.get_by_role("article", name="Amendment A3")).to_contain_text("threats to national security")
    teacher.shot("amendments")
    hall_view.shot("amendments")

    # Plenary decisions. A1: the chair asks for objections; silence until the deadline adopts.
    move_to_phase(chair, "Plenary decisions")
    call_for_objections(chair, amendment(chair, "A1"), "Put to decision", 5)
    expect(question(usa.page)).to_contain_text("Call for objections on Amendment A1 to Preamble")
    expect(question(ken.page).get_by_role("timer")).to_be_visible()
    hall_view.shot("objections-A1")
    expect(latest_outcome(chair)).to_contain_text(SILENCE, timeout=CONSENSUS_WAIT)
    expect(latest_outcome(chair)).to_contain_text("Amendment A1 to Preamble")
    for page in (usa.page, rus.page, ken.page, hall):
        expect(page.get_by_text(SILENCE, exact=True).first).to_be_visible()
    expect(item_card(chair, PREAMBLE)).to_contain_text("1 bracket open")  # b1 is settled
    teacher.shot("A1-adopted")

    # A3: the United States objects, and the chair closes the question: blocked.
    call_for_objections(chair, amendment(chair, "A3"), "Put to decision", 20)  # the chair closes it early
    objection = question(usa.page)
    objection.get_by_label("Your reason (optional, read to the room)").fill("National security is a licence to censor.")
    objection.get_by_role("button", name="Object").click()
    expect(objection).to_contain_text("Your delegation has objected: National security is a licence to censor.")
    expect(now_before(chair)).to_contain_text("1 objection")
    expect(now_before(chair)).to_contain_text(f"{USA}: National security is a licence to censor.")
    teacher.shot("A3-objection")
    now_before(chair).get_by_role("button", name="Close the question").click()
    blocked = f"Blocked: {USA} objected, so there is no consensus."
    expect(latest_outcome(chair)).to_contain_text(blocked)
    expect(usa.page.locator("[aria-live]")).to_contain_text(blocked)
    expect(question(rus.page)).to_contain_text(blocked)
    expect(hall.get_by_text(blocked, exact=True)).to_be_visible()
    hall_view.shot("A3-blocked")

    # A3 goes to a roll-call vote: the students vote, the autopilot seats vote, the chair closes.
    box = decide_box(amendment(chair, "A3"), "Put to decision")
    box.get_by_label("Vote by").select_option(label="Roll-call vote")
    box.get_by_role("button", name="Call a vote").click()
    expect(now_before(chair)).to_contain_text("Roll-call vote on Amendment A3 to Article 5A")
    vote(usa, "No", "No")
    vote(rus, "Yes", "Yes")
    vote(ken, "Abstain", "Abstain")
    expect(now_before(chair)).to_contain_text("3 of 6 delegations have voted")
    roll = now_before(chair).get_by_role("table", name=re.compile("^The roll"))
    expect(roll.get_by_role("row", name=re.compile(f"^{USA}"))).to_contain_text("No")
    ken.shot("voted")
    hall_view.shot("roll-call")
    now_before(chair).get_by_role("button", name="Autopilot seats act").click()
    expect(now_before(chair)).to_contain_text("6 of 6 delegations have voted")
    teacher.shot("roll-call-complete")
    now_before(chair).get_by_role("button", name="Close the question").click()
    outcome = latest_outcome(chair)
    expect(outcome).to_contain_text("Roll-call vote")
    reason = outcome.get_by_text(re.compile(r"^(Adopted|Rejected|Postponed|No quorum): ")).inner_text()
    assert re.search(r"\d", reason), f"the outcome gives no numbers: {reason!r}"
    assert "ITU" in reason, f"the outcome does not name its rule: {reason!r}"
    for page in (usa.page, rus.page, ken.page, hall):
        expect(page.get_by_text(reason, exact=True).first).to_be_visible()
    expect(outcome.get_by_role("table", name="Votes by bloc")).to_be_visible()
    hall_view.shot("roll-call-result")

    # A2 is taken into the text; the preamble, free of brackets, has its reading and is adopted.
    amendment(chair, "A2").get_by_role("button", name="Take into the text").click()
    preamble = item_card(chair, PREAMBLE)
    expect(preamble).to_contain_text("No brackets")
    preamble.get_by_role("button", name="Advance to the next reading").click()
    expect(preamble).to_contain_text("Reading 1")
    call_for_objections(chair, preamble, "Put this text to the conference", 5)
    expect(now_before(chair)).to_contain_text("Call for objections on Preamble")
    expect(latest_outcome(chair)).to_contain_text(SILENCE, timeout=CONSENSUS_WAIT)
    expect(latest_outcome(chair)).to_contain_text(PREAMBLE)
    expect(item_card(ken.page, PREAMBLE)).to_contain_text("Adopted")
    teacher.shot("preamble-adopted")

    # Signing: the chair opens the Final Acts; the students answer; the autopilot seats answer.
    move_to_phase(chair, "Signing of the Final Acts")
    signing = chair.get_by_role("region", name="Signing of the Final Acts")
    signing.get_by_role("button", name="Open the Final Acts for signature").click()
    expect(signing).to_contain_text("The Final Acts: Preamble")
    answer(rus, "Sign")
    answer(ken, "Sign with a reservation", RESERVATION)
    answer(usa, "Do not sign")
    ken_signing = ken.page.get_by_role("region", name="Signing of the Final Acts")
    expect(ken_signing).to_contain_text("Your answer: Signed with a reservation")
    expect(ken_signing).to_contain_text(RESERVATION)
    expect(usa.page.get_by_role("region", name="Signing of the Final Acts")).to_contain_text("Your answer: Did not sign")
    ken.shot("signed")
    signing.get_by_role("button", name="Autopilot seats answer").click()
    answers = signing.get_by_role("list").filter(has_text=RESERVATION)  # each delegation's answer
    expect(answers.get_by_role("listitem")).to_have_count(6)
    signing.get_by_role("button", name="Close the signing").click()
    expect(signing).to_contain_text("Signing is closed.")
    teacher.shot("signing-closed")

    # The projector shows the split, as the server words it, and the map with its legend.
    headline = hall.get_by_text(re.compile(r"^\d+ signed, \d+ did not sign \(of 6 entitled to sign\)"))
    expect(headline).to_be_visible()
    expect(hall.get_by_text("Signing is closed.")).to_be_visible()
    split = re.match(r"(\d+) signed, (\d+) did not sign \(of (\d+) entitled to sign\)", headline.inner_text())
    signed, not_signed, eligible = (int(n) for n in split.groups())
    world = hall.get_by_role("img", name="World map: The Final Acts")
    expect(world).to_be_visible()
    rows = legend(hall)
    count = {answer: rows.get(answer, (0, ""))[0] for answer in ANSWERS}
    assert count["Signed"] + count["Signed with a reservation"] + count["Signed with a declaration"] == signed, rows
    assert count["Did not sign"] + count["No answer yet"] == not_signed, rows
    assert count["No answer yet"] == 0 and signed + not_signed == eligible == 6, rows
    assert USA in rows["Did not sign"][1] and KEN in rows["Signed with a reservation"][1] and RUS in rows["Signed"][1], rows
    # What the hall sees agrees with the server's public state.
    public = hall.request.get(f"{room.server.base}/api/sessions/{session_id}/public").json()
    assert public["split"]["text"] == headline.inner_text().strip()
    for bloc in ("Open Internet Group", "Sovereign Networks Group"):
        expect(hall.get_by_role("heading", name=bloc)).to_be_visible()
    hall_view.shot("split")
    for student in (usa, rus, ken):
        expect(student.page.get_by_text(headline.inner_text().strip())).to_be_visible()


ANSWERS = ("Signed with a reservation", "Signed with a declaration", "Did not sign", "No answer yet", "Signed")


def legend(hall: Page) -> dict[str, tuple[int, str]]:
    """The map legend on the projector, in words: {answer: (how many, their names)}."""
    rows = {}
    for item in hall.get_by_role("figure").get_by_role("listitem").all():
        text = " ".join(item.inner_text().split())
        label = next((a for a in ANSWERS if text.startswith(a + " ")), None)
        assert label, f"a legend row names no answer: {text!r}"
        count, _, names = text[len(label):].strip().partition(" ")
        rows[label] = (int(count), names)
    return rows
