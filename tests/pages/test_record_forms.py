"""Forms that create records: what was typed comes back with each problem beside its field,
and a saved record leads to its page."""

from __future__ import annotations

from flask import Flask

from tests.pages import forms
from tests.pages.support import demo_id, field_html, signed_in, text


def test_evidence_with_a_bad_date_comes_back_with_everything_typed_and_the_error_beside_it(
    app: Flask,
) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send("/coalitions/ke/evidence/new", forms.evidence(collected_to="2025-13-45"))
    html = text(answer)
    assert answer.status_code == 422
    date_field = field_html(html, "collected_to")
    assert "must be a date that exists" in date_field
    assert 'aria-invalid="true"' in date_field
    assert 'value="2025-13-45"' in date_field
    assert 'value="Water point scorecard, Kibwezi ward"' in html
    assert "Kibwezi ward, Makueni County\nMtito Andei</textarea>" in html
    assert 'value="disability" checked' in html
    assert 'value="4" checked' in html
    assert 'href="#f-collected_to"' in html  # the summary links to the field


def test_evidence_collected_backwards_is_refused_on_collected_to(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send("/coalitions/ke/evidence/new", forms.evidence(collected_to="2025-01-01"))
    assert "must not be before collected_from" in field_html(text(answer), "collected_to")


def test_every_missing_field_is_named_at_once(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send("/coalitions/ke/evidence/new", {})
    html = text(answer)
    assert answer.status_code == 422
    names = (
        "title",
        "method",
        "collected_from",
        "sample_size",
        "participation_level",
        "sensitivity",
    )
    for name in names:
        assert "Fill this in." in field_html(html, name) or "must not be empty" in field_html(
            html, name
        ), name


def test_saved_evidence_leads_to_its_page(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send("/coalitions/ke/evidence/new", forms.evidence())
    assert answer.status_code == 302
    page = lead.get(answer.headers["Location"])
    html = text(page)
    assert "Water point scorecard, Kibwezi ward" in html
    assert "Saved. The evidence is on record." in html
    assert "community scorecard" in html
    assert "4 – collaboration" in html


def test_an_advocacy_input_links_the_evidence_ticked(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    evidence = demo_id(app, "evidence", "ke-evidence-forums")
    answer = lead.send(
        "/coalitions/ke/advocacy-inputs/new",
        {
            "kind": "petition",
            "title": "Petition for water point repairs",
            "asks": "Repair the water points\nPublish the budget",
            "targets": "Kibwezi ward administration",
            "evidence": [evidence],
            "occurred_on": "2025-03-25",
        },
    )
    assert answer.status_code == 302
    html = text(lead.get(answer.headers["Location"]))
    assert "Community action plans from participatory forums in Ngiluni village" in html


def test_an_amount_is_recorded_with_thousands_separators(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    line = demo_id(app, "budget_line", "ke-budget-seedlings")
    path = f"/budget-lines/{line}/amount"
    answer = lead.send(
        path,
        {
            "stage": "spent",
            "amount": "1,450,000.50",
            "occurred_on": "2025-09-30",
            "source": "Report",
        },
    )
    assert answer.status_code == 302
    assert "1,450,000.50" in text(lead.get(answer.headers["Location"]))


def test_a_negative_amount_is_refused_beside_the_amount(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    line = demo_id(app, "budget_line", "ke-budget-seedlings")
    answer = lead.send(
        f"/budget-lines/{line}/amount",
        {"stage": "spent", "amount": "-5", "occurred_on": "2025-09-30", "source": ""},
    )
    assert answer.status_code == 422
    assert "must be a decimal" in field_html(text(answer), "amount")


def test_an_outcome_links_the_records_chosen(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    commitment = demo_id(app, "commitment", "ke-commitment-village-forums")
    answer = lead.send(
        "/coalitions/ke/outcomes/new", forms.outcome(**{"links.commitments": [commitment]})
    )
    assert answer.status_code == 302
    html = text(lead.get(answer.headers["Location"]))
    assert "Hold action planning forums in every village" in html


def test_a_budget_line_without_a_date_is_saved(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send(
        "/coalitions/ke/budget-lines/new",
        {
            "programme": "Water: rehabilitation of water points",
            "government": "County Government of Makueni",
            "level": "subnational",
            "fiscal_year": "2025/26",
            "currency": "kes",
            "groups": "women",
            "occurred_on": "",
        },
    )
    assert answer.status_code == 302


def test_a_lead_cannot_link_an_outcome_to_another_coalitions_commitment(app: Flask) -> None:
    """The pages ask the same rule as the API (tracker.permissions.may_link): Vietnam's
    lead may not add a made-up outcome to Kenya's impact chain."""
    lead = signed_in(app, "linh")
    commitment = demo_id(app, "commitment", "ke-commitment-village-forums")
    fake = forms.outcome(description="A fake outcome of Kenya's commitment")
    answer = lead.send("/coalitions/vn/outcomes/new", fake | {"links.commitments": [commitment]})
    assert answer.status_code == 422
    assert "A fake outcome" not in text(signed_in(app, "wanjiru").get(f"/commitments/{commitment}"))
