from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lindung.accounts.models import Agency
from lindung.lib.names import normalize_name
from lindung.lib.nik import mask_nik
from lindung.regions.models import Region, unique_per_kabupaten


class OccupationQuerySet(models.QuerySet["Occupation"]):
    def for_kabupaten(self, kabupaten: str | None) -> OccupationQuerySet:
        """The occupations a worker of `kabupaten` (a code) may have: the deployment's and that kabupaten's own.
        Without a kabupaten, the deployment's only."""
        if not kabupaten:
            return self.filter(kabupaten__isnull=True)
        return self.filter(Q(kabupaten__isnull=True) | Q(kabupaten_id=kabupaten))

    def for_user(self, user: Any) -> OccupationQuerySet:
        """The occupations a user's lists and filters offer: those of the user's kabupaten/kota (see
        for_kabupaten); a province-wide account or a superuser, every kabupaten's."""
        from lindung.accounts.selectors import kabupaten_code_of

        kabupaten = None if user.is_superuser else kabupaten_code_of(user)
        return self.for_kabupaten(kabupaten) if kabupaten else self.all()


class Occupation(models.Model):
    # Unique per scope (Meta): among the deployment's occupations, and among one kabupaten's own. A kabupaten's
    # code that repeats a deployment-wide one is refused by the master-data form (masterdata/forms.py).
    code = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=100)
    active = models.BooleanField(_("aktif"), default=True)
    # The code BPJS Ketenagakerjaan's branch file wants for this occupation (an export layout column).
    bpjs_code = models.CharField(_("kode pekerjaan BPJS"), max_length=20, blank=True, default="")
    # Empty: offered in every kabupaten/kota of the deployment. Set: only to workers of that kabupaten/kota
    # (a province deployment serves each kabupaten's own list); see OccupationQuerySet.for_kabupaten.
    kabupaten = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("khusus kabupaten/kota"),
    )

    objects = OccupationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("pekerjaan")
        verbose_name_plural = _("pekerjaan")
        constraints = unique_per_kabupaten(
            "code", "occupation_code", _("Kode ini sudah dipakai pekerjaan lain.")
        )

    def __str__(self) -> str:
        return self.name

    def scope_problem(self, kabupaten: str | None) -> str | None:
        """Why a worker of `kabupaten` (a code) may not have this occupation, or None."""
        if self.kabupaten_id is None or self.kabupaten_id == kabupaten:
            return None
        names = dict(
            Region.objects.filter(code__in=[self.kabupaten_id, kabupaten]).values_list("code", "name")
        )
        return _("Pekerjaan “%(name)s” khusus %(own)s; tidak berlaku untuk pekerja di %(here)s.") % {
            "name": self.name,
            "own": names.get(self.kabupaten_id, self.kabupaten_id),
            "here": names.get(kabupaten or "", kabupaten or _("wilayah ini")),
        }


class Sex(models.TextChoices):
    L = "L", _("Laki-laki")
    P = "P", _("Perempuan")


class Segment(models.TextChoices):
    RENTAN = "rentan", _("Pekerja rentan")
    NON_ASN = "non_asn", _("Non-ASN")


class Source(models.TextChoices):
    MANDIRI = "mandiri", _("Mengajukan sendiri")
    PETUGAS = "petugas", _("Didata petugas")
    IMPOR = "impor", _("Impor berkas")
    P3KE = "p3ke", _("Data P3KE")
    OPD = "opd", _("Daftar OPD")
    # Disdukcapil's own records (a SIAK export): authoritative for KK and address, see imports/updates.py.
    DUKCAPIL = "dukcapil", _("Data Dukcapil (SIAK)")


class Status(models.TextChoices):
    DIAJUKAN = "diajukan", _("Diajukan")
    DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
    DISETUJUI = "disetujui", _("Disetujui")
    DIUSULKAN = "diusulkan", _("Diusulkan ke BPJS")
    TERDAFTAR = "terdaftar", _("Terdaftar")
    DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")
    DITOLAK = "ditolak", _("Ditolak")


class Worker(models.Model):
    nik = models.CharField(_("NIK"), max_length=16, unique=True)
    kk = models.CharField(_("nomor KK"), max_length=16, blank=True)
    name = models.CharField(_("nama lengkap"), max_length=100)
    name_key = models.CharField(max_length=100, editable=False)
    birth_place = models.CharField(_("tempat lahir"), max_length=60, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    address = models.CharField(_("alamat"), max_length=200, blank=True)
    # desa is what the operator picks; kecamatan and kabupaten follow from it and make area scoping an
    # indexed equality instead of a prefix search. Each leads a composite index in Meta: Django's own
    # single-column (and varchar "_like") indexes would only slow bulk imports down.
    desa = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("desa/kelurahan"), db_index=False
    )
    # No database constraint on these two: they are the desa code's prefix (save() and the import checker set
    # them), the desa's own constraint proves it exists and region codes are never deleted, so their checks
    # only cost time — two of the seven foreign-key checks PostgreSQL runs per imported row.
    kecamatan = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,
        db_constraint=False,
    )
    kabupaten = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        db_index=False,
        db_constraint=False,
    )
    phone = models.CharField(_("nomor HP/WhatsApp"), max_length=20, blank=True)
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("pekerjaan"),
        db_index=False,
    )
    income = models.PositiveIntegerField(_("penghasilan per bulan (Rp)"), null=True, blank=True)
    segment = models.CharField(_("segmen"), max_length=10, choices=Segment.choices, default=Segment.RENTAN)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
        verbose_name=_("OPD"),
        db_index=False,  # a partial index in Meta
    )
    source = models.CharField(_("sumber data"), max_length=10, choices=Source.choices, default=Source.PETUGAS)
    source_ref = models.CharField(_("ID sumber"), max_length=64, blank=True)
    # Who collected the record when no Lindung user could be named (an ODK/Kobo enumerator without an account).
    # A database default: the import's COPY and INSERT … SELECT do not name this column.
    source_note = models.CharField(
        _("keterangan sumber"), max_length=100, blank=True, default="", db_default=""
    )
    desil = models.PositiveSmallIntegerField(_("desil P3KE/DTKS"), null=True, blank=True)
    consent_at = models.DateTimeField(_("persetujuan diberikan"), null=True, blank=True)
    consent_version = models.CharField(_("versi naskah persetujuan"), max_length=20, blank=True)
    # Set for public applications: the number the applicant uses to check the status.
    # Unique through a partial index in Meta: see there.
    receipt_no = models.CharField(_("nomor tanda terima"), max_length=20, null=True, blank=True)
    # The import that created this worker (no foreign key, so the registry does not depend on the imports app).
    import_job_id = models.BigIntegerField(null=True, blank=True, db_index=True, editable=False)
    # After a merge the weaker record points at the one that was kept; it leaves every list and count.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        db_index=False,
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DIAJUKAN)
    # Bumped on every write; a form that saw an older version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("pekerja")
        verbose_name_plural = _("pekerja")
        indexes = [
            models.Index(fields=["kabupaten", "name"]),
            models.Index(fields=["kecamatan", "name"]),
            models.Index(fields=["desa", "name"]),
            models.Index(fields=["status", "kecamatan"]),
            models.Index(fields=["birth_date"]),
            # Duplicate checks look up the same name key near a birth date.
            models.Index(fields=["name_key", "birth_date"]),
            # Most rows (every imported one) have no OPD and no receipt number, and a full index takes an entry
            # for each NULL too. Both are only looked up by equality (agency = X, receipt_no = X), which a
            # partial index serves. Server CPU per 100,000 imported rows: receipt_no's unique and LIKE indexes
            # 0.33–0.44 s, its partial unique index 0.03–0.06 s; agency's full index 0.08–0.22 s.
            models.Index(fields=["agency"], condition=Q(agency__isnull=False), name="worker_agency_idx"),
            # The duplicate check of one person looks up records giving the same phone (a person registered twice
            # keeps their number); empty phones (most imported rows) take no entry.
            models.Index(fields=["phone"], condition=~Q(phone=""), name="worker_phone_idx"),
            # The worker list counts and orders the live (not merged) workers of an area. In a province registry
            # (5,000,000 workers, bench/province_bench.py) the count of one kabupaten's 750,000 read the whole
            # table from disk (1.45 s) because merged_into is not in the (kabupaten, name) index; these answer
            # it from the index alone (0.11 s).
            models.Index(
                fields=["kabupaten", "name"],
                condition=Q(merged_into__isnull=True),
                name="worker_live_kabupaten_idx",
            ),
            # A kecamatan's list (its operator's, or a dinas filtering by it) with the list's other filters: the
            # columns after the name are checked in the index, so neither the count nor the page reads the
            # kecamatan's other workers (province bench, a kecamatan of 89,807: count 479 → 68 ms).
            models.Index(
                fields=["kecamatan", "name", "kabupaten", "status", "segment", "source", "occupation"],
                condition=Q(merged_into__isnull=True),
                name="worker_live_kecamatan_idx",
            ),
            # The list of a whole kabupaten filtered by one of these columns: counted from the index alone and
            # paged in name order without reading the kabupaten's other workers (status diajukan, page 20, of
            # 16.06's live workers in the province bench: 972 ms median before, 247 ms after). Imports write rows in
            # (kabupaten, name) order, all of one status, segment and source, so these grow at a few pages.
            *(
                models.Index(
                    fields=["kabupaten", column, "name"],
                    condition=Q(merged_into__isnull=True),
                    name=f"worker_live_kab_{column[:10]}_idx",
                )
                for column in ("status", "segment", "source")
            ),
            # The occupation's index carries the status after the name: "petani whose application waits" is
            # then counted and paged in this index alone instead of reading each petani's row for its status.
            models.Index(
                fields=["kabupaten", "occupation", "name", "status"],
                condition=Q(merged_into__isnull=True),
                name="worker_live_kab_occupation_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["receipt_no"], condition=Q(receipt_no__isnull=False), name="worker_receipt_no_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.masked_nik})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_key = normalize_name(self.name)
        if self.desa_id:
            code = str(self.desa_id)
            self.kecamatan_id = code.rsplit(".", 1)[0]
            self.kabupaten_id = code.rsplit(".", 2)[0]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def masked_nik(self) -> str:
        return mask_nik(self.nik)


class StatusChange(models.Model):
    """One step on a worker's path; the worker page reads its timeline from here."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=15, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=15, choices=Status.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("alasan"), max_length=60, blank=True)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


def alias_key(text: object) -> str:
    """An outside occupation text as the alias table matches it: case, spaces and punctuation ignored
    ("Petani / Pekebun", "PETANI/PEKEBUN" and "petani-pekebun" are one key); a code "09" or "9.0" is "9"."""
    raw = str(text).strip().removesuffix(".0")
    key = "".join(ch for ch in raw.lower() if ch.isalnum())
    return (key.lstrip("0") or "0") if key.isdigit() else key


class NotWorking(models.TextChoices):
    """Why an occupation written in an outside file says the person is not a worker the program covers."""

    UNEMPLOYED = "belum_bekerja", _("Belum/tidak bekerja")
    STUDENT = "pelajar", _("Pelajar/mahasiswa")
    HOUSEHOLD = "rumah_tangga", _("Mengurus rumah tangga")
    RETIRED = "pensiunan", _("Pensiunan")
    STATE = "asn", _("PNS, TNI, Polri, atau pejabat negara")


class OccupationAlias(models.Model):
    """How an occupation is written in files from outside (OpenSID, SIAK, P3KE, village sheets), and what it
    means here: an occupation of the catalogue, and/or that the person does not work (a flag for the
    verifier). Admin Dinas completes the table from the values an import could not place."""

    text = models.CharField(_("tulisan di berkas"), max_length=100)
    # Unique per scope (Meta), like Occupation.code. A kabupaten's alias may repeat a deployment-wide one's key:
    # an import of that kabupaten reads its own first (imports/occupations.py).
    key = models.CharField(max_length=100, editable=False)
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aliases",
        verbose_name=_("pekerjaan di Lindung"),
    )
    not_working = models.CharField(_("bukan pekerja"), max_length=20, choices=NotWorking.choices, blank=True)
    origin = models.CharField(_("asal"), max_length=40, blank=True)
    # Empty: read in the imports of every kabupaten/kota of the deployment. Set: only in that kabupaten/kota's,
    # and then its occupation is the deployment's or that kabupaten's own (masterdata/forms.py).
    kabupaten = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("khusus kabupaten/kota"),
    )

    class Meta:
        ordering = ["text"]
        verbose_name = _("padanan pekerjaan")
        verbose_name_plural = _("padanan pekerjaan")
        constraints = unique_per_kabupaten(
            "key", "occupation_alias_key", _("Tulisan ini sudah ada di daftar padanan.")
        )

    def __str__(self) -> str:
        return self.text

    def save(self, *args: object, **kwargs: object) -> None:
        self.key = alias_key(self.text)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class FlagKind(models.TextChoices):
    NOT_WORKING = "bukan_pekerja", _("Pekerjaan di sumber data: bukan pekerja")
    NIK_BIRTH = "nik_tanggal_lahir", _("Tanggal lahir atau jenis kelamin berbeda dengan NIK")
    # A newer extract (OpenSID status_dasar, SIAK Status) says a registered worker died, moved or is missing.
    RESIDENCY = "status_penduduk", _("Dilaporkan meninggal, pindah, atau hilang oleh sumber data")
    # ODK Central's reviewer marked the submission "hasIssues" (Kobo: "on hold"): imported, checked before approval.
    REVIEW = "tinjauan_lapangan", _("Ditandai bermasalah oleh peninjau formulir lapangan")


class WorkerFlag(models.Model):
    """Something a verifier must look at before the worker is approved, with why; open until cleared.

    Imports raise them (a person whose occupation says they do not work, a Dukcapil record whose birth date
    disagrees with the NIK); approval is refused while one is open (verification.services.worker_decide).
    """

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("jenis"), max_length=20, choices=FlagKind.choices)
    detail = models.CharField(_("keterangan"), max_length=300)
    import_job_id = models.BigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    clear_note = models.TextField(_("catatan pemeriksaan"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("tanda pemeriksaan")
        verbose_name_plural = _("tanda pemeriksaan")

    def __str__(self) -> str:
        return f"{self.worker_id}: {self.kind}"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None
