"""The "Surat Keterangan Kepesertaan" PDF a worker's family keeps (fpdf2: pure Python, no system libraries)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from .models import Benefit, Membership

PROGRAM_NAMES = {"JKK": "Jaminan Kecelakaan Kerja (JKK)", "JKM": "Jaminan Kematian (JKM)"}


def _steps() -> list[tuple[str, list[str]]]:
    return [
        (
            _("Jika terjadi kecelakaan kerja"),
            [
                _("Bawa ke fasilitas kesehatan terdekat dan tunjukkan nomor KPJ atau surat ini."),
                _("Laporkan kepada BPJS Ketenagakerjaan, kepala desa, atau dinas paling lambat 2 x 24 jam."),
                _(
                    "Simpan kronologi kejadian, nama saksi, dan surat keterangan kepala desa (atau polisi untuk "
                    "kecelakaan lalu lintas)."
                ),
            ],
        ),
        (
            _("Jika peserta meninggal dunia"),
            [
                _("Laporkan kepada kepala desa dan dinas, lalu urus akta kematian di Disdukcapil."),
                _(
                    "Ahli waris datang ke kantor cabang BPJS Ketenagakerjaan membawa surat ini, KTP dan KK peserta "
                    "dan ahli waris, akta kematian, dan buku tabungan ahli waris."
                ),
                _("Klaim dapat diajukan tanpa biaya dan tanpa perantara."),
            ],
        ),
    ]


def rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def _latin1(text: str) -> str:
    # The built-in PDF fonts cover Latin-1; anything else becomes "?" instead of breaking the file.
    return text.replace("×", "x").replace("–", "-").encode("latin-1", "replace").decode("latin-1")


def benefits_on(day: dt.date) -> list[Benefit]:
    return list(
        Benefit.objects.filter(effective_from__lte=day).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=day)
        )
    )


def benefit_text(benefit: Benefit, declared_income: int) -> str:
    text = benefit.description
    if benefit.income_multiple:
        text += " " + _("%(n)d x penghasilan yang didaftarkan (%(income)s) = %(total)s.") % {
            "n": benefit.income_multiple,
            "income": rupiah(declared_income),
            "total": rupiah(benefit.income_multiple * declared_income),
        }
    return text


def membership_letter_pdf(membership: Membership, *, today: dt.date | None = None) -> bytes:
    today = today or dt.date.today()
    worker = membership.worker
    funding = membership.funding_source
    pdf = FPDF(format="A4")
    pdf.set_title(_latin1(f"Surat Keterangan Kepesertaan {membership.kpj}"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_margins(20, 18, 20)

    def line(text: str, size: int = 11, style: str = "", height: float = 6) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(0, height, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    line(_("PEMERINTAH %(kab)s") % {"kab": funding.kabupaten.name.upper()}, 12, "B")
    line(_("SURAT KETERANGAN KEPESERTAAN"), 15, "B", 9)
    line(_("Jaminan Sosial Ketenagakerjaan bagi Pekerja Rentan - BPJS Ketenagakerjaan"), 10)
    pdf.ln(4)
    period_end = membership.end_date or membership.end
    facts = [
        (_("Nama"), worker.name),
        (_("NIK"), worker.masked_nik),
        (_("Nomor KPJ"), membership.kpj),
        (_("Program"), membership.programs),
        (_("Status"), membership.get_status_display()),
        (
            _("Masa kepesertaan"),
            f"{date_format(membership.start, 'j F Y')} - "
            + (date_format(period_end, "j F Y") if period_end else _("berlanjut")),
        ),
        (
            _("Iuran dibayar oleh"),
            f"{funding.name} ({funding.get_kind_display()}, wadah {funding.group_code})",
        ),
        (_("Penghasilan yang didaftarkan"), rupiah(funding.declared_income)),
    ]
    for label, value in facts:
        pdf.set_font("Helvetica", "", 11)
        pdf.cell(55, 7, _latin1(label))
        pdf.set_font("Helvetica", "B", 11)
        pdf.multi_cell(0, 7, _latin1(str(value)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    line(_("Manfaat yang dijamin"), 12, "B", 8)
    programs = membership.programs.split("+")
    for program in programs:
        items = [b for b in benefits_on(today) if b.program == program]
        if not items:
            continue
        line(PROGRAM_NAMES.get(program, program), 11, "B")
        for benefit in items:
            line(f"- {benefit.title}: {benefit_text(benefit, funding.declared_income)}", 10, "", 5.5)
    pdf.ln(3)
    for title, steps in _steps():
        line(title, 12, "B", 8)
        for number, step in enumerate(steps, start=1):
            line(f"{number}. {step}", 10, "", 5.5)
    pdf.ln(6)
    line(
        _("Dicetak %(d)s dari sistem Lindung. Keterangan ini berlaku selama kepesertaan aktif.")
        % {"d": date_format(today, "j F Y")},
        9,
        "I",
    )
    return bytes(pdf.output())
