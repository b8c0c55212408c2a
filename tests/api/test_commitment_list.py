"""`GET /commitments`: a page of commitments from the read model, filtered, oldest first.

The story (tests/api/story.py) has C4 (vn, made 2024-05-01, overdue), then C1, C2, C3 (ke,
made together on 2025-01-15, in the order given): C1 fulfilled, C2 made (due 2099),
C3 withdrawn.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tests.api.conftest import Caller
from tests.api.story import Story, write_story

PATH = "/api/v1/commitments"


@pytest.fixture
def story(users: dict[str, Caller]) -> Story:
    return write_story(users)


def ids(users: dict[str, Caller], query: str) -> list[str]:
    response = users["viewer"].get(f"{PATH}?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.get_json()["items"]]


def test_commitments_come_a_page_at_a_time_oldest_made_first(
    users: dict[str, Caller], story: Story
) -> None:
    first = users["viewer"].get(f"{PATH}?per_page=2").get_json()
    assert [c["id"] for c in first["items"]] == [story["C4"], story["C1"]]
    assert (first["page"], first["per_page"], first["total"]) == (1, 2, 4)
    second = users["viewer"].get(f"{PATH}?per_page=2&page=2").get_json()
    assert [c["id"] for c in second["items"]] == [story["C2"], story["C3"]]
    assert users["viewer"].get(f"{PATH}?per_page=2&page=3").get_json()["items"] == []


def test_a_page_is_50_unless_asked(users: dict[str, Caller], story: Story) -> None:
    answer = users["viewer"].get(PATH).get_json()
    assert (answer["page"], answer["per_page"], answer["total"]) == (1, 50, 4)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("coalition=vn", ["C4"]),
        ("coalition=ke", ["C1", "C2", "C3"]),
        ("status=made", ["C4", "C2"]),
        ("overdue=true", ["C4"]),
        ("overdue=false", ["C1", "C2", "C3"]),
        ("level=subnational", ["C1", "C2", "C3"]),
        ("level=unspecified", ["C4"]),
        ("level=national", []),
        ("year=2024", ["C4"]),
        ("year=2025&status=withdrawn", ["C3"]),
        ("coalition=ke&overdue=true", []),
    ],
)
def test_filters_narrow_the_list(
    users: dict[str, Caller], story: Story, query: str, expected: list[str]
) -> None:
    assert ids(users, query) == [story[name] for name in expected]
    total = users["viewer"].get(f"{PATH}?{query}").get_json()["total"]
    assert total == len(expected)


def test_a_coalition_is_named_by_code_or_id(users: dict[str, Caller], story: Story) -> None:
    vn = users["admin"].get("/api/v1/coalitions/vn").get_json()["id"]
    assert ids(users, f"coalition={vn}") == [story["C4"]]


def test_an_item_shows_the_state_and_what_is_derived_today(
    users: dict[str, Caller], story: Story
) -> None:
    late, fulfilled = users["viewer"].get(f"{PATH}?per_page=2").get_json()["items"]
    today = datetime.now(UTC).date()
    assert late["coalition"] == "vn" and late["dialogue"] is None and late["level"] is None
    assert late["overdue"] is True
    assert late["days_overdue"] == (today - date(2024, 9, 30)).days
    assert fulfilled["status"] == "fulfilled" and fulfilled["completion"] == "limited"
    assert fulfilled["status_dates"] == {
        "made": "2025-01-15",
        "in_progress": "2025-02-01",
        "fulfilled": "2025-05-01",
    }
    assert fulfilled["made_by"] == {"institution": "Makueni County", "role": "Finance officer"}
    assert fulfilled["overdue"] is False and fulfilled["days_overdue"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("colour=red", "colour"),
        ("status=kept", "status"),
        ("overdue=yes", "overdue"),
        ("level=planetary", "level"),
        ("year=twenty", "year"),
        ("page=0", "page"),
        ("per_page=201", "per_page"),
        ("per_page=0", "per_page"),
        ("coalition=zz", "coalition"),
    ],
)
def test_a_bad_or_unknown_query_parameter_is_a_422_naming_it(
    users: dict[str, Caller], story: Story, query: str, field: str
) -> None:
    response = users["viewer"].get(f"{PATH}?{query}")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert list(response.get_json()["errors"]) == [field]


def test_reading_the_list_needs_a_token(users: dict[str, Caller]) -> None:
    response = users["anonymous"].get(PATH)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
