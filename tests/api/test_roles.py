"""The role table of DESIGN.md, endpoint by endpoint: 201, 401, 403 or 404, exactly.

`lead` leads `ke`, whose records every write below targets; `other_lead` leads `vn`, so
its 403s are the coalition-scope checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api import bodies
from tests.api.conftest import Caller, World

Request = tuple[str, str, Any]
MISSING = "00000000-0000-4000-8000-000000000000"

# name: (request built from the world, roles besides admin that may make it)
WRITES: dict[str, tuple[Callable[[World], Request], tuple[str, ...]]] = {
    "register coalition": (lambda w: ("POST", "/api/v1/coalitions", bodies.coalition("tz")), ()),
    "admit member": (
        lambda w: (
            "POST",
            "/api/v1/coalitions/ke/members",
            {"name": "CBO", "occurred_on": "2025-01-01"},
        ),
        ("lead",),
    ),
    "correct coalition": (
        lambda w: (
            "POST",
            "/api/v1/coalitions/ke/corrections",
            {"name": "Kenya", "reason": "typo"},
        ),
        ("lead",),
    ),
    "record evidence": (lambda w: ("POST", "/api/v1/evidence", bodies.evidence()), ("lead",)),
    "retract evidence": (
        lambda w: ("POST", f"/api/v1/evidence/{w['evidence']}/retractions", {"reason": "wrong"}),
        ("lead",),
    ),
    "assess evidence": (
        lambda w: (
            "POST",
            f"/api/v1/evidence/{w['evidence']}/quality-assessments",
            {"rating": "high", "note": ""},
        ),
        ("lead",),
    ),
    "correct evidence": (
        lambda w: (
            "POST",
            f"/api/v1/evidence/{w['evidence']}/corrections",
            {"title": "T", "reason": "r"},
        ),
        ("lead",),
    ),
    "submit input": (
        lambda w: ("POST", "/api/v1/advocacy-inputs", bodies.advocacy_input("ke", [w["evidence"]])),
        ("lead",),
    ),
    "withdraw input": (
        lambda w: (
            "POST",
            f"/api/v1/advocacy-inputs/{w['input']}/withdrawals",
            {"reason": "superseded", "occurred_on": "2025-02-01"},
        ),
        ("lead",),
    ),
    "log dialogue": (lambda w: ("POST", "/api/v1/dialogues", bodies.dialogue()), ("lead",)),
    "follow up": (
        lambda w: (
            "POST",
            f"/api/v1/dialogues/{w['dialogue']}/follow-ups",
            {"note": "letter sent", "occurred_on": "2025-02-01"},
        ),
        ("lead",),
    ),
    "make commitment": (lambda w: ("POST", "/api/v1/commitments", bodies.commitment()), ("lead",)),
    "report progress": (
        lambda w: ("POST", f"/api/v1/commitments/{w['commitment']}/progress", bodies.progress()),
        ("lead",),
    ),
    "change due date": (
        lambda w: (
            "POST",
            f"/api/v1/commitments/{w['commitment']}/due-date-changes",
            {"due_on": "2025-12-31", "reason": "new budget cycle", "occurred_on": "2025-02-01"},
        ),
        ("lead",),
    ),
    "review commitment": (
        lambda w: (
            "POST",
            f"/api/v1/commitments/{w['commitment']}/reviews",
            {"verdict": "confirmed", "note": ""},
        ),
        ("executive",),
    ),
    "identify budget line": (
        lambda w: ("POST", "/api/v1/budget-lines", bodies.budget_line("ke", [w["commitment"]])),
        ("lead",),
    ),
    "record amount": (
        lambda w: ("POST", f"/api/v1/budget-lines/{w['budget_line']}/amounts", bodies.amount()),
        ("lead",),
    ),
    "harvest outcome": (
        lambda w: ("POST", "/api/v1/outcomes", bodies.outcome("ke", evidence=[w["evidence"]])),
        ("lead",),
    ),
    "change outcome stage": (
        lambda w: (
            "POST",
            f"/api/v1/outcomes/{w['outcome']}/stage-changes",
            {"stage": "monitoring", "note": "", "occurred_on": "2025-05-01"},
        ),
        ("lead",),
    ),
    "substantiate outcome": (
        lambda w: (
            "POST",
            f"/api/v1/outcomes/{w['outcome']}/substantiations",
            {"verdict": "agree", "note": "seen the minutes"},
        ),
        ("evaluator",),
    ),
    "member leaves": (
        lambda w: ("DELETE", "/api/v1/coalitions/ke/members/Ngiluni%20CBO", None),
        ("lead",),
    ),
}
ROLES = ("admin", "lead", "other_lead", "executive", "evaluator", "viewer", "anonymous")


def expected(role: str, allowed: tuple[str, ...]) -> int:
    if role == "anonymous":
        return 401
    return 201 if role == "admin" or role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("write", sorted(WRITES))
def test_each_role_may_write_exactly_what_its_role_allows(
    users: dict[str, Caller], world: World, write: str, role: str
) -> None:
    build, allowed = WRITES[write]
    if write == "member leaves":  # needs a member to leave
        admit = {"name": "Ngiluni CBO", "occurred_on": "2025-01-01"}
        assert users["admin"].post("/api/v1/coalitions/ke/members", admit).status_code == 201
    method, path, body = build(world)
    response = users[role].send(method, path, json=body)
    assert response.status_code == expected(role, allowed), response.get_data(as_text=True)
    if response.status_code == 201:
        assert set(response.get_json()) >= {"id", "version"}
        assert response.headers["Location"].startswith("/api/v1/")


def test_a_lead_cannot_create_records_for_another_coalition(
    users: dict[str, Caller], world: World
) -> None:
    for path, body in [
        ("/api/v1/evidence", bodies.evidence("vn")),
        ("/api/v1/commitments", bodies.commitment("vn")),
        ("/api/v1/evidence", bodies.evidence(world["vn"])),  # by id, too
    ]:
        assert users["lead"].post(path, body).status_code == 403
        assert users["other_lead"].post(path, body).status_code == 201


def test_a_lead_cannot_change_another_coalitions_record(
    users: dict[str, Caller], world: World
) -> None:
    path = f"/api/v1/commitments/{world['vn_commitment']}/progress"
    assert users["lead"].post(path, bodies.progress()).status_code == 403
    assert users["other_lead"].post(path, bodies.progress()).status_code == 201


@pytest.mark.parametrize(
    ("role", "path", "body"),
    [
        ("admin", f"/api/v1/commitments/{MISSING}/progress", bodies.progress()),
        ("lead", f"/api/v1/commitments/{MISSING}/progress", bodies.progress()),
        ("lead", f"/api/v1/evidence/{MISSING}/corrections", {"title": "T", "reason": "r"}),
        (
            "executive",
            f"/api/v1/commitments/{MISSING}/reviews",
            {"verdict": "confirmed", "note": ""},
        ),
        (
            "evaluator",
            f"/api/v1/outcomes/{MISSING}/substantiations",
            {"verdict": "agree", "note": ""},
        ),
        ("lead", "/api/v1/coalitions/zz/members", {"name": "CBO", "occurred_on": "2025-01-01"}),
    ],
)
def test_a_write_to_an_unknown_record_is_404_for_whoever_may_write_it(
    users: dict[str, Caller], world: World, role: str, path: str, body: Any
) -> None:
    assert users[role].post(path, body).status_code == 404


def test_a_role_without_the_right_hears_403_before_404(users: dict[str, Caller]) -> None:
    path = f"/api/v1/commitments/{MISSING}/progress"
    assert users["viewer"].post(path, bodies.progress()).status_code == 403


READS = ("ke", "evidence", "input", "dialogue", "commitment", "budget_line", "outcome")
COLLECTION = {
    "ke": "coalitions",
    "evidence": "evidence",
    "input": "advocacy-inputs",
    "dialogue": "dialogues",
    "commitment": "commitments",
    "budget_line": "budget-lines",
    "outcome": "outcomes",
}


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_every_kind_and_hears_404_for_unknown_ids(
    users: dict[str, Caller], world: World, role: str
) -> None:
    for name in READS:
        response = users[role].get(f"/api/v1/{COLLECTION[name]}/{world[name]}")
        assert response.status_code == (401 if role == "anonymous" else 200), name
        missing = users[role].get(f"/api/v1/{COLLECTION[name]}/{MISSING}")
        assert missing.status_code == (401 if role == "anonymous" else 404), name
