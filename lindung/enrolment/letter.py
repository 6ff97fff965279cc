"""The "Surat Keterangan Kepesertaan" PDF a worker's family keeps (fpdf2: pure Python, no system libraries).

A letter a dinas can sign: the office's letterhead and logo, a number per kabupaten and year given once, the
signing official, a place/date line, and a QR code to the public page that says whether it is genuine and
still valid. Text is set in Roboto (the font-roboto package), which has every glyph the letter uses, the NIK
mask's bullet among them; the PDF's built-in fonts stop at Latin-1.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from pathlib import Path
from typing import Any

import font_roboto
import segno
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF

from lindung.core.models import Office

from .models import Benefit, Membership, MembershipLetter

FONT_DIR = Path(font_roboto.font_directory)
FONT = "Roboto"

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


def letter_issue(*, membership: Membership, by: Any) -> MembershipLetter:
    """The letter of this membership's current period: numbered the first time, the same number after.

    The membership row is locked so two downloads at once make one letter; a clash on the serial (two
    memberships numbered at once) takes the next number.
    """
    # The period, not the day a membership stopped: a renewal moves `end` on, and the new period gets a new letter.
    period_end = membership.end
    kabupaten = membership.funding_source.kabupaten
    for _attempt in range(5):
        try:
            with transaction.atomic():
                Membership.objects.select_for_update().filter(pk=membership.pk).first()
                letter = MembershipLetter.objects.filter(membership=membership, period_end=period_end).first()
                if letter is not None:
                    return letter
                office = Office.for_kabupaten(kabupaten.code) or Office.default_for(kabupaten)
                year = timezone.localdate().year
                last = MembershipLetter.objects.filter(kabupaten=kabupaten, year=year).aggregate(
                    n=Max("serial")
                )
                serial = (last["n"] or 0) + 1
                return MembershipLetter.objects.create(
                    membership=membership,
                    period_end=period_end,
                    kabupaten=kabupaten,
                    year=year,
                    serial=serial,
                    number=f"{office.letter_prefix.strip('/')}/{serial:04d}/{year}",
                    token=secrets.token_urlsafe(18),
                    issued_by=by if getattr(by, "pk", None) else None,
                )
        except IntegrityError:
            continue
    raise IntegrityError("no free letter number after 5 attempts")


def letter_is_valid(letter: MembershipLetter, *, today: dt.date | None = None) -> bool:
    """Still valid: the membership is active, today is inside the period, and no later period replaced it."""
    today = today or timezone.localdate()
    membership = letter.membership
    current_end = membership.end_date or membership.end
    return (
        membership.status == Membership.Status.AKTIF
        and membership.start <= today
        and (current_end is None or today <= current_end)
        and letter.period_end == membership.end
    )


def long_date(day: dt.date) -> str:
    with translation.override("id"):
        return date_format(day, "j F Y")


def _qr_png(url: str) -> io.BytesIO:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=8, border=2)
    out.seek(0)
    return out


def _emblem(pdf: FPDF, x: float, y: float, size: float, initials: str) -> None:
    """A plain shield with the kabupaten's initials, until the office uploads its own logo."""
    w, h = size * 0.82, size
    pdf.set_draw_color(11, 110, 79)
    pdf.set_fill_color(232, 243, 238)
    pdf.set_line_width(0.8)
    points = [(x, y), (x + w, y), (x + w, y + h * 0.55), (x + w / 2, y + h), (x, y + h * 0.55)]
    pdf.polygon(points, style="DF")
    pdf.set_line_width(0.3)
    inset = 1.6
    pdf.polygon(
        [
            (x + inset, y + inset),
            (x + w - inset, y + inset),
            (x + w - inset, y + h * 0.55 - 0.5),
            (x + w / 2, y + h - inset * 1.8),
            (x + inset, y + h * 0.55 - 0.5),
        ],
        style="D",
    )
    pdf.set_text_color(11, 110, 79)
    pdf.set_font(FONT, "B", 11)
    pdf.set_xy(x, y + h * 0.30)
    pdf.cell(w, 6, initials, align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(0, 0, 0)


def _initials(office: Office) -> str:
    place = office.government.split()[2:] or office.government.split()
    return "".join(word[0] for word in place if word[:1].isalpha()).upper()[:4]


def _letterhead(pdf: FPDF, office: Office) -> None:
    top, logo = 14.0, 24.0
    if office.logo:
        pdf.image(io.BytesIO(bytes(office.logo)), x=20, y=top, h=logo)
    else:
        _emblem(pdf, 20, top, logo, _initials(office))
    pdf.set_xy(48, top)
    pdf.set_font(FONT, "B", 13)
    pdf.cell(142, 6.5, office.government.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(142, 6.5, office.name.upper(), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 9)
    contact = " · ".join(
        part
        for part in (
            office.address,
            _("Telp. %(n)s") % {"n": office.phone} if office.phone else "",
            office.email,
        )
        if part
    )
    if contact:
        pdf.multi_cell(142, 4.5, contact, align="C", new_x="LEFT", new_y="NEXT")
    y = max(pdf.get_y(), top + logo) + 2.5
    pdf.set_line_width(0.9)
    pdf.line(20, y, 190, y)
    pdf.set_line_width(0.3)
    pdf.line(20, y + 1.2, 190, y + 1.2)
    pdf.set_y(y + 5)


def membership_letter_pdf(
    membership: Membership,
    *,
    letter: MembershipLetter | None = None,
    verify_url: str = "",
    today: dt.date | None = None,
) -> bytes:
    today = today or timezone.localdate()
    worker = membership.worker
    funding = membership.funding_source
    office = Office.for_kabupaten(funding.kabupaten_id) or Office.default_for(funding.kabupaten)
    pdf = FPDF(format="A4")
    for style, name in (("", "Regular"), ("B", "Bold"), ("I", "Italic"), ("BI", "BoldItalic")):
        pdf.add_font(FONT, style, str(FONT_DIR / f"Roboto-{name}.ttf"))
    pdf.set_title(f"Surat Keterangan Kepesertaan {membership.kpj}")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(20, 14, 20)
    pdf.add_page()

    def line(text: str, size: float = 11, style: str = "", height: float = 6, align: str = "L") -> None:
        pdf.set_font(FONT, style, size)
        pdf.multi_cell(0, height, text, align=align, new_x="LMARGIN", new_y="NEXT")

    _letterhead(pdf, office)
    pdf.set_font(FONT, "BU", 14)
    pdf.cell(0, 7, _("SURAT KETERANGAN KEPESERTAAN"), align="C", new_x="LMARGIN", new_y="NEXT")
    line(_("Nomor: %(n)s") % {"n": letter.number if letter else "-"}, 11, "", 6, "C")
    line(_("Jaminan Sosial Ketenagakerjaan bagi Pekerja Rentan - BPJS Ketenagakerjaan"), 10, "", 5.5, "C")
    pdf.ln(4)
    signatory_title = office.signatory_title or _("Kepala %(office)s") % {"office": office.name}
    line(
        _("Yang bertanda tangan di bawah ini, %(title)s, menerangkan bahwa:") % {"title": signatory_title},
        11,
    )
    pdf.ln(2)
    period_end = membership.end_date or membership.end
    facts = [
        (_("Nama"), worker.name),
        (_("NIK"), worker.masked_nik),
        (_("Nomor KPJ"), membership.kpj),
        (_("Program"), membership.programs),
        (_("Status"), membership.get_status_display()),
        (
            _("Masa kepesertaan"),
            f"{long_date(membership.start)} - " + (long_date(period_end) if period_end else _("berlanjut")),
        ),
        (
            _("Iuran dibayar oleh"),
            f"{funding.name} ({funding.get_kind_display()}, wadah {funding.group_code})",
        ),
        (_("Penghasilan yang didaftarkan"), rupiah(funding.declared_income)),
    ]
    for label, value in facts:
        pdf.set_x(28)
        pdf.set_font(FONT, "", 11)
        pdf.cell(58, 6.5, label)
        pdf.cell(4, 6.5, ":")
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(0, 6.5, str(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    line(
        _(
            "adalah peserta Jaminan Kecelakaan Kerja dan Jaminan Kematian BPJS Ketenagakerjaan yang iurannya "
            "dibayar oleh Pemerintah Daerah. Perlindungan berlaku pada masa kepesertaan di atas selama "
            "kepesertaan aktif. Manfaat dan cara mengajukan klaim tercantum pada lampiran. Demikian surat "
            "keterangan ini dibuat untuk dipergunakan sebagaimana mestinya."
        ),
        11,
        "",
        6,
        "J",
    )
    pdf.ln(6)
    _signature(pdf, office, signatory_title, today)
    if verify_url:
        _qr_block(pdf, verify_url)
    pdf.add_page()
    line(
        _("Lampiran Surat Keterangan Kepesertaan Nomor %(n)s") % {"n": letter.number if letter else "-"},
        9,
        "I",
    )
    pdf.ln(2)
    line(_("Manfaat yang dijamin"), 12, "B", 8)
    for program in membership.programs.split("+"):
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
    line(_("Layanan BPJS Ketenagakerjaan: telepon 175."), 10, "", 5.5)
    pdf.ln(6)
    line(
        _("Dicetak %(d)s dari sistem Lindung. Keterangan ini berlaku selama kepesertaan aktif.")
        % {"d": long_date(today)},
        9,
        "I",
    )
    return bytes(pdf.output())


def _signature(pdf: FPDF, office: Office, title: str, today: dt.date) -> None:
    x, width = 112.0, 78.0
    top = pdf.get_y()
    pdf.set_font(FONT, "", 11)
    for text in (f"{office.city}, {long_date(today)}", title):
        pdf.set_x(x)
        pdf.multi_cell(width, 5.8, text, align="C", new_x="LEFT", new_y="NEXT")
    pdf.ln(20)
    pdf.set_x(x)
    if office.signatory_name:
        pdf.set_font(FONT, "BU", 11)
        pdf.multi_cell(width, 5.8, office.signatory_name, align="C", new_x="LEFT", new_y="NEXT")
    else:
        pdf.multi_cell(width, 5.8, "(" + "." * 48 + ")", align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    pdf.set_x(x)
    nip = office.signatory_nip or "." * 30
    pdf.multi_cell(width, 5.8, _("NIP. %(nip)s") % {"nip": nip}, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(pdf.get_y(), top))


def _qr_block(pdf: FPDF, url: str) -> None:
    size = 30.0
    y = pdf.get_y() - 44
    pdf.image(_qr_png(url), x=20, y=y, w=size, h=size)
    pdf.set_xy(20, y + size + 0.5)
    pdf.set_font(FONT, "", 7.5)
    pdf.multi_cell(
        62,
        3.4,
        _("Pindai untuk memeriksa keaslian dan masa berlaku surat ini."),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_y(max(pdf.get_y(), y + size + 10))
