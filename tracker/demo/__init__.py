"""The partnership's two worked examples (DESIGN.md), loaded through the use cases.

Kenya: participatory forums in Ngiluni village, Makueni County, lead to the county budget,
new climate change committees and 17,500 seedlings. Vietnam: two citizen data cycles lead
to a policy dialogue with the General Statistics Office.

Loading is re-runnable: every record carries `external_ref` {system: demo, id: key} and is
looked up by it before it is created, so a second run adds nothing and a run stopped
half-way completes on the next one.
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.application import Tracker
from tracker.demo.kenya import load_kenya
from tracker.demo.loader import (
    DEMO_ACCOUNTS,
    DEMO_SYSTEM,
    DemoAccount,
    DemoReport,
    Loader,
    demo_user_id,
)
from tracker.demo.vietnam import load_vietnam

__all__ = ["DEMO_ACCOUNTS", "DEMO_SYSTEM", "DemoAccount", "DemoReport", "demo_user_id", "load_demo"]


def load_demo(tracker: Tracker, out: Callable[[str], None]) -> DemoReport:
    """Load the worked examples, or whatever of them is missing; `out` hears of each record."""
    loader = Loader(tracker, out)
    load_kenya(loader)
    load_vietnam(loader)
    return loader.report
