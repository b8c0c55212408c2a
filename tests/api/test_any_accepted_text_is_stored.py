"""Any text the API accepts, every projection stores, on SQLite and on PostgreSQL.

Hypothesis writes evidence whose title, summary, groups and producers are drawn from all
of Unicode, with the characters a store may refuse (NUL and other controls, DEL, C1,
lone surrogates, separators, a byte-order mark) made likely. The API either refuses with a
422 naming a field and saves nothing, or accepts; and then every projection has applied
the event (no lag, no error) and reads back exactly the text sent.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.texts import unsafe_characters
from tests.api import bodies
from tests.api.conftest import make_users
from web.services import services

AWKWARD = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\ud800", "\udfff", "\t",
           "\n", "\r", "\u2028", "\ufeff", "\u200b", "é", "\U0001d11e", "'", '"', "\\", "<",
           "%"]  # fmt: skip
ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
TEXTS = st.text(st.one_of(st.sampled_from(AWKWARD), ANY_CHARACTER), min_size=1, max_size=40)
# Texts of every script and symbol, with no control character nor surrogate: all accepted.
FAIR = st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40).filter(
    str.strip
)
# Half the examples are fair texts only, so that both ways out are well tried.
FOUR = st.one_of(st.tuples(FAIR, FAIR, FAIR, FAIR), st.tuples(TEXTS, TEXTS, TEXTS, TEXTS))
FIELDS = ("title", "summary", "groups", "producers")


@pytest.fixture
def store_app(any_store_app: Flask) -> Flask:
    return any_store_app


def head(app: Flask) -> int:
    with app.app_context():
        return services().tracker.recorder.max_notification_id() or 0


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(four=FOUR)
def test_a_text_is_refused_with_422_or_stored_by_every_projection(
    store_app: Flask, four: tuple[str, str, str, str]
) -> None:
    title, summary, group, producer = four
    users = getattr(store_app, "_test_users", None) or make_users(store_app)
    store_app._test_users = users  # type: ignore[attr-defined]  # one set for all examples
    admin, lead = users["admin"], users["lead"]
    admin.post("/api/v1/coalitions", bodies.coalition())  # 201 once, then 409: either will do
    sent = {"title": title, "summary": summary, "groups": [group], "producers": [producer]}
    before = head(store_app)
    answer = lead.post("/api/v1/evidence", bodies.evidence(**sent))
    texts = {"title": title, "summary": summary, "groups": group, "producers": producer}
    unsafe = {name for name, text in texts.items() if unsafe_characters(text)}
    blank = {name for name, text in texts.items() if not text.strip()}
    if answer.status_code == 422:
        problem: dict[str, Any] = answer.get_json()
        named = {key.partition(".")[0] for key in problem["errors"]}
        assert named and named <= set(FIELDS), problem
        assert named <= unsafe | blank, problem
        assert head(store_app) == before, "a refused write saved nothing"
        return
    assert answer.status_code == 201, answer.get_data(as_text=True)
    assert not unsafe, f"accepted a text a store may refuse: {unsafe}"

    health = admin.get("/healthz").get_json()
    assert all(p == {"lag": 0, "error": None} for p in health["projections"].values()), health
    evidence = answer.get_json()["id"]
    stored = lead.get(f"/api/v1/evidence/{evidence}").get_json()
    assert (stored["title"], stored["summary"]) == (title, summary)
    assert (stored["groups"], stored["producers"]) == ([group], [producer])
    newest = "/api/v1/timeline?coalition=ke&from=2024-11-01&to=2024-11-01&order=desc&per_page=1"
    timeline = lead.get(newest).get_json()
    assert timeline["items"][0]["ref"]["id"] == evidence
    assert " ".join(title.split()) in timeline["items"][0]["title"]  # a sentence: one line
    chain = lead.get(f"/api/v1/impact-chains/{evidence}").get_json()
    assert any(node["title"] == title for node in chain["nodes"]), chain
