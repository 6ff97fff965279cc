"""Tables shared by every app."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """Requests counted for one key (an IP, an API token) in one fixed window.

    A row per key and window, raised by one INSERT … ON CONFLICT DO UPDATE (see lindung.core.ratelimit): the
    cache's add + incr is a read then a write on the database cache, and concurrent requests lost counts.
    """

    key = models.CharField(max_length=120)
    window_start = models.BigIntegerField(help_text="Unix time at which the window opened.")
    expires_at = models.BigIntegerField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="rate_counter_key_window")
        ]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start}: {self.count}"


class Office(models.Model):
    """The dinas that runs the programme in one kabupaten: what the public pages, the notices and the
    membership letter say about who to contact and who signs. Admin Dinas edits it at /data-induk/instansi/.

    A kabupaten without a row gets `Office.default_for()`, an unsaved profile built from the region's name,
    so nothing needs setting up before the first letter or notice.
    """

    kabupaten = models.OneToOneField(
        "regions.Region", on_delete=models.PROTECT, related_name="office", verbose_name=_("kabupaten/kota")
    )
    government = models.CharField(_("pemerintah daerah"), max_length=120)
    name = models.CharField(_("nama dinas"), max_length=160)
    address = models.CharField(_("alamat kantor"), max_length=200, blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    whatsapp = models.CharField(_("WhatsApp pengaduan"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    hours = models.CharField(_("jam layanan"), max_length=80, blank=True)
    city = models.CharField(
        _("tempat penandatanganan"), max_length=60, help_text=_("Kota pada baris tempat dan tanggal surat.")
    )
    logo = models.BinaryField(_("logo"), blank=True, null=True, editable=False)
    logo_type = models.CharField(max_length=20, blank=True, editable=False)
    signatory_name = models.CharField(_("nama penandatangan"), max_length=100, blank=True)
    signatory_nip = models.CharField(_("NIP penandatangan"), max_length=18, blank=True)
    signatory_title = models.CharField(_("jabatan penandatangan"), max_length=160, blank=True)
    letter_prefix = models.CharField(
        _("kode nomor surat"),
        max_length=40,
        default="560/SKK",
        help_text=_("Nomor surat: kode/nomor urut/tahun, mis. 560/SKK/0001/2027."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil instansi")
        verbose_name_plural = _("profil instansi")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def default_for(cls, kabupaten: Any) -> Office:
        # Kemendagri writes "KAB. MUSI BANYUASIN" and "KOTA PALEMBANG".
        place = str(kabupaten.name).strip()
        is_kota = place.upper().startswith("KOTA ")
        for prefix in ("KAB. ", "KABUPATEN ", "KOTA "):
            if place.upper().startswith(prefix):
                place = place[len(prefix) :]
        place = place.title()
        kind = gettext("Kota") if is_kota else gettext("Kabupaten")
        return cls(
            kabupaten=kabupaten,
            government=gettext("Pemerintah %(kind)s %(place)s") % {"kind": kind, "place": place},
            name=gettext("Dinas Tenaga Kerja %(kind)s %(place)s") % {"kind": kind, "place": place},
            city=place,
        )

    @classmethod
    def for_kabupaten(cls, code: str) -> Office | None:
        from lindung.regions.models import Region

        kabupaten = Region.objects.select_related("office").filter(code=code).first()
        if kabupaten is None:
            return None
        try:
            return kabupaten.office
        except cls.DoesNotExist:
            return cls.default_for(kabupaten)

    @property
    def logo_size(self) -> int:
        return len(self.logo or b"")

    @property
    def contact_line(self) -> str:
        """One line a WhatsApp message can carry: the office and how to reach it."""
        parts = [self.name]
        if self.phone:
            parts.append(gettext("telp. %(n)s") % {"n": self.phone})
        if self.whatsapp:
            parts.append(gettext("WA %(n)s") % {"n": self.whatsapp})
        return ", ".join(parts)


class ScheduledJob(models.Model):
    """One job Lindung runs on its own schedule (lindung.core.scheduler): when next, and how the last run went.

    `next_run_at` is also the lock: a scheduler claims a run by moving it forward with a conditional update, so of
    any number of schedulers on any number of machines exactly one queues each run.
    """

    name = models.CharField(max_length=40, unique=True)
    spec = models.CharField(max_length=60)
    next_run_at = models.DateTimeField(null=True, blank=True)
    last_queued_at = models.DateTimeField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_ok = models.BooleanField(null=True)
    last_result = models.TextField(blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} (next {self.next_run_at})"


class Heartbeat(models.Model):
    """The last sign of life of a long-running process (the scheduler's loop), for /sehat/ and the jobs page."""

    name = models.CharField(max_length=40, unique=True)
    at = models.DateTimeField()
    host = models.CharField(max_length=100, blank=True)

    def __str__(self) -> str:
        return f"{self.name} @ {self.at}"
