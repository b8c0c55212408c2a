"""Every 4xx of the contract is problem+json naming what was wrong, and nothing is a 500."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from tests.api import bodies
from tests.api.conftest import Caller, World

PROBLEM = "application/problem+json"


def problem(response: TestResponse, status: int, field: str | None = None) -> dict[str, Any]:
    """The problem body, after checking status, content type and the field it names."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body: dict[str, Any] = response.get_json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    if field is not None:
        assert field in body.get("errors", {}), body
    return body


def test_malformed_json_is_400(users: dict[str, Caller]) -> None:
    response = users["admin"].send(
        "POST", "/api/v1/coalitions", data='{"code": "ke",', content_type="application/json"
    )
    problem(response, 400)


def test_json_with_nan_is_400(users: dict[str, Caller]) -> None:
    response = users["admin"].send(
        "POST",
        "/api/v1/coalitions",
        data='{"code": "ke", "name": NaN}',
        content_type="application/json",
    )
    problem(response, 400)


def test_deeply_nested_json_is_400_not_500(users: dict[str, Caller]) -> None:
    data = "[" * 100_000 + "]" * 100_000
    response = users["admin"].send(
        "POST", "/api/v1/coalitions", data=data, content_type="application/json"
    )
    problem(response, 400)


def test_a_body_that_is_not_json_is_415(users: dict[str, Caller]) -> None:
    response = users["admin"].send(
        "POST", "/api/v1/coalitions", data="code=ke&name=Kenya", content_type="text/plain"
    )
    problem(response, 415)


def test_a_body_over_one_mebibyte_is_413(users: dict[str, Caller]) -> None:
    body = bodies.coalition() | {"name": "x" * (1024 * 1024 + 10)}
    problem(users["admin"].post("/api/v1/coalitions", body), 413)


def test_an_empty_body_names_each_missing_field(users: dict[str, Caller]) -> None:
    response = users["admin"].send("POST", "/api/v1/coalitions")
    body = problem(response, 422, "code")
    assert "name" in body["errors"]


def test_a_body_that_is_not_an_object_is_422(users: dict[str, Caller]) -> None:
    problem(users["admin"].post("/api/v1/coalitions", ["ke"]), 422, "body")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"colour": "red"}, "colour"),  # unknown field
        ({"title": None}, "title"),  # null for a required field
        ({"title": 5}, "title"),  # wrong type
        ({"title": "  "}, "title"),  # blank
        ({"sample_size": "17"}, "sample_size"),  # a number as text
        ({"sample_size": True}, "sample_size"),  # a boolean is not a number
        ({"sample_size": -1}, "sample_size"),
        ({"participation_level": 6}, "participation_level"),
        ({"method": "Survey"}, "method"),  # outside the vocabulary
        ({"disaggregation": ["gender"]}, "disaggregation.0"),
        ({"sensitivity": "secret"}, "sensitivity"),
        ({"consent": {"obtained": "yes", "kind": "verbal"}}, "consent.obtained"),
        ({"consent": {"obtained": True, "kind": "verbal", "x": 1}}, "consent.x"),
        ({"sdg_targets": ["18.1"]}, "sdg_targets.0"),
        ({"collected_from": "2024-13-01"}, "collected_from"),
        ({"collected_from": "20241001"}, "collected_from"),
        ({"collected_from": "2024-10-01T00:00:00"}, "collected_from"),
        ({"collected_to": "2024-09-01"}, "collected_to"),  # before collected_from
        ({"coalition": "zz"}, "coalition"),  # no such coalition
    ],
)
def test_bad_evidence_fields_are_422_by_name(
    users: dict[str, Caller], world: World, change: dict[str, Any], field: str
) -> None:
    problem(users["admin"].post("/api/v1/evidence", bodies.evidence(**change)), 422, field)


def test_occurred_on_later_than_tomorrow_is_422(users: dict[str, Caller], world: World) -> None:
    later = (datetime.now(UTC).date() + timedelta(days=2)).isoformat()
    body = bodies.evidence(occurred_on=later)
    problem(users["admin"].post("/api/v1/evidence", body), 422, "occurred_on")


def test_occurred_on_tomorrow_is_accepted(users: dict[str, Caller], world: World) -> None:
    tomorrow = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
    response = users["admin"].post("/api/v1/evidence", bodies.evidence(occurred_on=tomorrow))
    assert response.status_code == 201


@pytest.mark.parametrize(
    "amount", [1250.5, "1e3", "-5", "1,000", "12.34567", "1234567890123456", "", " 1", "0x10"]
)
def test_amounts_must_be_plain_decimal_strings(
    users: dict[str, Caller], world: World, amount: Any
) -> None:
    path = f"/api/v1/budget-lines/{world['budget_line']}/amounts"
    problem(users["admin"].post(path, bodies.amount(amount)), 422, "amount")


def test_a_link_to_a_missing_record_is_422(users: dict[str, Caller], world: World) -> None:
    body = bodies.advocacy_input("ke", ["00000000-0000-4000-8000-000000000000"])
    problem(users["admin"].post("/api/v1/advocacy-inputs", body), 422, "evidence")


def test_a_link_to_a_record_of_another_kind_is_422(users: dict[str, Caller], world: World) -> None:
    body = bodies.outcome("ke", evidence=[world["commitment"]])
    problem(users["admin"].post("/api/v1/outcomes", body), 422, "links.evidence")


def test_an_id_that_is_not_an_id_is_422(users: dict[str, Caller], world: World) -> None:
    body = bodies.advocacy_input("ke", ["not-an-id"])
    problem(users["admin"].post("/api/v1/advocacy-inputs", body), 422, "evidence.0")


def test_nested_fields_are_named_by_path(users: dict[str, Caller], world: World) -> None:
    commitments = [bodies.commitment_in_dialogue(), bodies.commitment_in_dialogue(due_on="soon")]
    body = bodies.dialogue(commitments=commitments)
    problem(users["admin"].post("/api/v1/dialogues", body), 422, "commitments.1.due_on")


def test_a_taken_coalition_code_is_422(users: dict[str, Caller], world: World) -> None:
    problem(users["admin"].post("/api/v1/coalitions", bodies.coalition("ke")), 422, "code")


def test_a_reused_external_ref_is_422(users: dict[str, Caller], world: World) -> None:
    body = bodies.evidence(external_ref={"system": "kobo", "id": "42"})
    assert users["admin"].post("/api/v1/evidence", body).status_code == 201
    problem(users["admin"].post("/api/v1/evidence", body), 422, "external_ref")


def test_no_token_is_401_with_a_bearer_challenge(users: dict[str, Caller]) -> None:
    response = users["anonymous"].post("/api/v1/coalitions", bodies.coalition())
    problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_401(app: Flask) -> None:
    response = Caller(app.test_client(), "not-a-token").get("/api/v1/coalitions/ke")
    problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_role_without_the_right_is_403(users: dict[str, Caller], world: World) -> None:
    problem(users["viewer"].post("/api/v1/evidence", bodies.evidence()), 403)


def test_an_unknown_id_in_the_path_is_404(users: dict[str, Caller], world: World) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    problem(users["admin"].get(f"/api/v1/commitments/{missing}"), 404)
    problem(users["admin"].post(f"/api/v1/commitments/{missing}/progress", bodies.progress()), 404)
    problem(users["admin"].get("/api/v1/coalitions/zz"), 404)


def test_an_id_of_another_kind_in_the_path_is_404(users: dict[str, Caller], world: World) -> None:
    problem(users["admin"].get(f"/api/v1/commitments/{world['evidence']}"), 404)


def test_a_wrong_method_is_405(users: dict[str, Caller], world: World) -> None:
    response = users["admin"].send("PUT", "/api/v1/coalitions")
    problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_an_illegal_status_transition_is_409(users: dict[str, Caller], world: World) -> None:
    path = f"/api/v1/commitments/{world['commitment']}/progress"
    assert users["admin"].post(path, bodies.progress("fulfilled")).status_code == 201
    problem(users["admin"].post(path, bodies.progress("stalled")), 409, "status")


def test_a_reassessment_without_a_reason_is_422(users: dict[str, Caller], world: World) -> None:
    path = f"/api/v1/commitments/{world['commitment']}/progress"
    assert users["admin"].post(path, bodies.progress("not_fulfilled")).status_code == 201
    problem(users["admin"].post(path, bodies.progress("in_progress", note=" ")), 422, "note")
    assert users["admin"].post(path, bodies.progress("in_progress")).status_code == 201


def test_a_change_to_a_retracted_record_is_409(users: dict[str, Caller], world: World) -> None:
    path = f"/api/v1/evidence/{world['evidence']}"
    assert users["admin"].post(f"{path}/retractions", {"reason": "wrong"}).status_code == 201
    body = {"rating": "low", "note": ""}
    problem(users["admin"].post(f"{path}/quality-assessments", body), 409)


def test_an_unexpected_error_is_a_500_without_a_traceback(
    users: dict[str, Caller], world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker.application import Tracker

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(Tracker, "record_evidence", broken)
    response = users["admin"].post("/api/v1/evidence", bodies.evidence())
    body = problem(response, 500)
    assert "secret" not in response.get_data(as_text=True)
    assert "Traceback" not in body["detail"]
