"""What reaches whom: private messages only to their sender and recipients (never the chair),
bloc messages only to the bloc, a secret ballot's choice to nobody, and user text as typed."""

from __future__ import annotations

from .conftest import bring_to_vote, walk


def test_a_private_message_reaches_only_its_sender_and_recipient(conference):
    usa = conference.student("Ada", "USA")
    rus = conference.student("Boris", "RUS")
    swe = conference.student("Carl", "SWE")
    chair, projector = conference.chair(), conference.projector()

    note = "Meet me at the coffee bar after the vote."
    assert usa.client.send({"type": "SendMessage", "audience": "delegations", "to": ["RUS"], "text": note})["ok"]
    rus.client.wait_for_event("MessageSent", text=note)
    usa.client.wait_for_event("MessageSent", text=note)
    conference.barrier(swe.client, chair, projector)
    for page in (swe.client, chair, projector):
        page.hello(0)  # a fresh page's full history holds it no more than the live feed did
        assert note not in page.everything(), f"the {page.view} saw a private message"


def test_a_bloc_message_reaches_the_bloc_and_not_the_chair_or_the_other_bloc(conference):
    usa = conference.student("Ada", "USA")
    swe = conference.student("Carl", "SWE")
    rus = conference.student("Boris", "RUS")
    chair = conference.chair()

    note = "Open Internet Group: hold the line on Article 5A."
    assert usa.client.send({"type": "SendMessage", "audience": "bloc", "text": note})["ok"]
    swe.client.wait_for_event("MessageSent", text=note)
    conference.barrier(rus.client, chair)
    assert note not in rus.client.everything()
    assert note not in chair.everything()


def test_a_secret_ballots_choices_reach_no_one_only_the_counts(conference):
    usa = conference.student("Ada", "USA")
    rus = conference.student("Boris", "RUS")
    swe = conference.student("Carl", "SWE")
    chair, projector = conference.chair(), conference.projector()
    bring_to_vote(conference, usa, rus, method="secret_ballot")

    for student, choice in ((usa, "yes"), (rus, "no"), (swe, "abstain")):
        assert student.client.send({"type": "CastBallot", "choice": choice})["ok"]
    conference.command({"type": "RunAutopilot", "seed": 3})
    conference.command({"type": "CloseDecision"})
    pages = [usa.client, rus.client, swe.client, chair, projector]
    conference.barrier(*pages)
    for page in pages:
        page.hello(0)

    for page in pages:
        ballots = 0
        for obj in walk(page.received):
            if obj.get("type") == "BallotCast" and obj.get("secret"):
                ballots += 1
                assert obj["choice"] is None, f"the {page.view} saw a secret ballot's choice"
            if obj.get("method") == "secret_ballot" and "voted" in obj:  # the open question
                assert obj["ballots"] == {}, f"the {page.view} saw who voted how"
                assert set(obj["tally"]) <= {"cast", "roll"}, f"the {page.view} saw a running count"
            if obj.get("method") == "secret_ballot" and "decision_id" in obj:  # its outcome
                assert obj["ballots"] == [], f"the {page.view} saw who voted how in the record"
            if obj.get("method") == "secret_ballot" and "by_bloc" in obj:
                assert obj["by_bloc"] == [], f"the {page.view} saw how each bloc voted"
        assert ballots >= 6, f"the {page.view} should see that six ballots were cast"
        outcome = page.state()["outcomes"][-1]
        tally = outcome["tally"]
        assert tally["yes"] + tally["no"] + tally["abstain"] == 6, "the counts are public"
        assert outcome["reason"]


def test_a_script_tag_in_a_message_arrives_as_the_same_literal_text(conference):
    """The server never rewrites user text; escaping it is the page's job."""
    usa = conference.student("Ada", "USA")
    rus = conference.student("Boris", "RUS")
    chair, projector = conference.chair(), conference.projector()
    text = """<script>alert("owned")</script><img src=x onerror='alert(1)'> & &amp; "quoted" </b>"""

    assert usa.client.send({"type": "SendMessage", "audience": "public", "text": text})["ok"]
    for page in (rus.client, chair, projector, usa.client):
        assert page.wait_for_event("MessageSent", sender="USA")["event"]["text"] == text
