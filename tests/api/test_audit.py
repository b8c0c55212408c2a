"""`GET /audit/<kind>/<id>?as_known_on=`: the whole history, and the record as known then.

E1 of the story (tests/api/story.py) is recorded, then, after a moment noted here, its
title is corrected: as known before the correction it had its first title, version 1.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

import pytest

from tests.api.conftest import Caller
from tests.api.story import Story, write_story

MISSING = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def corrected(users: dict[str, Caller]) -> tuple[Story, datetime]:
    """The story, the moment between E1's recording and its correction."""
    story = write_story(users)
    time.sleep(0.01)
    between = datetime.now(UTC)
    time.sleep(0.01)
    body = {
        "title": "Ngiluni community action plans",
        "reason": "typo",
        "occurred_on": "2025-07-01",
    }
    assert (
        users["lead"].post(f"/api/v1/evidence/{story['E1']}/corrections", body).status_code == 201
    )
    return story, between


def audit(caller: Caller, path: str, as_known_on: str | None = None) -> dict[str, Any]:
    query = "" if as_known_on is None else f"?as_known_on={quote(as_known_on)}"
    response = caller.get(f"/api/v1/audit/{path}{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    answer: dict[str, Any] = response.get_json()
    return answer


def test_the_whole_history_with_who_recorded_each_event(
    users: dict[str, Caller], corrected: tuple[Story, datetime]
) -> None:
    story, _ = corrected
    answer = audit(users["evaluator"], f"evidence/{story['E1']}")
    assert (answer["kind"], answer["id"], answer["version"]) == ("evidence", story["E1"], 2)
    assert [(e["version"], e["type"], e["known"]) for e in answer["history"]] == [
        (1, "evidence.recorded", True),
        (2, "evidence.corrected", True),
    ]
    recorded, correction = answer["history"]
    assert recorded["recorded_by"] == "lead" and recorded["occurred_on"] == "2024-11-01"
    assert recorded["data"]["title"] == "Ngiluni action plans"
    assert correction["data"] == {
        "changes": {"title": "Ngiluni community action plans"},
        "reason": "typo",
    }
    assert answer["state"]["title"] == "Ngiluni community action plans"
    assert answer["state"]["coalition"] == "ke"


def test_as_known_on_a_moment_between_two_events(
    users: dict[str, Caller], corrected: tuple[Story, datetime]
) -> None:
    story, between = corrected
    path = f"evidence/{story['E1']}"
    in_utc = audit(users["evaluator"], path, between.isoformat())
    assert [e["known"] for e in in_utc["history"]] == [True, False]
    assert in_utc["version"] == 1 and in_utc["state"]["version"] == 1
    assert in_utc["state"]["title"] == "Ngiluni action plans"
    assert datetime.fromisoformat(in_utc["as_known_on"]) == between
    # The same moment elsewhere, and without an offset (read as UTC).
    nairobi = between.astimezone(timezone(timedelta(hours=3))).isoformat()
    naive = between.replace(tzinfo=None).isoformat()
    for moment in (nairobi, naive):
        again = audit(users["evaluator"], path, moment)
        assert again["state"] == in_utc["state"] and again["history"] == in_utc["history"]


def test_a_date_means_the_end_of_that_day(
    users: dict[str, Caller], corrected: tuple[Story, datetime]
) -> None:
    story, _ = corrected
    path = f"evidence/{story['E1']}"
    today = datetime.now(UTC).date()
    answer = audit(users["evaluator"], path, today.isoformat())
    assert answer["as_known_on"] == f"{today.isoformat()}T23:59:59.999999+00:00"
    assert answer["version"] == 2
    before = audit(users["evaluator"], path, (today - timedelta(days=1)).isoformat())
    assert before["state"] is None and before["version"] is None
    assert [e["known"] for e in before["history"]] == [False, False]


def test_without_as_known_on_it_is_now(
    users: dict[str, Caller], corrected: tuple[Story, datetime]
) -> None:
    story, _ = corrected
    answer = audit(users["viewer"], f"commitments/{story['C1']}")
    assert answer["version"] == 3 and answer["state"]["status"] == "fulfilled"
    assert [e["type"] for e in answer["history"]] == [
        "commitment.made",
        "commitment.progress_reported",
        "commitment.progress_reported",
    ]
    assert datetime.fromisoformat(answer["as_known_on"]) <= datetime.now(UTC)


def test_a_coalition_is_audited_by_code(
    users: dict[str, Caller], corrected: tuple[Story, datetime]
) -> None:
    answer = audit(users["viewer"], "coalitions/ke")
    assert answer["kind"] == "coalitions" and answer["state"]["code"] == "ke"
    assert [e["type"] for e in answer["history"]] == ["coalition.registered"]


@pytest.mark.parametrize(
    "path",
    [
        f"evidence/{MISSING}",
        "evidence/not-an-id",
        "coalitions/zz",
        "reports/whatever",
    ],
)
def test_an_unknown_record_or_kind_is_a_404(users: dict[str, Caller], path: str) -> None:
    response = users["evaluator"].get(f"/api/v1/audit/{path}")
    assert response.status_code == 404
    assert response.content_type == "application/problem+json"


def test_a_record_of_another_kind_is_a_404(
    users: dict[str, Caller], corrected: tuple[Story, datetime]
) -> None:
    story, _ = corrected
    assert users["evaluator"].get(f"/api/v1/audit/outcomes/{story['C1']}").status_code == 404


@pytest.mark.parametrize("value", ["yesterday", "2025-02-30", "2025-01-01T25:00:00", "1"])
def test_a_bad_as_known_on_is_a_422_naming_it(
    users: dict[str, Caller], corrected: tuple[Story, datetime], value: str
) -> None:
    story, _ = corrected
    response = users["evaluator"].get(
        f"/api/v1/audit/evidence/{story['E1']}?as_known_on={quote(value)}"
    )
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == ["as_known_on"]
