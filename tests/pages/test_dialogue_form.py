"""The dialogue form: a dialogue and its commitments in one form, rows added by a round trip
to the server, everything typed kept, and nothing saved unless all of it can be."""

from __future__ import annotations

from flask import Flask

from tests.pages import forms
from tests.pages.support import field_html, signed_in, text

NEW = "/coalitions/ke/dialogues/new"


def test_add_commitment_returns_the_form_with_all_typed_and_one_more_empty_row(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send(NEW, {**forms.dialogue(), "add": "commitments"})
    html = text(answer)
    assert answer.status_code == 200
    assert "error-summary" not in html
    assert ">Repair the two broken water points</textarea>" in html
    assert 'value="16.10, 6.b"' in html
    assert 'name="commitments.2.text"' in html
    assert 'name="commitments.3.text"' not in html
    assert "women: 18\nyouth: 6</textarea>" in html


def test_rows_left_empty_are_dropped_and_problems_name_the_rows_as_shown(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    typed = forms.dialogue()
    second = {
        k.replace("commitments.1.", "commitments.2."): v
        for k, v in typed.items()
        if k.startswith("commitments.1.")
    }
    typed = {k: v for k, v in typed.items() if not k.startswith("commitments.1.")}
    typed.update({"commitments.1.text": "", "commitments.1.groups": ""}, **second)
    typed["commitments.2.due_on"] = "2025-02-30"
    answer = lead.send(NEW, typed)
    html = text(answer)
    assert answer.status_code == 422
    assert "must be a date that exists" in field_html(html, "commitments.1.due_on")
    assert ">Publish water point budgets on the notice board</textarea>" in html
    assert 'name="commitments.2.text"' not in html


def test_a_dialogue_and_its_two_commitments_are_saved_together(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send(NEW, forms.dialogue())
    assert answer.status_code == 302
    html = text(lead.get(answer.headers["Location"]))
    assert "Saved: the dialogue and 2 commitments made in it." in html
    assert "Repair the two broken water points" in html
    assert "Publish water point budgets on the notice board" in html
    timeline = text(lead.get("/coalitions/ke/timeline"))
    assert "Meeting “Ward water committee meeting” held" in timeline
    for words in (
        "Repair the two broken water points",
        "Publish water point budgets on the notice board",
    ):
        assert f"Commitment “{words}” by Kibwezi ward administration made" in timeline


def test_nothing_is_saved_when_one_commitment_is_wrong(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send(NEW, forms.dialogue(**{"commitments.1.made_by.institution": ""}))
    assert answer.status_code == 422
    assert "must not be empty" in field_html(text(answer), "commitments.1.made_by.institution")
    assert "Ward water committee meeting" not in text(lead.get("/coalitions/ke/timeline"))


def test_participants_by_group_must_be_written_group_colon_count(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send(NEW, forms.dialogue(**{"participants.by_group": "women eighteen"}))
    assert "Write each group as `group: count`" in field_html(text(answer), "participants.by_group")


def test_a_lead_cannot_open_or_send_another_coalitions_dialogue_form(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    page = lead.get("/coalitions/vn/dialogues/new")
    assert page.status_code == 403
    assert "Only the leads of the vn coalition record for it; you lead ke." in text(page)
    sent = lead.send("/coalitions/vn/dialogues/new", forms.dialogue(), form_page="/coalitions/ke")
    assert sent.status_code == 403
