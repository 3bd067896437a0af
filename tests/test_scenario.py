"""Scenario files: what an instructor sees when a file is right, wrong, or hostile.

Errors are checked word for word, with file and line, because an author acts on exactly
that text.
"""

from __future__ import annotations

import hashlib
from types import MappingProxyType

import pytest

from game import scenario
from game.rules import Actor, execute, initial
from game.rules import commands as c
from game.rules.model import ConferenceSpec, Method, SignStance, Stance
from game.rules.values import Choice, Decision, Subject
from game.scenario import ScenarioError

TINY = """\
id: tiny
title: A tiny conference
rules:
  itu: {name: ITU rules, consensus_first: true}
blocs:
  - {id: BLOCA, name: Bloc A, lead: AAA}
delegations:
  - id: AAA
    name: Alpha
    bloc: BLOCA
  - id: BBB
    bloc: BLOCA
    name: Beta
agenda:
  - id: art1
    title: Article 1
    text: The parties [shall | may] cooperate.
    rule: itu
phases:
  - {id: plenary, name: Plenary}
"""


def broken(old: str, new: str) -> str:
    """The tiny scenario with one edit, checked to apply, so each test shows its mistake."""
    assert old in TINY
    return TINY.replace(old, new, 1)


def problems_in(text: str) -> str:
    with pytest.raises(ScenarioError) as caught:
        scenario.load_text(text, "broken.yaml")
    return str(caught.value)


# --- the bundled scenarios -----------------------------------------------------------------


def test_the_classroom_starter_validates_into_a_six_delegation_conference():
    starter = scenario.find("classroom-starter")
    spec = starter.spec
    assert isinstance(spec, ConferenceSpec)
    assert starter.warnings == ()
    assert len(spec.delegations) == 6
    assert [len(spec.bloc_members(b.id)) for b in spec.blocs] == [3, 3]
    assert all(b.lead in spec.bloc_members(b.id) for b in spec.blocs)
    assert spec.roll_call.language == "fr"
    assert all(set(d.sort_names) == {"fr", "en"} for d in spec.delegations)
    assert all(2 <= len(d.brief.objectives) <= 3 for d in spec.delegations)


def test_the_starter_decides_by_itu_rules_with_consensus_first():
    rule = scenario.find("classroom-starter").spec.rules["itu"]
    assert rule.consensus_first and rule.abstentions_postpone
    assert rule.citation == "ITU Convention No. 410-416"
    assert rule.methods == (Method.SHOW_OF_HANDS, Method.ROLL_CALL, Method.SECRET_BALLOT)


def test_the_starter_converts_to_frozen_rules_types():
    spec = scenario.find("classroom-starter").spec
    assert isinstance(spec.rules, MappingProxyType)
    assert isinstance(spec.delegation("USA").policy.positions, MappingProxyType)
    assert isinstance(spec.phases[0].allows, frozenset)
    assert spec.delegation("SWE").policy.loyalty == 0.9, "the defaults block fills in loyalty"


def test_an_unplayed_starter_conference_carries_a_contested_amendment_by_vote():
    """Autopilot seats follow their leads: the open bloc's lead objects, the vote then carries
    the right of access 3-2 with Kenya abstaining, as WCIT-12's preamble vote carried."""
    spec = scenario.find("classroom-starter").spec
    state, at = initial(spec), 0.0

    def run(actor: Actor, command_type: type, **fields: object) -> None:
        nonlocal state, at
        at += 100
        state, _ = execute(state, actor, command_type(at=at, **fields))

    chair, access = Actor.chair(), spec.item("preamble").text.split("[")[2].rstrip("]")
    run(chair, c.StartSession)
    run(chair, c.SeatPlayer, player="p1", name="Student", delegation="RUS")
    run(chair, c.ChangePhase, phase="negotiation")
    run(Actor.delegate("RUS"), c.ProposeAmendment, item="preamble", bracket="b2", text=access)
    run(chair, c.ChangePhase, phase="decisions")
    amendment = Subject("amendment", "A1")
    run(chair, c.CallForObjections, subject=amendment, seconds=600)
    run(chair, c.RunAutopilot, seed=1)
    run(chair, c.CloseDecision)
    assert state.outcomes[-1].decision is Decision.BLOCKED
    run(chair, c.CallVote, subject=amendment, method="roll_call")
    run(Actor.delegate("RUS"), c.CastBallot, choice=Choice.YES)
    run(chair, c.RunAutopilot, seed=1)
    run(chair, c.CloseDecision)
    outcome = state.outcomes[-1]
    assert outcome.decision is Decision.ADOPTED
    assert (outcome.tally.yes, outcome.tally.no, outcome.tally.abstain) == (3, 2, 1)


def test_every_bundled_scenario_validates_and_has_its_own_id():
    loaded = scenario.bundled()
    assert "classroom-starter" in [s.id for s in loaded]
    assert len({s.id for s in loaded}) == len(loaded)


def test_an_unknown_scenario_id_names_the_bundled_ones():
    with pytest.raises(scenario.ScenarioNotFound, match="there are: .*classroom-starter"):
        scenario.find("classroom-stater")


def test_the_version_is_the_sha256_of_the_exact_text():
    loaded = scenario.load_text(TINY + "# a comment changes the version\n")
    assert loaded.version == hashlib.sha256(loaded.text.encode()).hexdigest()
    assert loaded.version != scenario.load_text(TINY).version


def test_a_file_loads_with_its_path_and_exact_text(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_bytes(TINY.replace("\n", "\r\n").encode())
    loaded = scenario.load_file(path)
    assert loaded.path == path and loaded.text == TINY.replace("\n", "\r\n")


# --- mistakes, in plain words ----------------------------------------------------------------


def test_a_misspelt_bloc_names_file_line_field_and_the_bloc_meant():
    assert problems_in(broken("    bloc: BLOCA\n    name: Beta", "    bloc: BLOCX\n    name: Beta")) == (
        "broken.yaml:12: delegations[1].bloc: 'BLOCX' is not a bloc defined in this scenario (did you mean 'BLOCA'?)"
    )


def test_an_unknown_field_suggests_the_field_meant_and_a_missing_one_is_required():
    assert problems_in(broken("    name: Beta", "    nmae: Beta")) == (
        "broken.yaml:11: delegations[1].name: field required\n"
        "broken.yaml:13: delegations[1].nmae: unknown field 'nmae' (did you mean 'name'?)"
    )


def test_a_missing_top_level_field_is_required():
    assert problems_in(broken("title: A tiny conference\n", "")) == "broken.yaml:1: title: field required"


def test_a_field_in_the_wrong_block_says_which_block_it_belongs_under():
    assert problems_in(broken("    name: Beta", "    name: Beta\n    loyalty: 0.5")) == (
        "broken.yaml:14: delegations[1].loyalty: unknown field 'loyalty' here (it belongs under 'policy')"
    )


def test_an_unknown_stance_lists_the_stances_allowed():
    assert problems_in(broken("    name: Beta", "    name: Beta\n    policy: {default: maybe}")) == (
        "broken.yaml:14: delegations[1].policy.default: must be one of: yes, no, abstain, object, absent, follow_lead"
    )


def test_yes_and_no_are_stances_not_booleans():
    loaded = scenario.load_text(broken("    name: Beta", "    name: Beta\n    policy: {default: yes, positions: {art1: no}}"))
    policy = loaded.spec.delegation("BBB").policy
    assert (policy.default, policy.positions["art1"]) == (Stance.YES, Stance.NO)


def test_an_m49_code_keeps_its_leading_zero():
    loaded = scenario.load_text(broken("    name: Beta", "    name: Beta\n    m49: 040"))
    assert loaded.spec.delegation("BBB").m49 == "040"


def test_a_number_where_text_belongs_asks_for_quotes():
    assert problems_in(broken("    name: Beta", "    name: 1984")) == (
        "broken.yaml:13: delegations[1].name: must be text, not the number 1984; put it in quotes"
    )


def test_an_unclosed_bracket_in_a_draft_is_reported_against_its_text():
    assert problems_in(broken("[shall | may] cooperate", "[shall | may cooperate")) == (
        "broken.yaml:17: agenda[0].text: The bracket opened at character 13 is never closed."
    )


def test_every_broken_cross_reference_is_reported_at_once():
    text = broken("lead: AAA}", "lead: BBX}")
    text = text.replace("    rule: itu", "    rule: itv")
    text += "injects:\n  - {id: news, title: News, text: Hello, to: [AAB]}\n"
    assert problems_in(text) == (
        "broken.yaml:6: blocs[0].lead: 'BBX' is not a delegation defined in this scenario (did you mean 'BBB'?)\n"
        "broken.yaml:18: agenda[0].rule: 'itv' is not a decision rule defined in this scenario (did you mean 'itu'?)\n"
        "broken.yaml:22: injects[0].to[0]: 'AAB' is not a delegation defined in this scenario (did you mean 'AAA'?)"
    )


def test_a_bloc_lead_must_belong_to_its_bloc():
    text = broken("  - id: BBB\n    bloc: BLOCA\n", "  - id: BBB\n").replace("lead: AAA}", "lead: BBB}")
    assert problems_in(text) == "broken.yaml:6: blocs[0].lead: 'BBB' cannot lead 'BLOCA': it is not a member (it belongs to no bloc)"


def test_ids_must_be_unique():
    assert problems_in(broken("  - id: BBB", "  - id: AAA")) == (
        "broken.yaml:11: delegations[1].id: 'AAA' is already the id of another delegation (delegations[0]); ids must be unique"
    )


def test_a_key_given_twice_is_refused_rather_than_silently_replaced():
    assert problems_in(broken("    name: Beta", "    name: Beta\n    name: Gamma")) == (
        "broken.yaml:14: delegations[1].name: 'name' is given twice in this block (first on line 13); give it once"
    )


def test_an_objective_about_an_item_must_name_one():
    objective = "    brief:\n      objectives:\n        - {id: o1, text: Win, kind: item_adopted}"
    assert problems_in(broken("    name: Beta", f"    name: Beta\n{objective}")) == (
        "broken.yaml:16: delegations[1].brief.objectives[0].item: an objective of kind 'item_adopted' needs 'item': the agenda item it is about"
    )


def test_a_bloc_lead_that_would_follow_a_lead_is_flagged_as_advice():
    loaded = scenario.load_text(TINY, "tiny.yaml")
    assert [str(w).split(":")[:3] for w in loaded.warnings] == [["tiny.yaml", "8", " delegations[0].policy"]]
    assert "leads bloc 'BLOCA' but on autopilot would follow a lead" in loaded.warnings[0].message


def test_defaults_fill_in_what_a_delegation_leaves_unsaid():
    text = broken("delegations:", "defaults:\n  policy: {default: abstain, signs: sign, positions: {art1: yes}}\ndelegations:")
    text = text.replace("    name: Beta", "    name: Beta\n    policy: {positions: {art1: no}}")
    spec = scenario.load_text(text).spec
    alpha, beta = spec.delegation("AAA").policy, spec.delegation("BBB").policy
    assert (alpha.default, alpha.signs, alpha.positions["art1"]) == (Stance.ABSTAIN, SignStance.SIGN, Stance.YES)
    assert (beta.default, beta.positions["art1"]) == (Stance.ABSTAIN, Stance.NO)


# --- hostile files -----------------------------------------------------------------------------

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BILLION_LAUGHS, "bomb.yaml:1: a: aliases and anchors are not allowed in scenario files"),
        (
            "id: x\ntitle: !!python/object/apply:os.system [echo owned]\n",
            "bomb.yaml:2: title: the tag '!!python/object/apply:os.system' is not allowed in scenario files; write plain values",
        ),
        (
            "id: x\nhistory: " + "[" * 30 + "]" * 30 + "\n",
            "bomb.yaml:2: history" + "[0]" * 19 + ": nesting deeper than 20 levels is not allowed in scenario files",
        ),
        ("id: x\ntitle: [unclosed\n", "bomb.yaml:3: (file): this is not valid YAML: while parsing a flow sequence; expected ',' or ']', but got '<stream end>'"),
        ("- a list\n", "bomb.yaml:1: (file): a scenario file holds fields (id, title, delegations...), one 'name: value' per line"),
        ("id: \"\x00\"\n", "bomb.yaml:1: (file): the file holds a control character (#x0000) that YAML does not allow"),
    ],
    ids=["alias-bomb", "python-object", "deep-nesting", "bad-syntax", "not-a-mapping", "control-character"],
)
def test_a_hostile_or_malformed_file_is_refused_with_a_plain_message(text, expected):
    with pytest.raises(ScenarioError) as caught:
        scenario.load_text(text, "bomb.yaml")
    assert str(caught.value) == expected


def test_a_file_over_one_megabyte_is_refused_before_it_is_parsed(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"id: x\n" + b"[" * 2_000_000)
    with pytest.raises(ScenarioError) as caught:
        scenario.load_file(path)
    assert str(caught.value) == f"{path}:1: (file): the file is 2.0 MB; a scenario file may be at most 1 MB"
    with pytest.raises(ScenarioError, match="at most 1 MB"):
        scenario.load_text("#" * 2_000_000, "big.yaml")


def test_a_file_that_is_not_utf8_says_so_with_its_line(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\ntitle: Sécurité\n".encode("latin-1"))
    with pytest.raises(ScenarioError) as caught:
        scenario.load_file(path)
    assert str(caught.value) == f"{path}:2: (file): the file is not UTF-8 text; save it as UTF-8"


# --- the JSON Schema ---------------------------------------------------------------------------


def test_the_json_schema_forbids_unknown_fields_in_every_block():
    schema = scenario.json_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["title"] == "Plenary scenario"
    blocks = [schema, *(d for d in schema["$defs"].values() if d.get("type") == "object")]
    assert len(blocks) > 10
    assert all(block["additionalProperties"] is False for block in blocks)


def test_the_json_schema_describes_fields_for_editors():
    rule = scenario.json_schema()["$defs"]["RuleModel"]["properties"]
    assert "ITU No. 416" in rule["abstentions_postpone"]["description"]


# --- the course ----------------------------------------------------------------------------

COURSED = TINY + """\
course:
  - amend: {ref: shall, item: art1, bracket: b1, option: 1, by: [AAA]}
  - decide: {subject: shall, method: consensus, then: roll_call}
  - sign
"""


def test_a_course_converts_into_steps_with_the_alternative_taken_out_of_its_bracket():
    steps = scenario.load_text(COURSED).spec.course
    assert [(s.action, s.target) for s in steps] == [("amend", "shall"), ("decide", "shall"), ("sign", "")]
    assert (steps[0].item, steps[0].bracket, steps[0].text, steps[0].by) == ("art1", "b1", "shall", ("AAA",))
    assert (steps[1].method, steps[1].then) == ("consensus", "roll_call")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("option: 1", "option: 3", "broken.yaml:22: course[0].amend.option: bracket b1 of 'art1' has 2 alternatives (a lone option counts keeping and deleting as two)"),
        ("option: 1", "option: 1, text: shall", "broken.yaml:22: course[0].amend: give either 'option' (one of the bracket's alternatives) or 'text', not both or neither"),
        ("bracket: b1", "bracket: b7", "broken.yaml:22: course[0].amend.bracket: 'b7' is not a bracket of 'art1' defined in this scenario; it defines: b1"),
        ("by: [AAA]", "by: [AAB]", "broken.yaml:22: course[0].amend.by[0]: 'AAB' is not a delegation defined in this scenario (did you mean 'AAA'?)"),
        ("subject: shall", "subject: shal", "broken.yaml:23: course[1].decide.subject: 'shal' is not an agenda item or an amendment proposed earlier in the course defined in this scenario (did you mean 'shall'?)"),
        ("then: roll_call", "rough: true", "broken.yaml:23: course[1].decide.rough: 'art1' is decided under 'itu', which does not allow rough consensus: set rough_consensus: true on the rule"),
        ("  - sign\n", "  - sign\n  - {sign: true, end: true}\n", "broken.yaml:25: course[3]: each course step does one thing: phase, inject, reading, amend, accept, withdraw, decide, sign or end (this one has sign, end)"),
        ("  - sign\n", "  - signs\n", "broken.yaml:24: course[2]: 'signs' is not a course step; a step is one of phase, inject, reading, amend, accept, withdraw, decide, sign or end"),
    ],
    ids=["option-out-of-range", "option-and-text", "unknown-bracket", "unknown-sponsor", "decide-before-amend", "rough-not-allowed", "two-things", "unknown-word"],
)
def test_a_broken_course_step_is_reported_at_its_line(old, new, expected):
    assert problems_in(COURSED.replace(old, new, 1)) == expected


def test_positions_may_name_a_course_amendment_but_nothing_else():
    text = COURSED.replace("    name: Alpha\n", "    name: Alpha\n    policy: {positions: {shall: \"no\", shal: \"no\"}}\n")
    assert problems_in(text).endswith("positions.shal: 'shal' is not an agenda item or a course amendment defined in this scenario (did you mean 'shall'?)")
