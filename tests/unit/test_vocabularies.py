"""The closed sets of words and the patterns every record is checked against."""

import re

import pytest

from domain import vocabularies
from domain.vocabularies import (
    CLOSED_STATUSES,
    COALITION_CODE,
    COMMITMENT_STATUSES,
    COUNTRIES,
    CURRENCIES,
    FISCAL_YEAR,
    OPEN_STATUSES,
    PARTICIPATION_LEVELS,
    SDG_TARGET,
)

# Every vocabulary of words that stored events hold.
WORD_VOCABULARIES = [
    "EVIDENCE_METHODS",
    "DISAGGREGATION_DIMENSIONS",
    "CONSENT_KINDS",
    "SENSITIVITIES",
    "QUALITY_RATINGS",
    "ADVOCACY_INPUT_KINDS",
    "LEVELS",
    "DIALOGUE_FORMATS",
    "COMMITMENT_STATUSES",
    "COMPLETION_LEVELS",
    "REVIEW_VERDICTS",
    "BUDGET_STAGES",
    "CHANGE_TYPES",
    "POLICY_STAGES",
    "SUBSTANTIATION_VERDICTS",
]


def test_there_are_249_iso_countries():
    assert len(COUNTRIES) == 249


@pytest.mark.parametrize("country", ["KE", "NP", "BD", "VN", "NG", "MW", "IN", "PS", "GB"])
def test_the_partnerships_countries_are_iso_countries(country):
    assert country in COUNTRIES


@pytest.mark.parametrize("code", ["UK", "EU", "XK", "ke", "KEN"])
def test_codes_not_officially_assigned_are_not_countries(code):
    assert code not in COUNTRIES


def test_every_country_is_two_capital_letters():
    assert all(re.fullmatch("[A-Z]{2}", country) for country in COUNTRIES)


@pytest.mark.parametrize("currency", ["KES", "VND", "USD", "NPR", "BDT", "NGN", "MWK", "INR"])
def test_the_partnerships_currencies_are_iso_currencies(currency):
    assert currency in CURRENCIES


@pytest.mark.parametrize("code", ["XAU", "XAG", "XTS", "XXX", "KSH", "kes"])
def test_metals_test_codes_and_made_up_codes_are_not_currencies(code):
    assert code not in CURRENCIES


def test_every_currency_is_three_capital_letters():
    assert all(re.fullmatch("[A-Z]{3}", currency) for currency in CURRENCIES)


@pytest.mark.parametrize("target", ["5.5", "17.18", "5.a", "1.1", "13.1", "17.19", "10.c", "9.b"])
def test_the_sdg_target_pattern_accepts_goal_dot_target(target):
    assert SDG_TARGET.match(target)


@pytest.mark.parametrize(
    "target",
    [
        "18.1",
        "0.1",
        "5.",
        "5",
        ".5",
        "5.5.1",
        "05.5",
        "5.05",
        "5.0",
        "5.A",
        "5.ab",
        "5.5\n",
        " 5.5",
    ],
)
def test_the_sdg_target_pattern_refuses_anything_else(target):
    assert not SDG_TARGET.match(target)


@pytest.mark.parametrize("code", ["ke", "vn", "global", "abcdefgh"])
def test_the_coalition_code_pattern_accepts_two_to_eight_lower_case_letters(code):
    assert COALITION_CODE.match(code)


@pytest.mark.parametrize("code", ["k", "abcdefghi", "KE", "k3", "k_e", "ke\n", ""])
def test_the_coalition_code_pattern_refuses_anything_else(code):
    assert not COALITION_CODE.match(code)


@pytest.mark.parametrize("year", ["2025", "2025/26", "1999/00", "2099"])
def test_the_fiscal_year_pattern_accepts_a_year_or_a_year_and_the_next(year):
    assert FISCAL_YEAR.match(year)


@pytest.mark.parametrize("year", ["25/26", "2025-26", "2025/2026", "FY2025", "1899", "2025\n"])
def test_the_fiscal_year_pattern_refuses_anything_else(year):
    assert not FISCAL_YEAR.match(year)


def test_participation_levels_run_from_1_to_5_with_the_frameworks_names():
    assert PARTICIPATION_LEVELS == {
        1: "information",
        2: "consultation",
        3: "limited participation",
        4: "collaboration",
        5: "citizen-led",
    }


def test_commitment_statuses_are_open_or_closed_never_both():
    assert set(OPEN_STATUSES) == {"made", "in_progress", "stalled"}
    assert set(CLOSED_STATUSES) == {
        "fulfilled",
        "partially_fulfilled",
        "not_fulfilled",
        "withdrawn",
    }
    assert COMMITMENT_STATUSES == OPEN_STATUSES + CLOSED_STATUSES


@pytest.mark.parametrize("name", WORD_VOCABULARIES)
def test_stored_words_are_distinct_lower_case_words(name):
    words = getattr(vocabularies, name)
    assert len(set(words)) == len(words)
    assert all(re.fullmatch("[a-z]+(?:_[a-z]+)*", word) for word in words)
