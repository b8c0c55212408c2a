"""The outside substantiation page against the demo: an answer given from a link shows on
the outcome's page as an outside person's, named only to those who may ask such people."""

from __future__ import annotations

import re
from datetime import date, timedelta
from uuid import UUID

from flask import Flask

from tests.pages.support import demo_id, signed_in, text
from tracker import substantiation
from tracker.demo import demo_user_id
from web.services import services

NAME = "Mary Mutua, Ward Administrator"


def ask(app: Flask, outcome: str, language: str = "fr") -> str:
    """A link's path, asked by the evaluator tomas."""
    with app.app_context():
        _request, token = substantiation.ask(
            services().engine,
            outcome_id=UUID(outcome),
            name=NAME,
            email="mary@example.org",
            language=language,
            question="Les comités ont-ils vraiment changé ?",
            expires_on=date.today() + timedelta(days=30),
            asked_by=demo_user_id("tomas"),
        )
    return f"/substantiate/{token}"


def answered(app: Flask, link: str) -> None:
    client = app.test_client()
    page = client.get(link)
    key = re.search(r'name="key" value="([0-9a-f]+)"', text(page))
    assert key
    sent = client.post(link, data={"key": key.group(1), "verdict": "disagree", "note": "Non"})
    assert sent.status_code == 200, text(sent)


def test_the_outside_page_is_in_the_requests_language_and_right_to_left_in_arabic(
    app: Flask,
) -> None:
    outcome = demo_id(app, "outcome", "ke-outcome-seedlings")
    page = app.test_client().get(ask(app, outcome, "ar"), headers={"Accept-Language": "fr"})
    assert '<html lang="ar" dir="rtl">' in text(page)
    assert "<script" not in text(page)
    assert "http" not in text(page).split("<body>", 1)[1]  # nothing from elsewhere


def test_a_signed_in_member_opening_a_link_gets_no_session_change(app: Flask) -> None:
    outcome = demo_id(app, "outcome", "ke-outcome-seedlings")
    link = ask(app, outcome)
    wanjiru = signed_in(app, "wanjiru")  # sees the link's language, not her own choice
    assert '<html lang="fr"' in text(wanjiru.get(link))
    assert wanjiru.get("/coalitions/ke").status_code == 200  # still signed in


def test_the_outcome_page_says_who_answered_from_outside_and_who_asked(app: Flask) -> None:
    outcome = demo_id(app, "outcome", "ke-outcome-seedlings")
    answered(app, ask(app, outcome))
    for account in ("wanjiru", "tomas", "admin"):
        page = text(signed_in(app, account).get(f"/outcomes/{outcome}"))
        assert f"<bdi>{NAME}</bdi> (outside the partnership, asked by tomas)" in page, account
    for account in ("linh", "amina", "vera"):
        page = text(signed_in(app, account).get(f"/outcomes/{outcome}"))
        assert "a person outside the partnership (asked by tomas)" in page, account
        assert "Mary Mutua" not in page, account  # nor in the history's details
