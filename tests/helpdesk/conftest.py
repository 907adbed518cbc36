"""Every help-desk test starts with no rate-limit counts (network.throttles keeps them in the
default cache, which the suite otherwise keeps from one test to the next): requests
filed by one test never count against the next one's visitor."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_rate_limit_counts():
    cache.clear()
    yield
    cache.clear()
