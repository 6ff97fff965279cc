"""The XLSForm that enumerators load into ODK Collect or KoboCollect to register workers offline.

The form asks what the public form and field entry ask (the worker's fields, the eligibility declarations, the
consent statement read to the person) with the same rules written as XPath constraints, so that a wrong NIK is
caught on the phone, beside the river, instead of at import time. Its field names are headers the import already
understands, so an ODK Central or KoboToolbox export of the submissions imports without mapping.

The choices come from the database when the form is made: occupations from the catalogue, kecamatan → desa
cascading from the loaded regions, limited to the area of the user who downloads it.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from lindung.intake.services import CONSENT_VERSION
from lindung.lib import sheets
from lindung.regions.models import Region
from lindung.workers.models import Occupation

from .headers import QUESTIONS

FORM_ID = "lindung_pekerja"
# One id per XLSForm row the import reads back: these are the headers of an ODK Central or KoboToolbox export.
NAME_RULE = r"^[A-Za-z][A-Za-z .,'\-]*$"
PHONE_RULE = r"^(\+62|62|0)8[0-9]{7,12}$"


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    parent: str = ""


def area_places(area: Region) -> tuple[list[Place], list[Place]]:
    """The kecamatan and desa an enumerator of `area` may record: a desa operator gets their own desa only."""
    kabupaten = area.code[:5]
    scope = area.code if area.level in (Region.Level.KECAMATAN, Region.Level.DESA) else kabupaten
    desa = Region.objects.filter(level=Region.Level.DESA)
    desa = (
        desa.filter(code=scope)
        if area.level == Region.Level.DESA
        else desa.filter(code__startswith=scope + ".")
    )
    desa_places = [Place(d.code, d.name, d.parent_id or "") for d in desa.order_by("code")]
    parents = {p.parent for p in desa_places}
    kecamatan = Region.objects.filter(code__in=parents).order_by("code")
    return [Place(k.code, k.name) for k in kecamatan], desa_places


def consent_paragraphs() -> list[str]:
    """The consent statement of the public form, as plain paragraphs (one source for both)."""
    html = render_to_string(f"intake/consent_{CONSENT_VERSION}.html")
    parts = re.split(r"</p>|</h2>", html)
    return [" ".join(strip_tags(part).split()) for part in parts if strip_tags(part).strip()]


def nik_constraint(provinces: list[str]) -> str:
    """16 digits under a known province code, serial not 0000."""
    prefix = "|".join(sorted(provinces)) or "[0-9]{2}"
    return f"regex(., '^({prefix})[0-9]{{14}}$') and substr(., 12, 16) != '0000'"


# The birth date and sex encoded in the NIK (DDMMYY at digits 7–12, day + 40 for women) must agree with what is
# asked: the same rule lindung.lib.nik applies on every other path.
BIRTH_DATE_CONSTRAINT = (
    "substr(${nik}, 8, 10) = format-date(., '%m') and substr(${nik}, 10, 12) = format-date(., '%y') "
    "and int(substr(${nik}, 6, 8)) = int(format-date(., '%d')) + if(${jenis_kelamin} = 'P', 40, 0)"
)


def build_rows(
    area: Region, *, ktp_photo: bool
) -> tuple[list[dict[str, str]], list[dict[str, str]], dict[str, str]]:
    """(survey rows, choice rows, settings) of the form for `area`."""
    kecamatan, desa = area_places(area)
    provinces = list(Region.objects.filter(level=Region.Level.PROVINSI).values_list("code", flat=True))
    # The area's kabupaten/kota: the deployment's occupations and its own (one form per area).
    offered = Occupation.objects.for_kabupaten(area.code[:5]).filter(active=True)
    occupations = list(offered.order_by("name").values_list("code", "name"))

    survey: list[dict[str, str]] = [
        {"type": "start", "name": "start"},
        {"type": "end", "name": "end"},
        {"type": "username", "name": "username"},
    ]
    for index, paragraph in enumerate(consent_paragraphs()):
        survey.append({"type": "note", "name": f"naskah_persetujuan_{index + 1}", "label": paragraph})
    survey += [
        {
            "type": "select_one ya_tidak",
            "name": "persetujuan",
            "label": _(
                "Pernyataan di atas sudah dibacakan atau dibaca oleh pekerja, dan pekerja menyetujuinya."
            ),
            "required": "yes",
            "constraint": ". = 'ya'",
            "constraint_message": _("Tanpa persetujuan pekerja, datanya tidak boleh dicatat."),
        },
        {
            "type": "text",
            "name": "nik",
            "required": "yes",
            "appearance": "numbers",
            "constraint": nik_constraint(provinces),
            "constraint_message": _(
                "NIK harus 16 angka dengan kode provinsi yang dikenal; 4 angka terakhir bukan 0000."
            ),
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "text",
            "name": "nama",
            "required": "yes",
            "constraint": f'regex(., "{NAME_RULE}") and string-length(.) <= 100',
            "constraint_message": _(
                "Nama hanya berisi huruf, spasi, titik, koma, tanda petik, atau tanda hubung."
            ),
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "select_one jenis_kelamin",
            "name": "jenis_kelamin",
            "required": "yes",
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "date",
            "name": "tanggal_lahir",
            "required": "yes",
            "constraint": BIRTH_DATE_CONSTRAINT,
            "constraint_message": _(
                "Tanggal lahir dan jenis kelamin tidak cocok dengan NIK (angka ke-7 sampai ke-12; "
                "tanggal perempuan ditambah 40). Periksa lagi KTP-nya."
            ),
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "text",
            "name": "tempat_lahir",
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "text",
            "name": "kk",
            "appearance": "numbers",
            "constraint": "regex(., '^[0-9]{16}$')",
            "constraint_message": _("Nomor KK harus 16 angka."),
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "select_one kecamatan",
            "name": "kecamatan",
            "required": "yes",
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "select_one desa",
            "name": "kode_desa",
            "required": "yes",
            "choice_filter": "kecamatan = ${kecamatan}",
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "text",
            "name": "alamat",
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "text",
            "name": "nomor_hp",
            "appearance": "numbers",
            "constraint": f"regex(., '{PHONE_RULE}')",
            "constraint_message": _("Nomor HP/WhatsApp tidak dikenali; tulis seperti 081234567890."),
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "select_one pekerjaan",
            "name": "pekerjaan",
            "required": "yes",
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "integer",
            "name": "penghasilan",
            "constraint": ". >= 0 and . <= 1000000000",
            "constraint_message": _("Penghasilan terlalu besar; periksa jumlah angka nolnya."),
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "select_one ya_tidak",
            "name": "asn",
            "label": _("Apakah pekerja ini ASN (PNS/PPPK), anggota TNI, atau Polri?"),
            "required": "yes",
            "default": "tidak",
            "constraint": ". = 'tidak'",
            "constraint_message": _(
                "ASN, anggota TNI, dan Polri tidak termasuk program ini; pendataan tidak dilanjutkan."
            ),
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "select_one ya_tidak_tahu",
            "name": "peserta_bpjs_aktif",
            "constraint": ". != 'ya'",
            "constraint_message": _(
                "Peserta aktif BPJS Ketenagakerjaan sudah terlindungi; pendataan tidak dilanjutkan. "
                "Pilih 'Tidak tahu' bila ragu: petugas Dinas akan memeriksanya."
            ),
            "label": _("Apakah pekerja ini sekarang peserta aktif BPJS Ketenagakerjaan?"),
            "required": "yes",
            "relevant": "${persetujuan} = 'ya'",
        },
        {
            "type": "geopoint",
            "name": "lokasi",
            "label": _("Lokasi rumah (boleh dilewati)"),
            "relevant": "${persetujuan} = 'ya'",
        },
    ]
    for row in survey:
        if row["name"] in QUESTIONS:
            row["label"] = _(QUESTIONS[row["name"]][1])
    if ktp_photo:
        # Off by default (UU PDP 27/2022: collect no more than the purpose needs). A KTP photo repeats the NIK,
        # the address and the face; a deployment that turns it on must say why in its privacy notice.
        survey.append(
            {
                "type": "image",
                "name": "foto_ktp",
                "label": _("Foto KTP (boleh dilewati)"),
                "relevant": "${persetujuan} = 'ya'",
            }
        )

    choices: list[dict[str, str]] = [
        {"list_name": "ya_tidak", "name": "ya", "label": _("Ya")},
        {"list_name": "ya_tidak", "name": "tidak", "label": _("Tidak")},
        {"list_name": "ya_tidak_tahu", "name": "ya", "label": _("Ya")},
        {"list_name": "ya_tidak_tahu", "name": "tidak", "label": _("Tidak")},
        {"list_name": "ya_tidak_tahu", "name": "tidak_tahu", "label": _("Tidak tahu")},
        {"list_name": "jenis_kelamin", "name": "L", "label": _("Laki-laki")},
        {"list_name": "jenis_kelamin", "name": "P", "label": _("Perempuan")},
    ]
    choices += [{"list_name": "kecamatan", "name": k.code, "label": k.name} for k in kecamatan]
    choices += [{"list_name": "desa", "name": d.code, "label": d.name, "kecamatan": d.parent} for d in desa]
    choices += [{"list_name": "pekerjaan", "name": code, "label": name} for code, name in occupations]

    digest = hashlib.sha256(repr((survey, choices)).encode()).hexdigest()[:6]
    form_settings = {
        "form_title": _("Pendataan Pekerja Rentan — %(area)s") % {"area": area.name},
        "form_id": FORM_ID,
        # ODK Central needs a new version whenever the form changes; the same content gives the same version.
        "version": f"{timezone.localdate():%Y%m%d}-{digest}",
        "instance_name": "concat(${nama}, ' ', substr(${nik}, 0, 6))",
    }
    return survey, choices, form_settings


SURVEY_COLUMNS = [
    "type", "name", "label", "required", "appearance", "constraint", "constraint_message", "relevant",
    "choice_filter", "default",
]  # fmt: skip
CHOICE_COLUMNS = ["list_name", "name", "label", "kecamatan"]
SETTINGS_COLUMNS = ["form_title", "form_id", "version", "instance_name"]


def xlsform_bytes(area: Region, *, ktp_photo: bool | None = None) -> bytes:
    """The XLSForm (xlsx: survey, choices, settings) for enumerators of `area`."""
    if ktp_photo is None:
        ktp_photo = settings.LINDUNG_ODK_KTP_PHOTO
    survey, choices, form_settings = build_rows(area, ktp_photo=ktp_photo)
    buffer = io.BytesIO()
    book = sheets.workbook(buffer, {"in_memory": True})
    for title, columns, rows in (
        ("survey", SURVEY_COLUMNS, survey),
        ("choices", CHOICE_COLUMNS, choices),
        ("settings", SETTINGS_COLUMNS, [form_settings]),
    ):
        sheet = book.add_worksheet(title)
        sheet.write_row(0, 0, columns)
        for r, row in enumerate(rows, start=1):
            sheet.write_row(r, 0, [row.get(column, "") for column in columns])
    book.close()
    return buffer.getvalue()
