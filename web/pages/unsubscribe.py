"""`/unsubscribe/<token>`: the link in each digest that turns a user's digests off.

No sign-in: the signed token is the key (tracker.reminders.unsubscribe), so the page sits
outside the pages' blueprint, with no CSRF token (a mail client's one-click unsubscribe,
RFC 8058, POSTs `List-Unsubscribe=One-Click` with none). A GET only shows a button, as
mail scanners open links; the POST turns digests off. A bad or tampered token is a 404.
The account page turns digests back on.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from flask import Blueprint, render_template
from flask_babel import force_locale
from werkzeug.exceptions import NotFound

from tracker.accounts import User, find_user_by_id, set_user
from tracker.reminders.unsubscribe import user_of
from web.services import services

bp = Blueprint("unsubscribe", __name__)


@bp.get("/unsubscribe/<token>")
def ask(token: str) -> tuple[str, int]:
    """A page with one button that turns the digests off."""
    user = _user_of(token)
    with _in_language_of(user):
        return render_template("unsubscribe.html", user=user, done=False), 200


@bp.post("/unsubscribe/<token>")
def unsubscribe(token: str) -> tuple[str, int]:
    """Turn the user's digests off (the page's button, or a mail client's one click)."""
    user = set_user(services().engine, _user_of(token).name, digests=False)
    with _in_language_of(user):
        return render_template("unsubscribe.html", user=user, done=True), 200


def _user_of(token: str) -> User:
    user_id = user_of(services().settings.signing_key, token)
    user = find_user_by_id(services().engine, user_id) if user_id else None
    if user is None:
        raise NotFound()
    return user


def _in_language_of(user: User) -> AbstractContextManager[None]:
    """The user's saved language, else the one the request asks for (web.languages)."""
    return force_locale(user.language) if user.language else nullcontext()
