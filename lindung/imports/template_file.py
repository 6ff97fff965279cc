"""The import template: xlsx with instructions, Indonesian headers and dropdowns; and a CSV variant."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _

from lindung.lib import sheets
from lindung.regions.models import Region
from lindung.workers.models import Occupation

from .columns import BY_KEY

TEMPLATE_KEYS = [
    "id_sumber", "nik", "kk", "name", "birth_place", "birth_date", "sex", "address", "kecamatan", "desa",
    "phone", "occupation", "income", "desil", "segment", "agency",
]  # fmt: skip
EXAMPLE = [
    "", "1606014503900001", "1606010101100001", "Siti Aminah", "Sekayu", "05/03/1990", "P", "Dusun II RT 03",
    "Sekayu", "Sukarami", "081234567890", "Petani/pekebun", "1500000", "1", "rentan", "",
]  # fmt: skip


def _places(area: Region) -> tuple[list[str], list[tuple[str, str]]]:
    """Kecamatan names and (desa, kecamatan) names of the user's area, for the dropdowns."""
    kabupaten_code = area.code[:5]
    scope = area.code if area.level in (Region.Level.KECAMATAN, Region.Level.DESA) else kabupaten_code
    kecamatan = list(
        Region.objects.filter(level=Region.Level.KECAMATAN, code__startswith=kabupaten_code + ".")
        .filter(code__startswith=scope[:8] if len(scope) >= 8 else scope)
        .values_list("name", flat=True)
    )
    desa = Region.objects.filter(level=Region.Level.DESA).select_related("parent")
    desa = (
        desa.filter(code=area.code)
        if area.level == Region.Level.DESA
        else desa.filter(code__startswith=scope + ".")
    )
    return kecamatan, [(d.name, d.parent.name if d.parent else "") for d in desa.order_by("code")]


def template_xlsx(area: Region) -> bytes:
    buffer = io.BytesIO()
    book = sheets.workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    as_text = book.add_format({"num_format": "@"})
    as_date = book.add_format({"num_format": "dd/mm/yyyy"})
    kecamatan, desa = _places(area)
    occupations = list(
        Occupation.objects.for_kabupaten(area.code[:5]).filter(active=True).values_list("name", flat=True)
    )

    guide = book.add_worksheet(_("Petunjuk"))
    guide.set_column(0, 0, 28)
    guide.set_column(1, 1, 90)
    guide.write(0, 0, _("Templat impor data pekerja — Lindung"), bold)
    lines = [
        _("Isi data di lembar 'Data', satu baris untuk satu orang. Jangan ubah judul kolom."),
        _(
            "Kolom wajib: NIK, Nama Lengkap, Tanggal Lahir, Jenis Kelamin, dan Desa/Kelurahan (atau Kode Desa)."
        ),
        _(
            "NIK dan Nomor KK: 16 digit, sudah diformat sebagai Teks. Jangan ubah menjadi angka (digit akan hilang)."
        ),
        _("Tanggal Lahir: dd/mm/yyyy, misalnya 05/03/1990."),
        _("Jenis Kelamin: L atau P. Pekerjaan, Kecamatan, dan Desa: pilih dari daftar."),
        _("Segmen: rentan (bawaan) atau non-ASN; pekerja non-ASN wajib diisi OPD-nya."),
        _("ID Sumber: nomor data di sistem asal (misalnya ID P3KE), boleh kosong."),
        _("Baris yang salah tidak ikut disimpan; laporan kesalahan dapat diunduh setelah pemeriksaan."),
    ]
    for row, line in enumerate(lines, start=2):
        guide.write(row, 0, f"{row - 1}.")
        guide.write(row, 1, line)
    guide.write(len(lines) + 3, 0, _("Kolom"), bold)
    guide.write(len(lines) + 3, 1, _("Keterangan"), bold)
    guide.write(len(lines) + 3, 2, _("Contoh"), bold)
    guide.set_column(2, 2, 22)
    for row, (key, example) in enumerate(zip(TEMPLATE_KEYS, EXAMPLE, strict=True), start=len(lines) + 4):
        column = BY_KEY[key]
        guide.write(row, 0, column.label + (" *" if column.required else ""))
        guide.write(row, 1, column.help)
        guide.write_string(row, 2, example)

    data = book.add_worksheet(_("Data"))
    data.activate()
    lists = book.add_worksheet(_("Pilihan"))
    lists.hide()
    for col, (title, values) in enumerate(
        [
            (_("Jenis Kelamin"), ["L", "P"]),
            (_("Pekerjaan"), occupations),
            (_("Kecamatan"), kecamatan),
            (_("Desa/Kelurahan"), [name for name, _kec in desa]),
            (_("Kecamatan desa"), [kec for _name, kec in desa]),
            (_("Segmen"), ["rentan", "non-ASN"]),
        ]
    ):
        lists.write(0, col, title, bold)
        lists.write_column(1, col, values)
    for col, key in enumerate(TEMPLATE_KEYS):
        data.write(0, col, BY_KEY[key].label, head)
        width = 22 if key in ("name", "address", "desa", "occupation") else 16
        fmt = (
            as_text
            if key in ("nik", "kk", "phone", "id_sumber")
            else as_date
            if key == "birth_date"
            else None
        )
        data.set_column(col, col, width, fmt)
    data.freeze_panes(1, 0)
    rows = 100_000

    def dropdown(key: str, list_col: str, count: int) -> None:
        col = TEMPLATE_KEYS.index(key)
        data.data_validation(
            1,
            col,
            rows,
            col,
            {
                "validate": "list",
                "source": f"=Pilihan!${list_col}$2:${list_col}${count + 1}",
                "error_title": _("Pilihan tidak ada"),
                "error_message": _("Pilih dari daftar."),
            },
        )

    dropdown("sex", "A", 2)
    dropdown("occupation", "B", len(occupations))
    dropdown("kecamatan", "C", max(len(kecamatan), 1))
    dropdown("desa", "D", max(len(desa), 1))
    dropdown("segment", "F", 2)
    book.close()
    return buffer.getvalue()


def template_csv() -> bytes:
    """UTF-8 with BOM so Excel shows the Indonesian headers; separator comma."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    sheets.csv_writer(buffer).writerow([BY_KEY[key].label for key in TEMPLATE_KEYS])
    return buffer.getvalue().encode()


def area_of(user: Any) -> Region:
    from .services import _area_of

    return _area_of(user)
