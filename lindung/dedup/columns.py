"""Columns of the duplicate engine's registry as numpy arrays: values as small integers, NIKs as digits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np


def factorize(values: Iterable[str], missing: str = "") -> np.ndarray:
    """Small integer per distinct value; -1 for the missing value."""
    seen: dict[str, int] = {}
    out = [(-1 if v == missing else seen.setdefault(v, len(seen))) for v in values]
    return np.asarray(out, dtype=np.int64)


def factorize_map(values: Iterable[str], missing: str | None = "") -> tuple[np.ndarray, dict[str, int]]:
    """`factorize`, and the id of each value."""
    seen: dict[str, int] = {}
    out = [(-1 if v == missing else seen.setdefault(v, len(seen))) for v in values]
    return np.asarray(out, dtype=np.int64), seen


def nik_digits(niks: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(digits as an n×16 uint8 array, NIK as int64 or -1 when it is not 16 digits)."""
    n = len(niks)
    lengths = np.fromiter(map(len, niks), dtype=np.int64, count=n)
    sixteen = lengths == 16
    text = "".join(niks) if sixteen.all() else "".join(s if len(s) == 16 else "0" * 16 for s in niks)
    try:
        raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8).reshape(n, 16)
    except UnicodeEncodeError:  # a letter beyond ASCII somewhere: no NIK there, look at each
        text = "".join(s if len(s) == 16 and s.isascii() else "0" * 16 for s in niks)
        raw = np.frombuffer(text.encode("ascii"), dtype=np.uint8).reshape(n, 16)
        sixteen &= np.fromiter((s.isascii() for s in niks), dtype=bool, count=n)
    digits = raw - np.uint8(48)  # anything but 0-9 wraps to more than 9
    valid = sixteen & (digits <= 9).all(axis=1)
    digits[~valid] = 0
    powers = 10 ** np.arange(15, -1, -1, dtype=np.int64)
    as_int = digits.astype(np.int64) @ powers
    as_int[~valid] = -1
    return digits, as_int
