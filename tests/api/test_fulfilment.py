"""`GET /fulfilment`: the dashboard's counts and rates, worked out by hand on the story.

Commitments (tests/api/story.py): ke C1 fulfilled, C2 made (due 2099), C3 withdrawn, all
at the subnational level, made 2025; vn C4 made 2024 outside a dialogue, overdue.
Budget (KES, L1 of ke, fiscal year 2025/26): allocated 1000000.00, released 600000.50,
spent 300000.25, nothing proposed.
"""

from __future__ import annotations

import pytest

from tests.api import bodies
from tests.api.conftest import Caller
from tests.api.story import Story, write_story

PATH = "/api/v1/fulfilment"
NONE = {
    "made": 0,
    "in_progress": 0,
    "stalled": 0,
    "fulfilled": 0,
    "partially_fulfilled": 0,
    "not_fulfilled": 0,
    "withdrawn": 0,
}
UNREVIEWED = {"confirmed": 0, "disputed": 0, "needs_evidence": 0, "unreviewed": 0}
KE = {
    "counts": NONE | {"made": 1, "fulfilled": 1, "withdrawn": 1},
    "total": 3,
    "overdue": 0,
    "fulfilment_rate": 0.5,  # 1 fulfilled of 3 - 1 withdrawn
    "confirmed_rate": 0.0,  # nobody reviewed it yet
    "reviews": UNREVIEWED | {"unreviewed": 3},
}
VN = {
    "counts": NONE | {"made": 1},
    "total": 1,
    "overdue": 1,
    "fulfilment_rate": 0.0,
    "confirmed_rate": 0.0,
    "reviews": UNREVIEWED | {"unreviewed": 1},
}
KES = {
    "proposed": "0.00",
    "allocated": "1000000.00",
    "released": "600000.50",
    "spent": "300000.25",
    "release_rate": 0.6,  # 600000.50 / 1000000.00 = 0.6000005, to 4 decimals
    "execution_rate": 0.5,  # 300000.25 / 600000.50
}


@pytest.fixture
def story(users: dict[str, Caller]) -> Story:
    return write_story(users)


def test_the_dashboard_counts_every_commitment_and_budget(
    users: dict[str, Caller], story: Story
) -> None:
    assert users["executive"].get(PATH).get_json() == {
        "counts": NONE | {"made": 2, "fulfilled": 1, "withdrawn": 1},
        "total": 4,
        "overdue": 1,
        "fulfilment_rate": 0.3333,  # 1 of 4 - 1 withdrawn
        "confirmed_rate": 0.0,
        "reviews": UNREVIEWED | {"unreviewed": 4},
        "by_coalition": {"ke": KE, "vn": VN},
        "by_level": {"subnational": KE, "unspecified": VN},
        "budget": {"KES": KES},
    }


def test_filters_narrow_commitments_and_budgets_alike(
    users: dict[str, Caller], story: Story
) -> None:
    ke = users["viewer"].get(f"{PATH}?coalition=ke").get_json()
    assert {k: ke[k] for k in KE} == KE
    assert ke["by_coalition"] == {"ke": KE} and ke["budget"] == {"KES": KES}
    made_2024 = users["viewer"].get(f"{PATH}?year=2024").get_json()
    assert (made_2024["total"], made_2024["overdue"], made_2024["budget"]) == (1, 1, {})
    national = users["viewer"].get(f"{PATH}?level=national").get_json()
    assert (national["total"], national["fulfilment_rate"], national["by_level"]) == (0, None, {})


def test_a_rate_is_null_when_nothing_counts(users: dict[str, Caller], story: Story) -> None:
    path = f"/api/v1/commitments/{story['C4']}/progress"
    assert users["other_lead"].post(path, bodies.progress("withdrawn")).status_code == 201
    vn = users["viewer"].get(f"{PATH}?coalition=vn").get_json()
    assert (vn["total"], vn["overdue"], vn["fulfilment_rate"]) == (1, 0, None)


@pytest.mark.parametrize(
    ("query", "field"),
    [("year=0", "year"), ("level=planetary", "level"), ("coalition=zz", "coalition"),
     ("page=1", "page")],
)  # fmt: skip
def test_a_bad_query_is_a_422_naming_the_parameter(
    users: dict[str, Caller], query: str, field: str
) -> None:
    response = users["executive"].get(f"{PATH}?{query}")
    assert response.status_code == 422
    assert list(response.get_json()["errors"]) == [field]
