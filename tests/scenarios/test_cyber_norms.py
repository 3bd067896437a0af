"""Cyberspace norms, 2011: the US International Strategy for Cyberspace against the Code of
Conduct, what an instructor relies on when teaching with the scenario.

The record checked here is the one the scenario's `sources` cite: the Strategy's seven policy
priorities and its norms (shared/seeds/000); the Code of Conduct (A/66/359, shared/seeds/002);
the Budapest Convention's status in 2011-12 (Council of Europe, 15 November 2011; Japan's
Ministry of Foreign Affairs, 4 July 2012); the Freedom Online Coalition's fifteen founders
(The Hague, December 2011). No such joint statement was negotiated in 2011: the meeting, its
two-thirds rule and the course are the scenario's teaching device, and the tests below check
the designed outcome that `history.course` states.
"""

from __future__ import annotations

import pytest

from game import scenario
from game.rules import text as bracket_text
from game.rules.model import Threshold
from game.rules.signing import split
from game.rules.unattended import play
from game.rules.values import Decision, SignatureKind
from tests.scenarios.support import outcomes_by_ref

PRIORITIES = ("economy", "networks", "law-enforcement", "military", "governance", "development", "freedom")
SCO = {"CHN", "RUS", "KAZ", "KGZ", "TJK", "UZB"}
MAIN = ("CHN", "RUS", "USA", "GBR", "IND", "BRA", "TJK", "UZB", "HUN", "KEN")


@pytest.fixture(scope="module")
def norms():
    return scenario.find("cyber-norms-2011")


@pytest.fixture(scope="module")
def rehearsal(norms):
    return play(norms.spec, seed=0)


def options(spec, item_id):
    segments = bracket_text.parse(spec.item(item_id).text)
    return [o for b in bracket_text.brackets(segments) for o in b.options]


def test_it_validates_without_warnings(norms):
    assert norms.warnings == ()
    assert norms.id == "cyber-norms-2011"
    assert 25 <= len(norms.spec.delegations) <= 40


def test_one_paragraph_per_priority_of_the_strategy(norms):
    """Seed 000: the Strategy's policy priorities are economy (international standards and open
    markets), protecting networks, law enforcement (the Budapest Convention), military,
    Internet governance, international development and Internet freedom."""
    spec = norms.spec
    assert [i.id for i in spec.agenda] == ["chapeau", *PRIORITIES]
    titles = [spec.item(p).title for p in PRIORITIES]
    for number, (title, word) in enumerate(zip(titles, ("Economy", "Protecting networks", "Law enforcement", "Military", "Internet governance", "International development", "Internet freedom"), strict=True), 1):
        assert title.startswith(f"{number}. {word}")


def test_each_bracket_sets_the_strategys_words_against_the_codes(norms):
    """First alternative from the Strategy (seed 000: "open, interoperable, secure and
    reliable"; "respect for property and network stability"; "such as the Budapest
    Convention"; "inherent right of self-defense"; "broad participation"), second from the
    Code (A/66/359: "solely to benefit", "information space", "information weapons",
    "multilateral, transparent and democratic", "relevant national laws and regulations")."""
    spec = norms.spec
    pairs = {
        "chapeau": ("open, interoperable, secure and reliable", "solely to benefit social and economic development"),
        "economy": ("open markets", "independent control of information and communications technologies"),
        "networks": ("respect for property and network stability", "information space"),
        "law-enforcement": ("Convention on Cybercrime", "universal legal instrument"),
        "military": ("inherent right of self-defence", "proliferate information weapons"),
        "governance": ("broad participation", "multilateral, transparent and democratic"),
        "freedom": ("freedom of expression and association", "relevant national laws and regulations"),
    }
    for item_id, (strategy, code) in pairs.items():
        first, second = options(spec, item_id)[:2]
        assert strategy in first and code in second, item_id


def test_the_budapest_item_invites_states_to_accede_or_calls_for_a_un_instrument(norms):
    """Seed 000: "expanding and participating in international agreements such as the
    Budapest Convention"; the Russian Federation never signed it and argued for a universal UN
    instrument; the UN expert group on cybercrime met first in January 2011 (UNODC)."""
    first, second, third = options(norms.spec, "law-enforcement")
    assert "inviting all States to consider acceding to the Council of Europe Convention on Cybercrime (Budapest, 2001)" in first
    assert "within the United Nations, of a universal legal instrument" in second
    assert "Convention on Cybercrime" in third and "expert group on cybercrime" in third
    ten = next(i for i in norms.spec.injects if i.id == "budapest-ten")
    assert "55 countries have signed, ratified or been invited to accede" in ten.text


def test_the_coalitions_are_the_blocs(norms):
    """Like-minded States (seed 000: "the United States will work with like-minded states"),
    the six SCO members who in 2015 sent the updated Code (A/69/723), IBSA, and a swing group
    holding three of the Freedom Online Coalition's founders."""
    spec = norms.spec
    assert {b.id: b.lead for b in spec.blocs} == {"like-minded": "USA", "sco": "RUS", "ibsa": "BRA", "swing": "IDN"}
    assert set(spec.bloc_members("sco")) == SCO
    assert set(spec.bloc_members("ibsa")) == {"BRA", "IND", "ZAF"}
    founders = next(i for i in spec.injects if i.id == "freedom-online")
    named = {"KEN": "Kenya", "GHA": "Ghana", "MEX": "Mexico", "NLD": "the Netherlands", "USA": "the United States",
             "GBR": "the United Kingdom", "SWE": "Sweden", "EST": "Estonia", "CAN": "Canada", "FRA": "France"}
    for delegation_id, name in named.items():
        assert name in founders.text and delegation_id in founders.to
    assert {"KEN", "GHA", "MEX"} <= set(spec.bloc_members("swing"))


def test_consensus_first_then_two_thirds_a_teaching_device_that_says_so(norms):
    rule = norms.spec.rules["ministerial"]
    assert rule.consensus_first and rule.threshold is Threshold.TWO_THIRDS
    assert rule.citation.startswith("Scenario rule (teaching device)")
    assert {i.rule for i in norms.spec.agenda} == {"ministerial"}


def test_the_main_delegations_have_full_briefs_and_every_seat_a_position(norms):
    spec = norms.spec
    for delegation_id in MAIN:
        brief = spec.delegation(delegation_id).brief
        assert brief.red_lines and len(brief.objectives) >= 3, delegation_id
    for delegation in spec.delegations:
        assert delegation.brief.public_position and delegation.brief.private_instructions, delegation.id
        assert delegation.m49, delegation.id


def test_the_unattended_run_goes_through_every_paragraph_to_the_end(rehearsal):
    state = rehearsal.state
    assert state.ended and state.signing == "done"
    assert {i: s.status for i, s in state.items.items()} == dict.fromkeys(["chapeau", *PRIORITIES], "adopted")
    assert all("[" not in item.text for item in state.items.values())


def test_the_budapest_question_is_sounded_not_voted_and_settled_by_naming_both_tracks(rehearsal):
    """Designed outcome: placards show the invitation to accede and the UN instrument each
    short of two-thirds; both are withdrawn; the text that names the Convention and the UN
    expert group passes over the SCO's objection."""
    by_ref = outcomes_by_ref(rehearsal.state)
    for ref in ("budapest", "un-instrument"):
        (sounding,) = by_ref[ref]
        assert sounding.decision is Decision.INDICATIVE and sounding.method == "sounding"
        assert 3 * sounding.tally.yes < 2 * (sounding.tally.yes + sounding.tally.no), ref
    amendments = {rehearsal.state.spec.amendment_ref(a.item, a.text): a.status for a in rehearsal.state.amendments.values()}
    assert amendments["budapest"] == amendments["un-instrument"] == "withdrawn"
    blocked, vote = by_ref["law-enforcement"]
    assert set(blocked.objectors) == SCO
    assert vote.decision is Decision.ADOPTED and 3 * vote.tally.yes >= 2 * (vote.tally.yes + vote.tally.no)
    text = rehearsal.state.items["law-enforcement"].text
    assert "Convention on Cybercrime" in text and "expert group on cybercrime" in text
    assert "consider acceding" not in text and "universal legal instrument" not in text


def test_neither_self_defence_nor_information_weapons_reaches_two_thirds(rehearsal):
    """Designed outcome: self-defence has a majority, not two-thirds; "information weapons"
    has neither; the military paragraph keeps only further study in a UN Group of
    Governmental Experts, where the question went in 2012 (A/RES/66/24)."""
    by_ref = outcomes_by_ref(rehearsal.state)
    self_defence = by_ref["self-defence"][-1]
    assert self_defence.decision is Decision.REJECTED and self_defence.tally.yes > self_defence.tally.no
    assert by_ref["no-hostile-use"][-1].decision is Decision.REJECTED
    assert rehearsal.state.items["military"].text.endswith("in a new United Nations Group of Governmental Experts.")


def test_the_like_minded_carry_freedom_and_multi_stakeholder_governance_by_two_thirds(rehearsal):
    """Designed outcome: over the SCO's objections, with IBSA and the future Freedom Online
    founders; the IBSA body for Internet policy fails."""
    by_ref = outcomes_by_ref(rehearsal.state)
    for ref in ("open-reliable", "multistakeholder", "fundamental-freedoms"):
        blocked, vote = by_ref[ref]
        assert set(blocked.objectors) == SCO, ref
        assert vote.decision is Decision.ADOPTED, ref
        ballots = dict(vote.ballots)
        assert all(ballots[d].value == "yes" for d in ("KEN", "GHA", "MEX")), ref
    assert by_ref["un-body"][-1].decision is Decision.REJECTED
    items = rehearsal.state.items
    assert "fundamental freedoms online" in items["freedom"].text
    assert "multi-stakeholder" in items["governance"].text and "Internet Governance Forum" in items["governance"].text


def test_the_coalitions_split_at_endorsement(rehearsal):
    """Designed outcome: the like-minded group, IBSA and most of the swing group endorse (IBSA
    and Indonesia with national statements); the SCO, Egypt, Saudi Arabia and the United Arab
    Emirates do not."""
    state = rehearsal.state
    endorsed = {d for d, s in state.signatures.items() if s.kind.is_signature}
    assert set(state.spec.bloc_members("like-minded")) <= endorsed
    assert {"BRA", "IND", "ZAF", "KEN", "GHA", "MEX", "IDN"} <= endorsed
    assert not endorsed & (SCO | {"EGY", "SAU", "ARE"})
    assert {d for d, s in state.signatures.items() if s.kind is SignatureKind.RESERVATION} == {"BRA", "IND", "IDN"}
    assert "Convention on Cybercrime" in state.signatures["BRA"].text
    result = split(state)
    assert result.by_bloc[0] == ("like-minded", 12, 0) and result.by_bloc[1] == ("sco", 0, 6)
    assert 21 <= result.signed <= 22


@pytest.mark.parametrize("seed", [0, 4])
def test_the_same_seed_gives_the_same_meeting(norms, seed):
    assert play(norms.spec, seed=seed).records == play(norms.spec, seed=seed).records


def test_the_decisions_do_not_depend_on_the_seed(norms, rehearsal):
    """Loyalty draws only move followers in the swing group between voting and abstaining, or
    endorsing and staying away; no decision turns on them."""
    def decisions(state):
        return [(o.subject.id, o.decision, o.objectors) for o in state.outcomes]

    assert all(decisions(play(norms.spec, seed=seed).state) == decisions(rehearsal.state) for seed in (1, 2, 5))
