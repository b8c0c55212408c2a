"""Forms that change records: who may send each, illegal moves, stale forms, corrections."""

from __future__ import annotations

from uuid import UUID

from flask import Flask

from tests.pages.support import demo_id, field_html, signed_in, text


def test_the_review_form_is_on_a_commitment_for_the_executive_and_records_the_verdict(
    app: Flask,
) -> None:
    executive = signed_in(app, "amina")
    commitment = demo_id(app, "commitment", "ke-commitment-seedlings")
    page = text(executive.get(f"/commitments/{commitment}"))
    assert 'id="inline-form">Review fulfilment</h2>' in page
    answer = executive.send(
        f"/commitments/{commitment}/review",
        {"verdict": "disputed", "note": "Only 17,500 of 25,000 planted.", "version": "3"},
        form_page=f"/commitments/{commitment}",
    )
    assert answer.status_code == 302
    html = text(executive.get(answer.headers["Location"]))
    assert "review: disputed" in html
    assert "Only 17,500 of 25,000 planted." in html


def test_a_lead_may_not_review_and_does_not_see_the_review_form(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    commitment = demo_id(app, "commitment", "ke-commitment-seedlings")
    assert "Review fulfilment" not in text(lead.get(f"/commitments/{commitment}"))
    answer = lead.get(f"/commitments/{commitment}/review")
    assert answer.status_code == 403
    assert "This is for the administrator or executive committee" in text(answer)


def test_only_evaluators_substantiate_outcomes(app: Flask) -> None:
    outcome = demo_id(app, "outcome", "vn-outcome-gso-guidance")
    assert signed_in(app, "amina").get(f"/outcomes/{outcome}/substantiation").status_code == 403
    evaluator = signed_in(app, "tomas")
    answer = evaluator.send(
        f"/outcomes/{outcome}/substantiation", {"verdict": "agree", "note": "Draft seen."}
    )
    assert answer.status_code == 302
    assert "Draft seen." in text(evaluator.get(answer.headers["Location"]))


def test_a_status_the_machine_does_not_allow_is_shown_beside_the_status(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    commitment = demo_id(app, "commitment", "ke-commitment-budget-priorities")
    answer = lead.send(
        f"/commitments/{commitment}/progress",
        {"status": "stalled", "completion": "complete", "note": "", "occurred_on": "2025-01-01"},
    )
    assert answer.status_code == 422
    assert "A commitment that is fulfilled cannot become stalled" in field_html(
        text(answer), "status"
    )


def test_a_form_filled_before_someone_else_saved_comes_back_instead_of_overwriting(
    app: Flask,
) -> None:
    lead = signed_in(app, "wanjiru")
    commitment = demo_id(app, "commitment", "ke-commitment-village-forums")
    path = f"/commitments/{commitment}/progress"
    stale = {"status": "stalled", "completion": "limited", "note": "", "occurred_on": "2025-12-01"}
    first = lead.send(path, {**stale, "version": "2"})
    assert first.status_code == 302
    second = lead.send(path, {**stale, "status": "in_progress", "version": "2"})
    assert second.status_code == 422
    html = text(second)
    assert "Someone else changed this record while you were typing" in html
    assert 'name="version" value="3"' in html


def test_a_correction_sends_only_the_fields_changed_and_shows_as_a_correction(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    evidence = demo_id(app, "evidence", "ke-evidence-forums")
    path = f"/evidence/{evidence}/correction"
    form = text(lead.get(path))
    assert 'value="17"' in form  # starts from what is on record
    typed = {
        "title": "Community action plans from participatory forums in Ngiluni village",
        "summary": "17 women farmers trained on the SDGs by a local CBO with the national SDG forum"
        " led village forums that mapped water, food and climate priorities and agreed"
        " community action plans.",
        "method": "participatory_forum",
        "collected_from": "2023-06-05",
        "collected_to": "2023-07-28",
        "locations": "Ngiluni village, Makueni County, Kenya",
        "sample_size": "18",
        "sampling": "All 17 women farmers trained on the SDGs; no sampling",
        "groups": "women farmers, youth, smallholder households",
        "disaggregation": ["sex", "age", "location"],
        "participation_level": "5",
        "value_chain_stages": "design, collection, analysis, dissemination",
        "producers": "Ngiluni village community-based organisation\n"
        "Kenya national SDG civil society forum",
        "consent.obtained": "on",
        "consent.kind": "community",
        "sensitivity": "public",
        "sdg_targets": "5.5, 13.1, 2.4",
        "reason": "One more farmer joined the forums.",
        "occurred_on": "2025-01-10",
        "version": "2",
    }
    answer = lead.send(path, typed)
    assert answer.status_code == 302, text(answer)
    page = text(lead.get(answer.headers["Location"]))
    assert "correction" in page
    assert "One more farmer joined the forums." in page
    with app.app_context():
        from web.services import services

        events = services().tracker.history("evidence", UUID(evidence))
    assert events[-1].changes == {"sample_size": 18}  # type: ignore[attr-defined]


def test_a_correction_that_changes_nothing_says_so(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    commitment = demo_id(app, "commitment", "ke-commitment-village-forums")
    path = f"/commitments/{commitment}/correction"
    page = text(lead.get(path))
    assert "Hold action planning forums in every village" in page
    answer = lead.send(
        path,
        {
            "text": "Hold action planning forums in every village of the ward"
            " before the 2026/27 budget",
            "made_by.institution": "County Government of Makueni",
            "made_by.role": "Director of Public Participation",
            "due_on": "2026-03-31",
            "groups": "women farmers, youth",
            "sdg_targets": "5.5, 16.7",
            "reason": "Nothing really",
            "version": "2",
        },
    )
    assert answer.status_code == 422
    assert "name at least one field to correct" in text(answer)


def test_a_lead_cannot_change_another_coalitions_records(app: Flask) -> None:
    lead = signed_in(app, "linh")
    commitment = demo_id(app, "commitment", "ke-commitment-village-forums")
    for action in ("progress", "due-date", "correction"):
        answer = lead.get(f"/commitments/{commitment}/{action}")
        assert answer.status_code == 403, action
        assert "Only the leads of the ke coalition record for it; you lead vn." in text(answer)


def test_a_dialogue_is_corrected_from_its_decision_makers_as_on_record(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    dialogue = demo_id(app, "dialogue", "ke-dialogue-budget-hearing")
    path = f"/dialogues/{dialogue}/correction"
    form = text(lead.get(path))
    assert (
        'name="decision_makers.1.institution" type="text" value="Makueni County Assembly"' in form
    )
    assert 'name="decision_makers.2.institution" type="text" value=""' in form  # one to add
    assert "women farmers: 17\nyouth: 9" in form
    typed = {
        "title": "County budget hearing on the 2024/25 estimates",
        "level": "subnational",
        "format": "hearing",
        "summary": "The women farmers presented the action plans; three commitments were made.",
        "decision_makers.0.institution": "County Government of Makueni",
        "decision_makers.0.role": "County Executive Committee Member for Finance",
        "decision_makers.0.name": "County Executive Committee Member for Finance",
        "decision_makers.1.institution": "Makueni County Assembly",
        "decision_makers.1.role": "Chair, Budget and Appropriations Committee",
        "decision_makers.1.name": "Chair, Budget and Appropriations Committee",
        "decision_makers.2.institution": "Makueni County Treasury",
        "decision_makers.2.role": "Chief Officer",
        "participants.total": "46",
        "participants.by_group": "women farmers: 17\nyouth: 9\ncivil society: 14\nofficials: 6",
        "reason": "The Treasury's chief officer was there too.",
        "version": "2",
    }
    answer = lead.send(path, typed)
    assert answer.status_code == 302, text(answer)
    with app.app_context():
        from web.services import services

        events = services().tracker.history("dialogue", UUID(dialogue))
    assert list(events[-1].changes) == ["decision_makers"]  # type: ignore[attr-defined]
