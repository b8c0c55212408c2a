"""The application services of this process, opened once when the app is made.

Views reach them through `use_cases()` and `services()`, never through a module global, so
two apps (two tests, two databases) can live in one process.
"""

from __future__ import annotations

from flask import Flask, current_app

from tracker.application import Tracker
from tracker.composition import Services, open_services
from tracker.settings import Settings

EXTENSION = "advocacy-tracker"


def attach_services(app: Flask, settings: Settings) -> None:
    """Open the event store and the SQL engine (creating what is missing) for this app."""
    app.extensions[EXTENSION] = open_services(settings)


def services() -> Services:
    """The running services of the current app."""
    found: Services = current_app.extensions[EXTENSION]
    return found


def use_cases() -> Tracker:
    """The use cases (the application, `tracker.application.Tracker`)."""
    return services().tracker


def close_services(app: Flask) -> None:
    """Release the app's connections (tests make many apps; a server makes one)."""
    running: Services | None = app.extensions.pop(EXTENSION, None)
    if running is not None:
        running.close()
