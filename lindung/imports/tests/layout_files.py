"""Files in the layouts regencies already have, built from the published layouts with Musi Banyuasin people.

- OpenSID "Ekspor Penduduk": the 43 columns of `$daftar_kolom` (donjo-app/models/Impor_model.php), cells as
  text, codes (sex 1/2, Dukcapil occupation codes, status_dasar), dates Y-m-d, an empty dusun/RT/RW as "-";
  the "Huruf" variant writes names instead (LAKI-LAKI, PETANI/PEKEBUN; status_dasar through OpenSID's
  tweb_penduduk_status, so 1 is TETAP and 2 (dead) TIDAK TETAP).
- SIAK: the headers of OpenSID's assets/import/format_siak.xls, written as legacy .xls (xlwt), date cells,
  RT/RW as number cells, Status "Hidup".
- P3KE "Individu": the headers Kemenko PMK's extract has, Kode Kemdagri as 10 digits, dates in both shapes.
- DTKS/Regsosek 2022: OpenSID's format_impor_dtks_regsosek2022k.xlsx, five sheets, the people on the fourth
  ("4.ket sos-ek anggota") under two title rows, the KK on a family's first row only, dates as serials.

Every builder takes the good people and appends one row of each bad case the layout can carry.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

import xlsxwriter

from lindung.imports import layouts
from lindung.lib.nik import make_nik

OPENSID_COLUMNS = list(layouts.OPENSID_COLUMNS)
SIAK_COLUMNS = [
    "Nomor KK", "NIK", "Nama Penduduk", "Status", "Tempat Lahir", "Tanggal Lahir", "Kelamin", "NIK Ayah", "Ayah",
    "NIK Ibu", "Ibu", "Status Kawin", "SHDK", "Agama", "Kecamatan", "Desa/Kel", "Alamat", "RW", "RT",
    "Pendidikan", "Pekerjaan", "Deskripsi Pekerjaan", "Gol. Darah", "Cacat", "Cetak KTP", "Ganti KTP",
    "KTP Berakhir", "Nomor Paspor", "Nomor Akta Lahir", "Nomor Akta Kawin", "Tanggal Kwn", "Nomor Akta Cerai",
    "Tgl Cerai", "Petugas Registrasi", "Tgl Ubah", "Petugas Entri", "Tgl Entri",
]  # fmt: skip
P3KE_COLUMNS = [
    "ID Keluarga P3KE", "Provinsi", "Kabupaten/Kota", "Kecamatan", "Desa/Kelurahan", "Kode Kemdagri",
    "Desil Kesejahteraan", "Persentil", "Alamat", "ID Individu", "Prioritas Verval", "Nama", "NIK",
    "Padan Dukcapil", "Jenis Kelamin", "Hubungan dengan Kepala Keluarga", "Tanggal Lahir", "Status Kawin",
    "Pekerjaan", "Status Pekerjaan", "Pendidikan", "Usia", "Kelompok Usia", "Penerima BPNT", "Penerima BPUM",
    "Penerima BST", "Penerima PKH", "Penerima SEMBAKO", "Penerima Prakerja", "Penerima KUR",
]  # fmt: skip
# The member sheet of the DTKS/Regsosek import format: three sections, each repeating 401, name and NIK.
DTKS_COLUMNS = [
    "no kartu keluarga", "401", "402 Nama", "403 NIK", "404", "405", "406", "407", "408", "409", "410", "411",
    "412", "413", "414", "415", "416a", "416b", "417", "417 Tulis", "418", "419", "401", "402 Nama", "403 NIK",
    "420a", "420b", "421", "421 Tulis", "422", "423", "424", "425", "426", "427", "428a", "428b", "428c",
    "428d", "428e", "428f", "428g", "428h", "428i", "428j", "429", "430", "401", "402 Nama", "403 NIK", "431a",
    "431b", "431c", "431d", "431e", "431f",
]  # fmt: skip
DTKS_SHEETS = [
    ("1.keterangan tempat", ["no urut bangunan tempat tinggal", "no urut keluarga", "no kartu keluarga"]),
    ("2.keterangan petugas", ["no kartu keluarga", "tanggal pendataan", "nama ppl"]),
    ("3.keterangan perumahan", ["no kartu keluarga", "301a", "301b", "302"]),
]
SEKAYU, LAIS = "16.06.01", "16.06.02"
SUKARAMI, LUMPATAN, DANAU_CALA = "16.06.01.2001", "16.06.01.2002", "16.06.02.2001"


@dataclass
class Person:
    serial: int
    name: str
    birth: dt.date
    sex: str  # L or P
    occupation: int  # Dukcapil code
    kecamatan: str = SEKAYU
    desa: str = SUKARAMI
    dusun: str = "DUSUN II"
    rt: str = "003"
    rw: str = "001"

    @property
    def nik(self) -> str:
        return make_nik(self.kecamatan, self.birth, self.sex, self.serial)

    @property
    def kk(self) -> str:
        return f"{self.kecamatan.replace('.', '')}0101{self.birth.year % 100:02d}{self.serial:04d}"


def muba_people() -> list[Person]:
    """Six residents of Desa Sukarami, Kecamatan Sekayu (NIKs under 16.06.01, birth date and sex agreeing)."""
    return [
        Person(9101, "AHMAD SUPRIADI", dt.date(1979, 4, 12), "L", 9),  # PETANI/PEKEBUN
        Person(9102, "SITI AMINAH", dt.date(1983, 11, 2), "P", 2),  # MENGURUS RUMAH TANGGA
        Person(9103, "M. RIDWAN", dt.date(1990, 1, 30), "L", 20, dusun="-", rt="-", rw="-"),  # BURUH TANI
        Person(9104, "NURHAYATI", dt.date(1975, 7, 7), "P", 84, rt="005", rw="-"),  # PEDAGANG
        Person(9105, "JUNAIDI", dt.date(1988, 3, 15), "L", 26, dusun="SUNGAI ARE"),  # TUKANG BATU
        Person(9106, "HERMAN SYAHPUTRA", dt.date(1995, 9, 21), "L", 11),  # NELAYAN/PERIKANAN
    ]


SEX_NAME = {"L": "LAKI-LAKI", "P": "PEREMPUAN"}
# The bad rows: a dead resident, a temporary OpenSID NIK, a name that is only a title.
DEAD = Person(9201, "ABDUL KADIR", dt.date(1950, 2, 2), "L", 9)
TITLE_ONLY = Person(9202, "Hj", dt.date(1970, 6, 1), "P", 2)
WITHOUT_NIK = Person(9203, "RAHMAT", dt.date(1992, 8, 17), "L", 19)
TEMPORARY_NIK = "0" + SUKARAMI.replace(".", "") + "00007"


def _opensid_row(p: Person, *, names: bool, status: str = "1", nik: str | None = None) -> list[str]:
    from lindung.imports.occupations import DUKCAPIL_OCCUPATIONS

    cells = dict.fromkeys(OPENSID_COLUMNS, "")
    cells.update(
        alamat="",
        dusun=p.dusun,
        rw=p.rw,
        rt=p.rt,
        nama=p.name,
        no_kk=p.kk,
        nik=nik or p.nik,
        sex=SEX_NAME[p.sex] if names else ("1" if p.sex == "L" else "2"),
        tempatlahir="SEKAYU",
        tanggallahir=p.birth.isoformat(),
        agama_id="ISLAM" if names else "1",
        pekerjaan_id=DUKCAPIL_OCCUPATIONS[p.occupation] if names else str(p.occupation),
        status_kawin="KAWIN" if names else "2",
        kk_level="KEPALA KELUARGA" if names else "1",
        warganegara_id="WNI" if names else "1",
        nama_ayah="ZAINAL",
        nama_ibu="FATIMAH",
        status_dasar=status,
        suku="MELAYU",
    )
    return [cells[c] for c in OPENSID_COLUMNS]


def opensid_xlsx(people: list[Person], *, names: bool = False) -> bytes:
    """An "Ekspor Penduduk" (or "… Huruf") file, plus a dead resident, a temporary NIK and a title-only name."""
    rows = [_opensid_row(p, names=names) for p in people]
    rows.append(_opensid_row(DEAD, names=names, status="TIDAK TETAP" if names else "2"))
    rows.append(_opensid_row(WITHOUT_NIK, names=names, nik=TEMPORARY_NIK))
    rows.append(_opensid_row(TITLE_ONLY, names=names))
    return _xlsx([("Sheet1", [OPENSID_COLUMNS, *rows])], text_only=True)


def siak_xls(people: list[Person]) -> bytes:
    """A SIAK export as legacy .xls (the format Disdukcapil hands out), plus a dead resident and a title-only
    name. Dates are date cells, RT/RW number cells, the kecamatan and desa written by name."""
    import xlwt

    from lindung.imports.occupations import DUKCAPIL_OCCUPATIONS

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    dates = xlwt.easyxf(num_format_str="DD/MM/YYYY")
    for c, header in enumerate(SIAK_COLUMNS):
        sheet.write(0, c, header)
    everyone = [(p, "Hidup") for p in people] + [(DEAD, "Mati"), (TITLE_ONLY, "Hidup")]
    for r, (p, status) in enumerate(everyone, start=1):
        values: dict[str, Any] = {
            "Nomor KK": p.kk,
            "NIK": p.nik,
            "Nama Penduduk": p.name,
            "Status": status,
            "Tempat Lahir": "Sekayu",
            "Kelamin": "Laki-Laki" if p.sex == "L" else "Perempuan",
            "Ayah": "ZAINAL",
            "Ibu": "FATIMAH",
            "Status Kawin": "Kawin",
            "SHDK": "Kepala Keluarga",
            "Agama": "Islam",
            "Kecamatan": "SEKAYU",
            "Desa/Kel": "SUKARAMI",
            "Alamat": f"Dsn {p.dusun}" if p.dusun != "-" else "",
            "Pendidikan": "SLTA/Sederajat",
            "Pekerjaan": DUKCAPIL_OCCUPATIONS[p.occupation].title(),
            "Cetak KTP": "Tdk Th",
        }
        for c, header in enumerate(SIAK_COLUMNS):
            if header == "Tanggal Lahir":
                sheet.write(r, c, p.birth, dates)
            elif header in ("RT", "RW"):
                value = p.rt if header == "RT" else p.rw
                sheet.write(r, c, float(value) if value.isdigit() else "")
            else:
                sheet.write(r, c, values.get(header, ""))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


P3KE_JOBS = {9: "PETANI", 2: "TIDAK/BELUM BEKERJA", 20: "PEKERJA LEPAS", 84: "PEDAGANG", 26: "PEKERJA LEPAS"}


def p3ke_xlsx(people: list[Person]) -> bytes:
    """A P3KE "Individu" extract, plus a title-only name; half the dates as "dd/mm/yyyy hh:mm" text."""
    rows = []
    for i, p in enumerate([*people, TITLE_ONLY]):
        birth = p.birth.isoformat() if i % 2 else f"{p.birth:%d/%m/%Y} 00:00"
        values: dict[str, Any] = {
            "ID Keluarga P3KE": f"P16060100{p.serial}",
            "Provinsi": "SUMATERA SELATAN",
            "Kabupaten/Kota": "MUSI BANYUASIN",
            "Kecamatan": "SEKAYU",
            "Desa/Kelurahan": "SUKARAMI",
            "Kode Kemdagri": p.desa.replace(".", ""),
            "Desil Kesejahteraan": str(1 + i % 3),
            "Persentil": str(5 + i),
            "Alamat": f"{p.dusun} RT {p.rt}",
            "ID Individu": f"I1606{p.serial}",
            "Prioritas Verval": "Prioritas 1",
            "Nama": p.name,
            "NIK": p.nik,
            "Padan Dukcapil": "Padan",
            "Jenis Kelamin": "Laki-laki" if p.sex == "L" else "Perempuan",
            "Hubungan dengan Kepala Keluarga": "Kepala Keluarga",
            "Tanggal Lahir": birth,
            "Status Kawin": "Kawin",
            "Pekerjaan": P3KE_JOBS.get(p.occupation, "NELAYAN"),
            "Status Pekerjaan": "Berusaha sendiri",
            "Pendidikan": "SD/sederajat",
            "Usia": str(2025 - p.birth.year),
            "Kelompok Usia": "Usia Produktif",
        }
        rows.append([values.get(c, "Tidak") for c in P3KE_COLUMNS])
    return _xlsx([("Individu", [P3KE_COLUMNS, *rows])], text_only=True)


def dtks_xlsx(people: list[Person]) -> bytes:
    """OpenSID's DTKS/Regsosek import format: the people on the fourth sheet, under two title rows; families
    of two (the KK on the first member's row only), birth dates as Excel serials; plus a member recorded as
    dead (404 = 2) and a title-only name."""
    sheets: list[tuple[str, list[list[Any]]]] = []
    for name, headers in DTKS_SHEETS:
        sheets.append((name, [["I. KETERANGAN"], headers, [people[0].kk]]))
    rows: list[list[Any]] = [
        ["", "IV. KETERANGAN SOSIAL EKONOMI ANGGOTA KELUARGA"],
        ["", "A. KETERANGAN DEMOGRAFI", "", "", "", "", "", "", "", "", "", "", "B. Pendidikan"],
        DTKS_COLUMNS,
    ]
    members = [(p, "1") for p in people] + [(DEAD, "2"), (TITLE_ONLY, "1")]
    for i, (p, presence) in enumerate(members):
        serial = (dt.datetime.combine(p.birth, dt.time()) - dt.datetime(1899, 12, 30)).days
        values: dict[int, Any] = {
            0: p.kk if i % 2 == 0 else "",
            1: float(i % 2 + 1),
            2: p.name,
            3: p.nik,
            4: presence,
            5: "1" if p.sex == "L" else "2",
            6: float(serial),
            7: float(2025 - p.birth.year),
            22: float(i % 2 + 1),
            23: p.name,
            24: p.nik,
        }
        rows.append([values.get(c, "") for c in range(len(DTKS_COLUMNS))])
    sheets.append(("4.ket sos-ek anggota", rows))
    sheets.append(
        ("5.keikutsertaan program dll", [["V. KEIKUTSERTAAN PROGRAM"], ["no kartu keluarga", "501a"]])
    )
    return _xlsx(sheets, text_only=False)


def _xlsx(sheets: list[tuple[str, list[list[Any]]]], *, text_only: bool) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False})
    for name, rows in sheets:
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, float) and not text_only:
                    sheet.write_number(r, c, value)
                elif value not in (None, ""):
                    sheet.write_string(r, c, str(value))
    book.close()
    return buffer.getvalue()
