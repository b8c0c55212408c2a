"""The import page without a browser: who reaches it, the upload checked first with its
first rows and their problems, then confirmed and reported; another reader cannot see it."""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

from flask import Flask

from tests.pages.support import Reader, signed_in, text, token_in

FIXTURES = Path(__file__).parent.parent / "fixtures" / "imports"
SAMPLE = (FIXTURES / "ogp-irm-sample.csv").read_bytes()
MAPPING = (FIXTURES / "ogp-irm.toml").read_bytes()


def upload(reader: Reader, **form: object) -> str:
    """Send the upload form; the address of the import it started."""
    page = reader.get("/imports")
    answer = reader.client.post(
        "/imports",
        data={
            "csrf_token": token_in(page),
            "kind": "commitments",
            "file": (io.BytesIO(SAMPLE), "ogp.csv"),
            "mapping": (io.BytesIO(MAPPING), "ogp.toml"),
            **form,
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302, text(answer)
    return answer.headers["Location"]


def finished(reader: Reader, path: str) -> str:
    for _ in range(300):
        html = text(reader.get(path))
        if 'http-equiv="refresh"' not in html:
            return html
        time.sleep(0.05)
    raise AssertionError("the import did not finish")


def test_the_navigation_offers_imports_to_leads_and_admins_only(app: Flask) -> None:
    assert "Import a file" in text(signed_in(app, "wanjiru").get("/coalitions/ke"))
    assert "Import a file" in text(signed_in(app, "admin").get("/coalitions"))
    assert "Import a file" not in text(signed_in(app, "amina").get("/fulfilment"))
    assert signed_in(app, "amina").get("/imports").status_code == 403


def test_a_lead_checks_a_file_sees_its_first_rows_then_imports_it(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    form = text(lead.get("/imports"))
    assert '<option value="ke"' in form and '<option value="vn"' not in form
    checked = finished(lead, upload(lead, coalition="ke", partial="on"))
    assert "Open contracting in Makueni County" in checked  # a preview cell
    assert "Almost there" in checked and "made_by.institution" in checked
    assert checked.count('class="invalid"') == 2
    confirm = re.search(r'action="(/imports/[^"]+/confirm)"', checked)
    assert confirm is not None
    started = lead.client.post(
        confirm.group(1), data={"csrf_token": token_in(lead.get("/imports")), "partial": "on"}
    )
    assert started.status_code == 302
    report = finished(lead, started.headers["Location"])
    assert "<dt>Created</dt><dd>3</dd>" in report


def test_a_lead_cannot_import_into_another_coalition_or_read_anothers_import(
    app: Flask,
) -> None:
    lead = signed_in(app, "wanjiru")
    page = lead.get("/imports")
    refused = lead.client.post(
        "/imports",
        data={
            "csrf_token": token_in(page),
            "kind": "commitments",
            "coalition": "vn",
            "file": (io.BytesIO(SAMPLE), "ogp.csv"),
        },
        content_type="multipart/form-data",
    )
    assert refused.status_code == 422 and "Choose a coalition you lead" in text(refused)
    path = upload(lead, coalition="ke")
    assert signed_in(app, "linh").get(path).status_code == 404
    assert signed_in(app, "admin").get(path).status_code == 200


def test_an_upload_without_a_file_shows_the_problem_by_its_field(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    page = lead.get("/imports")
    answer = lead.client.post(
        "/imports",
        data={"csrf_token": token_in(page), "kind": "commitments", "coalition": "ke"},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 422
    assert 'aria-invalid="true"' in text(answer) and "Fill this in." in text(answer)


def test_the_import_page_lists_a_leads_own_imports_and_an_admin_sees_all(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    assert "No import yet." in text(lead.get("/imports"))
    path = upload(lead, coalition="ke", partial="on")
    finished(lead, path)
    own = text(lead.get("/imports"))
    assert "Your imports so far" in own
    assert f'href="{path}"' in own and "A check (nothing saved)" in own
    other = text(signed_in(app, "linh").get("/imports"))
    assert f'href="{path}"' not in other and "No import yet." in other
    everyone = text(signed_in(app, "admin").get("/imports"))
    assert "Imports so far" in everyone and f'href="{path}"' in everyone
