"""An outcome: the change harvested, its links, stage changes and substantiation."""

from datetime import date
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain import Outcome
from domain.errors import InvalidRecord

COALITION = uuid4()
EVIDENCE, DIALOGUE, COMMITMENT, BUDGET_LINE = uuid4(), uuid4(), uuid4(), uuid4()
ON = date(2025, 7, 15)
LATER = date(2025, 9, 1)
BY = "wanjiru"

LINK_KINDS = ("evidence", "advocacy_inputs", "dialogues", "commitments", "budget_lines")
CHANGE_TYPES = ("policy", "budget", "practice", "behaviour", "institutional", "relationship")
STAGES = (
    "agenda_setting",
    "formulation",
    "adoption",
    "budgeting",
    "implementation",
    "monitoring",
    "blocked",
    "reversed",
)


def links(**kinds: list[Any]) -> dict[str, list[Any]]:
    """Links under each of the five kinds, empty unless given."""
    return {kind: kinds.get(kind, []) for kind in LINK_KINDS} | kinds


def harvested_outcome(**overrides: Any) -> Outcome:
    """A valid outcome: village priorities reflected in the county budget."""
    fields: dict[str, Any] = {
        "coalition": COALITION,
        "description": "Makueni County funded the Ngiluni community action plan in 2025/26",
        "social_actor": "Makueni County Assembly",
        "change_type": "budget",
        "stage": "budgeting",
        "significance": "Women and youth are over 40% of the new climate change committees",
        "contribution": "The coalition presented the citizen data at the county budget forum",
        "links": links(
            evidence=[EVIDENCE],
            dialogues=[DIALOGUE],
            commitments=[COMMITMENT],
            budget_lines=[BUDGET_LINE],
        ),
        "occurred_on": ON,
        "recorded_by": BY,
    }
    fields.update(overrides)
    return Outcome.create(**fields)


def fresh_outcome(**overrides: Any) -> Outcome:
    """A valid outcome whose creating event is already collected."""
    outcome = harvested_outcome(**overrides)
    outcome.collect_events()
    return outcome


def refusal(**overrides: Any) -> dict[str, list[str]]:
    """The problems found in an outcome harvested with these fields."""
    with pytest.raises(InvalidRecord) as refused:
        harvested_outcome(**overrides)
    return refused.value.errors


def test_an_outcome_is_harvested_with_its_links_and_no_substantiation_yet():
    outcome = harvested_outcome()
    assert outcome.links["commitments"] == [COMMITMENT]
    assert outcome.links["advocacy_inputs"] == []
    assert outcome.substantiations == []
    assert [type(event).__name__ for event in outcome.collect_events()] == ["Harvested"]


def test_an_outcome_may_be_linked_to_nothing_yet():
    assert harvested_outcome(links=links()).links == links()


@pytest.mark.parametrize("missing", LINK_KINDS)
def test_links_must_name_every_one_of_the_five_kinds(missing):
    given = links()
    del given[missing]
    assert set(refusal(links=given)) == {"links"}


@pytest.mark.parametrize("extra", ["coalitions", "outcomes", "evidences"])
def test_links_may_not_name_another_kind(extra):
    assert set(refusal(links=links() | {extra: []})) == {"links"}


@pytest.mark.parametrize("given", [None, [], [EVIDENCE], "evidence"])
def test_links_must_be_grouped_by_kind(given):
    assert set(refusal(links=given)) == {"links"}


@pytest.mark.parametrize("kind", LINK_KINDS)
@pytest.mark.parametrize("ids", [[str(EVIDENCE)], [None], str(EVIDENCE), None, {EVIDENCE}])
def test_links_of_each_kind_must_be_lists_of_record_ids(kind, ids):
    assert set(refusal(links=links() | {kind: ids})) == {f"links.{kind}"}


@pytest.mark.parametrize("kind", LINK_KINDS)
def test_links_of_each_kind_must_not_repeat_a_record(kind):
    twice = UUID(int=5)
    assert set(refusal(links=links() | {kind: [twice, twice]})) == {f"links.{kind}"}


def test_every_bad_kind_of_link_is_named():
    errors = refusal(links=links(evidence=["x"], budget_lines=[BUDGET_LINE, BUDGET_LINE]))
    assert set(errors) == {"links.evidence", "links.budget_lines"}


@pytest.mark.parametrize("change_type", CHANGE_TYPES)
def test_each_change_type_is_accepted(change_type):
    assert harvested_outcome(change_type=change_type).change_type == change_type


@pytest.mark.parametrize("change_type", ["legal", "Policy", "", None])
def test_a_change_type_outside_the_vocabulary_is_refused(change_type):
    assert set(refusal(change_type=change_type)) == {"change_type"}


@pytest.mark.parametrize("stage", STAGES)
def test_each_policy_stage_is_accepted(stage):
    assert harvested_outcome(stage=stage).stage == stage


@pytest.mark.parametrize("stage", ["agenda setting", "passed", "", None])
def test_a_policy_stage_outside_the_vocabulary_is_refused(stage):
    assert set(refusal(stage=stage)) == {"stage"}


@pytest.mark.parametrize("field", ["description", "social_actor"])
def test_who_changed_what_must_be_said(field):
    assert set(refusal(**{field: ""})) == {field}


@pytest.mark.parametrize("field", ["significance", "contribution"])
def test_significance_and_contribution_may_be_left_empty(field):
    assert getattr(harvested_outcome(**{field: ""}), field) == ""


@pytest.mark.parametrize(
    "field",
    [
        "coalition",
        "description",
        "social_actor",
        "change_type",
        "stage",
        "significance",
        "contribution",
        "links",
        "occurred_on",
    ],
)
def test_each_required_field_must_be_given(field):
    fields = {**harvested_outcome().fields(), "occurred_on": ON, "recorded_by": BY}
    del fields[field]
    with pytest.raises(InvalidRecord) as refused:
        Outcome.create(**fields)
    assert refused.value.errors == {field: ["is required"]}


def test_an_unknown_field_is_refused():
    assert refusal(verdict="agree") == {"verdict": ["is not a field of this record"]}


def test_every_bad_field_is_named_in_one_refusal():
    errors = refusal(coalition="ke", description="", change_type="legal", links={})
    assert set(errors) == {"coalition", "description", "change_type", "links"}


@pytest.mark.parametrize("stage", STAGES)
def test_the_stage_changes(stage):
    outcome = fresh_outcome(stage="adoption")
    outcome.change_stage(stage, "", LATER, BY)
    assert outcome.stage == stage
    (changed,) = outcome.collect_events()
    assert isinstance(changed, Outcome.StageChanged)
    assert (changed.stage, changed.occurred_on) == (stage, LATER)


def test_a_change_may_move_back_to_blocked_and_on_again():
    outcome = fresh_outcome(stage="implementation")
    outcome.change_stage("blocked", "court injunction", LATER, BY)
    outcome.change_stage("implementation", "injunction lifted", date(2025, 10, 1), BY)
    assert outcome.stage == "implementation"


@pytest.mark.parametrize("stage", ["passed", "", None])
def test_a_stage_change_outside_the_vocabulary_is_refused(stage):
    outcome = fresh_outcome()
    with pytest.raises(InvalidRecord) as refused:
        outcome.change_stage(stage, "", LATER, BY)
    assert set(refused.value.errors) == {"stage"}
    assert outcome.stage == "budgeting"
    assert outcome.collect_events() == []


def test_a_stage_change_dated_after_tomorrow_is_refused():
    outcome = fresh_outcome()
    with pytest.raises(InvalidRecord) as refused:
        outcome.change_stage("adoption", "", date(2999, 1, 1), BY)
    assert set(refused.value.errors) == {"occurred_on"}


@pytest.mark.parametrize("verdict", ["agree", "partially_agree", "disagree"])
def test_an_evaluator_substantiates_the_outcome(verdict):
    outcome = fresh_outcome()
    outcome.substantiate(verdict, "confirmed with the county treasury", LATER, "evaluator")
    assert outcome.substantiations == [
        {
            "verdict": verdict,
            "note": "confirmed with the county treasury",
            "occurred_on": LATER,
            "by": "evaluator",
            "source": "member",
            "name": None,
        }
    ]
    assert [type(event).__name__ for event in outcome.collect_events()] == ["Substantiated"]


def test_an_outside_person_substantiates_the_outcome_asked_by_a_user():
    outcome = fresh_outcome()
    outcome.substantiate("agree", "seen it", LATER, "asker", source="outside", name="Mary Mutua")
    (found,) = outcome.substantiations
    assert (found["source"], found["name"], found["by"]) == ("outside", "Mary Mutua", "asker")


@pytest.mark.parametrize(
    ("source", "name", "field"),
    [("outside", None, "name"), ("outside", " ", "name"), ("member", "X", "name"),
     ("anyone", None, "source")],
)  # fmt: skip
def test_an_outside_substantiation_names_who_gave_it_and_only_it_does(source, name, field):
    outcome = fresh_outcome()
    with pytest.raises(InvalidRecord) as refused:
        outcome.substantiate("agree", "", LATER, BY, source=source, name=name)
    assert set(refused.value.errors) == {field}
    assert outcome.collect_events()[1:] == []


def test_a_version_1_substantiation_is_read_as_a_members():
    state = {"verdict": "agree", "note": "", "occurred_on": LATER, "recorded_by": BY}
    Outcome.Substantiated.upcast_v1_v2(state)
    assert (state["source"], state["name"]) == ("member", None)


def test_every_substantiation_is_kept_in_order():
    outcome = fresh_outcome()
    outcome.substantiate("disagree", "", LATER, "first evaluator")
    outcome.substantiate("agree", "", date(2025, 9, 2), "second evaluator")
    assert [s["verdict"] for s in outcome.substantiations] == ["disagree", "agree"]


@pytest.mark.parametrize("verdict", ["maybe", "Agree", "partially agree", "", None])
def test_a_verdict_outside_the_vocabulary_is_refused(verdict):
    outcome = fresh_outcome()
    with pytest.raises(InvalidRecord) as refused:
        outcome.substantiate(verdict, "", LATER, "evaluator")
    assert set(refused.value.errors) == {"verdict"}
    assert outcome.substantiations == []
    assert outcome.collect_events() == []


def test_a_substantiation_does_not_change_the_outcome():
    outcome = fresh_outcome()
    before = outcome.fields()
    outcome.substantiate("disagree", "no budget line found", LATER, "evaluator")
    assert outcome.fields() == before


def test_a_correction_is_a_corrected_event():
    outcome = fresh_outcome()
    outcome.correct({"social_actor": "Makueni County Executive"}, "wrong body", LATER, BY)
    assert outcome.social_actor == "Makueni County Executive"
    (corrected,) = outcome.collect_events()
    assert isinstance(corrected, Outcome.Corrected)
    assert corrected.changes == {"social_actor": "Makueni County Executive"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("coalition", uuid4()), ("stage", "adoption"), ("links", links())],
)
def test_a_field_that_is_not_correctable_is_refused(field, value):
    outcome = fresh_outcome()
    with pytest.raises(InvalidRecord) as refused:
        outcome.correct({field: value}, "wrong", LATER, BY)
    assert set(refused.value.errors) == {field}
    assert outcome.collect_events() == []


def test_a_correction_needs_a_reason():
    outcome = fresh_outcome()
    with pytest.raises(InvalidRecord) as refused:
        outcome.correct({"significance": "big"}, "", LATER, BY)
    assert set(refused.value.errors) == {"reason"}


def test_a_corrected_record_is_checked_whole():
    outcome = fresh_outcome()
    with pytest.raises(InvalidRecord) as refused:
        outcome.correct({"description": " ", "change_type": "legal"}, "wrong", LATER, BY)
    assert set(refused.value.errors) == {"description", "change_type"}
    assert outcome.change_type == "budget"
    assert outcome.collect_events() == []


def outcome_with_history() -> Outcome:
    """An outcome that went through every kind of event."""
    outcome = harvested_outcome()
    outcome.change_stage("implementation", "funds released", LATER, BY)
    outcome.substantiate("partially_agree", "committees formed, seedlings pending", LATER, "ev")
    outcome.correct({"change_type": "practice"}, "mis-classified", date(2025, 9, 2), BY)
    return outcome


@pytest.mark.parametrize("history", [harvested_outcome, outcome_with_history])
def test_an_outcome_rebuilt_from_its_events_equals_the_original(history):
    original = history()
    rebuilt = None
    for event in original.collect_events():
        rebuilt = event.mutate(rebuilt)
    assert isinstance(rebuilt, Outcome)
    assert vars(rebuilt) == vars(original)
