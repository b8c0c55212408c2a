"""The API's and the rules' messages as a form shows them: known ones found whole or by
their shape, their parts kept; in English they read as the API says them."""

from __future__ import annotations

from web.pages.forms.messages import EXACT, SHAPES, translated


def test_marshmallow_messages_read_in_the_words_of_a_form() -> None:
    assert translated("Missing data for required field.") == "Fill this in."
    assert translated("Must be one of: local, national.") == "Choose one of the options."


def test_a_message_with_parts_keeps_them() -> None:
    assert translated("must be at most 20,000 characters") == "must be at most 20,000 characters"
    record = "0b7e2c4e-3f1a-4c55-9a4e-2f6f1c3f0a11"
    message = f"advocacy input {record} was withdrawn"
    assert translated(message) == message


def test_an_unknown_message_is_shown_as_written() -> None:
    assert translated("a rule added later") == "a rule added later"


def test_an_imports_file_and_row_problems_are_found_with_their_parts() -> None:
    for message in (
        "the file is 50.0 MB; an import takes at most 32 MB: split it into several files",
        "the file is not UTF-8 text (byte 3 cannot be read): save it as “CSV UTF-8” and import"
        " it again",
        "the file's columns are separated by semicolons; save it as comma-separated CSV",
        "the file has no column 'Lead Institution', which the mapping reads; its columns are:"
        " 'Start Date'",
        "'July 20x4' is not a date in a format the mapping names",
        "'Maybe' is not a value the mapping knows (Complete, Limited)",
        "names the same record as row 3",
    ):
        known = message in EXACT or any(shape.pattern.match(message) for shape in SHAPES)
        assert known, f"no translation finds {message!r}"
        assert translated(message) == message  # in English, as the import wrote it
