"""What every write view needs besides its body: who acts, which version, how to answer."""

from __future__ import annotations

from typing import Any

from flask import g, request

from tracker.application import Saved
from web.auth import API_PREFIX, current_user
from web.problems import ApiProblem


def by_user() -> dict[str, Any]:
    """`recorded_by` for the use case: the acting user's id."""
    return {"recorded_by": current_user().id}


_IF_MATCH = "if_match"  # the parse, kept for the request


def if_match() -> int | None:
    """The version named by `If-Match: "<version>"` (quotes optional), or None.

    An empty value or `*` asks for no particular version. A malformed value is a 400
    naming the header; a well-formed, stale one is the use case's StaleVersion (412).
    """
    if _IF_MATCH in g:
        parsed: int | None = g.get(_IF_MATCH)
        return parsed
    value = request.headers.get("If-Match")
    if value is None or value.strip() in ("", "*"):
        g.setdefault(_IF_MATCH, None)
        return None
    text = value.strip().removeprefix('"').removesuffix('"')
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise ApiProblem(
            400,
            'If-Match must name a version, such as "3"; read the record for its ETag',
            slug="invalid-header",
            errors={"If-Match": ['must be a version, such as "3"']},
        )
    g.setdefault(_IF_MATCH, int(text))
    return int(text)


def created(
    saved: Saved, collection: str, *, commitments: bool = False
) -> tuple[dict[str, Any], int, dict[str, str]]:
    """201, `{"id", "version"}` (and a dialogue's commitments), and the record's Location."""
    body: dict[str, Any] = {"id": str(saved.id), "version": saved.version}
    if commitments:
        body["commitments"] = [str(c) for c in saved.commitments]
    return body, 201, {"Location": f"{API_PREFIX}/{collection}/{saved.id}"}
