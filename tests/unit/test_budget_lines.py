"""A budget line: its currency and fiscal year, and one dated figure per stage."""

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

import pytest

from domain import BudgetLine
from domain.errors import InvalidRecord

COALITION = uuid4()
COMMITMENT = uuid4()
ON = date(2025, 6, 30)
BY = "wanjiru"
SOURCE = "Makueni County Programme Based Budget 2025/26"


def identified_line(**overrides: Any) -> BudgetLine:
    """A valid county budget line tied to one commitment, dated by its own occurred_on."""
    fields: dict[str, Any] = {
        "coalition": COALITION,
        "commitments": [COMMITMENT],
        "government": "Makueni County Government",
        "level": "subnational",
        "fiscal_year": "2025/26",
        "programme": "Climate change resilience",
        "currency": "KES",
        "groups": ["women farmers", "youth"],
        "occurred_on": ON,
        "recorded_by": BY,
    }
    fields.update(overrides)
    return BudgetLine.create(**fields)


def fresh_line(**overrides: Any) -> BudgetLine:
    """A valid budget line whose creating event is already collected."""
    line = identified_line(**overrides)
    line.collect_events()
    return line


def refusal(**overrides: Any) -> dict[str, list[str]]:
    """The problems found in a budget line identified with these fields."""
    with pytest.raises(InvalidRecord) as refused:
        identified_line(**overrides)
    return refused.value.errors


def record(line: BudgetLine, stage: str, amount: str, on: date, source: str = SOURCE) -> None:
    """Record an amount given as the text of a Decimal."""
    line.record_amount(stage, Decimal(amount), on, source, BY)


def figure(line: BudgetLine, stage: str) -> Decimal:
    """The amount that stands for a stage."""
    amount: Decimal = line.amounts[stage]["amount"]
    return amount


def refused_amount(amount: Any) -> dict[str, list[str]]:
    """The problems found in recording this amount as allocated."""
    line = fresh_line()
    with pytest.raises(InvalidRecord) as refused:
        line.record_amount("allocated", amount, ON, SOURCE, BY)
    assert line.amounts == {}
    assert line.collect_events() == []
    return refused.value.errors


def test_a_budget_line_is_identified_with_no_amounts_yet():
    line = identified_line()
    assert line.amounts == {}
    assert line.fiscal_year == "2025/26"
    assert [type(event).__name__ for event in line.collect_events()] == ["Identified"]


def test_an_amount_is_recorded_for_a_stage_with_its_date_and_source():
    line = fresh_line()
    record(line, "allocated", "2500000.00", date(2025, 7, 1))
    assert line.amounts == {
        "allocated": {
            "amount": Decimal("2500000.00"),
            "occurred_on": date(2025, 7, 1),
            "source": SOURCE,
        }
    }
    (recorded,) = line.collect_events()
    assert isinstance(recorded, BudgetLine.AmountRecorded)
    assert (recorded.stage, recorded.amount) == ("allocated", Decimal("2500000.00"))


@pytest.mark.parametrize("stage", ["proposed", "allocated", "released", "spent"])
def test_each_budget_stage_is_accepted(stage):
    line = fresh_line()
    record(line, stage, "100", ON)
    assert figure(line, stage) == Decimal("100")


@pytest.mark.parametrize("stage", ["disbursed", "Allocated", "", None])
def test_a_stage_outside_the_vocabulary_is_refused(stage):
    line = fresh_line()
    with pytest.raises(InvalidRecord) as refused:
        line.record_amount(stage, Decimal("100"), ON, SOURCE, BY)
    assert set(refused.value.errors) == {"stage"}


def test_a_later_dated_amount_replaces_the_figure_of_its_stage():
    line = fresh_line()
    record(line, "released", "1000000", date(2025, 9, 1))
    record(line, "released", "1500000", date(2025, 12, 1))
    assert figure(line, "released") == Decimal("1500000")


def test_a_later_recording_for_the_same_date_replaces_the_figure():
    line = fresh_line()
    record(line, "allocated", "2500000", date(2025, 7, 1))
    record(line, "allocated", "2400000", date(2025, 7, 1), source="corrected gazette")
    assert line.amounts["allocated"] == {
        "amount": Decimal("2400000"),
        "occurred_on": date(2025, 7, 1),
        "source": "corrected gazette",
    }


def test_an_earlier_dated_amount_recorded_afterwards_does_not_replace_the_figure():
    line = fresh_line()
    record(line, "spent", "900000", date(2025, 12, 1))
    record(line, "spent", "300000", date(2025, 9, 1))
    assert figure(line, "spent") == Decimal("900000")
    assert line.amounts["spent"]["occurred_on"] == date(2025, 12, 1)


def test_an_earlier_dated_amount_is_still_kept_in_the_history():
    line = fresh_line()
    record(line, "spent", "900000", date(2025, 12, 1))
    record(line, "spent", "300000", date(2025, 9, 1))
    amounts = [event.amount for event in line.collect_events()]
    assert amounts == [Decimal("900000"), Decimal("300000")]


def test_stages_are_kept_apart_and_never_summed():
    line = fresh_line()
    record(line, "allocated", "2500000", date(2025, 7, 1))
    record(line, "released", "1000000", date(2025, 9, 1))
    record(line, "released", "500000", date(2025, 10, 1))
    assert figure(line, "allocated") == Decimal("2500000")
    assert figure(line, "released") == Decimal("500000")
    assert set(line.amounts) == {"allocated", "released"}


def test_stages_may_be_recorded_in_any_order():
    line = fresh_line()
    record(line, "spent", "800000", date(2026, 6, 30))
    record(line, "proposed", "3000000", date(2025, 4, 1))
    assert set(line.amounts) == {"spent", "proposed"}


def test_a_line_is_dated_by_its_own_date_before_any_amount():
    line = fresh_line()
    record(line, "proposed", "3000000", date(2025, 4, 1))
    assert line.dated_on == ON


def test_a_line_without_its_own_date_is_dated_by_its_earliest_amount():
    line = fresh_line(occurred_on=None)
    record(line, "allocated", "2500000", date(2025, 7, 1))
    record(line, "proposed", "3000000", date(2025, 4, 1))
    record(line, "spent", "800000", date(2026, 6, 30))
    assert line.dated_on == date(2025, 4, 1)


def test_a_line_without_a_date_or_amounts_has_no_date():
    assert fresh_line(occurred_on=None).dated_on is None


def test_a_line_may_be_identified_without_a_date():
    fields = {**identified_line().fields(), "recorded_by": BY}
    assert BudgetLine.create(**fields).occurred_on is None


@pytest.mark.parametrize(
    "amount", ["0", "0.00", "1", "2500000.50", "0.0001", "999999999999999.9999", "1E+3"]
)
def test_a_non_negative_decimal_of_at_most_15_digits_and_4_decimals_is_accepted(amount):
    line = fresh_line()
    record(line, "allocated", amount, ON)
    assert figure(line, "allocated") == Decimal(amount)


@pytest.mark.parametrize("amount", [2500000.5, 2500000, "2500000", True, None])
def test_an_amount_that_is_not_a_decimal_is_refused(amount):
    assert set(refused_amount(amount)) == {"amount"}


@pytest.mark.parametrize("amount", ["-1", "-0.01"])
def test_a_negative_amount_is_refused(amount):
    assert set(refused_amount(Decimal(amount))) == {"amount"}


@pytest.mark.parametrize(
    "amount", ["0.00001", "1.12345", "1000000000000000", "1E+15", "1E+5000", "9" * 40]
)
def test_an_amount_of_more_than_4_decimals_or_15_whole_digits_is_refused(amount):
    assert set(refused_amount(Decimal(amount))) == {"amount"}


@pytest.mark.parametrize("amount", ["NaN", "sNaN", "Infinity", "-Infinity"])
def test_an_amount_that_is_not_finite_is_refused(amount):
    assert set(refused_amount(Decimal(amount))) == {"amount"}


def test_an_amount_dated_after_tomorrow_is_refused():
    line = fresh_line()
    with pytest.raises(InvalidRecord) as refused:
        line.record_amount("spent", Decimal("1"), date(2999, 1, 1), SOURCE, BY)
    assert set(refused.value.errors) == {"occurred_on"}


@pytest.mark.parametrize("on", ["2025-07-01", None])
def test_an_amount_is_dated_with_a_date(on):
    line = fresh_line()
    with pytest.raises(InvalidRecord) as refused:
        line.record_amount("spent", Decimal("1"), on, SOURCE, BY)
    assert set(refused.value.errors) == {"occurred_on"}


def test_an_amount_may_have_no_source():
    line = fresh_line()
    record(line, "spent", "1", ON, source="")
    assert line.amounts["spent"]["source"] == ""


@pytest.mark.parametrize("currency", ["KES", "VND", "USD", "NPR", "BDT", "NGN", "MWK", "INR"])
def test_an_iso_4217_currency_is_accepted(currency):
    assert identified_line(currency=currency).currency == currency


@pytest.mark.parametrize("currency", ["kes", "KSH", "XAU", "XTS", "", None, ["KES"]])
def test_a_currency_that_is_not_iso_4217_money_is_refused(currency):
    assert set(refusal(currency=currency)) == {"currency"}


@pytest.mark.parametrize("year", ["2025", "2025/26", "1999", "1999/00"])
def test_a_fiscal_year_reads_as_a_year_or_a_year_and_the_next(year):
    assert identified_line(fiscal_year=year).fiscal_year == year


@pytest.mark.parametrize(
    "year",
    [
        "25/26",
        "2025-26",
        "2025/2026",
        "2025/30",
        "2025/25",
        "FY2025",
        "1899",
        "2025/",
        "2025\n",
        2025,
        None,
    ],
)
def test_a_fiscal_year_of_another_form_is_refused(year):
    assert set(refusal(fiscal_year=year)) == {"fiscal_year"}


@pytest.mark.parametrize("level", ["local", "subnational", "national", "regional", "global"])
def test_each_level_of_government_is_accepted(level):
    assert identified_line(level=level).level == level


@pytest.mark.parametrize("level", ["county", "", None])
def test_a_level_outside_the_vocabulary_is_refused(level):
    assert set(refusal(level=level)) == {"level"}


@pytest.mark.parametrize("commitments", [[str(COMMITMENT)], [COMMITMENT, COMMITMENT], None])
def test_commitments_are_distinct_record_ids(commitments):
    assert set(refusal(commitments=commitments)) == {"commitments"}


@pytest.mark.parametrize("field", ["government", "programme"])
def test_a_government_and_a_programme_must_be_named(field):
    assert set(refusal(**{field: " "})) == {field}


@pytest.mark.parametrize(
    "field",
    [
        "coalition",
        "commitments",
        "government",
        "level",
        "fiscal_year",
        "programme",
        "currency",
        "groups",
        "recorded_by",
    ],
)
def test_each_required_field_must_be_given(field):
    fields = {**identified_line().fields(), "recorded_by": BY}
    del fields[field]
    with pytest.raises(InvalidRecord) as refused:
        BudgetLine.create(**fields)
    assert refused.value.errors == {field: ["is required"]}


def test_an_unknown_field_is_refused():
    assert refusal(amount=Decimal("1")) == {"amount": ["is not a field of this record"]}


def test_every_bad_field_is_named_in_one_refusal():
    errors = refusal(currency="KSH", fiscal_year="25/26", level="county", occurred_on="2025")
    assert set(errors) == {"currency", "fiscal_year", "level", "occurred_on"}


def test_a_correction_is_a_corrected_event():
    line = fresh_line()
    line.correct({"fiscal_year": "2024/25"}, "the wrong budget book", ON, BY)
    assert line.fiscal_year == "2024/25"
    (corrected,) = line.collect_events()
    assert isinstance(corrected, BudgetLine.Corrected)
    assert corrected.changes == {"fiscal_year": "2024/25"}


@pytest.mark.parametrize(
    ("field", "value"),
    [("coalition", uuid4()), ("commitments", []), ("amounts", {}), ("occurred_on", None)],
)
def test_a_field_that_is_not_correctable_is_refused(field, value):
    line = fresh_line()
    with pytest.raises(InvalidRecord) as refused:
        line.correct({field: value}, "wrong", ON, BY)
    assert set(refused.value.errors) == {field}
    assert line.collect_events() == []


def test_a_correction_needs_a_reason():
    line = fresh_line()
    with pytest.raises(InvalidRecord) as refused:
        line.correct({"programme": "Water"}, "", ON, BY)
    assert set(refused.value.errors) == {"reason"}


def test_a_corrected_record_is_checked_whole():
    line = fresh_line()
    with pytest.raises(InvalidRecord) as refused:
        line.correct({"currency": "KSH"}, "wrong", ON, BY)
    assert set(refused.value.errors) == {"currency"}
    assert line.currency == "KES"
    assert line.collect_events() == []


def line_with_history() -> BudgetLine:
    """A budget line without its own date that went through every kind of event."""
    line = identified_line(occurred_on=None)
    record(line, "allocated", "2500000", date(2025, 7, 1))
    record(line, "released", "1000000", date(2025, 9, 1))
    record(line, "released", "400000", date(2025, 8, 1))
    record(line, "released", "1200000", date(2025, 9, 1))
    line.correct({"programme": "Climate resilience and water"}, "full name", ON, BY)
    return line


@pytest.mark.parametrize("history", [identified_line, line_with_history])
def test_a_budget_line_rebuilt_from_its_events_equals_the_original(history):
    original = history()
    rebuilt = None
    for event in original.collect_events():
        rebuilt = event.mutate(rebuilt)
    assert isinstance(rebuilt, BudgetLine)
    assert vars(rebuilt) == vars(original)
    assert rebuilt.dated_on == original.dated_on
