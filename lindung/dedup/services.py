"""Duplicate detection for the rest of Lindung: check one person, remember pairs, decide, merge.

Other capabilities call `candidates_for` (public form, field entry, approval, import); it reads the database
with indexed look-ups only (exact NIK and the ~160 NIKs one typing error away, the NIKs that differ only in
the serial, the same birth date, the same name key on a near birth date, the same phone) and scores with the engine. Reading
is not deciding: `candidates_remember` stores the pairs for the review queue, `duplicate_decide` and
`duplicate_merge` record the decision.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.audit.services import audit_log
from lindung.lib.names import core_tokens, normalize_name
from lindung.regions.models import Region
from lindung.workers.models import Worker
from lindung.workers.selectors import workers_visible_to
from lindung.workers.services import snapshot, worker_update

from .clusters import cost_threshold
from .contacts import phone_key
from .engine import Record
from .learning import current_weights
from .matching import nik_variants, score_against
from .models import Decision, DuplicateCandidate
from .namecodes import RARE_SPELLING
from .wordcounts import word_counts_read, word_counts_stored

FETCH_LIMIT = 2000
FIELDS = (
    "id", "nik", "kk", "name", "name_key", "birth_date", "desa_id", "sex", "phone", "address", "birth_place",
    "occupation_id",
)  # fmt: skip
# Filled on the kept record from the dropped one when the kept one has nothing.
FILLABLE = ["kk", "birth_place", "address", "phone", "occupation_id", "income", "agency_id", "desil"]


class DedupError(Exception):
    """A refused merge or decision; the message is for the user."""


@dataclass
class Match:
    """One likely duplicate of the checked person. `worker` is None when the user may not see it: the caller
    can then only say that a likely duplicate exists elsewhere."""

    worker_id: int
    score: float
    reasons: list[str] = field(default_factory=list)
    worker: Worker | None = None

    @property
    def visible(self) -> bool:
        return self.worker is not None


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def record_from(worker_or_fields: Worker | dict[str, Any]) -> Record:
    """An engine record from a Worker (saved or not) or from a dict of form fields."""
    if isinstance(worker_or_fields, Worker):
        w = worker_or_fields
        return Record(
            id=w.pk or 0,
            nik=w.nik or "",
            name=w.name or "",
            birth_date=_as_date(w.birth_date),
            desa=str(w.desa_id or ""),
            sex=w.sex or "",
            kk=w.kk or "",
            phone=w.phone or "",
            address=w.address or "",
            birth_place=w.birth_place or "",
            occupation=str(w.occupation_id or ""),
        )
    f = worker_or_fields
    desa = f.get("desa_id") or f.get("desa") or ""
    occupation = f.get("occupation_id") or f.get("occupation") or ""
    return Record(
        id=int(f.get("id") or 0),
        nik=str(f.get("nik") or ""),
        name=str(f.get("name") or ""),
        birth_date=_as_date(f.get("birth_date")),
        desa=str(getattr(desa, "code", desa)),
        sex=str(f.get("sex") or ""),
        kk=str(f.get("kk") or ""),
        phone=str(f.get("phone") or ""),
        address=str(f.get("address") or ""),
        birth_place=str(f.get("birth_place") or ""),
        occupation=str(getattr(occupation, "pk", occupation) or ""),
    )


def _near_dates(day: dt.date) -> list[dt.date]:
    """Dates one typing error from `day` (one digit of DDMMYYYY, day and month swapped) and ±3 days."""
    text = day.strftime("%d%m%Y")
    out = {day + dt.timedelta(days=k) for k in range(-3, 4)}
    candidates = [text[:p] + d + text[p + 1 :] for p in range(8) for d in "0123456789"]
    candidates.append(text[2:4] + text[0:2] + text[4:])
    for c in candidates:
        try:
            out.add(dt.datetime.strptime(c, "%d%m%Y").date())
        except ValueError:
            continue
    return sorted(out)


_population: dict[str, float] = {}


def _registry_size() -> int:
    """How many active workers there are, cached for ten minutes (it only scales name frequencies)."""
    now = time.monotonic()
    if now - _population.get("at", -1e9) > 600:
        _population["n"] = Worker.objects.filter(merged_into__isnull=True).count()
        _population["at"] = now
    return int(_population["n"])


NAME_COUNT_CAP = 5000


def _name_count(key: str) -> int:
    """How many workers carry this name key, counted up to a cap (beyond it a name is simply common)."""
    if not key:
        return NAME_COUNT_CAP
    return Worker.objects.filter(name_key=key).order_by().values_list("name_key")[:NAME_COUNT_CAP].count()


def _known_kecamatan() -> set[str]:
    """Every kecamatan code loaded (cached ten minutes): a NIK naming another one carries a typing error."""
    now = time.monotonic()
    if now - _population.get("kec_at", -1e9) > 600:
        _kecamatan.clear()
        _kecamatan.update(Region.objects.filter(level=Region.Level.KECAMATAN).values_list("code", flat=True))
        _population["kec_at"] = now
    return _kecamatan


_kecamatan: set[str] = set()
_words: Counter[str] = Counter()


def frequency_caches_clear() -> None:
    """Forget the cached registry size, kecamatan and word counts (tests; after a bulk load)."""
    _population.clear()


_weights: dict[str, Any] = {}


def _current_weights() -> Any:
    """The newest estimated weights (cached ten minutes: a new estimate comes a week after the last)."""
    now = time.monotonic()
    if now - _population.get("weights_at", -1e9) > 600:
        _weights["w"] = current_weights()
        _population["weights_at"] = now
    return _weights["w"]


def _shares_some_words(key: str, others: list[Record]) -> bool:
    """Whether some record's name shares a word with the name key but is not the same words in order."""
    own = core_tokens(key)
    return any(
        set(own) & set(theirs) and own != theirs for theirs in (core_tokens(o.name_key or "") for o in others)
    )


def _word_counts() -> Counter[str]:
    """How many active workers carry each core name word, counted in the request (cached ten minutes): only
    for a small registry whose counts were never stored (see `_words_for`)."""
    now = time.monotonic()
    if now - _population.get("words_at", -1e9) > 600:
        counts = word_counts_read()
        _words.clear()
        _words.update(counts)
        _population["words_at"] = now
    return _words


# Below this many active workers, counting the words in the request takes well under a second.
WORDS_IN_REQUEST_MAX = 50_000


def _words_for(keys: set[str]) -> Mapping[str, int] | None:
    """The word counts the engine needs for these name keys: the stored ones (filled by the weights
    estimate), read for these words only. Before the first estimate has stored them, a small registry
    counts them here as it always did; a big one scores without word counts (the engine's own reading of
    the few names compared), since grouping a million names took seconds inside one request."""
    stored = word_counts_stored(keys)
    if stored is not None:
        return stored
    return _word_counts() if _registry_size() < WORDS_IN_REQUEST_MAX else None


def _row_record(row: tuple[Any, ...]) -> Record:
    pk, nik, kk, name, key, birth, desa, sex, phone, address, place, job = row
    return Record(
        id=pk,
        nik=nik,
        name=name,
        birth_date=birth,
        desa=desa,
        sex=sex,
        kk=kk,
        name_key=key,
        phone=phone,
        address=address,
        birth_place=place,
        occupation=str(job or ""),
    )


def candidates_for(
    worker_or_fields: Worker | dict[str, Any],
    *,
    user: Any = None,
    limit: int = 10,
    min_score: float | None = None,
) -> list[Match]:
    """Likely duplicates of one person in the registry, best first.

    `worker_or_fields` is a Worker (saved or not) or a dict with nik, name, birth_date (date or ISO text),
    desa (code or Region) or desa_id, and optionally sex, kk, id. Merged records and pairs already decided as
    "different people" are left out. With `user`, matches outside the user's area come back with
    `worker=None` and reasons that name no one (the caller says "kemungkinan sudah terdaftar di wilayah
    lain"); without `user` (public form, background import) every match carries its worker — do not show
    those to the applicant.
    """
    if min_score is None:
        min_score = cost_threshold()
    record = record_from(worker_or_fields)
    active = Worker.objects.filter(merged_into__isnull=True).order_by()
    if record.id:
        active = active.exclude(pk=record.id)
    # One round trip; each branch is an indexed look-up (PostgreSQL combines them with a BitmapOr).
    wanted = Q(pk__in=[])
    if len(record.nik) == 16 and record.nik.isdigit():
        wanted |= Q(nik__in=[record.nik, *nik_variants(record.nik)])
        # The same region and birth-date digits, another serial (a reissued NIK): a range of the NIK index.
        wanted |= Q(nik__gte=record.nik[:12] + "0000", nik__lte=record.nik[:12] + "9999")
    key = normalize_name(record.name)
    phone = phone_key(record.phone or "")
    if phone:
        # The same number however it was typed (08…, +62…, 62…): stored numbers are mostly 08… already. The
        # partial index's own condition is repeated: SQLite uses a partial index only for a query that states it.
        wanted |= Q(phone__in=["0" + phone, "+62" + phone, "62" + phone, phone]) & ~Q(phone="")
    if record.birth_date:
        wanted |= Q(birth_date=record.birth_date)
        if key:
            wanted |= Q(name_key=key, birth_date__in=_near_dates(record.birth_date))
    rows: dict[int, tuple[Any, ...]] = {
        r[0]: r for r in active.filter(wanted).values_list(*FIELDS)[:FETCH_LIMIT]
    }
    date_count = 1 + sum(1 for r in rows.values() if r[5] == record.birth_date)
    if not rows:
        return []
    if record.id:
        decided = DuplicateCandidate.objects.filter(
            Q(worker_a_id=record.id, worker_b_id__in=list(rows))
            | Q(worker_b_id=record.id, worker_a_id__in=list(rows)),
            decision=Decision.DIFFERENT,
        ).values_list("worker_a_id", "worker_b_id")
        for a, b in decided:
            rows.pop(b if a == record.id else a, None)
    others = [_row_record(r) for r in rows.values()]
    population = _registry_size() + 1
    date_counts = [date_count] + [1] * len(others)
    # A name shared by fewer people scores higher, and a spelling far rarer than one a letter away counts as
    # its typo; so scoring the record's name as unique and every other as twenty times commoner (both rules
    # at their most generous) first gives an upper bound: only the few candidates that can still pass need
    # their names counted.
    known = _known_kecamatan()
    generous = [1] + [RARE_SPELLING] * len(others)
    weights = _current_weights()
    bound = score_against(record, others, generous, population, date_counts, min_score, known, None, weights)
    if not bound:
        return []
    keep = {c.b for c in bound}
    others = [o for o in others if o.id in keep]
    counts = {k: _name_count(k) for k in {o.name_key or "" for o in others} | {key}}
    own_count = counts[key] + (0 if record.id else 1)
    name_counts = [max(own_count, 1), *(max(counts[o.name_key or ""], 1) for o in others)]
    date_counts = [date_count] + [1] * len(others)
    # Word counts weigh only names that share some words and differ in others; reading them is skipped when
    # no candidate's name does.
    words = None
    if _shares_some_words(key, others):
        words = _words_for(
            {key, *(o.name_key if o.name_key is not None else normalize_name(o.name) for o in others)}
        )
    scored = score_against(
        record, others, name_counts, population, date_counts, min_score, known, words, weights
    )[:limit]
    workers = Worker.objects.select_related("desa", "kecamatan").in_bulk([c.b for c in scored])
    visible: set[int] = set()
    if user is not None:
        visible = set(workers_visible_to(user).filter(pk__in=list(workers)).values_list("pk", flat=True))
    matches = []
    for c in scored:
        if user is None or c.b in visible:
            matches.append(Match(c.b, c.score, c.reasons, workers.get(c.b)))
        else:
            matches.append(Match(c.b, c.score, [_("kemungkinan sudah terdaftar di wilayah lain")], None))
    return matches


def _pair(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def candidates_remember(*, worker: Worker, limit: int = 10) -> list[DuplicateCandidate]:
    """Check a saved worker and keep its likely duplicates as pending pairs in the review queue."""
    stored = []
    for match in candidates_for(worker, limit=limit):
        a, b = _pair(worker.pk, match.worker_id)
        candidate, created = DuplicateCandidate.objects.get_or_create(
            worker_a_id=a, worker_b_id=b, defaults={"score": match.score, "reasons": match.reasons}
        )
        if not created and candidate.decision == Decision.PENDING:
            candidate.score, candidate.reasons = match.score, match.reasons
            candidate.save(update_fields=["score", "reasons", "updated_at"])
        stored.append(candidate)
    return stored


def duplicate_decide_different(
    *, candidate: DuplicateCandidate, by: Any, note: str = "", request: HttpRequest | None = None
) -> DuplicateCandidate:
    """Two different people: remembered, never proposed again."""
    with transaction.atomic():
        locked = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
        if locked.decision != Decision.PENDING:
            raise DedupError(
                _("Pasangan ini sudah diputuskan oleh %(who)s.") % {"who": locked.decided_by or "-"}
            )
        locked.decision = Decision.DIFFERENT
        locked.decided_by = by if getattr(by, "pk", None) else None
        locked.decided_at = timezone.now()
        locked.note = note
        locked.save()
        audit_log(
            actor=by,
            action="dedup.different",
            obj=locked,
            changes={"worker_a": locked.worker_a_id, "worker_b": locked.worker_b_id, "note": note},
            request=request,
        )
    return locked


def _fill(keep: Worker, drop: Worker) -> list[str]:
    """Blanks of `keep` taken from `drop`; a phone from the more recently updated record wins."""
    filled = []
    for name in FILLABLE:
        if getattr(keep, name) in (None, "") and getattr(drop, name) not in (None, ""):
            setattr(keep, name, getattr(drop, name))
            filled.append(name)
    if (
        drop.phone
        and drop.phone != keep.phone
        and "phone" not in filled
        and drop.updated_at > keep.updated_at
    ):
        keep.phone = drop.phone
        filled.append("phone")
    if not keep.consent_at and drop.consent_at:
        keep.consent_at, keep.consent_version = drop.consent_at, drop.consent_version
        filled.append("consent_at")
    return filled


def _pending_pairs_move(*, keep: int, drop: int) -> None:
    """The waiting pairs of a record merged away become pairs of the record kept (a person recorded three times
    stays in the queue with the kept record); where the kept record already has that pair, the higher score
    stays."""
    waiting = DuplicateCandidate.objects.filter(
        Q(worker_a_id=drop) | Q(worker_b_id=drop), decision=Decision.PENDING
    )
    for pair in list(waiting.exclude(worker_a_id=keep).exclude(worker_b_id=keep)):
        other = pair.worker_b_id if pair.worker_a_id == drop else pair.worker_a_id
        a, b = _pair(keep, other)
        existing = DuplicateCandidate.objects.filter(worker_a_id=a, worker_b_id=b).first()
        if existing is None:
            pair.worker_a_id, pair.worker_b_id = a, b
            pair.save(update_fields=["worker_a", "worker_b", "updated_at"])
            continue
        if existing.decision == Decision.PENDING and pair.score > existing.score:
            existing.score, existing.reasons = pair.score, pair.reasons
            existing.save(update_fields=["score", "reasons", "updated_at"])
        pair.delete()


def duplicate_merge(
    *,
    keep: Worker,
    drop: Worker,
    by: Any,
    note: str = "",
    request: HttpRequest | None = None,
) -> Worker:
    """One person twice: `drop` points at `keep` and leaves every list; `keep` takes what only `drop` knew.

    Both histories stay where they are (status changes and audit events keep their worker); both records get
    an audit event naming the other. One transaction; a record changed meanwhile is refused.
    """
    if keep.pk == drop.pk:
        raise DedupError(_("Data tidak bisa digabungkan dengan dirinya sendiri."))
    with transaction.atomic():
        locked = {w.pk: w for w in Worker.objects.select_for_update().filter(pk__in=[keep.pk, drop.pk])}
        fresh_keep, fresh_drop = locked[keep.pk], locked[drop.pk]
        if fresh_keep.merged_into_id or fresh_drop.merged_into_id:
            raise DedupError(_("Salah satu data ini sudah digabungkan sebelumnya."))
        if fresh_keep.version != keep.version or fresh_drop.version != drop.version:
            raise DedupError(
                _(
                    "Data pekerja ini baru saja diubah oleh pengguna lain. Muat ulang halaman lalu periksa lagi."
                )
            )
        before = snapshot(fresh_keep)
        filled = _fill(fresh_keep, fresh_drop)
        if any(before[k] != v for k, v in snapshot(fresh_keep).items()):
            worker_update(
                worker=fresh_keep, before=before, expected_version=keep.version, by=by, request=request
            )
        elif filled:
            fresh_keep.version += 1
            fresh_keep.save()
        fresh_drop.merged_into = fresh_keep
        fresh_drop.version += 1
        fresh_drop.save()
        audit_log(
            actor=by,
            action="worker.merge",
            obj=fresh_keep,
            changes={"merged": fresh_drop.pk, "merged_name": fresh_drop.name, "filled": filled, "note": note},
            request=request,
        )
        audit_log(
            actor=by,
            action="worker.merged_into",
            obj=fresh_drop,
            changes={"into": fresh_keep.pk, "into_name": fresh_keep.name, "note": note},
            request=request,
        )
        _pending_pairs_move(keep=fresh_keep.pk, drop=fresh_drop.pk)
        a, b = _pair(keep.pk, drop.pk)
        candidate, _created = DuplicateCandidate.objects.get_or_create(
            worker_a_id=a, worker_b_id=b, defaults={"score": 1.0, "reasons": []}
        )
        candidate.decision = Decision.SAME
        candidate.decided_by = by if getattr(by, "pk", None) else None
        candidate.decided_at = timezone.now()
        candidate.note = note
        candidate.save()
    return fresh_keep


def merged_records(worker: Worker) -> list[Worker]:
    """The records merged into this one (for a link to their timelines from the kept record)."""
    return list(Worker.objects.filter(merged_into=worker).order_by("pk"))
