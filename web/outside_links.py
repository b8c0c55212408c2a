"""The link that asks a person outside the partnership to substantiate an outcome, as the
API answers it and the outcome's page shows it."""

from __future__ import annotations

from flask import url_for

from tracker.settings import DEFAULT_PUBLIC_URL
from web.services import services


def outside_link(token: str) -> str:
    """The link to send: under PUBLIC_URL when it is set (what the outside person's browser
    reaches, whatever the Host header of this request said), else this request's host."""
    public = services().settings.public_url
    if public != DEFAULT_PUBLIC_URL:
        return public + url_for("outside.substantiate", token=token)
    return url_for("outside.substantiate", token=token, _external=True)
