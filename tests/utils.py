import pytest
from django.db import connection

POSTGRES_REASON = "needs PostgreSQL"


def requires_postgres():
    """Mark a test that only PostgreSQL can run (row locks under real concurrency)."""
    return pytest.mark.skipif(
        connection.vendor != "postgresql", reason=f"{POSTGRES_REASON}: run with DATABASE_URL"
    )
