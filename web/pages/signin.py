"""Signing in and out with a name and password; the session cookie then carries the user."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from tracker.accounts import verify_password
from tracker.sessions import clear_failures, end_sessions, generation, locked_for, record_failure
from web.pages.forms import WHOLE_FORM, Form
from web.pages.forms.filters import SignIn, load
from web.pages.session import GENERATION_KEY, SESSION_KEY, reader
from web.services import services

bp = Blueprint("signin", __name__)
C0_AND_SPACE = "".join(map(chr, range(0x21)))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Response | tuple[str, int] | tuple[str, int, dict[str, str]]:
    """Check the name and password, then start a new session and go where the user was going.

    The session is cleared first, so no one can plant a session before the sign-in and
    use it afterwards; a wrong name and a wrong password get the same answer.
    """
    if request.method == "GET":
        return render_template(
            "sign_in.html", form=Form({"next": request.args.get("next", "")})
        ), 200
    form = Form(request.form)
    typed = load(SignIn(), form)
    form.values.pop("password", None)  # never sent back into the page
    if form.errors:
        return render_template("sign_in.html", form=form), 422
    engine, name = services().engine, typed["name"].strip()
    if (wait := locked_for(engine, name)) is not None:
        minutes = max(1, round(wait.total_seconds() / 60))
        form.add(
            {
                WHOLE_FORM: [
                    ngettext(
                        "Too many failed sign-ins: try again in %(num)s minute.",
                        "Too many failed sign-ins: try again in %(num)s minutes.",
                        minutes,
                    )
                ]
            }
        )
        page = render_template("sign_in.html", form=form)
        return page, 429, {"Retry-After": str(int(wait.total_seconds()) + 1)}
    user = verify_password(engine, name, typed["password"])
    if user is None:
        record_failure(engine, name)
        form.add({WHOLE_FORM: [_("The name or the password is not right.")]})
        return render_template("sign_in.html", form=form), 401
    clear_failures(engine, name)
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = user.name
    session[GENERATION_KEY] = generation(engine, user.id)
    return redirect(local_path(typed["next"]) or url_for("pages.dashboard.home"))


@bp.post("/sign-out")
def sign_out() -> Response:
    """End every session of the user, here and anywhere else it was copied to (a POST with the
    form's token, so no other site can sign one out)."""
    user = reader()
    if user is not None:
        end_sessions(services().engine, user.id)
    session.clear()
    flash(_("You are signed out."))
    return redirect(url_for("pages.signin.sign_in"))


def local_path(target: str) -> str | None:
    """The path to go back to after signing in, if it is a path of this site.

    Read as a browser reads a URL: tabs and line breaks anywhere are dropped, leading and
    trailing controls and spaces are trimmed, and a backslash counts as a slash, so
    `/\t/evil.example` and `/\\evil.example` are the other site `//evil.example`.
    """
    path = "".join(c for c in target if c not in "\t\r\n").strip(C0_AND_SPACE)
    path = path.replace("\\", "/")
    if not path.startswith("/") or path.startswith("//"):
        return None
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        return None
    return path
