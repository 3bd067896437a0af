"""Every shipped scenario, as issue by issue the library grows: it validates, it cites its
sources, it has an instructor guide, and its course runs unattended to the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from game import scenario as scenarios
from game.rules.signing import split
from game.rules.unattended import play
from tests.scenarios.support import readings_of

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = scenarios.bundled()


def test_the_library_holds_the_five_scenarios_the_product_lists():
    assert {s.id for s in BUNDLED} == {
        "classroom-starter", "wcit-12", "unga-2011-code-of-conduct", "netmundial-2014", "cyber-norms-2011",
    }


@pytest.mark.parametrize("loaded", BUNDLED, ids=lambda s: s.id)
def test_a_bundled_scenario_is_ready_for_class(loaded):
    """Validates without warnings, cites the seed documents it draws on, and has its guide."""
    assert not loaded.warnings, [str(w) for w in loaded.warnings]
    assert any("seeds/" in source for source in loaded.sources), "cites the seed files by name"
    guide = ROOT / "docs" / "guides" / f"{loaded.id}.md"
    text = guide.read_text(encoding="utf-8").lower()
    for part in ("learning goals", "50", "90", "10", "20", "40", "debrief"):
        assert part in text, f"{guide.name} covers {part!r}"


@pytest.mark.parametrize("loaded", BUNDLED, ids=lambda s: s.id)
def test_an_unattended_run_completes_to_the_end(loaded):
    """With every seat on autopilot the course reaches signing and the end of the session,
    with every delegation entitled to sign having signed or declined."""
    state = play(loaded.spec, seed=1).state
    assert state.ended
    assert state.signing == "done", "signing opened and closed"
    result = split(state)
    assert result.eligible == sum(1 for d in loaded.spec.delegations if d.credentials.may_sign)
    assert len(state.signatures) == result.eligible
    assert state.outcomes, "the conference decided something"


@pytest.mark.parametrize("loaded", BUNDLED, ids=lambda s: s.id)
def test_every_text_objective_can_be_met_by_some_text_the_draft_offers(loaded):
    """"Copy each phrase from one of the bracket's options, so that it can actually appear"
    (docs/authoring.md): an objective no text can meet scores nobody."""
    spec = loaded.spec
    for delegation in spec.delegations:
        for objective in delegation.brief.objectives:
            if objective.phrase is None:
                continue
            offered = readings_of(spec.item(objective.item).text)
            offered += [step.text.casefold() for step in spec.course if step.action == "amend" and step.item == objective.item]
            assert any(objective.phrase.casefold() in text for text in offered), (delegation.id, objective.id)
