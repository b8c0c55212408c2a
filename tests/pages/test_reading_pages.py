"""Pages that read: records with their history, redaction of confidential evidence, the
dashboards, impact chains and the audit view as known on a date; 404 and 403 pages."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from uuid import UUID

import pytest
from flask import Flask

from tests.pages import forms
from tests.pages.support import demo_id, signed_in, text
from web.services import services


@pytest.fixture
def confidential(app: Flask) -> str:
    """A confidential piece of evidence of the Kenya coalition."""
    lead = signed_in(app, "wanjiru")
    answer = lead.send(
        "/coalitions/ke/evidence/new",
        forms.evidence(title="Savings groups of Kibwezi women", sensitivity="confidential"),
    )
    assert answer.status_code == 302
    return answer.headers["Location"]


@pytest.mark.parametrize("name", ["wanjiru", "tomas", "admin"])
def test_confidential_evidence_is_shown_to_its_leads_evaluators_and_admins(
    app: Flask, confidential: str, name: str
) -> None:
    assert "Savings groups of Kibwezi women" in text(signed_in(app, name).get(confidential))


@pytest.mark.parametrize("name", ["linh", "amina", "vera"])
def test_confidential_evidence_is_hidden_from_others_everywhere(
    app: Flask, confidential: str, name: str
) -> None:
    reader = signed_in(app, name)
    page = reader.get(confidential)
    assert page.status_code == 200
    assert "Savings groups of Kibwezi women" not in text(page)
    assert "content hidden" in text(page)
    assert "Savings groups of Kibwezi women" not in text(reader.get("/coalitions/ke"))
    assert "Savings groups of Kibwezi women" not in text(reader.get("/coalitions/ke/timeline"))


def test_a_commitment_page_shows_its_status_history_and_budget_lines(app: Flask) -> None:
    reader = signed_in(app, "vera")
    commitment = demo_id(app, "commitment", "ke-commitment-seedlings")
    html = text(reader.get(f"/commitments/{commitment}"))
    assert "partially fulfilled" in html
    assert "Agriculture: farm inputs and agroforestry, Ngiluni ward projects" in html
    assert "2,000,000.00 KES" in html
    assert html.count("Progress reported") == 2
    assert "by wanjiru" in html
    assert "Review fulfilment" not in html  # a viewer writes nothing


def test_the_coalition_dashboard_lists_overdue_commitments_with_how_long(app: Flask) -> None:
    html = text(signed_in(app, "wanjiru").get("/coalitions/ke"))
    assert "Overdue commitments (1)" in html
    assert "Hold action planning forums in every village" in html
    assert "days overdue" in html or "overdue by" in html
    assert "Log a dialogue and its commitments" in html


def test_another_coalitions_dashboard_offers_no_forms(app: Flask) -> None:
    html = text(signed_in(app, "linh").get("/coalitions/ke"))
    assert "Log a dialogue and its commitments" not in html


def test_the_fulfilment_dashboard_counts_charts_and_filters(app: Flask) -> None:
    executive = signed_in(app, "amina")
    html = text(executive.get("/fulfilment"))
    assert "<svg" in html and "script" not in html.lower()
    assert "Kenya country coalition (ke)" in html
    assert "/exports/commitments.csv" in html
    assert "80% of allocated" in html  # 1.6 of 2 million KES released
    assert "1,400,000.00 KES · 88% of released" in html
    filtered = text(executive.get("/fulfilment?coalition=vn"))
    assert (
        "Kenya country coalition (ke)"
        not in filtered.split("<h2>By coalition</h2>")[1].split("</ul>")[0]
    )
    refused = executive.get("/fulfilment?year=1066")
    assert refused.status_code == 422
    assert "Year made: Choose one of the options." in text(refused)


def test_an_impact_chain_runs_from_evidence_to_change(app: Flask) -> None:
    outcome = demo_id(app, "outcome", "ke-outcome-seedlings")
    html = text(signed_in(app, "tomas").get(f"/impact-chains/{outcome}"))
    stages = [
        "Citizen evidence",
        "Advocacy inputs",
        "Dialogues with decision makers",
        "Commitments",
        "Budget lines",
        "Changes (outcomes)",
    ]
    positions = [html.index(f"<h2>{stage}</h2>") for stage in stages]
    assert positions == sorted(positions)
    assert "every effect is dated on or after its cause" in html


def test_an_impact_chain_highlights_an_effect_dated_before_its_cause(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    evidence = demo_id(app, "evidence", "ke-evidence-forums")
    answer = lead.send(
        "/coalitions/ke/outcomes/new",
        {
            "description": "A change dated before its evidence",
            "social_actor": "County",
            "change_type": "policy",
            "stage": "adoption",
            "occurred_on": "2020-01-01",
            "links.evidence": [evidence],
        },
    )
    outcome = answer.headers["Location"].rsplit("/", 1)[1]
    html = text(signed_in(app, "tomas").get(f"/impact-chains/{outcome}"))
    assert "1 link is out of order" in html
    assert 'class="anomaly' in html


def test_the_audit_view_shows_a_record_as_known_before_a_later_change(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    commitment = demo_id(app, "commitment", "ke-commitment-village-forums")
    known = datetime.now(UTC)
    time.sleep(1.05 - known.microsecond / 1e6)  # the change falls in a later second
    sent = lead.send(
        f"/commitments/{commitment}/progress",
        {"status": "stalled", "completion": "limited", "note": "", "occurred_on": "2025-12-01"},
    )
    assert sent.status_code == 302
    evaluator = signed_in(app, "tomas")
    path = f"/audit/commitments/{commitment}"
    now = text(evaluator.get(path))
    assert "status: stalled" in now
    then = text(evaluator.get(f"{path}?as_known_on={known:%Y-%m-%d}&at={known:%H:%M:%S}"))
    assert "status: in progress" in then
    assert "Version 2 of 3" in then
    assert then.count("not yet") == 1
    before = text(evaluator.get(f"{path}?as_known_on=2020-01-01"))
    assert "Nothing about it had been recorded yet" in before


def test_the_audit_view_is_for_evaluators_and_admins(app: Flask) -> None:
    commitment = demo_id(app, "commitment", "ke-commitment-village-forums")
    answer = signed_in(app, "amina").get(f"/audit/commitments/{commitment}")
    assert answer.status_code == 403
    assert signed_in(app, "admin").get(f"/audit/commitments/{commitment}").status_code == 200


def test_unknown_records_and_addresses_get_a_404_page_that_says_so(app: Flask) -> None:
    reader = signed_in(app, "vera")
    missing = reader.get(f"/commitments/{UUID(int=1)}")
    assert missing.status_code == 404
    assert f"There is no commitment with id {UUID(int=1)}" in text(missing)
    nowhere = reader.get("/no/such/page")
    assert nowhere.status_code == 404
    assert "There is no page at this address" in text(nowhere)
    assert reader.get("/coalitions/zz").status_code == 404


def test_the_api_keeps_its_json_answers(app: Flask) -> None:
    client = app.test_client()
    answer = client.get("/api/v1/no-such-thing")
    assert answer.mimetype == "application/problem+json"


def test_the_commitments_list_filters_by_status_and_overdue(app: Flask) -> None:
    executive = signed_in(app, "amina")
    fulfilled = text(executive.get("/commitments?status=fulfilled"))
    assert "2 commitments" in fulfilled
    assert "review: confirmed" in fulfilled
    overdue = text(executive.get("/commitments?overdue=on&coalition=ke"))
    assert "1 commitment," in overdue
    assert "days overdue" in overdue
    assert executive.get("/commitments?status=kept").status_code == 422


def test_the_timeline_filters_by_dates_and_order(app: Flask) -> None:
    reader = signed_in(app, "vera")
    oldest = text(reader.get("/coalitions/ke/timeline?order=asc"))
    first = oldest.index("Coalition Kenya country coalition registered")
    made = re.search(r"Commitment “[^”]+” by County Government of Makueni made", oldest)
    assert made is not None and first < made.start()
    in_2024 = text(reader.get("/coalitions/ke/timeline?from=2024-01-01&to=2024-12-31"))
    assert "registered" not in in_2024.split('<ol class="timeline">')[1]
    bad = reader.get("/coalitions/ke/timeline?from=yesterday")
    assert bad.status_code == 422
    assert "must be a date written YYYY-MM-DD" in text(bad)


def test_a_long_timeline_is_shown_a_page_at_a_time_keeping_its_filters(app: Flask) -> None:
    with app.app_context():
        tracker = services().tracker
        for n in range(60):
            tracker.admit_member("ke", name=f"Ward committee {n}", recorded_by="test")
    reader = signed_in(app, "wanjiru")
    first = text(reader.get("/coalitions/ke/timeline?order=asc"))
    assert "Page 1 of 2" in first and "← Previous" not in first
    assert 'href="?order=asc&amp;page=2"' in first
    second = text(reader.get("/coalitions/ke/timeline?order=asc&page=2"))
    assert "Page 2 of 2" in second and "Next →" not in second
    assert 'href="?order=asc&amp;page=1"' in second


@pytest.mark.parametrize(
    ("collection", "kind", "key"),
    [
        ("commitments", "commitment", "ke-commitment-seedlings"),
        ("outcomes", "outcome", "ke-outcome-seedlings"),
    ],
)
def test_a_record_page_shows_no_internal_field_and_names_people(
    app: Flask, collection: str, kind: str, key: str
) -> None:
    page = text(signed_in(app, "tomas").get(f"/{collection}/{demo_id(app, kind, key)}"))
    assert "Originator" not in page and "originator" not in page
    uuid = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    assert not re.search(rf"(by|By)\s*(</dt>\s*<dd>)?\s*{uuid}", page)


def test_an_imported_commitment_shows_the_columns_its_mapping_did_not_name(app: Flask) -> None:
    from pathlib import Path

    from tracker.imports.run import Options, run_import

    fixtures = Path(__file__).parent.parent / "fixtures" / "imports"
    mapping = (fixtures / "ogp-irm.toml").read_text(encoding="utf-8")
    with app.app_context():
        tracker = services().tracker
        data = (fixtures / "ogp-irm-sample.csv").read_bytes()
        report = run_import(tracker, data, Options("commitments", mapping, partial=True))
        assert report["created"] == 3
        found = tracker.find_by_external_ref("commitment", "ogp-irm", "KE0001")
    page = text(signed_in(app, "tomas").get(f"/commitments/{found}"))
    assert "Also in the imported file" in page
    assert "Did It Open Government (Overall): Major" in page
    assert "&#34;as they happen&#34;" in page or "&quot;as they happen&quot;" in page
