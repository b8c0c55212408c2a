"""The role table for the read endpoints: every role reads (redacted where it must be),
except the event feed, which is for admins and evaluators; without a token, 401."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.api.conftest import Caller, World

ROLES = ("admin", "lead", "other_lead", "executive", "evaluator", "viewer", "anonymous")
READS: dict[str, tuple[Callable[[World], str], tuple[str, ...] | None]] = {
    "commitments": (lambda w: "/api/v1/commitments?coalition=ke&overdue=true", None),
    "timeline": (lambda w: "/api/v1/timeline?coalition=vn&order=desc", None),
    "fulfilment": (lambda w: "/api/v1/fulfilment?year=2025&level=subnational", None),
    "impact chain": (lambda w: f"/api/v1/impact-chains/{w['outcome']}", None),
    "audit": (lambda w: f"/api/v1/audit/evidence/{w['confidential']}?as_known_on=2025-01-01", None),
    "events": (lambda w: "/api/v1/events?after=2&limit=5", ("admin", "evaluator")),
    "export": (lambda w: "/api/v1/exports/evidence.csv?coalition=ke", None),
}


def expected(role: str, allowed: tuple[str, ...] | None) -> int:
    if role == "anonymous":
        return 401
    return 200 if allowed is None or role in allowed else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("read", sorted(READS))
def test_each_role_reads_exactly_what_its_role_allows(
    users: dict[str, Caller], world: World, read: str, role: str
) -> None:
    path, allowed = READS[read]
    response = users[role].get(path(world))
    assert response.status_code == expected(role, allowed), response.get_data(as_text=True)
    if response.status_code == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    if response.status_code >= 400:
        assert response.content_type == "application/problem+json"
