"""The classroom starter: a first lesson whose course replays WCIT-12 in six delegations.

The designed story follows the record in shared/reference/wcit12-facts.json: the preamble
with "human rights obligations" and "the right of access of Member States" carried by a vote
(77-33-8 in Dubai); Article 5A without "national security"; the Internet resolution only
sounded, "the feel of the room", never counted; and a split at signing, 89 signed and 55 did
not, the United States, Sweden and Kenya among those that did not.
"""

from __future__ import annotations

import pytest

from game import scenario
from game.rules.scoring import score, total
from game.rules.signing import split
from game.rules.unattended import play
from game.rules.values import Decision

SEEDS = (0, 1, 2, 5, 11)


@pytest.fixture(scope="module")
def starter():
    return scenario.find("classroom-starter")


@pytest.fixture(scope="module")
def rehearsal(starter):
    return play(starter.spec, seed=0)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_course_ends_in_the_designed_split_whatever_the_seed(starter, seed):
    """WCIT-12: "89 signed, 55 did not"; in six seats, one bloc signs and the other does not:
    the Russian Federation, China and Saudi Arabia (with its reservation) sign; the United
    States, Sweden and Kenya do not."""
    state = play(starter.spec, seed=seed).state
    signed = {d for d, s in state.signatures.items() if s.kind.is_signature}
    assert signed == {"RUS", "CHN", "SAU"}
    assert split(state).describe() == "3 signed, 3 did not sign (of 6 entitled to sign); 1 with reservations or declarations"
    assert state.signatures["SAU"].text.startswith("The Kingdom of Saudi Arabia reserves the right")


def test_the_preamble_is_carried_by_a_vote_over_the_open_groups_objection(rehearsal):
    """Dubai, 13 December 2012: Iran asked for a vote on the preamble, "human rights
    obligations" and "the right of access of Member States" included: adopted 77-33-8."""
    state = rehearsal.state
    on_preamble = [o for o in state.outcomes if o.subject.id == "preamble"]
    assert [o.decision for o in on_preamble] == [Decision.BLOCKED, Decision.ADOPTED]
    assert "USA" in on_preamble[0].objectors
    assert on_preamble[1].method == "roll_call" and on_preamble[1].tally.yes > on_preamble[1].tally.no
    assert state.items["preamble"].text == (
        "Member States affirm their commitment to implement these Regulations in a manner that respects and "
        "upholds their human rights obligations. These Regulations recognize the right of access of Member "
        "States to international telecommunication services."
    )


def test_national_security_does_not_survive_article_5a(rehearsal):
    """"The final Article 5A reads 'in order to achieve effective use thereof and avoidance of
    technical harm thereto'": Russia's amendment is withdrawn and the article adopted by vote."""
    state = rehearsal.state
    article = state.items["art5a"]
    assert article.status == "adopted"
    assert "avoidance of technical harm thereto" in article.text and "national security" not in article.text
    assert [o.decision for o in state.outcomes if o.subject.id == "art5a"] == [Decision.BLOCKED, Decision.ADOPTED]


def test_the_internet_resolution_is_sounded_but_never_decided(rehearsal):
    """The chair of WCIT-12 took "the feel of the room" with placards and "said it had not been
    a vote"; under the starter's consensus-only rule, the Open Internet Group's objection then
    blocks it for good."""
    on_resolution = [o for o in rehearsal.state.outcomes if o.subject.id == "res-internet"]
    assert [o.decision for o in on_resolution] == [Decision.INDICATIVE, Decision.BLOCKED]
    assert rehearsal.state.items["res-internet"].status != "adopted"


def test_the_same_seed_gives_the_same_lesson(starter):
    assert play(starter.spec, seed=3).records == play(starter.spec, seed=3).records


def test_objectives_are_balanced_six_points_each(starter):
    """Every delegation can earn the same six points, so a grade compares like with like."""
    for delegation in starter.spec.delegations:
        assert sum(o.points for o in delegation.brief.objectives) == 6, delegation.id


def test_played_as_designed_each_bloc_wins_something(starter, rehearsal):
    """History's split is not a rout: the open group keeps "national security" and the
    resolution out; the sovereign group gets its treaty, Article 5A and the right of access."""
    earned = {d.id: total(score(rehearsal.state, d.id))[0] for d in starter.spec.delegations}
    assert earned == {"USA": 5, "SWE": 4, "KEN": 5, "RUS": 4, "CHN": 4, "SAU": 4}
    for bloc in starter.spec.blocs:
        assert sum(earned[m] for m in starter.spec.bloc_members(bloc.id)) >= 12


def test_its_sources_are_the_files_the_facts_come_from(starter):
    """Each fact above is cited: the seed, the reference file, and the page it was read from."""
    sources = " ".join(starter.sources)
    for cited in ("seeds/003_", "wcit12-facts.json", "rules-of-procedure.json", "treaties-signing"):
        assert cited in sources
