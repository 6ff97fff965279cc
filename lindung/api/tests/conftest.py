from typing import Any

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    # Rate counters live in the cache, keyed by token id; ids repeat between tests.
    cache.clear()
    yield
    cache.clear()
