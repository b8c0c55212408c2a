"""Timeline sentences name a commitment by its own words and its maker, and keep doing so
through corrections of either."""

from __future__ import annotations

from projections.titles import label_of, relabel

MADE_BY = {"institution": "Makueni County Government", "role": ""}


def test_two_commitments_of_one_maker_read_apart() -> None:
    first = label_of("commitment", {"text": "Fund tree seedlings", "made_by": MADE_BY})
    second = label_of("commitment", {"text": "Seat women on committees", "made_by": MADE_BY})
    assert first == "Commitment “Fund tree seedlings” by Makueni County Government"
    assert first != second


def test_long_words_are_shortened_to_sixty_characters_at_most() -> None:
    text = "Reflect the priorities of every village action plan in the county budget of 2025"
    label = label_of("commitment", {"text": text, "made_by": MADE_BY})
    words = label.split("“")[1].split("”")[0]
    assert len(words) <= 60 and words.endswith("…")
    assert words.startswith("Reflect the priorities of every village")


def test_a_correction_of_the_words_or_the_maker_keeps_the_other() -> None:
    label = label_of("commitment", {"text": "Fund tree seedlings", "made_by": MADE_BY})
    worded = relabel("commitment", {"text": "Fund 10,000 tree seedlings"}, label)
    assert worded == "Commitment “Fund 10,000 tree seedlings” by Makueni County Government"
    assert worded is not None
    maker = relabel("commitment", {"made_by": {"institution": "Kibwezi ward"}}, worded)
    assert maker == "Commitment “Fund 10,000 tree seedlings” by Kibwezi ward"
    assert relabel("commitment", {"due_on": "2026-01-01"}, label) is None


def test_other_kinds_are_relabelled_from_their_title_field() -> None:
    assert relabel("evidence", {"title": "Water points"}, "Old") == "Water points"
    assert relabel("evidence", {"summary": "x"}, "Old") is None
