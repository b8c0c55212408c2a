"""The impact chain page draws its chain as SVG made on the server, above the same chain in
words: a lane per stage, a mark per record linking to it, out-of-order links flagged, every
text escaped and hidden evidence hidden in the drawing too."""

from __future__ import annotations

import re

from flask import Flask

from tests.pages import forms
from tests.pages.support import demo_id, signed_in, text


def drawing_of(html: str) -> str:
    """The chain's drawing (not its legend's little pictures)."""
    found = re.search(r'<svg class="cd".*?</svg>', html, re.S)
    assert found, "the page has no drawing of the chain"
    return found.group()


def outcome_after(app: Flask, key: str, description: str, occurred_on: str) -> str:
    """A Kenyan outcome following from a piece of demo evidence; its id."""
    answer = signed_in(app, "wanjiru").send(
        "/coalitions/ke/outcomes/new",
        {
            "description": description,
            "social_actor": "County",
            "change_type": "policy",
            "stage": "adoption",
            "occurred_on": occurred_on,
            "links.evidence": [demo_id(app, "evidence", key)],
        },
    )
    assert answer.status_code == 302
    return str(answer.headers["Location"].rsplit("/", 1)[1])


def test_the_demo_chain_is_drawn_above_its_list_in_words(app: Flask) -> None:
    outcome = demo_id(app, "outcome", "ke-outcome-seedlings")
    html = text(signed_in(app, "tomas").get(f"/impact-chains/{outcome}"))
    drawing = drawing_of(html)
    assert (
        html.index(drawing) < html.index('id="chain-in-words"') < html.index('<ol class="chain">')
    )
    assert '<g role="img" aria-labelledby="cd-title" aria-describedby="cd-desc">' in drawing
    assert "7 records in 6 stages" in drawing and "list after the drawing" in drawing
    assert drawing.count('<rect class="cd-lane') == 6
    assert drawing.count('<a class="cd-mark') == 7 and drawing.count('class="cd-mark cd-root"') == 1
    assert f'href="/outcomes/{outcome}"' in drawing
    commitment = demo_id(app, "commitment", "ke-commitment-seedlings")
    assert f'href="/commitments/{commitment}"' in drawing
    assert drawing.count('<path class="cd-link"') == 12
    assert "cd-bad" not in drawing and "cd-flag" not in drawing
    for day in ("10 Aug", "20 Feb", "14 Mar", "30 Apr"):
        assert f">{day}</text>" in drawing
    assert "style=" not in html and "<script" not in html


def test_an_effect_dated_before_its_cause_is_drawn_dashed_and_flagged(app: Flask) -> None:
    outcome = outcome_after(app, "ke-evidence-forums", "Dated before its evidence", "2020-01-01")
    html = text(signed_in(app, "tomas").get(f"/impact-chains/{outcome}"))
    drawing = drawing_of(html)
    assert drawing.count('class="cd-link cd-bad"') == 1
    assert drawing.count('<g class="cd-flag">') == 1 and ">!</text>" in drawing
    assert "1 of them out of order" in drawing
    assert "out of order: the effect is dated before its cause" in html  # the legend


def test_user_text_is_escaped_in_the_drawing(app: Flask) -> None:
    outcome = outcome_after(
        app, "ke-evidence-forums", """<script>alert("x")</script> & 'quoted'""", "2025-01-01"
    )
    html = text(signed_in(app, "tomas").get(f"/impact-chains/{outcome}"))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; &#39;quoted&#39;" in drawing_of(
        html
    )


def test_hidden_evidence_stays_hidden_in_the_drawing(app: Flask) -> None:
    lead = signed_in(app, "wanjiru")
    answer = lead.send(
        "/coalitions/ke/evidence/new",
        forms.evidence(title="Savings groups of Kibwezi women", sensitivity="confidential"),
    )
    evidence = answer.headers["Location"].rsplit("/", 1)[1]
    made = lead.send(
        "/coalitions/ke/outcomes/new",
        {
            "description": "Savings groups were registered",
            "social_actor": "County",
            "change_type": "practice",
            "stage": "adoption",
            "occurred_on": "2025-04-01",
            "links.evidence": [evidence],
        },
    )
    outcome = made.headers["Location"].rsplit("/", 1)[1]
    html = text(signed_in(app, "vera").get(f"/impact-chains/{outcome}"))
    assert "Savings groups of Kibwezi women" not in html
    assert "Confidential evidence (content hidden)" in drawing_of(html)
    shown = text(signed_in(app, "tomas").get(f"/impact-chains/{outcome}"))
    assert "Savings groups of Kibwezi women" in drawing_of(shown)
