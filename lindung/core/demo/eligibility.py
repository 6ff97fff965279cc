"""Demo data for this capability."""

from typing import Any


def seed(out: Any) -> None:
    """Idempotent demo step; filled in by the capability."""
