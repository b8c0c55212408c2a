"""Fixtures of the integration tests: a tracker on each store, and a small story in it."""

from collections.abc import Iterator

import pytest

from tests.integration.story import Story
from tracker.composition import Services, open_services
from tracker.settings import Settings


@pytest.fixture
def services(database_url: str) -> Iterator[Services]:
    """The tracker's services on an empty database of each kind (SQLite, PostgreSQL)."""
    opened = open_services(Settings(database_url=database_url))
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def story(services: Services) -> Story:
    """A coalition with evidence, an input, a dialogue and its commitments, saved."""
    return Story.told(services.tracker)
