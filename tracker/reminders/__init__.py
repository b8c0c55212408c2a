"""Reminders: each coalition lead's daily digest of commitments due soon and overdue,
listed on their /notices page and e-mailed in their language (`tracker reminders send`,
run daily by cron, or by the worker when there is Redis)."""
