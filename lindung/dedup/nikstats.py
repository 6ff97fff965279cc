"""What the registry says about its own NIKs, for the NIK levels of `scoring`: how high its serials run and how
many of its people live outside the kecamatan their NIK names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .engine import Registry


def poisson_tail(lam: np.ndarray, k: np.ndarray) -> np.ndarray:
    """P(N ≥ k) for N ~ Poisson(lam), elementwise; k above 40 is taken as 40 (the tail is nil by then)."""
    k = np.minimum(k, 40)
    term = np.exp(-lam)
    below = np.zeros(len(lam))
    for m in range(41):
        below += np.where(m < k, term, 0.0)
        term = term * lam / (m + 1)
    return np.clip(1.0 - below, 0.0, 1.0)


# Serials at which the share of the registry's NIKs with a serial at least that high is kept with the
# estimated weights ("serials" in `learning.estimate`), so that a one-applicant check reads the registry's own.
SERIAL_STEPS = (2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)


def serial_shares(serials: np.ndarray) -> dict[str, float]:
    """{step: share of the serials at least that high} (see SERIAL_STEPS)."""
    if not len(serials):
        return {}
    return {str(step): round(float((serials >= step).mean()), 5) for step in SERIAL_STEPS}


def serial_tail(weights: Any, serial: np.ndarray) -> np.ndarray:
    """The share of the registry's serials at least as high as each of `serial` (read at the step below it,
    so never less), from the estimated weights; 0 where none were estimated."""
    shares = (weights or {}).get("serials") or {}
    out = np.zeros(len(serial))
    for step in SERIAL_STEPS:
        if str(step) in shares:
            out[serial >= step] = float(shares[str(step)])
    return out


def nik_away_share(reg: Registry) -> float:
    """The share of the registry's records living outside the kecamatan their NIK names: as estimated with
    the weights (`learning.estimate`), else the registry's own, else (a sample) 1."""
    stored = ((reg.weights or {}).get("nik_homes") or {}).get("away")
    if stored is not None:
        return float(stored)
    return 1.0 if reg.nik_away is None else reg.nik_away
