"""The first message texts, in Indonesian; Admin Dinas edits them at /notifikasi/templat/."""

from django.db import migrations

TEMPLATES = [
    (
        "application_received",
        "whatsapp",
        True,
        "Halo {name}, pengajuan perlindungan BPJS Ketenagakerjaan Anda sudah kami terima. "
        "Nomor tanda terima: {receipt_no}. Simpan nomor ini untuk memeriksa status pengajuan. "
        "Petugas desa/kecamatan akan memeriksa data Anda. (Pemkab Musi Banyuasin)",
    ),
    (
        "application_returned",
        "whatsapp",
        True,
        "Halo {name}, pengajuan Anda (nomor {receipt_no}) dikembalikan untuk diperbaiki. Alasan: {reason}. "
        "Silakan lengkapi data melalui operator desa atau kantor kecamatan.",
    ),
    (
        "application_approved",
        "whatsapp",
        True,
        "Halo {name}, selamat! Pengajuan Anda (nomor {receipt_no}) disetujui. Pemerintah daerah akan "
        "mendaftarkan Anda ke BPJS Ketenagakerjaan; kami kabari lagi bila nomor kepesertaan sudah terbit.",
    ),
    (
        "application_rejected",
        "whatsapp",
        True,
        "Halo {name}, mohon maaf, pengajuan Anda (nomor {receipt_no}) tidak dapat disetujui. Alasan: {reason}. "
        "Bila ada pertanyaan, hubungi operator desa atau Dinas.",
    ),
    (
        "membership_active",
        "whatsapp",
        True,
        "Halo {name}, Anda sudah terdaftar sebagai peserta BPJS Ketenagakerjaan (Jaminan Kecelakaan Kerja dan "
        "Jaminan Kematian) dengan iuran dibayar Pemerintah Daerah. Nomor KPJ Anda: {kpj}. Simpan nomor ini.",
    ),
    (
        "membership_ending",
        "whatsapp",
        True,
        "Halo {name}, kepesertaan BPJS Ketenagakerjaan Anda (KPJ {kpj}) berakhir pada {end_date}. "
        "Keterangan: {reason}. Hubungi operator desa bila ada pertanyaan.",
    ),
    ("application_received", "sms", False, "Pengajuan BPJS TK {name} diterima. No tanda terima {receipt_no}."),
    ("application_returned", "sms", False, "Pengajuan {receipt_no} dikembalikan: {reason}. Hubungi operator desa."),
    ("application_approved", "sms", False, "Pengajuan {receipt_no} disetujui. Tunggu kabar nomor KPJ."),
    ("application_rejected", "sms", False, "Pengajuan {receipt_no} tidak disetujui: {reason}."),
    ("membership_active", "sms", False, "{name} terdaftar BPJS Ketenagakerjaan. No KPJ {kpj}."),
    ("membership_ending", "sms", False, "Kepesertaan BPJS TK KPJ {kpj} berakhir {end_date}: {reason}."),
]


def seed(apps, schema_editor):
    NoticeTemplate = apps.get_model("notices", "NoticeTemplate")
    for key, channel, active, text in TEMPLATES:
        NoticeTemplate.objects.get_or_create(key=key, channel=channel, defaults={"text": text, "active": active})


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
