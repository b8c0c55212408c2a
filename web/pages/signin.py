"""Signing in and out with a name and password; the session cookie then carries the user."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from tracker.accounts import verify_password
from web.pages.filters import SignIn, load
from web.pages.forms import WHOLE_FORM, Form
from web.pages.readers import SESSION_KEY
from web.services import services

bp = Blueprint("signin", __name__)
C0_AND_SPACE = "".join(map(chr, range(0x21)))


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Response | tuple[str, int]:
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
    user = verify_password(services().engine, typed["name"].strip(), typed["password"])
    if user is None:
        form.add({WHOLE_FORM: ["The name or the password is not right."]})
        return render_template("sign_in.html", form=form), 401
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = user.name
    return redirect(local_path(typed["next"]) or url_for("pages.dashboard.home"))


@bp.post("/sign-out")
def sign_out() -> Response:
    """End the session (a POST with the form's token, so no other site can sign one out)."""
    session.clear()
    flash("You are signed out.")
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
