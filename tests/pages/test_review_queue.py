"""The review queue page (`/reviews`), the reviews on the fulfilment dashboard and the
`review` filter of the commitments page, on each store.

The story (tests/api/story.py) closes two commitments of ke: C3 withdrawn 2025-03-01 and C1
fulfilled 2025-05-01; here vn's C5 (made 2025-02-01, after both) is not fulfilled
2025-02-15, so the queue, oldest closed first, is C5, C3, C1.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from tests.api import bodies
from tests.api.conftest import make_app, make_users
from tests.api.story import Story, write_story
from tests.pages.support import Reader, password, signed_in, text
from tracker.accounts import add_user
from web.services import close_services, services

# A signed-in page reader of each role: (account, role, coalitions).
PAGE_ACCOUNTS = (
    ("ada", "admin", ()),
    ("wanjiru", "coalition_lead", ("ke",)),
    ("amina", "executive", ()),
    ("tomas", "evaluator", ()),
    ("vera", "viewer", ()),
)
MAY_SEE = {"ada": 200, "amina": 200, "wanjiru": 403, "tomas": 403, "vera": 403}


@pytest.fixture
def served(database_url: str) -> Iterator[tuple[Flask, Story]]:
    """The story and C5 on each store, with page accounts of every role."""
    app = make_app(database_url)
    try:
        users = make_users(app)
        story = write_story(users)
        made = bodies.commitment("vn", text="Publish the district plan") | {
            "occurred_on": "2025-02-01"
        }
        created = users["other_lead"].post("/api/v1/commitments", made)
        story.ids["C5"] = created.get_json()["id"]
        progress = bodies.progress("not_fulfilled", occurred_on="2025-02-15")
        sent = users["other_lead"].post(f"/api/v1/commitments/{story['C5']}/progress", progress)
        assert sent.status_code == 201
        with app.app_context():
            engine = services().engine
        for name, role, coalitions in PAGE_ACCOUNTS:
            add_user(engine, name, role, coalitions=coalitions, password=password(name))
        yield app, story
    finally:
        close_services(app)


def review_links(html: str, story: Story) -> list[str]:
    """The story's names of the commitments whose review form the page links to, in order."""
    names = {v: k for k, v in story.ids.items()}
    found = []
    for part in html.split('/review"')[:-1]:
        record = part.rsplit("/commitments/", 1)[1]
        found.append(names[record])
    return found


def test_only_the_committee_and_admins_see_the_review_queue(
    served: tuple[Flask, Story],
) -> None:
    app, _story = served
    for name, status in MAY_SEE.items():
        reader = signed_in(app, name)
        assert reader.get("/reviews").status_code == status, name
        nav = text(reader.get("/commitments"))
        assert ('href="/reviews"' in nav) == (status == 200), name
    anonymous = Reader(app.test_client()).get("/reviews")
    assert anonymous.status_code == 302 and "/sign-in" in anonymous.headers["Location"]


def test_the_queue_lists_closed_unreviewed_commitments_oldest_closed_first(
    served: tuple[Flask, Story],
) -> None:
    app, story = served
    amina = signed_in(app, "amina")
    page = text(amina.get("/reviews"))
    assert review_links(page, story) == ["C5", "C3", "C1"]
    assert "3 commitments are waiting for a review." in page
    assert review_links(text(amina.get("/reviews?coalition=ke")), story) == ["C3", "C1"]
    sent = amina.send(
        f"/commitments/{story['C3']}/review",
        {"verdict": "disputed", "note": "", "occurred_on": "2025-06-01", "version": "2"},
    )
    assert sent.status_code == 302, text(sent)
    assert review_links(text(amina.get("/reviews")), story) == ["C5", "C1"]
    refused = amina.get("/reviews?coalition=zz&page=0")
    assert refused.status_code == 422


def test_the_dashboard_shows_both_rates_the_reviews_and_the_queue(
    served: tuple[Flask, Story],
) -> None:
    app, story = served
    amina = signed_in(app, "amina")
    amina.send(
        f"/commitments/{story['C1']}/review",
        {"verdict": "confirmed", "note": "", "occurred_on": "2025-06-01", "version": "3"},
    )
    page = text(amina.get("/fulfilment"))
    assert "Confirmed by the committee" in page
    assert "Not reviewed: <strong>4</strong>" in page and "Confirmed: <strong>1</strong>" in page
    assert review_links(page, story) == ["C5", "C3"]
    assert 'href="/reviews"' in page
    viewer = text(signed_in(app, "vera").get("/fulfilment"))
    assert review_links(viewer, story) == [] and "Publish the district plan" in viewer


@pytest.mark.parametrize(
    ("review", "expected"),
    [("confirmed", []), ("unreviewed", ["C4", "C1", "C2", "C3", "C5"]), ("bogus", None)],
)
def test_the_commitments_page_filters_by_latest_review(
    served: tuple[Flask, Story], review: str, expected: list[str] | None
) -> None:
    app, story = served
    answer = signed_in(app, "vera").get(f"/commitments?review={review}")
    if expected is None:
        assert answer.status_code == 422
        return
    page = text(answer)
    shown = [name for name in story.ids if name.startswith("C") and story[name] in page]
    assert sorted(shown) == sorted(expected)


def test_a_coalition_dashboard_shows_its_rates_reviews_and_queue(
    served: tuple[Flask, Story],
) -> None:
    app, story = served
    page = text(signed_in(app, "wanjiru").get("/coalitions/ke"))
    assert "Fulfilment rate as reported" in page and "Confirmed by the committee" in page
    assert "Not reviewed: <strong>3</strong>" in page
    assert "2 commitments to review" in page
    assert story["C3"] in page and story["C5"] not in page  # vn's is not on ke's dashboard
    assert review_links(page, story) == []  # a lead does not review
    assert review_links(text(signed_in(app, "amina").get("/coalitions/ke")), story) == [
        "C3",
        "C1",
    ]


def test_a_review_a_later_report_put_out_of_date_comes_back_marked(
    served: tuple[Flask, Story],
) -> None:
    app, story = served
    amina, wanjiru = signed_in(app, "amina"), signed_in(app, "wanjiru")
    c1 = f"/commitments/{story['C1']}"
    verdict: dict[str, object] = {"verdict": "confirmed", "note": "", "version": "3"}  # today
    assert amina.send(f"{c1}/review", verdict).status_code == 302
    assert review_links(text(amina.get("/reviews")), story) == ["C5", "C3"]
    for status, note, on, version in (
        ("in_progress", "the seedlings died", "2025-07-01", "4"),
        ("partially_fulfilled", "half replanted", "2025-08-01", "5"),
    ):
        change: dict[str, object] = {"status": status, "completion": "complete", "note": note}
        sent = wanjiru.send(f"{c1}/progress", change | {"occurred_on": on, "version": version})
        assert sent.status_code == 302, text(sent)
    page = text(amina.get("/reviews"))
    assert review_links(page, story) == ["C5", "C3", "C1"]
    assert page.count("review out of date") == 1
