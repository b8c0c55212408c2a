"""Import: rows of a CSV file become records, by a column mapping, and again without
duplicates when the file is imported again (DESIGN.md, "Import").

`mapping` reads a TOML mapping (or makes the one of the tracker's own export); `reading`
reads the file, refusing what is not a comma-separated UTF-8 table with the mapped
columns; `kinds` says, per kind of record, which fields a row may set and how a changed
cell becomes events; `plan` checks every row and prepares its records without saving;
`run` saves the prepared records in batches and reports.
"""
