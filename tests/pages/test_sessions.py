"""Issue 10, findings 2, 7 and 13: sessions that end on the server, throttled sign-in."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

import tracker.accounts
from tests.pages.support import Reader, password, signed_in, token_in
from tracker.account_commands import disable_user_command, new_token_command
from web import create_app
from web.services import close_services, services


def stolen(app: Flask, victim: Reader) -> FlaskClient:
    """Another browser holding a copy of the victim's session cookie."""
    cookie = victim.client.get_cookie("session")
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def is_signed_in(client: FlaskClient) -> bool:
    return client.get("/fulfilment").status_code == 200


def test_the_session_cookie_is_httponly_lax_and_expires_within_twelve_hours(app: Flask) -> None:
    answer = Reader(app.test_client()).sign_in("amina")
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert expires - datetime.now(UTC) <= timedelta(hours=12, minutes=1)


def test_signing_out_ends_a_copied_cookie_too(app: Flask) -> None:
    victim = signed_in(app, "amina")
    thief = stolen(app, victim)
    assert is_signed_in(thief)
    page = victim.get("/fulfilment")
    victim.client.post("/sign-out", data={"csrf_token": token_in(page)})
    assert not is_signed_in(thief)
    assert not is_signed_in(victim.client)


@pytest.mark.parametrize("command", [new_token_command, disable_user_command])
def test_a_new_token_or_disabling_the_user_ends_every_session(app: Flask, command) -> None:  # type: ignore[no-untyped-def]
    victim = signed_in(app, "amina")
    thief = stolen(app, victim)
    with app.app_context():
        assert command(services(), "amina", out=io.StringIO(), err=io.StringIO()) == 0
    assert not is_signed_in(thief)
    assert not is_signed_in(victim.client)


def fail(reader: Reader, name: str, guess: str = "wrong-password-123"):  # type: ignore[no-untyped-def]
    page = reader.get("/sign-in")
    data = {"csrf_token": token_in(page), "name": name, "password": guess}
    return reader.client.post("/sign-in", data=data)


def test_after_five_failures_a_name_is_refused_for_a_while_in_every_process(app: Flask) -> None:
    reader = Reader(app.test_client())
    for _ in range(5):
        assert fail(reader, "amina").status_code == 401
    locked = fail(reader, "amina", password("amina"))  # even the right password
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60 + 1
    other = create_app({"DATABASE_URL": app.config["DATABASE_URL"], "TESTING": True})
    try:
        assert fail(Reader(other.test_client()), "amina", password("amina")).status_code == 429
    finally:
        close_services(other)
    assert Reader(app.test_client()).sign_in("wanjiru").status_code == 302  # others still may


def test_an_unknown_name_costs_an_argon2_check_like_a_wrong_password(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = tracker.accounts._hasher

    class Counting:
        def hash(self, secret: str) -> str:
            return real.hash(secret)

        def verify(self, stored: str, given: str) -> bool:
            checked.append(given)
            return real.verify(stored, given)

    monkeypatch.setattr(tracker.accounts, "_hasher", Counting())
    reader = Reader(app.test_client())
    assert fail(reader, "nobody-by-this-name", "guess-one-two").status_code == 401
    assert fail(reader, "amina", "guess-three-four").status_code == 401
    assert checked == ["guess-one-two", "guess-three-four"]
