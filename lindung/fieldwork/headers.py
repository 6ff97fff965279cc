"""The questions of Lindung's XLSForm that the import reads back, by XML name and by label.

ODK Central exports submissions with the XML names as headers (`nik`, `kode_desa`, `meta-instanceID`);
KoboToolbox does too when "XML values and headers" is chosen, and otherwise writes the question labels
("NIK (16 angka, seperti di KTP)") and the choice labels (the desa's name instead of its code). Both are
recognised as layouts of the import (lindung.imports.layouts). No model is imported here: the import's header
matching loads this module before the apps are ready.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as N_

# XML name → (import field, label). The labels are written in the form as translated; the import knows the
# Indonesian ones, which a Kobo export in the form's default language carries.
QUESTIONS: dict[str, tuple[str, str]] = {
    "nik": ("nik", N_("NIK (16 angka, seperti di KTP)")),
    "nama": ("name", N_("Nama lengkap sesuai KTP")),
    "jenis_kelamin": ("sex", N_("Jenis kelamin")),
    "tanggal_lahir": ("birth_date", N_("Tanggal lahir")),
    "tempat_lahir": ("birth_place", N_("Tempat lahir")),
    "kk": ("kk", N_("Nomor KK (16 angka, boleh kosong)")),
    "kecamatan": ("kecamatan", N_("Kecamatan tempat tinggal")),
    "kode_desa": ("desa_code", N_("Desa/kelurahan tempat tinggal")),
    "alamat": ("address", N_("Alamat (dusun, RT/RW)")),
    "nomor_hp": ("phone", N_("Nomor HP/WhatsApp")),
    "pekerjaan": ("occupation", N_("Pekerjaan")),
    "penghasilan": ("income", N_("Penghasilan per bulan (Rp), perkiraan")),
}


# Columns about the submission, not the person, whose names the import would otherwise read as a person's:
# Kobo's _id (not the instance id) and _status, Central's Status (of the submission). And what the import reads
# about the submission: who sent it (Central's SubmitterName, Kobo's _submitted_by; the form's own `username`
# metadata when those are empty) and what its reviewer said (Central's ReviewState: hasIssues, rejected, …;
# Kobo's _validation_status: validation_status_not_approved, …_on_hold, …_approved).
_SUBMISSION_ONLY = {
    "id": "",
    "status": "",
    "submittername": "enumerator",
    "submittedby": "enumerator",
    "username": "enumerator_device",
    "reviewstate": "review",
    "validationstatus": "review",
}


def compact(header: str) -> str:
    """The import's header comparison (lindung.imports.layouts.compact), repeated to keep this module free of
    the import's own imports."""
    return "".join(ch for ch in header.lower() if ch.isalnum() and ch.isascii())


def xml_fields() -> dict[str, str]:
    """Compact XML header → import field, plus the submission's instance id as the row's source id."""
    fields = {compact(name): key for name, (key, _label) in QUESTIONS.items()}
    # Central: meta-instanceID ("uuid:…"); Kobo: _uuid (the same id without "uuid:").
    fields.update({"metainstanceid": "id_sumber", "uuid": "id_sumber"})
    fields.update(_SUBMISSION_ONLY)
    return fields


def label_fields() -> dict[str, str]:
    """Compact question label → import field. A Kobo label export names the desa, not its code."""
    fields = {compact(label): key for _name, (key, label) in QUESTIONS.items()}
    fields[compact(QUESTIONS["kode_desa"][1])] = "desa"
    fields["uuid"] = "id_sumber"
    fields.update(_SUBMISSION_ONLY)
    return fields
