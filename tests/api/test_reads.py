"""`GET /<kind>/<id>`: the current state with its version as ETag, redacted where it must be."""

from __future__ import annotations

import pytest

from tests.api import bodies
from tests.api.conftest import Caller, World

REDACTED = {"id", "coalition", "sensitivity", "redacted"}


def test_a_record_answers_its_state_and_version_as_etag(
    users: dict[str, Caller], world: World
) -> None:
    response = users["viewer"].get(f"/api/v1/commitments/{world['commitment']}")
    body = response.get_json()
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert body["id"] == world["commitment"]
    assert body["coalition"] == "ke"
    assert body["dialogue"] == world["dialogue"]
    assert body["status"] == "made"
    assert body["review"] is None
    assert isinstance(body["budget_lines"], list)


def test_a_commitment_past_its_due_date_is_overdue_until_closed(
    users: dict[str, Caller], world: World
) -> None:
    path = f"/api/v1/commitments/{world['commitment']}"  # due 2025-06-30
    body = users["admin"].get(path).get_json()
    assert body["overdue"] is True and body["days_overdue"] > 0
    assert users["admin"].post(f"{path}/progress", bodies.progress("fulfilled")).status_code == 201
    body = users["admin"].get(path).get_json()
    assert body["overdue"] is False and body["days_overdue"] == 0


def test_the_latest_review_is_shown(users: dict[str, Caller], world: World) -> None:
    path = f"/api/v1/commitments/{world['commitment']}"
    review = {"verdict": "needs_evidence", "note": "show the budget", "occurred_on": "2025-03-01"}
    assert users["executive"].post(f"{path}/reviews", review).status_code == 201
    body = users["viewer"].get(path).get_json()
    assert body["review"]["verdict"] == "needs_evidence"
    assert body["review"]["occurred_on"] == "2025-03-01"


def test_a_coalition_is_read_by_code_or_id(users: dict[str, Caller], world: World) -> None:
    by_code = users["viewer"].get("/api/v1/coalitions/ke").get_json()
    by_id = users["viewer"].get(f"/api/v1/coalitions/{world['ke']}").get_json()
    assert by_code == by_id and by_code["code"] == "ke"


def test_budget_amounts_are_decimal_strings(users: dict[str, Caller], world: World) -> None:
    path = f"/api/v1/budget-lines/{world['budget_line']}"
    assert users["lead"].post(f"{path}/amounts", bodies.amount("1250000.50")).status_code == 201
    body = users["viewer"].get(path).get_json()
    assert body["amounts"]["allocated"]["amount"] == "1250000.50"
    assert body["dated_on"] == "2025-02-01"


@pytest.mark.parametrize(
    ("role", "sees_restricted", "sees_confidential"),
    [
        ("admin", True, True),
        ("lead", True, True),  # lead of ke, the evidence's coalition
        ("other_lead", True, False),
        ("executive", True, False),
        ("evaluator", True, True),
        ("viewer", False, False),
    ],
)
def test_evidence_content_is_shown_only_to_who_may_see_it(
    users: dict[str, Caller],
    world: World,
    role: str,
    sees_restricted: bool,
    sees_confidential: bool,
) -> None:
    for name, sees in (
        ("evidence", True),
        ("restricted", sees_restricted),
        ("confidential", sees_confidential),
    ):
        response = users[role].get(f"/api/v1/evidence/{world[name]}")
        assert response.status_code == 200
        body = response.get_json()
        if sees:
            assert body["redacted"] is False and "title" in body, (role, name)
        else:
            assert set(body) == REDACTED and body["redacted"] is True, (role, name)
            assert body["coalition"] == "ke"


def test_a_record_names_who_recorded_it_and_its_review_by_name(
    users: dict[str, Caller], world: World
) -> None:
    commitment = world["commitment"]
    review = {"verdict": "needs_evidence", "note": "", "occurred_on": "2025-03-01"}
    assert (
        users["executive"].post(f"/api/v1/commitments/{commitment}/reviews", review).status_code
        == 201
    )
    body = users["viewer"].get(f"/api/v1/commitments/{commitment}").get_json()
    assert body["recorded_by"] == "admin"  # the world's records are the admin's
    assert body["review"]["recorded_by"] == "executive"
    outcome = users["viewer"].get(f"/api/v1/outcomes/{world['outcome']}").get_json()
    assert outcome["recorded_by"] == "admin"
