"""The timeline in the page's language: sentences written anew from each event, with what
people typed as typed, while the JSON API keeps the stored English sentences."""

from __future__ import annotations

from flask import Flask

from tests.pages import forms
from tests.pages.support import signed_in, text
from tracker.accounts import new_token
from web.services import services

SEEDLINGS = "Fund 25,000 drought-tolerant seedlings for Ngiluni village"
INSTITUTION = "County Government of Makueni"


def entries(html: str) -> str:
    return html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]


def test_a_french_timeline_is_written_in_french_around_the_typed_words(app: Flask) -> None:
    reader = signed_in(app, "vera")
    french = entries(text(reader.get("/coalitions/ke/timeline?order=asc&lang=fr&per_page=100")))
    assert f"Engagement « {SEEDLINGS} » de {INSTITUTION} : pris" in french
    assert f"Commitment “{SEEDLINGS}” by {INSTITUTION} made" not in french
    assert "« County budget hearing on the 2024/25 estimates » tenu" in french
    assert "Effet « 17,500 drought-tolerant seedlings funded by the county" in french


def test_an_english_timeline_shows_the_stored_sentences(app: Flask) -> None:
    reader = signed_in(app, "vera")
    english = entries(text(reader.get("/coalitions/ke/timeline?order=asc&per_page=100")))
    assert f"Commitment “{SEEDLINGS}” by {INSTITUTION} made" in english


def test_the_api_timeline_stays_english_whatever_the_language(app: Flask) -> None:
    with app.app_context():
        token = new_token(services().engine, "vera")
    answer = app.test_client().get(
        "/api/v1/timeline?coalition=ke&per_page=200",
        headers={"Authorization": f"Bearer {token}", "Accept-Language": "fr"},
    )
    assert answer.status_code == 200
    titles = [item["title"] for item in answer.get_json()["items"]]
    assert f"Commitment “{SEEDLINGS}” by {INSTITUTION} made" in titles


def test_hidden_evidence_stays_hidden_in_another_language(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    created = lead.send(
        "/coalitions/ke/evidence/new",
        forms.evidence(title="Savings groups of Kibwezi women", sensitivity="confidential"),
    )
    assert created.status_code == 302
    viewer = signed_in(app, "vera")
    page = text(viewer.get("/coalitions/ke/timeline?lang=vi&per_page=100"))
    assert "Savings groups of Kibwezi women" not in page
