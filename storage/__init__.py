"""Watchbot's persistence: SQLModel tables, engines, migrations and repository functions."""
