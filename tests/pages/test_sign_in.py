"""Signing in and out with a session cookie, and the CSRF token every form needs."""

from __future__ import annotations

import pytest
from flask import Flask

from tests.pages.support import Reader, password, signed_in, text, token_in


def test_a_page_sends_a_reader_who_has_not_signed_in_to_sign_in_and_back(reader: Reader) -> None:
    answer = reader.get("/coalitions/ke/timeline?order=asc")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/sign-in?next=%2Fcoalitions%2Fke%2Ftimeline%3Forder%3Dasc"
    page = reader.get(answer.headers["Location"])
    signed = reader.client.post(
        "/sign-in",
        data={
            "csrf_token": token_in(page),
            "name": "wanjiru",
            "password": password("wanjiru"),
            "next": "/coalitions/ke/timeline?order=asc",
        },
    )
    assert signed.headers["Location"] == "/coalitions/ke/timeline?order=asc"


def test_a_lead_lands_on_their_coalition_and_an_executive_on_the_fulfilment_dashboard(
    app: Flask,
) -> None:
    assert signed_in(app, "wanjiru").get("/").headers["Location"] == "/coalitions/ke"
    assert signed_in(app, "amina").get("/").headers["Location"] == "/fulfilment"
    assert signed_in(app, "tomas").get("/").headers["Location"] == "/outcomes"


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(reader: Reader) -> None:
    answer = reader.send("/sign-in", {"name": "wanjiru", "password": "guess"})
    assert answer.status_code == 401
    assert "The name or the password is not right." in text(answer)
    assert "guess" not in text(answer)
    unknown = reader.send("/sign-in", {"name": "nobody", "password": "guess"})
    assert "The name or the password is not right." in text(unknown)


def signed_in_going_to(reader: Reader, target: str, page: str = "/sign-in") -> str:
    """Where signing in with `next` set to `target` sends the browser."""
    form = reader.get(page)
    answer = reader.client.post(
        "/sign-in",
        data={
            "csrf_token": token_in(form),
            "name": "wanjiru",
            "password": password("wanjiru"),
            "next": target,
        },
    )
    return str(answer.headers["Location"])


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/\t/evil.example",
        "/\r\n/evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        " //evil.example",
        "https://evil.example/",
        "\x01//evil.example",
    ],
)
def test_sign_in_never_goes_to_another_site_however_next_is_written(
    reader: Reader, target: str
) -> None:
    assert signed_in_going_to(reader, target) == "/"


def test_a_next_percent_encoded_in_the_link_is_refused_too(reader: Reader) -> None:
    # The link's %09 reaches the form as a tab, which a browser drops: //evil.example.
    assert signed_in_going_to(reader, "/\t/evil.example", "/sign-in?next=/%09/evil.example") == "/"


def test_a_form_sent_without_its_csrf_token_is_refused(reader: Reader) -> None:
    answer = reader.client.post(
        "/sign-in", data={"name": "wanjiru", "password": password("wanjiru")}
    )
    assert answer.status_code == 400
    assert "not sent from a page of this site" in text(answer)


def test_a_signed_in_form_with_another_sessions_token_is_refused(app: Flask) -> None:
    lead, other = signed_in(app, "wanjiru"), signed_in(app, "linh")
    foreign = token_in(other.get("/coalitions/vn/evidence/new"))
    answer = lead.client.post("/coalitions/ke/evidence/new", data={"csrf_token": foreign})
    assert answer.status_code == 400


def test_signing_out_ends_the_session(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send("/sign-out", {}, form_page="/coalitions/ke")
    assert answer.headers["Location"] == "/sign-in"
    assert lead.get("/coalitions/ke").status_code == 302


def test_a_disabled_user_is_signed_out_at_the_next_click(app: Flask) -> None:
    from tracker.accounts import disable_user
    from web.services import services

    lead = signed_in(app, "wanjiru")
    with app.app_context():
        disable_user(services().engine, "wanjiru")
    assert lead.get("/coalitions/ke").status_code == 302
