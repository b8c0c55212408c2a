"""Read models in SQL tables, rebuilt from the event store."""
