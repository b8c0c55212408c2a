"""Which language a page is in: the user's saved choice, else `?lang=` (kept in a cookie),
else the browser's Accept-Language, else English; the language menu of every page, as links
for visitors and as a saved choice for signed-in users."""

from __future__ import annotations

import re

from flask import Flask

from tests.pages.support import Reader, signed_in, text, token_in
from tracker.accounts import find_user, set_user
from web.services import services


def language_of(html: str) -> tuple[str, str]:
    """The page's `<html lang dir>`."""
    found = re.search(r'<html lang="([^"]*)" dir="([^"]*)">', html)
    assert found, "the page has no <html lang dir>"
    return found.group(1), found.group(2)


def saved_language(app: Flask, name: str) -> str | None:
    with app.app_context():
        user = find_user(services().engine, name)
    assert user is not None
    return user.language


def test_a_page_is_in_english_when_nothing_asks_for_another(reader: Reader) -> None:
    assert language_of(text(reader.get("/sign-in"))) == ("en", "ltr")


def test_the_browsers_language_is_followed_when_the_tracker_speaks_it(reader: Reader) -> None:
    page = reader.client.get("/sign-in", headers={"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"})
    assert language_of(text(page)) == ("vi", "ltr")
    page = reader.client.get("/sign-in", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert language_of(text(page)) == ("en", "ltr")


def test_lang_in_the_address_is_kept_in_a_cookie_for_the_next_pages(reader: Reader) -> None:
    first = reader.client.get("/sign-in?lang=ar", headers={"Accept-Language": "fr"})
    assert language_of(text(first)) == ("ar", "rtl")
    cookie = first.headers.get("Set-Cookie", "")
    assert cookie.startswith("lang=ar;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    later = reader.client.get("/sign-in", headers={"Accept-Language": "fr"})
    assert language_of(text(later)) == ("ar", "rtl")


def test_an_unknown_lang_is_ignored(reader: Reader) -> None:
    page = reader.client.get("/sign-in?lang=xx")
    assert language_of(text(page)) == ("en", "ltr")
    assert "lang=" not in page.headers.get("Set-Cookie", "")


def test_a_users_saved_language_wins_over_lang_and_the_browser(app: Flask) -> None:
    with app.app_context():
        set_user(services().engine, "wanjiru", language="fr")
    lead = signed_in(app, "wanjiru")
    page = lead.client.get("/coalitions/ke?lang=vi", headers={"Accept-Language": "sw"})
    assert language_of(text(page)) == ("fr", "ltr")


def test_an_error_page_is_in_the_users_saved_language(app: Flask) -> None:
    with app.app_context():
        set_user(services().engine, "vera", language="ar")
    page = signed_in(app, "vera").get("/no/such/page")
    assert page.status_code == 404
    assert language_of(text(page)) == ("ar", "rtl")


def test_a_visitor_menu_links_to_this_page_in_each_language(reader: Reader) -> None:
    html = text(reader.get("/sign-in?next=%2Ffulfilment&lang=sw"))
    menu = html[html.index('<details class="languages">') : html.index("</details>")]
    assert (
        '<a href="/sign-in?next=%2Ffulfilment&amp;lang=ar" lang="ar" hreflang="ar">العربية</a>'
        in menu
    )
    assert 'hreflang="sw" aria-current="true">Kiswahili</a>' in menu
    assert menu.count("hreflang=") == 9
    assert "<form" not in menu  # no JavaScript and no form: plain links


def test_a_signed_in_user_saves_a_language_from_the_menu_and_returns_to_the_page(
    app: Flask,
) -> None:
    lead = signed_in(app, "wanjiru")
    page = lead.get("/coalitions/ke/timeline?order=asc")
    menu = text(page)[text(page).index('<details class="languages">') :]
    assert 'action="/account/language"' in menu
    assert 'name="next" value="/coalitions/ke/timeline?order=asc"' in menu
    answer = lead.client.post(
        "/account/language",
        data={
            "csrf_token": token_in(page),
            "language": "ar",
            "next": "/coalitions/ke/timeline?order=asc",
        },
    )
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/coalitions/ke/timeline?order=asc"
    assert saved_language(app, "wanjiru") == "ar"
    after = text(lead.get("/coalitions/ke/timeline?order=asc&lang=en"))
    assert language_of(after) == ("ar", "rtl")  # saved: ?lang= no longer changes it
    assert 'value="ar" lang="ar" aria-current="true"' in after


def test_the_menu_never_sends_a_user_to_another_site(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    token = token_in(lead.get("/coalitions/ke"))
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example", "\t//evil"):
        answer = lead.client.post(
            "/account/language", data={"csrf_token": token, "language": "vi", "next": target}
        )
        assert answer.status_code == 302
        assert answer.headers["Location"] == "/", target


def test_the_menu_refuses_an_unknown_language_or_a_form_from_elsewhere(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    token = token_in(lead.get("/coalitions/ke"))
    refused = lead.client.post(
        "/account/language", data={"csrf_token": token, "language": "xx", "next": "/"}
    )
    assert refused.status_code == 400
    forged = lead.client.post("/account/language", data={"language": "ar", "next": "/"})
    assert forged.status_code == 400
    assert saved_language(app, "wanjiru") is None


def test_choosing_a_language_needs_a_signed_in_user(reader: Reader) -> None:
    token = token_in(reader.get("/sign-in"))
    answer = reader.client.post(
        "/account/language", data={"csrf_token": token, "language": "ar", "next": "/"}
    )
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("/sign-in?next=")
