"""Statistics for PostgreSQL's query planner after a bulk load.

PostgreSQL plans a query from statistics that autovacuum gathers after a transaction commits.
Inside the transaction that has just bulk-inserted thousands of rows, the planner still
believes the tables empty and may scan them whole for every lookup: the lookups that follow a
bulk load (per-row reads in the same transaction) then take seconds each instead of
milliseconds. ``ANALYZE`` in the same transaction counts the rows the transaction inserted.
SQLite's planner uses its indexes without statistics: nothing to do there.
"""

from __future__ import annotations

from django.db import connection, models


def refresh_statistics(*tables: type[models.Model]) -> None:
    """``ANALYZE`` the tables of ``tables`` on PostgreSQL (a no-op on other databases)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
