"""Reviews that count: `confirmed_rate` and `reviews` in `/fulfilment` and each of its
groups, `/commitments?review=`, and the queue of commitments to review, on each store.

On top of the story (tests/api/story.py: ke C1 fulfilled 2025-05-01, C2 made, C3 withdrawn
2025-03-01, all subnational, made 2025-01-15; vn C4 made 2024-05-01 outside a dialogue):
vn C5 made outside a dialogue 2025-02-01, not fulfilled 2025-02-15. The executive reviews
C1 `confirmed` (2025-06-01), C2 `needs_evidence` and C3 `disputed`; C4 and C5 stay
unreviewed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from projections import queries
from tests.api import bodies
from tests.api.conftest import Caller, make_users
from tests.api.story import Story, write_story
from web.services import services

FULFILMENT = "/api/v1/fulfilment"
COMMITMENTS = "/api/v1/commitments"
NO_REVIEWS = {"confirmed": 0, "disputed": 0, "needs_evidence": 0, "unreviewed": 0}


def _saved(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.get_data(as_text=True)
    body: dict[str, Any] = response.get_json()
    return body


def review(users: dict[str, Caller], commitment: str, verdict: str, on: str | None = None) -> None:
    body: dict[str, Any] = {"verdict": verdict, "note": "checked with the ward office"}
    if on:
        body["occurred_on"] = on
    _saved(users["executive"].post(f"{COMMITMENTS}/{commitment}/reviews", body))


def report(users: dict[str, Caller], who: str, commitment: str, status: str, on: str) -> None:
    body = bodies.progress(status, occurred_on=on, note="reported by the lead")
    _saved(users[who].post(f"{COMMITMENTS}/{commitment}/progress", body))


@pytest.fixture
def reviewed(any_store_app: Flask) -> Iterator[tuple[dict[str, Caller], Story, Flask]]:
    """The story, C5, and the executive's reviews (see the module), on each store."""
    users = make_users(any_store_app)
    story = write_story(users)
    made = bodies.commitment("vn", text="Publish the district plan") | {"occurred_on": "2025-02-01"}
    story.ids["C5"] = _saved(users["other_lead"].post(COMMITMENTS, made))["id"]
    report(users, "other_lead", story["C5"], "not_fulfilled", "2025-02-15")
    review(users, story["C1"], "confirmed", "2025-06-01")
    review(users, story["C2"], "needs_evidence")
    review(users, story["C3"], "disputed")
    yield users, story, any_store_app


def queue_of(app: Flask, story: Story, **filters: Any) -> list[tuple[str, bool | None]]:
    """The review queue as (story name, review out of date, or None when never reviewed)."""
    names = {v: k for k, v in story.ids.items()}
    with app.app_context():
        answer = queries.review_queue(services().engine, filters)
    assert answer["total"] == len(answer["items"])
    return [
        (names[item["id"]], item["review"]["out_of_date"] if item["review"] else None)
        for item in answer["items"]
    ]


def test_fulfilment_counts_the_reviews_overall_and_in_each_group(
    reviewed: tuple[dict[str, Caller], Story, Flask],
) -> None:
    users, _story, _app = reviewed
    answer = users["viewer"].get(FULFILMENT).get_json()
    ke = {
        "fulfilment_rate": 0.5,  # C1 of C1, C2 (C3 withdrawn)
        "confirmed_rate": 0.5,  # C1 confirmed
        "reviews": {"confirmed": 1, "disputed": 1, "needs_evidence": 1, "unreviewed": 0},
    }
    vn = {
        "fulfilment_rate": 0.0,
        "confirmed_rate": 0.0,
        "reviews": NO_REVIEWS | {"unreviewed": 2},
    }
    assert {k: answer[k] for k in ("total", "fulfilment_rate", "confirmed_rate", "reviews")} == {
        "total": 5,
        "fulfilment_rate": 0.25,  # C1 of 5 - 1 withdrawn
        "confirmed_rate": 0.25,
        "reviews": {"confirmed": 1, "disputed": 1, "needs_evidence": 1, "unreviewed": 2},
    }
    for groups, names in (
        ("by_coalition", ("ke", "vn")),
        ("by_level", ("subnational", "unspecified")),
    ):
        for name, expected in zip(names, (ke, vn), strict=True):
            tally = answer[groups][name]
            assert {k: tally[k] for k in expected} == expected, (groups, name)
            assert sum(tally["reviews"].values()) == tally["total"]
    ke_only = users["executive"].get(f"{FULFILMENT}?coalition=ke").get_json()
    assert (ke_only["confirmed_rate"], ke_only["reviews"]) == (0.5, ke["reviews"])
    made_2024 = users["executive"].get(f"{FULFILMENT}?year=2024").get_json()
    assert (made_2024["confirmed_rate"], made_2024["reviews"]) == (
        0.0,
        NO_REVIEWS | {"unreviewed": 1},
    )


def test_a_confirmed_review_counts_only_while_it_judges_the_fulfilment(
    reviewed: tuple[dict[str, Caller], Story, Flask],
) -> None:
    users, story, app = reviewed
    report(users, "lead", story["C1"], "in_progress", "2025-07-01")  # a reassessment
    report(users, "lead", story["C1"], "fulfilled", "2025-08-01")  # after the review
    review(users, story["C4"], "confirmed", "2025-06-01")  # of C4 as made
    report(users, "other_lead", story["C4"], "fulfilled", "2025-09-01")
    answer = users["viewer"].get(FULFILMENT).get_json()
    assert answer["fulfilment_rate"] == 0.5  # C1, C4 of 5 - 1 withdrawn
    assert answer["confirmed_rate"] == 0.0  # neither review judged the fulfilment reported
    assert answer["reviews"] == {
        "confirmed": 2,  # still their latest verdicts
        "disputed": 1,
        "needs_evidence": 1,
        "unreviewed": 1,
    }
    assert queue_of(app, story) == [("C5", None), ("C1", True), ("C4", True)]
    review(users, story["C1"], "confirmed")
    assert users["viewer"].get(FULFILMENT).get_json()["confirmed_rate"] == 0.25
    assert queue_of(app, story) == [("C5", None), ("C4", True)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("review=confirmed", ["C1"]),
        ("review=disputed", ["C3"]),
        ("review=needs_evidence", ["C2"]),
        ("review=unreviewed", ["C4", "C5"]),
        ("review=unreviewed&coalition=ke", []),
        ("review=unreviewed&overdue=true", ["C4"]),
        ("review=confirmed&status=fulfilled&year=2025&level=subnational", ["C1"]),
    ],
)
def test_the_list_of_commitments_filters_by_latest_verdict(
    reviewed: tuple[dict[str, Caller], Story, Flask], query: str, expected: list[str]
) -> None:
    users, story, _app = reviewed
    answer = users["viewer"].get(f"{COMMITMENTS}?{query}&per_page=1").get_json()
    assert answer["total"] == len(expected)
    everything = users["viewer"].get(f"{COMMITMENTS}?{query}").get_json()
    assert [item["id"] for item in everything["items"]] == [story[name] for name in expected]
    for item in everything["items"]:
        verdict = item["review"]["verdict"] if item["review"] else "unreviewed"
        assert query.startswith(f"review={verdict}")


def test_the_queue_is_closed_commitments_unreviewed_oldest_closed_first(
    any_store_app: Flask,
) -> None:
    users = make_users(any_store_app)
    story = write_story(users)
    made = bodies.commitment("vn", text="Publish the district plan") | {"occurred_on": "2025-02-01"}
    story.ids["C5"] = _saved(users["other_lead"].post(COMMITMENTS, made))["id"]
    report(users, "other_lead", story["C5"], "not_fulfilled", "2025-02-15")
    # made after C1 and C3, closed before them: the queue goes by the day closed
    assert queue_of(any_store_app, story) == [("C5", None), ("C3", None), ("C1", None)]
    assert queue_of(any_store_app, story, coalition="ke") == [("C3", None), ("C1", None)]
    review(users, story["C3"], "disputed")
    assert queue_of(any_store_app, story) == [("C5", None), ("C1", None)]
    with any_store_app.app_context():
        second = queries.review_queue(services().engine, {}, page=2, per_page=1)
    assert ([item["id"] for item in second["items"]], second["total"]) == ([story["C1"]], 2)
    assert second["items"][0]["closed_on"].isoformat() == "2025-05-01"


@pytest.mark.parametrize("value", ["approved", "CONFIRMED", ""])
def test_an_unknown_review_is_a_422_naming_the_parameter(
    users: dict[str, Caller], value: str
) -> None:
    response = users["viewer"].get(f"{COMMITMENTS}?review={value}")
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["review"]
