"""A coalition: its code, country, name and member organisations."""

from datetime import date
from typing import Any

import pytest

from domain import Coalition
from domain.coalitions import coalition_id
from domain.errors import InvalidRecord

ON = date(2025, 1, 10)
LATER = date(2025, 3, 1)
BY = "wanjiru"


def registered_coalition(**overrides: Any) -> Coalition:
    """A valid country coalition, Kenya's."""
    fields: dict[str, Any] = {
        "code": "ke",
        "name": "Kenya SDG Forum",
        "country": "KE",
        "occurred_on": ON,
        "recorded_by": BY,
    }
    fields.update(overrides)
    return Coalition.create(**fields)


def refusal(**overrides: Any) -> dict[str, list[str]]:
    """The problems found in a coalition registered with these fields."""
    with pytest.raises(InvalidRecord) as refused:
        registered_coalition(**overrides)
    return refused.value.errors


def event_names(coalition: Coalition) -> list[str]:
    """The names of the events recorded since they were last collected."""
    return [type(event).__name__ for event in coalition.collect_events()]


def test_a_coalition_is_registered_with_its_code_name_and_country():
    coalition = registered_coalition()
    assert coalition.fields() == {"code": "ke", "name": "Kenya SDG Forum", "country": "KE"}
    assert coalition.members == []
    assert event_names(coalition) == ["Registered"]


def test_a_global_member_is_registered_without_a_country():
    coalition = Coalition.create(
        code="global", name="Global members", occurred_on=ON, recorded_by=BY
    )
    assert coalition.country is None


@pytest.mark.parametrize("code", ["ke", "np", "bd", "global", "abcdefgh"])
def test_a_code_of_two_to_eight_lower_case_letters_is_accepted(code):
    assert registered_coalition(code=code).code == code


@pytest.mark.parametrize(
    "code", ["k", "abcdefghi", "KE", "Ke", "k1", "ke-n", "ke n", "", " ke", "ke\n", 12, None]
)
def test_a_code_of_another_form_is_refused(code):
    assert set(refusal(code=code)) == {"code"}


@pytest.mark.parametrize("country", ["KE", "VN", "PS", "NP", None])
def test_a_country_is_an_iso_alpha_2_code_or_none(country):
    assert registered_coalition(country=country).country == country


@pytest.mark.parametrize("country", ["ke", "KEN", "XX", "UK", "", 404, ["KE"]])
def test_a_country_that_is_not_an_iso_alpha_2_code_is_refused(country):
    assert set(refusal(country=country)) == {"country"}


@pytest.mark.parametrize("name", ["", "   ", None])
def test_a_coalition_needs_a_name(name):
    assert set(refusal(name=name)) == {"name"}


def test_the_id_derives_from_the_code():
    assert registered_coalition(code="ke").id == coalition_id("ke")


def test_the_same_code_gives_the_same_id_whatever_the_name():
    first = registered_coalition(code="ke", name="Kenya SDG Forum")
    second = registered_coalition(code="ke", name="Another name", country=None)
    assert first.id == second.id


def test_different_codes_give_different_ids():
    assert registered_coalition(code="ke").id != registered_coalition(code="vn").id


@pytest.mark.parametrize("field", ["code", "name", "occurred_on", "recorded_by"])
def test_each_required_field_must_be_given(field):
    fields: dict[str, Any] = {"code": "ke", "name": "K", "occurred_on": ON, "recorded_by": BY}
    del fields[field]
    with pytest.raises(InvalidRecord) as refused:
        Coalition.create(**fields)
    assert refused.value.errors == {field: ["is required"]}


def test_an_unknown_field_is_refused():
    assert refusal(members=["CBO"]) == {"members": ["is not a field of this record"]}


def test_every_bad_field_is_named_in_one_refusal():
    assert set(refusal(code="K", name="", country="XX", occurred_on="2025-01-10")) == {
        "code",
        "name",
        "country",
        "occurred_on",
    }


def test_a_renamed_coalition_has_its_new_name():
    coalition = registered_coalition()
    coalition.collect_events()
    coalition.rename("Kenya Citizen Data Coalition", LATER, BY)
    assert coalition.name == "Kenya Citizen Data Coalition"
    assert event_names(coalition) == ["Renamed"]


@pytest.mark.parametrize("name", ["", "  ", None])
def test_a_coalition_cannot_be_renamed_to_nothing(name):
    coalition = registered_coalition()
    coalition.collect_events()
    with pytest.raises(InvalidRecord) as refused:
        coalition.rename(name, LATER, BY)
    assert set(refused.value.errors) == {"name"}
    assert coalition.collect_events() == []


def test_a_rename_dated_after_tomorrow_is_refused():
    coalition = registered_coalition()
    with pytest.raises(InvalidRecord) as refused:
        coalition.rename("New", date(2999, 1, 1), BY)
    assert set(refused.value.errors) == {"occurred_on"}


def test_a_member_organisation_joins():
    coalition = registered_coalition()
    coalition.collect_events()
    coalition.admit_member("Ngiluni CBO", LATER, BY)
    assert coalition.members == ["Ngiluni CBO"]
    assert event_names(coalition) == ["MemberJoined"]


def test_a_member_cannot_join_twice():
    coalition = registered_coalition()
    coalition.admit_member("Ngiluni CBO", LATER, BY)
    coalition.collect_events()
    with pytest.raises(InvalidRecord) as refused:
        coalition.admit_member("Ngiluni CBO", LATER, BY)
    assert set(refused.value.errors) == {"name"}
    assert coalition.members == ["Ngiluni CBO"]
    assert coalition.collect_events() == []


def test_a_member_leaves():
    coalition = registered_coalition()
    coalition.admit_member("Ngiluni CBO", LATER, BY)
    coalition.admit_member("Makueni Youth", LATER, BY)
    coalition.collect_events()
    coalition.release_member("Ngiluni CBO", date(2025, 4, 1), BY)
    assert coalition.members == ["Makueni Youth"]
    assert event_names(coalition) == ["MemberLeft"]


def test_an_organisation_that_is_not_a_member_cannot_leave():
    coalition = registered_coalition()
    coalition.collect_events()
    with pytest.raises(InvalidRecord) as refused:
        coalition.release_member("Ngiluni CBO", LATER, BY)
    assert set(refused.value.errors) == {"name"}
    assert coalition.collect_events() == []


def test_a_member_that_left_may_join_again():
    coalition = registered_coalition()
    coalition.admit_member("Ngiluni CBO", LATER, BY)
    coalition.release_member("Ngiluni CBO", date(2025, 4, 1), BY)
    coalition.admit_member("Ngiluni CBO", date(2025, 5, 1), BY)
    assert coalition.members == ["Ngiluni CBO"]


@pytest.mark.parametrize("name", ["", "  ", None])
def test_a_member_must_be_named(name):
    coalition = registered_coalition()
    with pytest.raises(InvalidRecord) as refused:
        coalition.admit_member(name, LATER, BY)
    assert set(refused.value.errors) == {"name"}


def test_a_correction_is_a_corrected_event_not_a_rename():
    coalition = registered_coalition()
    coalition.collect_events()
    coalition.correct({"name": "Kenya SDGs Forum"}, "typo", LATER, BY)
    assert coalition.name == "Kenya SDGs Forum"
    (corrected,) = coalition.collect_events()
    assert isinstance(corrected, Coalition.Corrected)
    assert (corrected.changes, corrected.reason) == ({"name": "Kenya SDGs Forum"}, "typo")


def test_the_code_cannot_be_corrected():
    coalition = registered_coalition()
    coalition.collect_events()
    with pytest.raises(InvalidRecord) as refused:
        coalition.correct({"code": "ken"}, "wrong code", LATER, BY)
    assert set(refused.value.errors) == {"code"}
    assert coalition.code == "ke"
    assert coalition.collect_events() == []


def test_a_correction_needs_a_reason():
    coalition = registered_coalition()
    with pytest.raises(InvalidRecord) as refused:
        coalition.correct({"name": "Kenya"}, "", LATER, BY)
    assert set(refused.value.errors) == {"reason"}


def test_a_corrected_country_must_still_be_an_iso_code():
    coalition = registered_coalition()
    coalition.collect_events()
    with pytest.raises(InvalidRecord) as refused:
        coalition.correct({"country": "Kenya"}, "spelled out", LATER, BY)
    assert set(refused.value.errors) == {"country"}
    assert coalition.country == "KE"
    assert coalition.collect_events() == []


def coalition_with_history() -> Coalition:
    """A coalition that went through every kind of event."""
    coalition = registered_coalition()
    coalition.rename("Kenya Citizen Data Coalition", LATER, BY)
    coalition.admit_member("Ngiluni CBO", LATER, BY)
    coalition.admit_member("Makueni Youth", LATER, BY)
    coalition.release_member("Makueni Youth", date(2025, 4, 1), BY)
    coalition.correct({"country": None}, "a regional member after all", date(2025, 4, 2), BY)
    return coalition


@pytest.mark.parametrize("history", [registered_coalition, coalition_with_history])
def test_a_coalition_rebuilt_from_its_events_equals_the_original(history):
    original = history()
    rebuilt = None
    for event in original.collect_events():
        rebuilt = event.mutate(rebuilt)
    assert isinstance(rebuilt, Coalition)
    assert vars(rebuilt) == vars(original)
