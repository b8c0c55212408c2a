"""Issue 10: no input the API accepts can stop a projection, and no input answers 500."""

from __future__ import annotations

import pytest

from tests.api import bodies
from tests.api.conftest import Caller, World

EVIDENCE = "/api/v1/evidence"


def refused(response, field: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"], response.get_json()


@pytest.mark.parametrize("bad", ["a\u0000b", "a\u0007b", "a\u007fb", "a\u0085b", "a\ud800b"])
def test_a_title_with_a_control_character_or_a_lone_surrogate_is_422(
    users: dict[str, Caller], world: World, bad: str
) -> None:
    refused(users["admin"].post(EVIDENCE, bodies.evidence(title=bad)), "title")


def test_a_lone_surrogate_escape_in_json_is_422_naming_the_field(
    users: dict[str, Caller], world: World
) -> None:
    raw = '{"verdict": "confirmed", "note": "\\ud800"}'
    response = users["executive"].send(
        "POST",
        f"/api/v1/commitments/{world['commitment']}/reviews",
        data=raw,
        headers={"Content-Type": "application/json"},
    )
    refused(response, "note")


def test_nested_texts_and_keys_are_checked_too(users: dict[str, Caller], world: World) -> None:
    body = bodies.dialogue()
    body["commitments"][0]["made_by"]["institution"] = "County\u0000Assembly"
    refused(users["admin"].post("/api/v1/dialogues", body), "commitments.0.made_by.institution")
    body = bodies.dialogue()
    body["participants"]["by_group"] = {"women\u0001": 3}
    answer = users["admin"].post("/api/v1/dialogues", body)
    assert answer.status_code == 422


def test_tabs_and_line_breaks_are_text(users: dict[str, Caller], world: World) -> None:
    answer = users["admin"].post(EVIDENCE, bodies.evidence(summary="one\tline\r\nanother"))
    assert answer.status_code == 201


def test_texts_have_length_limits(users: dict[str, Caller], world: World) -> None:
    refused(users["admin"].post(EVIDENCE, bodies.evidence(summary="x" * 900_000)), "summary")
    refused(users["admin"].post(EVIDENCE, bodies.evidence(title="x" * 301)), "title")
    refused(users["admin"].post(EVIDENCE, bodies.evidence(groups=["g" * 1001])), "groups.0")
    refused(users["admin"].post(EVIDENCE, bodies.evidence(groups=["g"] * 201)), "groups")
    assert users["admin"].post(EVIDENCE, bodies.evidence(title="x" * 300)).status_code == 201
    assert users["admin"].post(EVIDENCE, bodies.evidence(summary="x" * 20_000)).status_code == 201


def test_amounts_take_ascii_digits_only(users: dict[str, Caller], world: World) -> None:
    path = f"/api/v1/budget-lines/{world['budget_line']}/amounts"
    refused(users["admin"].post(path, bodies.amount("\uff15")), "amount")
    refused(users["admin"].post(path, bodies.amount("\u0665\u0660")), "amount")


@pytest.mark.parametrize("path", ["/api/v1/commitments", "/api/v1/timeline"])
def test_a_huge_page_number_is_422_not_500(users: dict[str, Caller], path: str) -> None:
    response = users["admin"].get(f"{path}?page=99999999999999999999")
    refused(response, "page")
    assert users["admin"].get(f"{path}?page={'9' * 5000}").status_code == 422


def test_a_taken_external_ref_does_not_name_the_record_holding_it(
    users: dict[str, Caller], world: World
) -> None:
    ref = {"system": "irm", "id": "KE0001"}
    first = users["lead"].post(
        EVIDENCE, bodies.evidence(sensitivity="confidential") | {"external_ref": ref}
    )
    assert first.status_code == 201
    taken = users["admin"].post(EVIDENCE, bodies.evidence("vn") | {"external_ref": ref})
    refused(taken, "external_ref")
    assert first.get_json()["id"] not in taken.get_data(as_text=True)
