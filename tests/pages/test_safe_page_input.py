"""Never a 500 from what a page is sent: huge page numbers and numbers in forms, control
characters and lone surrogates in fields, malformed percent-encoding. Each comes back as
the form or the page with the problem named, and nothing is saved."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from flask import Flask

from tests.pages import forms
from tests.pages.support import field_html, signed_in, text, token_in
from web.services import services

HUGE = ["99999999999999999999", "9" * 5000, "-1", "0", "1e9", "٣"]


def events(app: Flask) -> int:
    with app.app_context():
        return services().tracker.recorder.max_notification_id() or 0


@pytest.mark.parametrize("page", HUGE)
@pytest.mark.parametrize(
    "path", ["/coalitions/ke/timeline", "/commitments", "/outcomes", "/fulfilment"]
)
def test_a_page_number_out_of_range_is_named_not_a_500(app: Flask, path: str, page: str) -> None:
    reader = signed_in(app, "tomas")
    answer = reader.get(f"{path}?page={page}")
    assert answer.status_code in (200, 422), (path, page, answer.status_code)
    if path not in ("/fulfilment", "/outcomes"):  # which read no page number
        assert answer.status_code == 422
        assert "page" in text(answer)


def refused_beside(app: Flask, field: str, value: str) -> None:
    """The evidence form sent with `value` in `field` comes back (422) with the field marked,
    and nothing is saved."""
    lead = signed_in(app, "wanjiru")
    before = events(app)
    answer = lead.send("/coalitions/ke/evidence/new", forms.evidence(**{field: value}))
    assert answer.status_code == 422
    assert 'aria-invalid="true"' in field_html(text(answer), field)
    assert events(app) == before


@pytest.mark.parametrize("number", [*HUGE[:2], "１２"])
def test_a_huge_number_in_a_form_comes_back_beside_its_field(app: Flask, number: str) -> None:
    refused_beside(app, "sample_size", number)


@pytest.mark.parametrize("bad", ["Kibwezi\x00ward", "bell\x07", "C1\x85control", "DEL\x7f"])
def test_a_control_character_in_a_form_is_refused_beside_it(app: Flask, bad: str) -> None:
    refused_beside(app, "title", bad)


def test_a_text_over_its_length_is_refused_beside_it(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send("/coalitions/ke/evidence/new", forms.evidence(title="x" * 301))
    assert answer.status_code == 422
    assert "300" in field_html(text(answer), "title")


def test_malformed_percent_encoding_in_a_query_is_no_500(app: Flask) -> None:
    reader = signed_in(app, "tomas")
    for query in ("page=%ff%fe", "from=%00", "page=%", "from=%ud800"):
        answer = reader.get(f"/coalitions/ke/timeline?{query}")
        assert answer.status_code in (200, 422), (query, answer.status_code)


def test_a_form_that_is_not_utf_8_saves_no_surrogate(app: Flask) -> None:
    """A browser cannot send a lone surrogate, only bytes that are not UTF-8 (here the
    encoding of U+D800): they never reach the store as a surrogate."""
    lead = signed_in(app, "wanjiru")
    page = lead.get("/coalitions/ke/evidence/new")
    fields = forms.evidence(title="placeholder") | {"csrf_token": token_in(page)}
    body = urlencode(fields, doseq=True).replace("title=placeholder", "title=%ED%A0%80")
    answer = lead.client.post(
        "/coalitions/ke/evidence/new",
        data=body,
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code in (302, 422)
    with app.app_context():
        tracker = services().tracker
        for notification in tracker.recorder.select_notifications(1, 10**6):
            assert b"\\ud800" not in notification.state.lower()
