"""The ledger on the pages: evaluators see the head on every page, note it, check it later,
and take an audit pack; nobody else is shown either."""

from __future__ import annotations

import io
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask import Flask

from tests.pages.support import demo_id, signed_in, text
from tracker.ledger.packs import verify_pack
from web.services import use_cases

HEAD = re.compile(r"([0-9]+:[0-9a-f]{64})")


def test_an_evaluator_sees_the_head_on_every_page_and_it_is_the_ledgers(app: Flask) -> None:
    tomas = signed_in(app, "tomas")
    with app.app_context():
        head = str(use_cases().ledger_head())
    for path in ("/outcomes", "/fulfilment", "/coalitions", "/ledger"):
        page = tomas.get(path)
        assert page.status_code == 200, path
        assert head in text(page), path
    ledger = text(tomas.get("/ledger"))
    assert f"tracker verify --head {head}" in ledger


@pytest.mark.parametrize("name", ["wanjiru", "amina"])
def test_others_see_no_head_and_may_not_open_the_ledger_page(app: Flask, name: str) -> None:
    other = signed_in(app, name)
    assert not HEAD.search(text(other.get("/coalitions")))
    assert other.get("/ledger").status_code == 403
    assert other.get("/ledger/audit-pack.zip").status_code == 403


def test_an_evaluator_downloads_a_pack_that_verifies(app: Flask, tmp_path: Path) -> None:
    tomas = signed_in(app, "tomas")
    answer = tomas.get("/ledger/audit-pack.zip?coalition=ke")
    assert answer.status_code == 200 and answer.mimetype == "application/zip"
    assert "filename=audit-pack-ke.zip" in answer.headers["Content-Disposition"]
    pack = tmp_path / "pack.zip"
    pack.write_bytes(answer.data)
    with zipfile.ZipFile(io.BytesIO(answer.data)) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert manifest["coalition"] == "ke"
    assert verify_pack(str(pack)).ok
    whole = tomas.get("/ledger/audit-pack.zip")
    pack.write_bytes(whole.data)
    verdict = verify_pack(str(pack))
    assert verdict.ok and str(verdict).startswith("verified")


def test_an_unknown_coalition_has_no_pack(app: Flask) -> None:
    assert signed_in(app, "tomas").get("/ledger/audit-pack.zip?coalition=zz").status_code == 404


def test_the_audit_page_shows_each_versions_link(app: Flask) -> None:
    tomas = signed_in(app, "tomas")
    commitment = demo_id(app, "commitment", "ke-commitment-seedlings")
    with app.app_context():
        links = use_cases().ledger.links_of(commitment)
    page = text(tomas.get(f"/audit/commitments/{commitment}"))
    assert "Ledger link" in page
    for link in links.values():
        assert f"{link.position}:{link.hash.hex()}" in page


def test_the_chain_page_shows_the_chain_as_known_on_a_date(app: Flask) -> None:
    tomas = signed_in(app, "tomas")
    outcome = demo_id(app, "outcome", "ke-outcome-seedlings")
    today = datetime.now(UTC).date()
    known = tomas.get(f"/impact-chains/{outcome}?as_known_on={today}")
    assert known.status_code == 200
    assert f'As known on <time datetime="{today}">' in text(known)
    before = tomas.get(f"/impact-chains/{outcome}?as_known_on=2020-01-01")
    assert before.status_code == 422
    assert "had not been recorded yet then" in text(before)
    assert tomas.get(f"/impact-chains/{outcome}?as_known_on=someday").status_code == 422
