"""CSV exports from the pages: the session cookie is enough, and redaction still holds."""

from __future__ import annotations

import csv
import io

from flask import Flask

from tests.pages import forms
from tests.pages.support import signed_in


def rows(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def test_a_signed_in_executive_downloads_the_commitments_of_a_coalition(app: Flask) -> None:
    answer = signed_in(app, "amina").get("/exports/commitments.csv?coalition=ke")
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    exported = rows(answer.data)
    assert len(exported) == 4  # the Kenya demo's commitments
    assert {row["coalition"] for row in exported} == {"ke"}


def test_nobody_signed_in_is_sent_to_sign_in_instead_of_a_file(app: Flask) -> None:
    answer = app.test_client().get("/exports/commitments.csv")
    assert answer.status_code == 302
    assert "/sign-in" in answer.headers["Location"]


def test_an_exported_confidential_record_keeps_its_content_from_other_readers(
    app: Flask,
) -> None:
    lead = signed_in(app, "wanjiru")
    title = "Savings groups of Kibwezi women"
    created = lead.send(
        "/coalitions/ke/evidence/new", forms.evidence(title=title, sensitivity="confidential")
    )
    assert created.status_code == 302
    assert title in signed_in(app, "wanjiru").get("/exports/evidence.csv").data.decode()
    assert title not in signed_in(app, "amina").get("/exports/evidence.csv").data.decode()
