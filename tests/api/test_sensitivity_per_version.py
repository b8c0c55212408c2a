"""Sensitivity is judged per version: what was written while evidence was confidential stays
hidden from whoever could not read it then, after a correction makes it public, on every
path (the timeline of the API, its CSV export, the dashboard, the timeline page, the
record's history page, the audit), while what is written afterwards follows the new
sensitivity. The other way too: content written while public is hidden once the evidence
is made confidential. On SQLite and on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask

from tests.api import bodies
from tests.api.conftest import Caller, make_users
from tests.pages.support import Reader, password, text
from tracker.accounts import add_user
from web.services import services

# What the lead wrote while the evidence was confidential.
OLD = ("Names of households facing eviction", "Street by street, who is at risk", "Tenants of")
# What the correction that made it public wrote, and what was written afterwards.
NEW = "Eviction risk in Ngiluni, by ward"
LATER = "Ward totals checked against the county register"


@dataclass
class Downgraded:
    app: Flask
    users: dict[str, Caller]
    evidence: str


def correct(users: dict[str, Caller], evidence: str, **changes: Any) -> None:
    body = {**changes, "reason": "reviewed with the community"}
    answer = users["lead"].post(f"/api/v1/evidence/{evidence}/corrections", body)
    assert answer.status_code == 201, answer.get_json()


@pytest.fixture
def downgraded(any_store_app: Flask) -> Iterator[Downgraded]:
    """Confidential evidence of ke, corrected to public with a new title, then corrected
    again; `vera` (a viewer) and `oscar` (vn's lead) may also sign in to the pages."""
    users = make_users(any_store_app)
    users["admin"].post("/api/v1/coalitions", bodies.coalition("ke", "KE Citizen Data"))
    users["admin"].post("/api/v1/coalitions", bodies.coalition("vn", "VN Citizen Data"))
    recorded = users["lead"].post(
        "/api/v1/evidence",
        bodies.evidence(
            title=OLD[0], summary=OLD[1], groups=[f"{OLD[2]} Ward 4"], sensitivity="confidential"
        ),
    )
    assert recorded.status_code == 201, recorded.get_json()
    evidence = recorded.get_json()["id"]
    correct(users, evidence, sensitivity="public", title=NEW, summary="By ward only.",
            groups=["tenants"])  # fmt: skip
    correct(users, evidence, summary=LATER)
    with any_store_app.app_context():
        engine = services().engine
        add_user(engine, "vera", "viewer", password=password("vera"))
        add_user(engine, "oscar", "coalition_lead", coalitions=("vn",), password=password("oscar"))
    yield Downgraded(any_store_app, users, evidence)


def leaks(body: str) -> list[str]:
    return [secret for secret in OLD if secret in body]


def page_reader(app: Flask, name: str) -> Reader:
    reader = Reader(app.test_client())
    assert reader.sign_in(name).status_code == 302
    return reader


@pytest.mark.parametrize("role", ["viewer", "other_lead", "executive"])
def test_the_api_hides_what_was_written_while_confidential(
    downgraded: Downgraded, role: str
) -> None:
    caller, evidence = downgraded.users[role], downgraded.evidence
    for path in (
        "/api/v1/timeline?per_page=200",
        "/api/v1/timeline?coalition=ke&per_page=200",
        "/api/v1/exports/timeline.csv",
        f"/api/v1/audit/evidence/{evidence}",
        f"/api/v1/audit/evidence/{evidence}?as_known_on=2000-01-01",
    ):
        answer = caller.get(path)
        assert answer.status_code == 200, (path, answer.get_data(as_text=True))
        assert leaks(answer.get_data(as_text=True)) == [], path
    timeline = caller.get("/api/v1/timeline?coalition=ke&per_page=200").get_json()
    entries = [e for e in timeline["items"] if e["ref"]["id"] == evidence]
    assert [(e["kind"], e["redacted"]) for e in entries] == [
        ("evidence.recorded", True),
        ("evidence.corrected", True),  # it names the old sensitivity and the new
        ("evidence.corrected", False),
    ]
    assert entries[0]["title"] == "Confidential evidence recorded (content hidden)"
    assert NEW in entries[2]["title"]
    audit = caller.get(f"/api/v1/audit/evidence/{evidence}").get_json()
    assert [e["redacted"] for e in audit["history"]] == [True, True, False]
    assert audit["history"][2]["data"]["changes"] == {"summary": LATER}
    # What it says now is public.
    now = caller.get(f"/api/v1/evidence/{evidence}").get_json()
    assert now["title"] == NEW and now["summary"] == LATER


@pytest.mark.parametrize("role", ["lead", "evaluator", "admin"])
def test_whoever_could_read_it_then_still_reads_it(downgraded: Downgraded, role: str) -> None:
    caller, evidence = downgraded.users[role], downgraded.evidence
    timeline = caller.get("/api/v1/timeline?coalition=ke&per_page=200")
    assert OLD[0] in timeline.get_data(as_text=True)
    audit = caller.get(f"/api/v1/audit/evidence/{evidence}").get_json()
    assert [e["redacted"] for e in audit["history"]] == [False, False, False]
    assert audit["history"][0]["data"]["summary"] == OLD[1]
    assert OLD[0] in caller.get("/api/v1/exports/timeline.csv").get_data(as_text=True)


@pytest.mark.parametrize("name", ["vera", "oscar"])
def test_the_pages_hide_what_was_written_while_confidential(
    downgraded: Downgraded, name: str
) -> None:
    reader, evidence = page_reader(downgraded.app, name), downgraded.evidence
    for path in (
        "/coalitions/ke",
        "/coalitions/ke/timeline",
        f"/evidence/{evidence}",
        "/exports/timeline.csv",
    ):
        page = reader.get(path)
        assert page.status_code == 200, path
        assert leaks(text(page)) == [], path
    record = text(reader.get(f"/evidence/{evidence}"))
    assert NEW in record and LATER in record  # written after the downgrade
    assert record.count("content hidden") == 2  # the two entries written before it


def test_a_lead_of_its_coalition_reads_its_whole_history_on_the_pages(
    downgraded: Downgraded,
) -> None:
    with downgraded.app.app_context():
        add_user(services().engine, "kate", "coalition_lead", coalitions=("ke",),
                 password=password("kate"))  # fmt: skip
    reader = page_reader(downgraded.app, "kate")
    record = text(reader.get(f"/evidence/{downgraded.evidence}"))
    assert OLD[1] in record and "content hidden" not in record
    assert OLD[0] in text(reader.get("/coalitions/ke/timeline"))


def test_content_written_while_public_is_hidden_once_made_confidential(
    any_store_app: Flask,
) -> None:
    users = make_users(any_store_app)
    users["admin"].post("/api/v1/coalitions", bodies.coalition("ke", "KE Citizen Data"))
    recorded = users["lead"].post("/api/v1/evidence", bodies.evidence(title=OLD[0]))
    evidence = recorded.get_json()["id"]
    correct(users, evidence, sensitivity="confidential")
    viewer = users["viewer"]
    for path in (
        "/api/v1/timeline?coalition=ke",
        "/api/v1/exports/timeline.csv",
        f"/api/v1/audit/evidence/{evidence}",
        f"/api/v1/evidence/{evidence}",
    ):
        assert OLD[0] not in viewer.get(path).get_data(as_text=True), path
