"""`GET /events?after=&limit=`: the store as a feed, for admins and evaluators only."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.api import bodies
from tests.api.conftest import Caller
from tests.api.story import Story, write_story
from web.services import use_cases

PATH = "/api/v1/events"
# The story's events: 2 coalitions; E1, E2 and I1; D1 with C1-C3 (4); 3 progress reports;
# L1 and 3 amounts; O1; E3, I2 and C4.
STORY_EVENTS = 2 + 3 + 4 + 3 + 4 + 1 + 3


@pytest.fixture
def story(users: dict[str, Caller]) -> Story:
    return write_story(users)


def page(caller: Caller, query: str) -> dict[str, Any]:
    response = caller.get(f"{PATH}?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    answer: dict[str, Any] = response.get_json()
    return answer


def test_events_come_in_store_order_with_public_type_names(
    users: dict[str, Caller], story: Story
) -> None:
    answer = page(users["evaluator"], "limit=3")
    assert [e["position"] for e in answer["items"]] == [1, 2, 3]
    assert answer["next_after"] == 3
    first, _, third = answer["items"]
    assert first["type"] == "coalition.registered"
    assert first["record"] == {"type": "coalitions", "id": first["record"]["id"]}
    assert first["data"] == {"code": "ke", "name": "Kenya SDGs Forum", "country": "KE",
                             "external_ref": None}  # fmt: skip
    assert third["type"] == "evidence.recorded" and third["version"] == 1
    assert third["record"] == {"type": "evidence", "id": story["E1"]}
    assert third["occurred_on"] == "2024-11-01" and third["data"]["title"] == "Ngiluni action plans"
    assert "recorded_by" not in third["data"] and "originator_id" not in third["data"]


def test_paging_with_next_after_reads_every_event_once(
    users: dict[str, Caller], story: Story
) -> None:
    seen, after = [], 0
    for _ in range(20):  # bounded: 20 events, 4 a page
        answer = page(users["admin"], f"after={after}&limit=4")
        seen += [e["position"] for e in answer["items"]]
        after = answer["next_after"]
        if len(answer["items"]) < 4:
            break
    assert seen == list(range(1, STORY_EVENTS + 1))
    assert after == STORY_EVENTS
    assert page(users["admin"], f"after={after}") == {"items": [], "next_after": after}


def test_an_amount_is_a_decimal_string_and_a_date_iso(
    users: dict[str, Caller], story: Story
) -> None:
    items = page(users["evaluator"], "limit=1000")["items"]
    amounts = [e for e in items if e["type"] == "budget_line.amount_recorded"]
    assert [(a["data"]["stage"], a["data"]["amount"]) for a in amounts] == [
        ("allocated", "1000000.00"),
        ("released", "600000.50"),
        ("spent", "300000.25"),
    ]
    assert all(a["record"] == {"type": "budget-lines", "id": story["L1"]} for a in amounts)
    assert amounts[0]["occurred_on"] == "2025-02-10"


def test_bookkeeping_events_are_skipped_and_next_after_passes_them(
    app: Flask, users: dict[str, Caller], story: Story
) -> None:
    body = bodies.evidence(external_ref={"system": "kobo", "id": "form-17"})
    assert users["lead"].post("/api/v1/evidence", body).status_code == 201
    with app.app_context():
        head = use_cases().recorder.max_notification_id()
    assert head == STORY_EVENTS + 2  # the evidence, and the claim on its external id
    answer = page(users["evaluator"], f"after={STORY_EVENTS}")
    assert [e["type"] for e in answer["items"]] == ["evidence.recorded"]
    assert answer["items"][0]["data"]["external_ref"] == {"system": "kobo", "id": "form-17"}
    assert answer["next_after"] == head


@pytest.mark.parametrize(
    ("role", "status"),
    [("admin", 200), ("evaluator", 200), ("lead", 403), ("other_lead", 403),
     ("executive", 403), ("viewer", 403), ("anonymous", 401)],
)  # fmt: skip
def test_only_admins_and_evaluators_read_the_feed(
    users: dict[str, Caller], role: str, status: int
) -> None:
    response = users[role].get(PATH)
    assert response.status_code == status
    if status != 200:
        assert response.content_type == "application/problem+json"


def test_a_role_without_the_right_hears_403_before_a_bad_query(users: dict[str, Caller]) -> None:
    assert users["viewer"].get(f"{PATH}?limit=0").status_code == 403


@pytest.mark.parametrize(
    ("query", "field"),
    [("after=-1", "after"), ("limit=0", "limit"), ("limit=1001", "limit"),
     ("after=x", "after"), ("since=3", "since")],
)  # fmt: skip
def test_a_bad_query_is_a_422_naming_it(users: dict[str, Caller], query: str, field: str) -> None:
    response = users["evaluator"].get(f"{PATH}?{query}")
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == [field]
