"""The occupation alias table's first rows: how OpenSID/SIAK (Dukcapil's 89 occupations, by code and by name),
P3KE and village sheets write occupations, and what each means in Lindung's catalogue.

Dukcapil's list is the one OpenSID ships (`tweb_penduduk_pekerjaan`, ids 1–89). Occupations that say the person
does not work, or works for the state, carry a reason: such people are imported with a flag for the verifier.
A few catalogue entries the outside lists need are added (pedagang, wiraswasta, peternak, karyawan, jasa
perorangan) and one for the state's own staff, not offered in forms, which the "not ASN/TNI/Polri" eligibility
rule names. Idempotent (get_or_create): an alias Admin Dinas changed stays as it is.
"""

from django.db import migrations

NEW_OCCUPATIONS = [
    ("pedagang", "Pedagang", True),
    ("wiraswasta", "Wiraswasta/usaha mikro", True),
    ("peternak", "Peternak/buruh peternakan", True),
    ("karyawan", "Karyawan (swasta, BUMN, BUMD)", True),
    ("jasa-perorangan", "Pekerja jasa perorangan (tukang cukur, penjahit, mekanik, …)", True),
    ("asn-tni-polri", "PNS/TNI/Polri/pejabat negara", False),
]
STATE = "asn-tni-polri"

# Dukcapil's code, its name as OpenSID and SIAK write it, Lindung's occupation code, not-working reason.
DUKCAPIL = [
    (1, "BELUM/TIDAK BEKERJA", None, "belum_bekerja"),
    (2, "MENGURUS RUMAH TANGGA", None, "rumah_tangga"),
    (3, "PELAJAR/MAHASISWA", None, "pelajar"),
    (4, "PENSIUNAN", None, "pensiunan"),
    (5, "PEGAWAI NEGERI SIPIL (PNS)", STATE, "asn"),
    (6, "TENTARA NASIONAL INDONESIA (TNI)", STATE, "asn"),
    (7, "KEPOLISIAN RI (POLRI)", STATE, "asn"),
    (8, "PERDAGANGAN", "pedagang", ""),
    (9, "PETANI/PEKEBUN", "petani", ""),
    (10, "PETERNAK", "peternak", ""),
    (11, "NELAYAN/PERIKANAN", "nelayan", ""),
    (12, "INDUSTRI", "pengrajin", ""),
    (13, "KONSTRUKSI", "tukang-bangunan", ""),
    (14, "TRANSPORTASI", "sopir", ""),
    (15, "KARYAWAN SWASTA", "karyawan", ""),
    (16, "KARYAWAN BUMN", "karyawan", ""),
    (17, "KARYAWAN BUMD", "karyawan", ""),
    (18, "KARYAWAN HONORER", "tenaga-honorer", ""),
    (19, "BURUH HARIAN LEPAS", "buruh-harian", ""),
    (20, "BURUH TANI/PERKEBUNAN", "buruh-tani", ""),
    (21, "BURUH NELAYAN/PERIKANAN", "nelayan", ""),
    (22, "BURUH PETERNAKAN", "peternak", ""),
    (23, "PEMBANTU RUMAH TANGGA", "asisten-rumah-tangga", ""),
    (24, "TUKANG CUKUR", "jasa-perorangan", ""),
    (25, "TUKANG LISTRIK", "tukang-bangunan", ""),
    (26, "TUKANG BATU", "tukang-bangunan", ""),
    (27, "TUKANG KAYU", "tukang-bangunan", ""),
    (28, "TUKANG SOL SEPATU", "jasa-perorangan", ""),
    (29, "TUKANG LAS/PANDAI BESI", "tukang-bangunan", ""),
    (30, "TUKANG JAHIT", "jasa-perorangan", ""),
    (31, "TUKANG GIGI", "jasa-perorangan", ""),
    (32, "PENATA RIAS", "jasa-perorangan", ""),
    (33, "PENATA BUSANA", "jasa-perorangan", ""),
    (34, "PENATA RAMBUT", "jasa-perorangan", ""),
    (35, "MEKANIK", "jasa-perorangan", ""),
    (36, "SENIMAN", "jasa-perorangan", ""),
    (37, "TABIB", "jasa-perorangan", ""),
    (38, "PARAJI", "jasa-perorangan", ""),
    (39, "PERANCANG BUSANA", "jasa-perorangan", ""),
    (40, "PENTERJEMAH", "jasa-perorangan", ""),
    (41, "IMAM MASJID", "marbot", ""),
    (42, "PENDETA", "marbot", ""),
    (43, "PASTOR", "marbot", ""),
    (44, "WARTAWAN", "lainnya", ""),
    (45, "USTADZ/MUBALIGH", "guru-ngaji", ""),
    (46, "JURU MASAK", "jasa-perorangan", ""),
    (47, "PROMOTOR ACARA", "jasa-perorangan", ""),
    (48, "ANGGOTA DPR-RI", STATE, "asn"),
    (49, "ANGGOTA DPD", STATE, "asn"),
    (50, "ANGGOTA BPK", STATE, "asn"),
    (51, "PRESIDEN", STATE, "asn"),
    (52, "WAKIL PRESIDEN", STATE, "asn"),
    (53, "ANGGOTA MAHKAMAH KONSTITUSI", STATE, "asn"),
    (54, "ANGGOTA KABINET KEMENTERIAN", STATE, "asn"),
    (55, "DUTA BESAR", STATE, "asn"),
    (56, "GUBERNUR", STATE, "asn"),
    (57, "WAKIL GUBERNUR", STATE, "asn"),
    (58, "BUPATI", STATE, "asn"),
    (59, "WAKIL BUPATI", STATE, "asn"),
    (60, "WALIKOTA", STATE, "asn"),
    (61, "WAKIL WALIKOTA", STATE, "asn"),
    (62, "ANGGOTA DPRD PROVINSI", STATE, "asn"),
    (63, "ANGGOTA DPRD KABUPATEN/KOTA", STATE, "asn"),
    (64, "DOSEN", "lainnya", ""),
    (65, "GURU", "lainnya", ""),
    (66, "PILOT", "lainnya", ""),
    (67, "PENGACARA", "lainnya", ""),
    (68, "NOTARIS", "lainnya", ""),
    (69, "ARSITEK", "lainnya", ""),
    (70, "AKUNTAN", "lainnya", ""),
    (71, "KONSULTAN", "lainnya", ""),
    (72, "DOKTER", "lainnya", ""),
    (73, "BIDAN", "lainnya", ""),
    (74, "PERAWAT", "lainnya", ""),
    (75, "APOTEKER", "lainnya", ""),
    (76, "PSIKIATER/PSIKOLOG", "lainnya", ""),
    (77, "PENYIAR TELEVISI", "lainnya", ""),
    (78, "PENYIAR RADIO", "lainnya", ""),
    (79, "PELAUT", "lainnya", ""),
    (80, "PENELITI", "lainnya", ""),
    (81, "SOPIR", "sopir", ""),
    (82, "PIALANG", "lainnya", ""),
    (83, "PARANORMAL", "jasa-perorangan", ""),
    (84, "PEDAGANG", "pedagang", ""),
    (85, "PERANGKAT DESA", "perangkat-desa", ""),
    (86, "KEPALA DESA", "perangkat-desa", ""),
    (87, "BIARAWATI", "marbot", ""),
    (88, "WIRASWASTA", "wiraswasta", ""),
    (89, "LAINNYA", "lainnya", ""),
]

# P3KE "Individu": the ten values of its Pekerjaan column.
P3KE = [
    ("PETANI", "petani", ""),
    ("NELAYAN", "nelayan", ""),
    ("PEDAGANG", "pedagang", ""),
    ("PEKERJA LEPAS", "buruh-harian", ""),
    ("WIRASWASTA", "wiraswasta", ""),
    ("PEGAWAI SWASTA", "karyawan", ""),
    ("PNS/TNI/POLRI", STATE, "asn"),
    ("PEJABAT NEGARA", STATE, "asn"),
    ("PENSIUNAN", None, "pensiunan"),
    ("TIDAK/BELUM BEKERJA", None, "belum_bekerja"),
]

# How village sheets and older exports write them.
COMMON = [
    ("PETANI/PERKEBUNAN", "petani", ""),
    ("PEKEBUN", "petani", ""),
    ("PETANI KARET", "penyadap-karet", ""),
    ("PETANI SAWIT", "pekerja-sawit", ""),
    ("BURUH SAWIT", "pekerja-sawit", ""),
    ("BURUH", "buruh-harian", ""),
    ("BURUH HARIAN", "buruh-harian", ""),
    ("BHL", "buruh-harian", ""),
    ("BURUH TANI", "buruh-tani", ""),
    ("BURUH KEBUN", "buruh-tani", ""),
    ("NYADAP KARET", "penyadap-karet", ""),
    ("TUKANG OJEK", "ojek", ""),
    ("OJEK", "ojek", ""),
    ("OJOL", "ojek", ""),
    ("SUPIR", "sopir", ""),
    ("KULI BANGUNAN", "tukang-bangunan", ""),
    ("TUKANG", "tukang-bangunan", ""),
    ("PKL", "pedagang-kaki-lima", ""),
    ("DAGANG", "pedagang", ""),
    ("WIRAUSAHA", "wiraswasta", ""),
    ("SWASTA", "karyawan", ""),
    ("KARYAWAN", "karyawan", ""),
    ("HONORER", "tenaga-honorer", ""),
    ("TENAGA HONORER", "tenaga-honorer", ""),
    ("GURU HONORER", "tenaga-honorer", ""),
    ("ART", "asisten-rumah-tangga", ""),
    ("IRT", None, "rumah_tangga"),
    ("IBU RUMAH TANGGA", None, "rumah_tangga"),
    ("PELAJAR", None, "pelajar"),
    ("MAHASISWA", None, "pelajar"),
    ("SISWA", None, "pelajar"),
    ("BELUM BEKERJA", None, "belum_bekerja"),
    ("TIDAK BEKERJA", None, "belum_bekerja"),
    ("TDK BEKERJA", None, "belum_bekerja"),
    ("PENGANGGURAN", None, "belum_bekerja"),
    ("PENSIUN", None, "pensiunan"),
    ("PNS", STATE, "asn"),
    ("ASN", STATE, "asn"),
    ("PPPK", STATE, "asn"),
    ("TNI", STATE, "asn"),
    ("POLRI", STATE, "asn"),
    ("TNI/POLRI", STATE, "asn"),
]


def _key(text):
    # The same key as lindung.workers.models.alias_key (migrations keep their own copy of what they use).
    raw = str(text).strip().removesuffix(".0")
    key = "".join(ch for ch in raw.lower() if ch.isalnum())
    return (key.lstrip("0") or "0") if key.isdigit() else key


def seed(apps, schema_editor):
    Occupation = apps.get_model("workers", "Occupation")
    OccupationAlias = apps.get_model("workers", "OccupationAlias")
    for code, name, active in NEW_OCCUPATIONS:
        Occupation.objects.get_or_create(code=code, defaults={"name": name, "active": active})
    ids = dict(Occupation.objects.values_list("code", "id"))
    rows = []
    for number, name, code, reason in DUKCAPIL:
        rows.append((name, code, reason, "Dukcapil (OpenSID, SIAK)"))
        rows.append((str(number), code, reason, "Kode pekerjaan Dukcapil"))
    rows += [(text, code, reason, "P3KE") for text, code, reason in P3KE]
    rows += [(text, code, reason, "Umum") for text, code, reason in COMMON]
    for text, code, reason, origin in rows:
        OccupationAlias.objects.get_or_create(
            key=_key(text),
            defaults={
                "text": text,
                "occupation_id": ids.get(code) if code else None,
                "not_working": reason,
                "origin": origin,
            },
        )
    # The "not ASN/TNI/Polri" rule recognises the state's own staff by occupation code.
    EligibilityRule = apps.get_model("eligibility", "EligibilityRule")
    for rule in EligibilityRule.objects.filter(kind="bukan_asn"):
        codes = list(rule.parameters.get("occupations") or [])
        if STATE not in codes:
            rule.parameters = {**rule.parameters, "occupations": [*codes, STATE]}
            rule.save(update_fields=["parameters"])


class Migration(migrations.Migration):
    dependencies = [
        ("workers", "0006_occupation_aliases_and_flags"),
        ("eligibility", "0002_default_rules"),
    ]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
