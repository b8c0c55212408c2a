"""`GET /timeline`: facts by the day they happened, as sentences, with who recorded them.

In the story (tests/api/story.py) ke has 16 entries: 13 dated from 2024-11-01 to
2025-06-01, and today the coalition's registration and the budget line, identified
without a date of its own (so placed on the day it was recorded).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from flask import Flask

from tests.api.conftest import Caller
from tests.api.story import Story, write_story
from web.services import use_cases

PATH = "/api/v1/timeline"


@pytest.fixture
def story(users: dict[str, Caller]) -> Story:
    return write_story(users)


def entries(caller: Caller, query: str) -> dict[str, Any]:
    response = caller.get(f"{PATH}?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    answer: dict[str, Any] = response.get_json()
    return answer


def test_entries_between_two_days_come_in_the_order_they_happened(
    users: dict[str, Caller], story: Story
) -> None:
    answer = entries(users["viewer"], "coalition=ke&from=2025-02-01&to=2025-04-30")
    assert answer["total"] == 5
    assert [(e["occurred_on"], e["kind"], e["title"]) for e in answer["items"]] == [
        (
            "2025-02-01",
            "commitment.progress_reported",
            "Commitment “Reflect village priorities in the 2025/26 budget” by Makueni County"
            " reported in progress",
        ),
        (
            "2025-02-10",
            "budget_line.amount_recorded",
            "KES 1,000,000.00 allocated for budget line “Climate change committees”",
        ),
        (
            "2025-03-01",
            "commitment.progress_reported",
            "Commitment “Publish the ward budget” by Makueni County reported withdrawn",
        ),
        (
            "2025-03-10",
            "budget_line.amount_recorded",
            "KES 600,000.50 released for budget line “Climate change committees”",
        ),
        (
            "2025-04-10",
            "budget_line.amount_recorded",
            "KES 300,000.25 spent for budget line “Climate change committees”",
        ),
    ]
    first = answer["items"][0]
    assert first["ref"] == {"type": "commitments", "id": story["C1"]}
    assert first["correction"] is False and first["coalition"] == "ke"


def test_newest_first_when_asked(users: dict[str, Caller], story: Story) -> None:
    answer = entries(users["viewer"], "coalition=ke&order=desc&per_page=2")
    assert [e["kind"] for e in answer["items"]] == [
        "budget_line.identified",
        "coalition.registered",
    ]
    assert (answer["total"], answer["per_page"]) == (16, 2)
    oldest = entries(users["viewer"], "coalition=ke&per_page=1")["items"][0]
    assert (oldest["occurred_on"], oldest["ref"]["id"]) == ("2024-11-01", story["E1"])


def test_every_coalition_when_none_is_named(users: dict[str, Caller], story: Story) -> None:
    # vn: its registration, E3, I2 and C4.
    assert entries(users["viewer"], "coalition=vn")["total"] == 4
    assert entries(users["viewer"], "")["total"] == 20


def test_entries_name_who_recorded_them_or_their_id_if_no_user_has_it(
    app: Flask, users: dict[str, Caller], story: Story
) -> None:
    with app.app_context():
        use_cases().record_follow_up(
            UUID(story["D1"]), note="imported", occurred_on=None, recorded_by="legacy-7"
        )
    answer = entries(users["viewer"], "coalition=ke&order=desc&per_page=50")
    by_kind = {e["kind"]: e["recorded_by"] for e in answer["items"]}
    assert by_kind["coalition.registered"] == "admin"
    assert by_kind["evidence.recorded"] == "lead"
    assert by_kind["dialogue.follow_up_recorded"] == "legacy-7"


def test_a_correction_is_shown_as_one(users: dict[str, Caller], story: Story) -> None:
    body = {
        "title": "Ngiluni community action plans",
        "reason": "typo",
        "occurred_on": "2025-07-01",
    }
    path = f"/api/v1/evidence/{story['E1']}/corrections"
    assert users["lead"].post(path, body).status_code == 201
    [entry] = entries(users["viewer"], "coalition=ke&from=2025-07-01&to=2025-07-01")["items"]
    assert entry["kind"] == "evidence.corrected" and entry["correction"] is True
    assert entry["title"] == "Evidence “Ngiluni action plans” corrected (title)"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("order=newest", "order"),
        ("from=2025-02-30", "from"),
        ("to=yesterday", "to"),
        ("coalition=nowhere", "coalition"),
        ("page=-1", "page"),
        ("since=2025-01-01", "since"),
    ],
)
def test_a_bad_query_is_a_422_naming_the_parameter(
    users: dict[str, Caller], story: Story, query: str, field: str
) -> None:
    response = users["viewer"].get(f"{PATH}?{query}")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert list(response.get_json()["errors"]) == [field]
