"""Each user's own account page: their e-mail address, language and reminder digest,
saved together, or nothing saved when one of them is wrong."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.pages.support import field_html, signed_in, text
from tracker.accounts import User, find_user, set_user
from web.services import services


def account(app: Flask, name: str) -> User:
    with app.app_context():
        user = find_user(services().engine, name)
    assert user is not None
    return user


@pytest.mark.parametrize("name", ["admin", "wanjiru", "amina", "tomas", "vera"])
def test_every_role_has_an_account_page_linked_from_the_header(app: Flask, name: str) -> None:
    reader = signed_in(app, name)
    page = reader.get("/account")
    assert page.status_code == 200
    html = text(page)
    assert '<a href="/account">Your account</a>' in html
    assert 'name="email"' in html and 'name="language"' in html and 'name="digests"' in html


def test_a_user_changes_their_address_language_and_digest_at_once(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send("/account", {"email": " wanjiru@example.org ", "language": "sw"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/account"
    saved = account(app, "wanjiru")
    assert (saved.email, saved.language, saved.digests) == ("wanjiru@example.org", "sw", False)
    page = text(lead.get("/account"))
    assert '<html lang="sw" dir="ltr">' in page
    assert 'value="wanjiru@example.org"' in page
    assert '<option value="sw" selected>' in page
    assert 'name="digests" value="on" checked' not in page
    assert account(app, "linh").email is None  # only one's own account


def test_a_user_turns_the_digest_back_on_and_removes_their_address(app: Flask) -> None:
    with app.app_context():
        set_user(services().engine, "wanjiru", email="w@example.org", language="fr", digests=False)
    lead = signed_in(app, "wanjiru")
    answer = lead.send("/account", {"email": "", "language": "", "digests": "on"})
    assert answer.status_code == 302
    saved = account(app, "wanjiru")
    assert (saved.email, saved.language, saved.digests) == (None, None, True)


def test_a_bad_address_is_shown_next_to_its_field_and_nothing_is_saved(app: Flask) -> None:
    with app.app_context():
        set_user(services().engine, "wanjiru", email="w@example.org")
    lead = signed_in(app, "wanjiru")
    answer = lead.send("/account", {"email": "not an address", "language": "ar", "digests": "on"})
    assert answer.status_code == 422
    html = text(answer)
    assert "1 problem to put right" in html
    field = field_html(html, "email")
    assert 'aria-invalid="true"' in field and "Write an e-mail address" in field
    assert 'value="not an address"' in field  # kept as typed
    saved = account(app, "wanjiru")
    assert (saved.email, saved.language) == ("w@example.org", None)


def test_an_unknown_language_is_refused(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send("/account", {"email": "w@example.org", "language": "de"})
    assert answer.status_code == 422
    assert "Choose one of the languages." in text(answer)
    assert account(app, "wanjiru").email is None


def test_the_account_page_needs_a_signed_in_user(app: Flask) -> None:
    answer = app.test_client().get("/account")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/sign-in?next=%2Faccount"
