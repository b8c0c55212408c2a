"""The application: use cases on eventsourcing's Application, settings, composition root, CLI."""
