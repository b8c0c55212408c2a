"""Comment threads on records: who may write and read them, replies, corrections, mentions,
redaction exactly as for the record, and nothing of them leaking through other paths."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.api import bodies
from tests.api.conftest import Caller, World, make_users
from tracker.accounts import find_user
from tracker.notices import notices
from web.services import services

READERS = ("admin", "lead", "other_lead", "executive", "evaluator", "viewer")


def thread(world: World, name: str, collection: str = "commitments") -> str:
    return f"/api/v1/{collection}/{world[name]}/comments"


def comment(caller: Caller, path: str, body: str = "Is there a letter?", **more: Any) -> Any:
    answer = caller.post(path, {"body": body, **more})
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def mentions(app: Flask) -> list[dict[str, Any]]:
    with app.app_context(), services().engine.connect() as connection:
        rows = connection.execute(select(notices)).mappings().all()
    return [dict(row) for row in rows]


def user_id(app: Flask, name: str) -> str:
    with app.app_context():
        found = find_user(services().engine, name)
    assert found is not None
    return found.id


def test_a_comment_is_answered_whole_and_listed_oldest_first(
    users: dict[str, Caller], world: World
) -> None:
    path = thread(world, "commitment")
    first = users["lead"].post(path, {"body": "Who followed up with the county?"})
    assert first.status_code == 201
    made = first.get_json()
    assert first.headers["Location"] == f"{path}/{made['id']}"
    assert made["body"] == "Who followed up with the county?"
    assert made["author"] == "lead" and made["reply_to"] is None
    assert made["version"] == 1 and made["corrected"] is False and made["redacted"] is False
    assert made["record"] == {"type": "commitments", "id": world["commitment"]}
    reply = comment(users["executive"], path, "I did, on Monday.", reply_to=made["id"])
    assert reply["reply_to"] == made["id"]
    listed = users["viewer"].get(path).get_json()
    assert [c["body"] for c in listed["items"]] == [made["body"], "I did, on Monday."]
    assert (listed["page"], listed["per_page"], listed["total"]) == (1, 50, 2)
    second_page = users["admin"].get(path + "?page=2&per_page=1").get_json()
    assert [c["id"] for c in second_page["items"]] == [reply["id"]]
    one = users["admin"].get(f"{path}/{reply['id']}")
    assert one.status_code == 200 and one.headers["ETag"] == '"1"'


def test_commenting_leaves_the_records_version_and_if_match_alone(
    users: dict[str, Caller], world: World
) -> None:
    read = users["lead"].get(f"/api/v1/commitments/{world['commitment']}")
    comment(users["executive"], thread(world, "commitment"))
    progress = users["lead"].post(
        f"/api/v1/commitments/{world['commitment']}/progress",
        bodies.progress(),
        **{"If-Match": read.headers["ETag"]},
    )
    assert progress.status_code == 201, progress.get_json()


@pytest.mark.parametrize(
    "collection,name",
    [
        ("evidence", "evidence"),
        ("advocacy-inputs", "input"),
        ("dialogues", "dialogue"),
        ("budget-lines", "budget_line"),
        ("outcomes", "outcome"),
    ],
)
def test_every_kind_of_record_takes_comments(
    users: dict[str, Caller], world: World, collection: str, name: str
) -> None:
    made = comment(users["other_lead"], thread(world, name, collection))
    listed = users["lead"].get(thread(world, name, collection)).get_json()
    assert [c["id"] for c in listed["items"]] == [made["id"]]


def test_a_reply_to_a_comment_of_another_record_is_refused(
    users: dict[str, Caller], world: World
) -> None:
    elsewhere = comment(users["admin"], thread(world, "outcome", "outcomes"))
    answer = users["admin"].post(
        thread(world, "commitment"), {"body": "Agreed", "reply_to": elsewhere["id"]}
    )
    assert answer.status_code == 422
    assert "reply_to" in answer.get_json()["errors"]
    assert users["admin"].get(thread(world, "commitment")).get_json()["total"] == 0


def test_a_viewer_reads_but_may_not_comment(users: dict[str, Caller], world: World) -> None:
    answer = users["viewer"].post(thread(world, "commitment"), {"body": "Me too"})
    assert answer.status_code == 403
    assert users["viewer"].get(thread(world, "commitment")).status_code == 200
    assert users["anonymous"].get(thread(world, "commitment")).status_code == 401


def test_an_author_corrects_their_own_comment_and_nobody_else_but_an_admin_may(
    users: dict[str, Caller], world: World
) -> None:
    path = thread(world, "commitment")
    made = comment(users["lead"], path, "Due in Juen")
    fix = f"{path}/{made['id']}/corrections"
    refused = users["executive"].post(fix, {"body": "Due in June", "reason": "typo"})
    assert refused.status_code == 403
    fixed = users["lead"].post(fix, {"body": "Due in June", "reason": "typo"})
    assert fixed.status_code == 201, fixed.get_json()
    assert fixed.get_json()["version"] == 2 and fixed.get_json()["corrected"] is True
    stale = users["admin"].post(
        fix, {"body": "Due in July", "reason": "checked"}, **{"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    by_admin = users["admin"].post(
        fix, {"body": "Due in July", "reason": "checked"}, **{"If-Match": '"2"'}
    )
    assert by_admin.status_code == 201
    listed = users["viewer"].get(path).get_json()["items"]
    assert [(c["body"], c["reason"], c["author"]) for c in listed] == [
        ("Due in July", "checked", "lead")
    ]
    missing = users["admin"].post(
        f"{path}/{world['commitment']}/corrections", {"body": "x", "reason": "y"}
    )
    assert missing.status_code == 404


@pytest.mark.parametrize(
    "body,field",
    [
        ({"body": "nul \x00 here"}, "body"),
        ({"body": "x" * 20_001}, "body"),
        ({"body": "   "}, "body"),
        ({"body": "ok", "reply_to": "not-an-id"}, "reply_to"),
        ({"body": "ok", "colour": "red"}, "colour"),
    ],
)
def test_bad_text_is_refused_naming_the_field_and_nothing_is_saved(
    users: dict[str, Caller], world: World, body: dict[str, Any], field: str
) -> None:
    answer = users["lead"].post(thread(world, "commitment"), body)
    assert answer.status_code == 422
    assert field in answer.get_json()["errors"]
    assert users["lead"].get(thread(world, "commitment")).get_json()["total"] == 0


def test_a_bad_correction_is_refused_and_the_comment_stays(
    users: dict[str, Caller], world: World
) -> None:
    path = thread(world, "commitment")
    made = comment(users["lead"], path)
    for body, field in (({"body": "bad \x07", "reason": "typo"}, "body"),
                        ({"body": "fine", "reason": ""}, "reason"),
                        ({"body": "x" * 20_001, "reason": "typo"}, "body")):  # fmt: skip
        answer = users["lead"].post(f"{path}/{made['id']}/corrections", body)
        assert answer.status_code == 422
        assert field in answer.get_json()["errors"]
    assert users["lead"].get(path).get_json()["items"][0]["version"] == 1


def test_the_same_idempotency_key_comments_once(users: dict[str, Caller], world: World) -> None:
    path = thread(world, "commitment")
    first = users["lead"].post(path, {"body": "Once"}, **{"Idempotency-Key": "k-1"})
    again = users["lead"].post(path, {"body": "Once"}, **{"Idempotency-Key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotency-Replayed"] == "true"
    assert again.get_json()["id"] == first.get_json()["id"]
    assert users["lead"].get(path).get_json()["total"] == 1


# Who may read each thread of the world in full: confidential evidence of ke is for admins,
# evaluators and ke's lead; restricted evidence for all but viewers; the rest for everyone.
CONFIDENTIAL = {"admin", "lead", "evaluator"}
RESTRICTED = {"admin", "lead", "other_lead", "executive", "evaluator"}


@pytest.mark.parametrize("reader", READERS)
def test_a_thread_is_read_only_by_who_may_read_its_record_in_full(
    users: dict[str, Caller], world: World, reader: str
) -> None:
    for name, allowed in (
        ("confidential", CONFIDENTIAL),
        ("restricted", RESTRICTED),
        ("evidence", set(READERS)),
    ):
        path = thread(world, name, "evidence")
        comment(users["admin"], path, f"About {name}")
        answer = users[reader].get(path)
        if reader in allowed:
            assert answer.status_code == 200
            assert answer.get_json()["items"][0]["body"] == f"About {name}"
        else:
            assert answer.status_code == 404
            assert f"About {name}" not in answer.get_data(as_text=True)
            if reader != "viewer":  # a viewer hears 403 first: it writes nothing
                written = users[reader].post(path, {"body": "Let me in"})
                assert written.status_code == 404


def test_a_comment_written_while_evidence_was_confidential_stays_hidden_after_it_is_public(
    users: dict[str, Caller], world: World
) -> None:
    path = thread(world, "confidential", "evidence")
    secret = comment(users["lead"], path, "Households of Ward 4 named in annex")
    fixed = users["lead"].post(
        f"/api/v1/evidence/{world['confidential']}/corrections",
        {"sensitivity": "public", "reason": "reviewed with the community"},
    )
    assert fixed.status_code == 201
    later = comment(users["lead"], path, "Now public: ward totals only")
    for reader in ("executive", "other_lead", "viewer"):
        items = users[reader].get(path).get_json()["items"]
        assert [(c["id"], c["redacted"]) for c in items] == [
            (secret["id"], True),
            (later["id"], False),
        ]
        assert items[0]["body"] is None and items[0]["author"] == "lead"
        assert "Ward 4" not in users[reader].get(path).get_data(as_text=True)
    for reader in ("admin", "evaluator", "lead"):
        items = users[reader].get(path).get_json()["items"]
        assert items[0]["body"] == "Households of Ward 4 named in annex"


def test_a_mention_tells_only_a_user_who_may_read_the_record(
    app: Flask, users: dict[str, Caller], world: World
) -> None:
    path = thread(world, "confidential", "evidence")
    made = comment(users["lead"], path, "@evaluator please check; @executive and @nobody too")
    told = mentions(app)
    assert [(n["user_id"], n["kind"]) for n in told] == [(user_id(app, "evaluator"), "mention")]
    assert told[0]["data"] == {
        "kind": "evidence",
        "record_id": world["confidential"],
        "comment_id": made["id"],
        "by": user_id(app, "lead"),
    }
    # Nothing tells the author who was told, or not.
    assert set(made) == {
        "id", "record", "reply_to", "body", "author", "recorded_at", "version", "corrected",
        "corrected_at", "reason", "redacted",
    }  # fmt: skip
    comment(users["lead"], thread(world, "commitment"), "cc @viewer, and me: @lead")
    assert {n["user_id"] for n in mentions(app)} == {
        user_id(app, "evaluator"),
        user_id(app, "viewer"),
    }


def test_a_correction_tells_only_the_users_it_newly_mentions(
    app: Flask, users: dict[str, Caller], world: World
) -> None:
    path = thread(world, "commitment")
    made = comment(users["lead"], path, "@executive have a look")
    users["lead"].post(
        f"{path}/{made['id']}/corrections",
        {"body": "@executive and @evaluator have a look", "reason": "forgot someone"},
    )
    assert sorted(n["user_id"] for n in mentions(app)) == sorted(
        [user_id(app, "executive"), user_id(app, "evaluator")]
    )


def test_comments_stay_out_of_the_events_feed_the_audit_and_the_exports(
    users: dict[str, Caller], world: World
) -> None:
    body = "Only for those who may read the confidential evidence"
    comment(users["lead"], thread(world, "confidential", "evidence"), body)
    for caller, path in (
        (users["admin"], "/api/v1/events?limit=1000"),
        (users["evaluator"], f"/api/v1/audit/evidence/{world['confidential']}"),
        (users["executive"], f"/api/v1/audit/evidence/{world['confidential']}"),
        (users["executive"], "/api/v1/timeline"),
        (users["executive"], "/api/v1/exports/evidence.csv"),
        (users["executive"], "/api/v1/exports/timeline.csv"),
    ):
        answer = caller.get(path)
        assert answer.status_code == 200, path
        assert body not in answer.get_data(as_text=True), path
    audit = users["admin"].get(f"/api/v1/audit/evidence/{world['confidential']}").get_json()
    assert audit["version"] == 1  # the record's own history is unchanged


def test_comments_on_each_store(any_store_app: Flask) -> None:
    users = make_users(any_store_app)
    users["admin"].post("/api/v1/coalitions", bodies.coalition("ke"))
    made = users["admin"].post("/api/v1/commitments", bodies.commitment("ke")).get_json()
    path = f"/api/v1/commitments/{made['id']}/comments"
    first = comment(users["lead"], path, "Kwa nini? — نعم — 🌱 @executive")
    comment(users["executive"], path, "Reply", reply_to=first["id"])
    listed = users["evaluator"].get(path).get_json()
    assert [c["body"] for c in listed["items"]] == ["Kwa nini? — نعم — 🌱 @executive", "Reply"]
    assert len(mentions(any_store_app)) == 1
    health = users["admin"].get("/healthz").get_json()
    assert health["status"] == "ok", health
