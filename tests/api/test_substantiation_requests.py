"""Outside substantiation: links asked for, listed and revoked over the API, and answered
once, without an account, on `/substantiate/<token>` (DESIGN.md, "Follow-up").

Most tests run on both stores. The outcome O belongs to ke and links public, restricted and
confidential evidence; `lead` leads ke, `other_lead` vn.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update
from werkzeug.test import TestResponse

from tests.api import bodies
from tests.api.conftest import Caller, make_app, make_users
from tracker import substantiation
from tracker.substantiation import substantiation_requests
from web.services import close_services, services

PUBLIC_TITLE = "Ngiluni action plans, published"
SECRET_TITLE = "Households at risk, names inside"
RESTRICTED_TITLE = "Ward officers' notes"


@dataclass
class Setting:
    """An app on one store, its callers and the outcome O's id."""

    app: Flask
    users: dict[str, Caller]
    outcome: str
    evidence: dict[str, str]

    @property
    def path(self) -> str:
        return f"/api/v1/outcomes/{self.outcome}/substantiation-requests"

    def engine(self) -> Any:
        with self.app.app_context():
            return services().engine


def _created(response: TestResponse) -> dict[str, Any]:
    assert response.status_code == 201, response.get_data(as_text=True)
    found: dict[str, Any] = response.get_json()
    return found


def build(app: Flask) -> Setting:
    users = make_users(app)
    admin = users["admin"]
    _created(admin.post("/api/v1/coalitions", bodies.coalition("ke")))
    _created(admin.post("/api/v1/coalitions", bodies.coalition("vn", "Vietnam")))
    evidence = {
        "public": _created(admin.post("/api/v1/evidence", bodies.evidence(title=PUBLIC_TITLE))),
        "confidential": _created(
            admin.post(
                "/api/v1/evidence",
                bodies.evidence(title=SECRET_TITLE, sensitivity="confidential"),
            )
        ),
        "restricted": _created(
            admin.post(
                "/api/v1/evidence",
                bodies.evidence(title=RESTRICTED_TITLE, sensitivity="restricted"),
            )
        ),
    }
    ids = {name: body["id"] for name, body in evidence.items()}
    outcome = _created(
        admin.post("/api/v1/outcomes", bodies.outcome("ke", evidence=list(ids.values())))
    )
    return Setting(app, users, outcome["id"], ids)


@pytest.fixture
def setting(any_store_app: Flask) -> Setting:
    return build(any_store_app)


@pytest.fixture
def sqlite_setting(app: Flask) -> Setting:
    return build(app)


def request_body(**changes: Any) -> dict[str, Any]:
    body = {
        "name": "Mary Mutua, Ward Administrator",
        "email": "mary@example.org",
        "language": "sw",
        "question": "Did the ward's climate committee take in women and youth in 2025?",
        "expires_on": (date.today() + timedelta(days=14)).isoformat(),
    }
    return body | changes


def asked(setting: Setting, caller: str = "evaluator", **changes: Any) -> tuple[str, str]:
    """A new request's id and its link's path (`/substantiate/<token>`)."""
    response = setting.users[caller].post(setting.path, request_body(**changes))
    body = _created(response)
    assert set(body) == {"id", "link"}
    assert body["link"].startswith("http://localhost/substantiate/")
    return body["id"], body["link"].removeprefix("http://localhost")


def fresh_client(setting: Setting) -> Any:
    """A browser that has never been here: no cookie of any kind."""
    return setting.app.test_client()


def key_of(page: TestResponse) -> str:
    found = re.search(r'name="key" value="([0-9a-f]+)"', page.get_data(as_text=True))
    assert found, page.get_data(as_text=True)
    return found.group(1)


def answer(setting: Setting, link: str, verdict: str = "agree", note: str = "I saw it") -> Any:
    client = fresh_client(setting)
    page = client.get(link)
    assert page.status_code == 200, page.get_data(as_text=True)
    return client.post(link, data={"key": key_of(page), "verdict": verdict, "note": note})


def outcome_read(setting: Setting, caller: str = "evaluator") -> dict[str, Any]:
    response = setting.users[caller].get(f"/api/v1/outcomes/{setting.outcome}")
    assert response.status_code == 200
    found: dict[str, Any] = response.get_json()
    return found


# The link, once --------------------------------------------------------------------------


def test_a_link_works_once_without_an_account_and_records_an_outside_substantiation(
    setting: Setting,
) -> None:
    request_id, link = asked(setting)
    client = fresh_client(setting)
    page = client.get(link)
    assert page.status_code == 200
    assert "Set-Cookie" not in page.headers  # no session, no CSRF cookie
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Referrer-Policy"] == "same-origin"
    text = page.get_data(as_text=True)
    assert '<html lang="sw" dir="ltr">' in text
    assert "Women and youth are over 40% of new climate change committees" in text
    assert "Did the ward&#39;s climate committee take in women and youth in 2025?" in text
    sent = client.post(
        link, data={"key": key_of(page), "verdict": "partially_agree", "note": "Half of them"}
    )
    assert sent.status_code == 200, sent.get_data(as_text=True)
    assert "Mary Mutua, Ward Administrator" in sent.get_data(as_text=True)

    (found,) = outcome_read(setting)["substantiations"]
    assert found["verdict"] == "partially_agree" and found["note"] == "Half of them"
    assert found["source"] == "outside"
    assert found["name"] == "Mary Mutua, Ward Administrator"
    assert found["by"] == "evaluator"  # the user who asked records it

    again = client.get(link)
    assert again.status_code == 410
    assert "Women and youth" not in again.get_data(as_text=True)  # the outcome is not named
    assert client.post(link, data={"key": key_of(page), "verdict": "agree"}).status_code == 410
    listed = setting.users["evaluator"].get(setting.path).get_json()
    (row,) = listed["items"]
    assert row["id"] == request_id and row["status"] == "used"
    assert row["substantiation_version"] == 2
    assert "link" not in row and "token" not in str(row)


def test_a_second_browser_answers_once_then_hears_410(setting: Setting) -> None:
    _id, link = asked(setting)
    assert answer(setting, link).status_code == 200
    other = fresh_client(setting)
    assert other.get(link).status_code == 410
    assert len(outcome_read(setting)["substantiations"]) == 1


def test_an_expired_link_answers_410(setting: Setting) -> None:
    request_id, link = asked(setting)
    with setting.engine().begin() as connection:
        connection.execute(
            update(substantiation_requests)
            .where(substantiation_requests.c.id == request_id)
            .values(expires_on=date.today() - timedelta(days=1))
        )
    client = fresh_client(setting)
    assert client.get(link).status_code == 410
    assert client.post(link, data={"verdict": "agree"}).status_code == 410
    assert outcome_read(setting)["substantiations"] == []
    listed = setting.users["evaluator"].get(setting.path).get_json()
    assert listed["items"][0]["status"] == "expired"


def test_a_revoked_link_answers_410_even_to_a_form_already_open(setting: Setting) -> None:
    request_id, link = asked(setting)
    client = fresh_client(setting)
    page = client.get(link)
    revoked = setting.users["lead"].delete(f"{setting.path}/{request_id}")
    assert revoked.status_code == 204
    sent = client.post(link, data={"key": key_of(page), "verdict": "agree", "note": ""})
    assert sent.status_code == 410
    assert client.get(link).status_code == 410
    assert outcome_read(setting)["substantiations"] == []
    assert setting.users["lead"].get(setting.path).get_json()["items"][0]["status"] == "revoked"


def test_an_unknown_token_is_404_and_names_nothing(setting: Setting) -> None:
    asked(setting)
    client = fresh_client(setting)
    for link in ("/substantiate/not-a-token", "/substantiate/" + "A" * 43):
        page = client.get(link)
        assert page.status_code == 404
        assert "Women and youth" not in page.get_data(as_text=True)
        assert client.post(link, data={"verdict": "agree"}).status_code == 404


def test_the_page_shows_public_evidence_only_and_no_users_names(setting: Setting) -> None:
    _id, link = asked(setting, "lead")
    text = fresh_client(setting).get(link).get_data(as_text=True)
    assert PUBLIC_TITLE in text
    assert SECRET_TITLE not in text and RESTRICTED_TITLE not in text
    assert "Village priorities" in text  # the public evidence's summary
    for user in ("lead", "admin", "evaluator"):
        assert f">{user}<" not in text and f" {user} " not in text


def test_evidence_once_confidential_stays_off_the_page_after_a_downgrade(
    sqlite_setting: Setting,
) -> None:
    setting = sqlite_setting
    corrected = setting.users["admin"].post(
        f"/api/v1/evidence/{setting.evidence['confidential']}/corrections",
        {"sensitivity": "public", "reason": "cleared", "occurred_on": "2025-01-01"},
    )
    assert corrected.status_code == 201, corrected.get_data(as_text=True)
    _id, link = asked(setting)
    assert SECRET_TITLE not in fresh_client(setting).get(link).get_data(as_text=True)


def test_a_form_without_its_key_or_with_a_bad_answer_saves_nothing(setting: Setting) -> None:
    _id, link = asked(setting)
    client = fresh_client(setting)
    page = client.get(link)
    assert client.post(link, data={"verdict": "agree"}).status_code == 400
    assert client.post(link, data={"key": "clé", "verdict": "agree"}).status_code == 400
    bad = client.post(link, data={"key": key_of(page), "verdict": "maybe", "note": "a\x00b"})
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.get_data(as_text=True)
    assert outcome_read(setting)["substantiations"] == []
    assert answer(setting, link).status_code == 200  # still usable


# Who may ask -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("caller", "status"),
    [
        ("admin", 201),
        ("evaluator", 201),
        ("lead", 201),
        ("other_lead", 403),
        ("executive", 403),
        ("viewer", 403),
        ("anonymous", 401),
    ],
)
def test_who_may_ask_list_and_revoke(sqlite_setting: Setting, caller: str, status: int) -> None:
    setting = sqlite_setting
    request_id, _link = asked(setting, "admin")
    user = setting.users[caller]
    assert user.post(setting.path, request_body()).status_code == status
    listed = user.get(setting.path)
    assert listed.status_code == (200 if status == 201 else status)
    revoked = user.delete(f"{setting.path}/{request_id}")
    assert revoked.status_code == (204 if status == 201 else status)
    with setting.engine().connect() as connection:
        rows = connection.execute(select(substantiation_requests.c.revoked_at)).all()
    assert len(rows) == (2 if status == 201 else 1)


def test_an_unknown_outcome_or_request_is_404(sqlite_setting: Setting) -> None:
    setting = sqlite_setting
    missing = "/api/v1/outcomes/00000000-0000-4000-8000-000000000000/substantiation-requests"
    evaluator = setting.users["evaluator"]
    assert evaluator.post(missing, request_body()).status_code == 404
    assert evaluator.get(missing).status_code == 404
    evidence_path = f"/api/v1/outcomes/{setting.evidence['public']}/substantiation-requests"
    assert evaluator.post(evidence_path, request_body()).status_code == 404
    unknown_request = f"{setting.path}/00000000-0000-4000-8000-000000000000"
    assert evaluator.delete(unknown_request).status_code == 404


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"expires_on": date.today().isoformat()}, "expires_on"),
        ({"expires_on": (date.today() - timedelta(days=3)).isoformat()}, "expires_on"),
        ({"expires_on": (date.today() + timedelta(days=91)).isoformat()}, "expires_on"),
        ({"expires_on": "soon"}, "expires_on"),
        ({"email": "mary at example.org"}, "email"),
        ({"email": "mary@localhost"}, "email"),
        ({"language": "de"}, "language"),
        ({"language": "SW"}, "language"),
        ({"name": "Mary\x00Mutua"}, "name"),
        ({"name": "  "}, "name"),
        ({"question": "x" * 20_001}, "question"),
        ({"token": "mine"}, "token"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_saves_nothing(
    setting: Setting, changes: dict[str, Any], field: str
) -> None:
    response = setting.users["evaluator"].post(setting.path, request_body(**changes))
    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert field in response.get_json()["errors"]
    with setting.engine().connect() as connection:
        assert connection.execute(select(substantiation_requests.c.id)).all() == []


def test_a_link_may_expire_ninety_days_ahead(sqlite_setting: Setting) -> None:
    asked(sqlite_setting, expires_on=(date.today() + timedelta(days=90)).isoformat())


def test_the_token_is_kept_only_as_its_hash(sqlite_setting: Setting) -> None:
    _id, link = asked(sqlite_setting)
    token = link.rsplit("/", 1)[1]
    assert len(token) >= 43
    with sqlite_setting.engine().connect() as connection:
        (row,) = connection.execute(select(substantiation_requests)).mappings().all()
    assert token not in str(dict(row))
    assert row["token_hash"] == substantiation.hash_token(token)


# Who reads the outside person's name -----------------------------------------------------


def test_the_outside_name_is_shown_to_those_who_may_ask_only(sqlite_setting: Setting) -> None:
    setting = sqlite_setting
    _id, link = asked(setting)
    assert answer(setting, link).status_code == 200
    for caller in ("admin", "evaluator", "lead"):
        (found,) = outcome_read(setting, caller)["substantiations"]
        assert found["name"] == "Mary Mutua, Ward Administrator", caller
    for caller in ("other_lead", "executive", "viewer"):
        (found,) = outcome_read(setting, caller)["substantiations"]
        assert (found["source"], found["name"]) == ("outside", None), caller


def test_a_members_substantiation_says_so(sqlite_setting: Setting) -> None:
    setting = sqlite_setting
    sent = setting.users["evaluator"].post(
        f"/api/v1/outcomes/{setting.outcome}/substantiations", {"verdict": "agree", "note": ""}
    )
    assert sent.status_code == 201
    (found,) = outcome_read(setting, "viewer")["substantiations"]
    assert (found["source"], found["name"], found["by"]) == ("member", None, "evaluator")


# Rate limits -----------------------------------------------------------------------------


def test_too_many_visits_from_one_client_are_429_with_retry_after(
    setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(substantiation, "CLIENT_VISITS", 5)
    _id, link = asked(setting)
    client = fresh_client(setting)
    for n in range(5):
        assert client.get(f"/substantiate/guess-{n}").status_code == 404
    refused = client.get(link)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 600
    assert client.post(link, data={"verdict": "agree"}).status_code == 429


def test_too_many_visits_for_one_link_are_429(
    setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(substantiation, "TOKEN_VISITS", 3)
    _id, link = asked(setting)
    for _ in range(3):
        assert fresh_client(setting).get(link).status_code == 200
    assert fresh_client(setting).get(link).status_code == 429


def test_visits_older_than_the_window_no_longer_count(sqlite_setting: Setting) -> None:
    engine = sqlite_setting.engine()
    then = datetime.now(UTC) - substantiation.VISIT_WINDOW - timedelta(seconds=5)
    for _ in range(substantiation.TOKEN_VISITS):
        assert substantiation.too_many_visits(engine, "1.2.3.4", "tok", then) is None
    assert substantiation.too_many_visits(engine, "1.2.3.4", "tok", then) is not None
    assert substantiation.too_many_visits(engine, "1.2.3.4", "tok") is None


@pytest.fixture
def two_processes(database_url: str) -> Iterator[tuple[Flask, Flask]]:
    first, second = make_app(database_url), make_app(database_url)
    yield first, second
    close_services(first)
    close_services(second)


def test_the_visit_limit_holds_across_web_processes(
    two_processes: tuple[Flask, Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(substantiation, "CLIENT_VISITS", 4)
    first, second = two_processes
    for n in range(2):
        assert first.test_client().get(f"/substantiate/x{n}").status_code == 404
        assert second.test_client().get(f"/substantiate/y{n}").status_code == 404
    assert first.test_client().get("/substantiate/z").status_code == 429


def test_the_audit_names_the_outside_person_to_those_who_may_ask_only(
    sqlite_setting: Setting,
) -> None:
    setting = sqlite_setting
    _id, link = asked(setting)
    assert answer(setting, link).status_code == 200
    path = f"/api/v1/audit/outcomes/{setting.outcome}"
    for caller, name in (("evaluator", "Mary Mutua, Ward Administrator"), ("viewer", None)):
        response = setting.users[caller].get(path)
        assert response.status_code == 200, response.get_data(as_text=True)
        audit = response.get_json()
        (event,) = [e for e in audit["history"] if e["type"] == "outcome.substantiated"]
        assert (event["data"]["source"], event["data"]["name"]) == ("outside", name), caller
        assert audit["state"]["substantiations"][0]["name"] == name, caller
