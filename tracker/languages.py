"""The languages the tracker speaks: codes, the name each language calls itself, direction.

One list, read by the accounts (a user's saved language), the pages (the language menu,
`dir="rtl"`), the e-mails and the outside substantiation page. Stored values (statuses,
methods, CSV headers, the JSON API) stay English whatever the language.
"""

from __future__ import annotations

DEFAULT = "en"

# Each language by its own name, so that a reader finds theirs in any language's menu.
NAMES: dict[str, str] = {
    "en": "English",
    "fr": "Français",
    "es": "Español",
    "ar": "العربية",
    "bn": "বাংলা",
    "hi": "हिन्दी",
    "ne": "नेपाली",
    "sw": "Kiswahili",
    "vi": "Tiếng Việt",
}

LANGUAGES: tuple[str, ...] = tuple(NAMES)

RIGHT_TO_LEFT = frozenset({"ar"})


def direction(code: str) -> str:
    """`rtl` or `ltr`, for `<html dir>`."""
    return "rtl" if code in RIGHT_TO_LEFT else "ltr"


def known(code: str | None) -> str | None:
    """The code when it names a language the tracker speaks (`fr`, `FR`, `fr-CA`), else None."""
    if not code:
        return None
    base = code.strip().replace("_", "-").split("-")[0].lower()
    return base if base in NAMES else None
