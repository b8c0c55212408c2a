"""Accounts: users, roles, coalitions, password and token hashes (SQL rows, not events)."""

from sqlalchemy import MetaData

metadata = MetaData()
