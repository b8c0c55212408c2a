"""The read-model tables, in the same database as the events."""

from sqlalchemy import MetaData

metadata = MetaData()
