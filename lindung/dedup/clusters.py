"""The review queue as people, not pairs, ordered by what reviewing them is worth; the threshold chosen by cost.

A person recorded three times makes up to three pairs; the queue shows them once, as a group of records (the
connected components of the pending pairs). A group is worth reviewing by what leaving it costs: each record
beyond the first that is the same person pays a year's premium twice (`DEDUP_COST_MISSED`, Rp201,600 for the
usual JKK + JKM package), so its expected value is that cost times the expected number of extra records — the
probabilities of the strongest pairs that join the group (a spanning tree: three records are at most two
extra, however many of their three pairs were found).

The threshold weighs the two mistakes a proposal can lead to: proposing a pair of two people risks a false
merge that denies one of them cover (`DEDUP_COST_FALSE_MERGE`), leaving a pair of one person unproposed pays
the premium twice. A pair is worth proposing when p × missed > (1 − p) × false merge, that is when
p > false merge / (false merge + missed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings


def cost_missed() -> int:
    return int(settings.DEDUP_COST_MISSED)


def cost_false_merge() -> int:
    return int(settings.DEDUP_COST_FALSE_MERGE)


def cost_threshold() -> float:
    """The match probability above which proposing a pair costs less, on average, than leaving it."""
    missed, false_merge = cost_missed(), cost_false_merge()
    return false_merge / (false_merge + missed)


@dataclass
class Group:
    """Records that may be one person, the pending pairs between them and what reviewing them is worth."""

    workers: list[int]
    pairs: list[tuple[int, int, int, float]] = field(default_factory=list)  # (pair id, a, b, score)
    extra: float = 0.0  # expected number of records beyond the first that are the same person
    value: int = 0  # Rupiah a year: extra × the cost of a missed duplicate

    @property
    def best(self) -> float:
        return max(p[3] for p in self.pairs)


def groups_of(pairs: Iterable[tuple[int, int, int, float]]) -> list[Group]:
    """Connected components of (pair id, worker a, worker b, score), highest expected value first."""
    rows = sorted(pairs, key=lambda p: (-p[3], p[0]))
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    extra: dict[int, float] = {}
    # Kruskal over the pairs by falling score: a pair that joins two groups adds its probability of an extra
    # record; a pair inside a group already joined adds nothing.
    for _pk, a, b, score in rows:
        ra, rb = root(a), root(b)
        if ra == rb:
            continue
        parent[rb] = ra
        extra[ra] = extra.pop(ra, 0.0) + extra.pop(rb, 0.0) + score
    members: dict[int, list[int]] = {}
    for worker in parent:
        members.setdefault(root(worker), []).append(worker)
    inside: dict[int, list[tuple[int, int, int, float]]] = {}
    for row in rows:
        inside.setdefault(root(row[1]), []).append(row)
    missed = cost_missed()
    groups = [
        Group(sorted(members[r]), inside[r], extra[r], round(extra[r] * missed)) for r in inside if r in extra
    ]
    groups.sort(key=lambda g: (-g.extra, -g.best, g.pairs[0][0]))
    return groups
