"""Who is reading: the user signed in with the session cookie, and what they may do.

The session keeps only the user's name; the account is read again on every request, so a
user disabled with `tracker users disable` is signed out at their next click. The rules
are DESIGN.md's role table, the same as the API's (web.access), asked of a session user.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlencode
from uuid import UUID

from babel.lists import format_list
from flask import g, redirect, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import Forbidden

from tracker.accounts import User, find_user
from tracker.permissions import acting_as, may_read
from tracker.permissions import leads as leads_coalition
from tracker.sessions import generation
from web.services import services

SESSION_KEY = "user"
GENERATION_KEY = "generation"  # the user's session generation when they signed in
Page = TypeVar("Page", bound=Callable[..., Any])

# How each role is named on the pages (in the page's language when shown).
ROLE_NAMES = {
    "admin": _l("administrator"),
    "coalition_lead": _l("coalition lead"),
    "executive": _l("executive committee"),
    "evaluator": _l("evaluator"),
    "viewer": _l("viewer"),
}


def load_reader() -> None:
    """Find the signed-in user for this request (None when nobody is, or they are disabled)."""
    name = session.get(SESSION_KEY)
    engine = services().engine
    user = find_user(engine, name) if isinstance(name, str) else None
    if user is not None and (
        user.disabled or session.get(GENERATION_KEY) != generation(engine, user.id)
    ):
        session.clear()  # disabled, or the session was ended (signed out, new token...)
        user = None
    g.reader = user
    acting_as(user)


def reader() -> User | None:
    """The signed-in user, if any."""
    return cast(User | None, g.get("reader"))


def current() -> User:
    """The signed-in user of a page that needs one (see `signed_in`)."""
    user = reader()
    if user is None:
        raise Forbidden(_("sign in first"))
    return user


def signed_in(view: Page) -> Page:
    """A page for signed-in users: others are sent to sign in, and back here afterwards."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if reader() is None:
            target = request.full_path if request.query_string else request.path
            return redirect(url_for("pages.signin.sign_in") + "?" + urlencode({"next": target}))
        return view(*args, **kwargs)

    return cast(Page, guarded)


def require_role(*roles: str) -> User:
    """The signed-in user if their role (or admin) may do this; else 403 saying who may."""
    user = current()
    if user.role != "admin" and user.role not in roles:
        allowed = format_list(
            [str(ROLE_NAMES[r]) for r in dict.fromkeys(("admin", *roles))],
            style="or",
            locale=get_locale() or "en",
        )
        raise Forbidden(
            _(
                "This is for the %(allowed)s; you are signed in as %(role)s.",
                allowed=allowed,
                role=ROLE_NAMES[user.role],
            )
        )
    return user


def leads(user: User, coalition: UUID) -> bool:
    """Whether the user may write the records of this coalition (its lead, or an admin)."""
    return user.role == "admin" or leads_coalition(user, coalition)


def require_lead_of(coalition: UUID, code: str) -> User:
    """The signed-in user if they write for this coalition; else 403 naming the coalition."""
    user = require_role("coalition_lead")
    if not leads(user, coalition):
        if not user.coalitions:
            raise Forbidden(
                _(
                    "Only the leads of the %(code)s coalition record for it;"
                    " you lead no coalition.",
                    code=code,
                )
            )
        raise Forbidden(
            _(
                "Only the leads of the %(code)s coalition record for it; you lead %(coalitions)s.",
                code=code,
                coalitions=", ".join(user.coalitions),
            )
        )
    return user


def sees_confidential_of(user: User, coalition: UUID) -> bool:
    """Whether confidential evidence of this coalition is shown to the user."""
    return may_read(user, "confidential", coalition)


def may_see_content(user: User, sensitivity: str | None, coalition: UUID) -> bool:
    """Whether evidence content of this sensitivity and coalition is shown: the one rule of
    tracker.sensitivity, shared with the API and the exports."""
    return may_read(user, sensitivity, coalition)
