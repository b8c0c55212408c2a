"""`POST /imports` and `GET /imports/<id>`: a file uploaded, run in a thread of the web
process (embedded) or by a real RQ worker on Redis, followed to its report; who may start
one into which coalition, who may read it; files the import cannot read reported on row 0
with nothing saved; a big file reporting its progress."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import TestResponse

from tests.api import bodies
from tests.api.conftest import Caller, make_app, make_users
from tracker.imports import jobs
from tracker.imports.reading import MAX_BYTES
from web.config import MAX_UPLOAD_BYTES
from web.services import close_services, services

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
SAMPLE = (FIXTURES / "ogp-irm-sample.csv").read_bytes()
MAPPING = (FIXTURES / "ogp-irm.toml").read_bytes()
HEADER = (
    "Commitment Unique Identifier,Commitment Title,Commitment Description,Lead Institution,"
    "Start Date,End Date,Completion (End Of Term),Did It Open Government (Overall)\n"
)
WORKER = (
    "from tracker.composition import open_services\n"
    "from tracker.projection_commands import run_worker\n"
    "run_worker(open_services(), burst=True)\n"
)


def started(app: Flask) -> dict[str, Caller]:
    users = make_users(app)
    for code, name in (("ke", "Kenya"), ("vn", "Vietnam")):
        assert (
            users["admin"].post("/api/v1/coalitions", bodies.coalition(code, name)).status_code
            == 201
        )
    return users


@pytest.fixture
def embedded(database_url: str) -> Iterator[tuple[Flask, dict[str, Caller]]]:
    """An app without REDIS_URL (imports run in a thread), on each store, with ke and vn."""
    app = make_app(database_url)
    users = started(app)
    yield app, users
    close_services(app)


def upload(
    caller: Caller, data: bytes, mapping: bytes | None = MAPPING, **form: str
) -> TestResponse:
    sent: dict[str, Any] = {"kind": "commitments", **form, "file": (io.BytesIO(data), "file.csv")}
    if mapping is not None:
        sent["mapping"] = (io.BytesIO(mapping), "mapping.toml")
    return caller.send("POST", "/api/v1/imports", data=sent, content_type="multipart/form-data")


def follow(
    caller: Caller, location: str, seen: list[tuple[str, int]] | None = None
) -> dict[str, Any]:
    """Poll the import until it has ended; `seen` collects each (stage, done) read."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        answer = caller.get(location)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        state: dict[str, Any] = answer.get_json()
        if seen is not None:
            seen.append((state["stage"], state["done"]))
        if state["status"] in ("done", "failed"):
            return state
        time.sleep(0.02)
    raise AssertionError("the import did not end")


def head(app: Flask) -> int:
    with app.app_context():
        return services().tracker.recorder.max_notification_id() or 0


def test_an_import_answers_202_with_its_location_and_runs_to_its_report(
    embedded: tuple[Flask, dict[str, Caller]],
) -> None:
    _app, users = embedded
    answer = upload(users["admin"], SAMPLE, partial="true")
    assert answer.status_code == 202
    location = answer.headers["Location"]
    body = answer.get_json()
    assert location == f"/api/v1/imports/{body['id']}"
    assert body["status"] in ("queued", "running", "done") and body["kind"] == "commitments"
    report = follow(users["admin"], location)
    assert report["status"] == "done"
    assert (report["rows"], report["done"], report["created"], report["updated"]) == (5, 5, 3, 0)
    assert [(e["row"], e["field"]) for e in report["errors"]] == [
        (4, "completion"),
        (5, "made_by.institution"),
    ]


def test_the_file_and_mapping_may_be_sent_as_text_parts(
    embedded: tuple[Flask, dict[str, Caller]],
) -> None:
    """Some clients send a small upload as a plain form field, without a file name."""
    app, users = embedded
    before = head(app)
    sent = {
        "kind": "commitments",
        "file": SAMPLE.decode(),
        "mapping": MAPPING.decode(),
        "dry_run": "true",
    }
    answer = users["admin"].send(
        "POST", "/api/v1/imports", data=sent, content_type="multipart/form-data"
    )
    assert answer.status_code == 202, answer.get_data(as_text=True)
    report = follow(users["admin"], answer.headers["Location"])
    assert (report["status"], report["rows"], report["created"]) == ("done", 5, 3)
    assert head(app) == before


def test_a_dry_run_reports_what_it_would_do_and_saves_nothing(
    embedded: tuple[Flask, dict[str, Caller]],
) -> None:
    app, users = embedded
    before = head(app)
    report = follow(
        users["admin"], upload(users["admin"], SAMPLE, dry_run="true").headers["Location"]
    )
    assert (report["status"], report["created"], len(report["errors"])) == ("done", 3, 2)
    assert head(app) == before


def test_a_lead_imports_only_into_a_coalition_they_lead(
    embedded: tuple[Flask, dict[str, Caller]],
) -> None:
    _app, users = embedded
    lead = users["lead"]  # leads ke
    assert upload(lead, SAMPLE, partial="true", coalition="vn").status_code == 403
    assert upload(lead, SAMPLE, partial="true").status_code == 403  # must name one
    assert upload(users["viewer"], SAMPLE, coalition="ke").status_code == 403
    assert upload(users["evaluator"], SAMPLE, coalition="ke").status_code == 403
    answer = upload(lead, SAMPLE, partial="true", coalition="ke")
    assert answer.status_code == 202
    assert follow(lead, answer.headers["Location"])["created"] == 3


def test_a_lead_importing_rows_of_another_coalition_has_them_refused(
    embedded: tuple[Flask, dict[str, Caller]],
) -> None:
    app, users = embedded
    vn_mapping = MAPPING.replace(b'coalition = "ke"', b'coalition = "vn"')
    before = head(app)
    answer = upload(users["lead"], SAMPLE, mapping=vn_mapping, coalition="ke", partial="true")
    report = follow(users["lead"], answer.headers["Location"])
    assert report["created"] == 0 and {e["field"] for e in report["errors"]} >= {"coalition"}
    assert head(app) == before


def test_only_who_started_an_import_or_an_admin_may_read_it(
    embedded: tuple[Flask, dict[str, Caller]],
) -> None:
    _app, users = embedded
    location = upload(users["lead"], SAMPLE, coalition="ke", dry_run="true").headers["Location"]
    follow(users["lead"], location)
    assert users["other_lead"].get(location).status_code == 404
    assert users["viewer"].get(location).status_code == 404
    assert users["anonymous"].get(location).status_code == 401
    assert users["admin"].get(location).status_code == 200
    missing = users["admin"].get("/api/v1/imports/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404 and missing.mimetype == "application/problem+json"
    assert users["lead"].get(location + "?verbose=1").status_code == 422


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"x" * (MAX_BYTES + 1), "split it into several files"),
        ("Commitment Unique Identifier,Commitment Title\nKE1,Caf\xe9\n".encode("latin-1"), "UTF-8"),
        (b"Commitment Unique Identifier;Commitment Title\nKE1;Cafe\n", "semicolons"),
    ],
    ids=["too-large", "not-utf-8", "semicolons"],
)
def test_a_file_the_import_cannot_read_is_reported_on_row_0_and_nothing_is_saved(
    embedded: tuple[Flask, dict[str, Caller]], data: bytes, message: str
) -> None:
    app, users = embedded
    before = head(app)
    answer = upload(users["admin"], data)
    assert answer.status_code == 202, answer.get_data(as_text=True)
    report = follow(users["admin"], answer.headers["Location"])
    assert report["status"] == "done" and report["created"] == 0
    assert [e["row"] for e in report["errors"]] == [0]
    assert message in report["errors"][0]["message"]
    assert head(app) == before


def test_a_body_over_the_upload_limit_is_413_and_a_form_without_file_or_kind_422(
    embedded: tuple[Flask, dict[str, Caller]],
) -> None:
    _app, users = embedded
    too_big = upload(users["admin"], b"x" * (MAX_UPLOAD_BYTES + 1))
    assert too_big.status_code == 413 and too_big.mimetype == "application/problem+json"
    empty = users["admin"].send(
        "POST", "/api/v1/imports", data={"dry_run": "true"}, content_type="multipart/form-data"
    )
    assert empty.status_code == 422
    assert set(empty.get_json()["errors"]) == {"file", "kind"}
    # Other paths keep the 1 MiB limit.
    big = users["admin"].post("/api/v1/coalitions", {"name": "x" * (1024 * 1024 + 10)})
    assert big.status_code == 413


def test_four_thousand_rows_run_as_a_job_whose_progress_grows(
    embedded: tuple[Flask, dict[str, Caller]],
) -> None:
    _app, users = embedded
    rows = "".join(
        f"KE{i:05},Commitment number {i},Text,Ministry {i % 7},1/1/2024,June 2025,Limited,Major\n"
        for i in range(4000)
    )
    answer = upload(users["admin"], (HEADER + rows).encode())
    seen: list[tuple[str, int]] = []
    report = follow(users["admin"], answer.headers["Location"], seen)
    assert (report["status"], report["rows"], report["created"], report["errors"]) == (
        "done",
        4000,
        4000,
        [],
    )
    checking = [done for stage, done in seen if stage == "checking"]
    assert checking == sorted(checking), "progress never goes back within a stage"
    assert len({d for d in checking if 0 < d < 4000}) >= 2, f"progress seen: {seen}"


def test_a_job_that_breaks_marks_its_import_failed(
    embedded: tuple[Flask, dict[str, Caller]], monkeypatch: pytest.MonkeyPatch
) -> None:
    _app, users = embedded

    def broken(*_args: Any, **_kwargs: Any) -> dict[str, Any]:
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(jobs, "run_import", broken)
    report = follow(users["admin"], upload(users["admin"], SAMPLE).headers["Location"])
    assert report["status"] == "failed"
    assert "the disk is full" in report["errors"][0]["message"]


def test_an_import_whose_process_died_is_read_as_failed(
    embedded: tuple[Flask, dict[str, Caller]], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, users = embedded
    monkeypatch.setattr("tracker.imports.background.submit", lambda _services, made: made)
    location = upload(users["admin"], SAMPLE).headers["Location"]
    with app.app_context():
        engine = services().engine
    long_ago = datetime.now(UTC) - jobs.ABANDONED - timedelta(minutes=1)
    with engine.begin() as connection:
        connection.execute(jobs.imports.update().values(status="running", updated_at=long_ago))
    state = users["admin"].get(location).get_json()
    assert state["status"] == "failed" and "stopped" in state["errors"][0]["message"]


@pytest.mark.redis
def test_with_redis_an_rq_worker_runs_the_import(database_url: str, redis_url: str) -> None:
    app = create_queued_app(database_url, redis_url)
    try:
        users = started(app)
        answer = upload(users["admin"], SAMPLE, partial="true")
        assert answer.status_code == 202 and answer.get_json()["status"] == "queued"
        time.sleep(0.2)
        assert users["admin"].get(answer.headers["Location"]).get_json()["status"] == "queued"
        env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
        finished = subprocess.run(
            [sys.executable, "-c", WORKER], env=env, capture_output=True, text=True, timeout=120
        )
        assert finished.returncode == 0, finished.stderr
        report = users["admin"].get(answer.headers["Location"]).get_json()
        assert (report["status"], report["created"], len(report["errors"])) == ("done", 3, 2)
    finally:
        close_services(app)


def create_queued_app(database_url: str, redis_url: str) -> Flask:
    from web import create_app

    return create_app({"DATABASE_URL": database_url, "REDIS_URL": redis_url, "TESTING": True})
