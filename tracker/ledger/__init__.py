"""The ledger: a hash chain over every stored event, so that no event can be edited,
deleted, reordered or slipped in afterwards without `tracker verify` saying where.

`links` is the chain's arithmetic (one link's hash, heads written `POSITION:HASH`);
`recorders` writes each event's link in the same transaction as the event, on SQLite and
PostgreSQL, and links an older store's events once; `verify` walks the chain; `packs`
writes and checks audit packs.
"""
