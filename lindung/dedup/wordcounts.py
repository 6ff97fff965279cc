"""How many active workers carry each core name word: what sharing one word of a name proves ("Siti" little,
"Sukmawati" much). Counted in the background with the weights estimate and kept in `NameWordCount`; one
applicant's check reads only the counts of the words of the names it compares."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count

from lindung.lib.names import core_tokens
from lindung.workers.models import Worker

from .models import NameWordCount

BATCH = 5000


def word_counts_read() -> Counter[str]:
    """Every core name word of the active workers and how many carry it (a name counts each of its words
    once). One grouped read of all name keys: about a second per 100,000 names, so never inside a request
    on a big registry."""
    counts: Counter[str] = Counter()
    keys = Worker.objects.filter(merged_into__isnull=True).order_by().values("name_key")
    for row in keys.annotate(n=Count("id")).iterator(chunk_size=20_000):
        for word in set(core_tokens(row["name_key"] or "")):
            counts[word] += row["n"]
    return counts


def word_counts_store() -> int:
    """Count the words again and replace the stored counts in one transaction. Returns how many words."""
    counts = word_counts_read()
    rows = [NameWordCount(word=word, count=n) for word, n in counts.items()]
    with transaction.atomic():
        NameWordCount.objects.all().delete()
        NameWordCount.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)


def words_of(keys: Iterable[str]) -> set[str]:
    """Every word the engine may look up for these name keys: the core words, also with "Muhammad" kept as
    itself or read as the initial "m" (the engine's two readings of a bare M)."""
    return {
        word
        for key in keys
        for muhammad in ("", "muhamad", "m")
        for word in core_tokens(key, muhammad=muhammad)
    }


def word_counts_stored(keys: Iterable[str]) -> dict[str, int] | None:
    """The stored counts of the words of these name keys (one indexed look-up); a word not stored is
    absent, which the engine reads as one record, as it reads a word missing from a full count. None when
    the counts were never stored (a new deployment before its first estimate)."""
    wanted = sorted(words_of(keys))
    found = dict(NameWordCount.objects.filter(word__in=wanted).values_list("word", "count"))
    if not found and not NameWordCount.objects.exists():
        return None
    return found
