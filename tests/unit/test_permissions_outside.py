"""What a person outside the partnership may read: public content, public in every version."""

from datetime import UTC, datetime

from tracker.accounts import User
from tracker.permissions import may_write_comments, outsiders_may_read


def test_outsiders_read_only_what_was_always_public() -> None:
    assert outsiders_may_read(["public", "public"], "public")
    assert not outsiders_may_read(["confidential", "public"], "public")  # downgraded later
    assert not outsiders_may_read(["public"], "restricted")
    assert outsiders_may_read([None], None)  # a record that is not evidence


def test_every_role_but_viewer_writes_comments() -> None:
    def user(role: str) -> User:
        return User("id", "n", role, (), False, datetime.now(UTC))

    assert [
        r
        for r in ("admin", "coalition_lead", "executive", "evaluator", "viewer")
        if may_write_comments(user(r))
    ] == ["admin", "coalition_lead", "executive", "evaluator"]
