"""The staff side of outside substantiation on the pages: the section of an outcome's page
that lists its links, the form that makes one (shown once), and withdrawing one, for the
readers the API allows (an evaluator, an admin, a lead of the outcome's coalition).

The flows that write run on each store, on the demo loaded into it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from urllib.parse import urlsplit
from uuid import UUID

import pytest
from flask import Flask

from tests.pages.support import demo_id, field_html, load_demo_with_accounts, signed_in, text
from tracker import substantiation
from web import create_app
from web.services import close_services, services

HEADING = "Ask someone outside the partnership"
LINK = re.compile(r'id="outside-link" type="text" value="([^"]+)" readonly')
ASKERS = ("tomas", "wanjiru", "admin")  # an evaluator, the outcome's lead, an admin
OTHERS = ("linh", "amina", "vera")  # another coalition's lead, the executive, a viewer


@pytest.fixture
def served(database_url: str) -> Iterator[Flask]:
    """The demo, with page accounts of every role, on each store."""
    load_demo_with_accounts(database_url)
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    yield app
    close_services(app)


def outcome_of(app: Flask) -> str:
    return demo_id(app, "outcome", "ke-outcome-seedlings")


def good_form(**change: str) -> dict[str, object]:
    """What an asker types: a person, an address, a language, a question, a day."""
    return {
        "name": "Mary Mutua, Ward Administrator",
        "email": "mary@example.org",
        "language": "sw",
        "question": "Did the ward committees really change how seedlings are shared?",
        "expires_on": (date.today() + timedelta(days=30)).isoformat(),
        **change,
    }


def requests_of(app: Flask, outcome: str) -> list[substantiation.SubstantiationRequest]:
    with app.app_context():
        return substantiation.requests_for(services().engine, UUID(outcome))


def asked_link(app: Flask, name: str, outcome: str) -> str:
    """The path of a link made with the form by the named account."""
    form = f"/outcomes/{outcome}/ask-outside"
    answer = signed_in(app, name).send(form, good_form())
    assert answer.status_code == 200, text(answer)
    found = LINK.search(text(answer))
    assert found, text(answer)
    return urlsplit(found.group(1)).path


def answered(app: Flask, link: str) -> None:
    """The outside person answers through the link."""
    client = app.test_client()
    key = re.search(r'name="key" value="([0-9a-f]+)"', text(client.get(link)))
    assert key
    sent = client.post(link, data={"key": key.group(1), "verdict": "agree", "note": "Ndiyo"})
    assert sent.status_code == 200, text(sent)


def test_only_those_who_may_ask_see_the_section_and_the_form(app: Flask) -> None:
    outcome = outcome_of(app)
    for name in ASKERS:
        reader = signed_in(app, name)
        page = text(reader.get(f"/outcomes/{outcome}"))
        assert f'<h2 id="outside-requests">{HEADING}</h2>' in page, name
        assert f'href="/outcomes/{outcome}/ask-outside"' in page, name
        assert reader.get(f"/outcomes/{outcome}/ask-outside").status_code == 200, name
    for name in OTHERS:
        reader = signed_in(app, name)
        page = text(reader.get(f"/outcomes/{outcome}"))
        assert HEADING not in page and "ask-outside" not in page, name
        assert reader.get(f"/outcomes/{outcome}/ask-outside").status_code == 403, name


def test_the_form_offers_the_nine_languages_and_a_month_ahead(app: Flask) -> None:
    page = text(signed_in(app, "tomas").get(f"/outcomes/{outcome_of(app)}/ask-outside"))
    for own_name in ("English", "Français", "العربية", "Kiswahili", "Tiếng Việt"):
        assert f">{own_name}</option>" in page
    ahead = (date.today() + timedelta(days=30)).isoformat()
    assert f'name="expires_on" type="date" value="{ahead}"' in page


def test_an_unknown_outcome_is_not_found(app: Flask) -> None:
    reader = signed_in(app, "tomas")
    assert reader.get(f"/outcomes/{UUID(int=7)}/ask-outside").status_code == 404


def test_a_link_asked_on_the_page_works_once(served: Flask) -> None:
    outcome = outcome_of(served)
    link = asked_link(served, "wanjiru", outcome)
    assert link.startswith("/substantiate/")
    page = text(signed_in(served, "wanjiru").get(f"/outcomes/{outcome}"))
    assert "Mary Mutua, Ward Administrator" in page and "Kiswahili" in page
    assert "Withdraw the link" in page
    assert link not in page  # the link is shown once, on the answer to the form
    answered(served, link)
    assert served.test_client().get(link).status_code == 410
    (used,) = requests_of(served, outcome)
    assert used.status() == "used"
    page = text(signed_in(served, "wanjiru").get(f"/outcomes/{outcome}"))
    assert f'href="#version-{used.substantiation_version}"' in page
    assert f'id="version-{used.substantiation_version}"' in page
    assert "Withdraw the link" not in page


@pytest.mark.parametrize(
    ("field", "typed"),
    [
        ("expires_on", (date.today() - timedelta(days=1)).isoformat()),
        ("expires_on", date.today().isoformat()),
        ("expires_on", (date.today() + timedelta(days=91)).isoformat()),
        ("expires_on", "next week"),
        ("email", "mary at example"),
        ("name", "Mary\x00Mutua"),
        ("language", "xx"),
        ("question", ""),
    ],
)
def test_bad_input_comes_back_with_the_problem_by_its_field_and_saves_nothing(
    app: Flask, field: str, typed: str
) -> None:
    outcome = outcome_of(app)
    answer = signed_in(app, "tomas").send(
        f"/outcomes/{outcome}/ask-outside", good_form(**{field: typed})
    )
    assert answer.status_code == 422
    html = text(answer)
    assert 'class="error"' in field_html(html, field)
    assert 'id="outside-link"' not in html
    assert 'value="mary@example.org"' in html or field == "email"  # kept as typed
    assert requests_of(app, outcome) == []


def test_every_problem_shows_at_once_each_beside_its_labelled_field(app: Flask) -> None:
    late = (date.today() + timedelta(days=120)).isoformat()
    typed = good_form(name="Mary\x00", email="mary at example", expires_on=late)
    answer = signed_in(app, "tomas").send(f"/outcomes/{outcome_of(app)}/ask-outside", typed)
    assert answer.status_code == 422
    html = text(answer)
    assert "3 problems to put right" in html
    assert "Write an e-mail address such as name@example.org." in field_html(html, "email")
    assert "at most 90 days from today" in field_html(html, "expires_on")
    assert '<a href="#f-email">E-mail address: ' in html


def test_withdrawing_a_link_makes_it_answer_410(served: Flask) -> None:
    outcome = outcome_of(served)
    link = asked_link(served, "tomas", outcome)
    (open_,) = requests_of(served, outcome)
    reader = signed_in(served, "wanjiru")
    record = f"/outcomes/{outcome}"
    sent = reader.send(f"{record}/ask-outside/{open_.id}/withdraw", {}, form_page=record)
    assert sent.status_code == 302
    assert sent.headers["Location"].endswith(f"{record}#outside-requests")
    page = text(reader.get(record))
    assert "The link was withdrawn" in page and ">withdrawn</span>" in page
    assert "Withdraw the link" not in page
    assert served.test_client().get(link).status_code == 410


def test_a_lead_of_another_coalition_may_not_ask_nor_withdraw(served: Flask) -> None:
    outcome = outcome_of(served)
    asked_link(served, "tomas", outcome)
    (open_,) = requests_of(served, outcome)
    linh = signed_in(served, "linh")
    form = f"/outcomes/{outcome}/ask-outside"
    assert linh.send(form, good_form(), form_page="/account").status_code == 403
    withdraw = f"{form}/{open_.id}/withdraw"
    assert linh.send(withdraw, {}, form_page="/account").status_code == 403
    assert [r.status() for r in requests_of(served, outcome)] == ["open"]


def test_withdrawing_needs_the_forms_token(app: Flask) -> None:
    outcome = outcome_of(app)
    asked_link(app, "tomas", outcome)
    (open_,) = requests_of(app, outcome)
    reader = signed_in(app, "tomas")
    sent = reader.client.post(f"/outcomes/{outcome}/ask-outside/{open_.id}/withdraw")
    assert sent.status_code == 400
    assert [r.status() for r in requests_of(app, outcome)] == ["open"]


def test_withdrawing_a_request_the_outcome_does_not_have_is_not_found(app: Flask) -> None:
    outcome = outcome_of(app)
    reader = signed_in(app, "admin")
    record = f"/outcomes/{outcome}"
    sent = reader.send(f"{record}/ask-outside/{UUID(int=3)}/withdraw", {}, form_page=record)
    assert sent.status_code == 404
