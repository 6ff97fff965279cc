"""Audit events in words: what an action code and an object type mean to the staff who read the trail.

The codes stay in the database (filters and tests use them); pages show these labels. A code without a label
falls back to its object's noun and verb, and a test keeps every code written in the source labelled.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ACTION_LABELS: dict[str, Promise] = {
    # Accounts and sign-in
    "account.login": pgettext_lazy("audit event", "Masuk ke Lindung"),
    "account.locked": _("Akun dikunci sementara karena terlalu sering gagal masuk"),
    "account.unlock": _("Kunci akun dibuka"),
    "account.create": _("Akun pengguna dibuat"),
    "account.update": _("Akun pengguna diubah"),
    "account.activate": _("Akun pengguna diaktifkan"),
    "account.deactivate": _("Akun pengguna dinonaktifkan"),
    "account.password_change": _("Kata sandi diganti oleh pemiliknya"),
    "account.password_reset": _("Kata sandi diatur ulang oleh admin"),
    "account.logout_everywhere": pgettext_lazy("audit event", "Keluar dari semua perangkat"),
    "account.2fa_enrol": _("Verifikasi dua langkah diaktifkan"),
    "account.2fa_ok": _("Verifikasi dua langkah berhasil"),
    "account.2fa_backup_used": _("Kode cadangan verifikasi dua langkah dipakai"),
    "account.2fa_failed": _("Kode verifikasi dua langkah salah"),
    "account.2fa_reset": _("Verifikasi dua langkah diatur ulang oleh admin"),
    "account.backup_codes": _("Kode cadangan verifikasi dua langkah dibuat"),
    # API
    "api.token_create": _("Token API dibuat"),
    "api.token_revoke": _("Token API dicabut"),
    "api.read": _("Data dibaca lewat API"),
    "api.create": _("Pekerja dicatat lewat API"),
    "api.view_nik": _("NIK lengkap dibaca lewat API"),
    # Workers
    "worker.create": _("Data pekerja dicatat"),
    "worker.update": _("Data pekerja diubah"),
    "worker.import_update": _("Data pekerja diperbarui dari berkas sumber yang lebih baru"),
    "worker.status": _("Status pekerja diubah"),
    "worker.view_nik": _("NIK lengkap dilihat"),
    "worker.flag_clear": _("Tanda pemeriksaan diselesaikan"),
    "worker.merge": _("Data ganda digabungkan ke data ini"),
    "worker.merged_into": _("Digabungkan ke data lain (data ganda)"),
    "intake.repeat": _("Pengajuan baru dengan NIK yang sudah terdaftar"),
    "intake.repeat_handled": _("Pengajuan ulang ditangani"),
    "dedup.different": _("Dinyatakan orang berbeda dari data yang mirip"),
    "eligibility.override": _("Disetujui dengan pengecualian aturan kelayakan"),
    "eligibility.rule_create": _("Aturan kelayakan dibuat"),
    "eligibility.rule_update": _("Aturan kelayakan diubah"),
    # Imports
    "import.commit": _("Impor disimpan ke registri"),
    "import.undo": _("Impor diurungkan"),
    "import.retry": _("Impor diperiksa ulang"),
    "import.report_download": _("Laporan kesalahan impor diunduh"),
    "import.accept_nik_mismatch": _(
        "Baris yang tanggal lahir atau jenis kelaminnya beda dengan NIK diterima"
    ),
    # Enrolment
    "batch.create": _("Batch pendaftaran dibuat"),
    "batch.seal": _("Batch pendaftaran dikunci"),
    "batch.export": _("Berkas batch untuk BPJS dibuat"),
    "batch.send": _("Berkas batch ditandai sudah dikirim ke BPJS"),
    "batch.download": _("Berkas batch diunduh"),
    "batch.results_upload": _("Berkas hasil BPJS diunggah"),
    "batch.results_apply": _("Hasil BPJS diterapkan"),
    "batch.close": _("Batch pendaftaran ditutup"),
    "batch.job_stalled": _("Proses latar belakang batch terhenti"),
    "membership.start": _("Kepesertaan dimulai"),
    "membership.deactivate": _("Kepesertaan dinonaktifkan"),
    "membership.reactivate": _("Kepesertaan diaktifkan kembali"),
    "membership.end": _("Kepesertaan dihentikan"),
    "membership.notice": _("Pemberitahuan kepesertaan dikirim ke pekerja"),
    "membership.letter": _("Surat keterangan kepesertaan dicetak"),
    "renewal.propose": _("Usulan pembaruan kepesertaan tahunan dibuat"),
    "renewal.confirm": _("Pembaruan kepesertaan tahunan dikonfirmasi"),
    # Premiums
    "bill.compute": _("Tagihan iuran bulanan dihitung"),
    "bill.download": _("Tagihan iuran bulanan diunduh"),
    "invoice.upload": _("Tagihan dari BPJS diunggah dan dicocokkan"),
    "payment.record": _("Pembayaran (SP2D) dicatat"),
    "claim.report": _("Klaim dicatat"),
    "claim.paid": _("Klaim dicatat sudah dibayar"),
    # Master data
    "occupation.create": _("Pekerjaan ditambahkan ke katalog"),
    "occupation.update": _("Pekerjaan di katalog diubah"),
    "occupation.delete": _("Pekerjaan dihapus dari katalog"),
    "occupation_alias.create": _("Padanan pekerjaan ditambahkan"),
    "occupation_alias.update": _("Padanan pekerjaan diubah"),
    "occupation_alias.delete": _("Padanan pekerjaan dihapus"),
    "agency.create": _("OPD ditambahkan"),
    "agency.update": _("OPD diubah"),
    "funding_source.create": _("Sumber dana ditambahkan"),
    "funding_source.update": _("Sumber dana diubah"),
    "export_layout.create": _("Tata letak berkas BPJS ditambahkan"),
    "export_layout.update": _("Tata letak berkas BPJS diubah"),
    "office.create": _("Profil instansi diisi"),
    "office.update": _("Profil instansi diubah"),
    "notices.template_edit": _("Templat pesan diubah"),
    # Reports
    "report.export": _("Laporan atau daftar diunduh"),
    "report.potential_set": _("Jumlah pekerja potensial (BPS) diisi"),
    "report.target_set": _("Target cakupan diisi"),
    "report.budget_set": _("Anggaran program diisi"),
    "report.regulation_add": _("Regulasi ditambahkan ke laporan"),
    "report.regulation_delete": _("Regulasi dihapus dari laporan"),
    "report.innovation_add": _("Inovasi ditambahkan ke laporan"),
    "report.innovation_delete": _("Inovasi dihapus dari laporan"),
    "report.semesterproblem_add": _("Permasalahan semester ditambahkan ke laporan"),
    "report.semesterproblem_delete": _("Permasalahan semester dihapus dari laporan"),
    # Privacy (UU PDP)
    "privacy.export": _("Salinan data pribadi diekspor"),
    "privacy.consent_withdraw": _("Persetujuan penggunaan data ditarik"),
    "privacy.consent_give": _("Persetujuan penggunaan data diberikan"),
    "privacy.anonymise": _("Data pribadi dianonimkan"),
    "privacy.hold_place": _("Penahanan data dipasang"),
    "privacy.hold_release": _("Penahanan data dicabut"),
}

# Singular nouns with a context: the same Indonesian word is a plural menu entry elsewhere ("Pekerja" → "Workers").
OBJECT_NOUNS: dict[str, Promise] = {
    "workers.worker": pgettext_lazy("audit object", "Pekerja"),
    "accounts.user": pgettext_lazy("audit object", "Pengguna"),
    "accounts.agency": pgettext_lazy("audit object", "OPD"),
    "workers.occupation": pgettext_lazy("audit object", "Pekerjaan"),
    "workers.occupationalias": pgettext_lazy("audit object", "Padanan pekerjaan"),
    "enrolment.enrolmentbatch": pgettext_lazy("audit object", "Batch pendaftaran"),
    "enrolment.membership": pgettext_lazy("audit object", "Kepesertaan"),
    "enrolment.fundingsource": pgettext_lazy("audit object", "Sumber dana"),
    "enrolment.exportlayout": pgettext_lazy("audit object", "Tata letak berkas BPJS"),
    "enrolment.renewalrun": pgettext_lazy("audit object", "Pembaruan tahunan"),
    "enrolment.membershipletter": pgettext_lazy("audit object", "Surat keterangan kepesertaan"),
    "imports.importjob": pgettext_lazy("audit object", "Impor"),
    "eligibility.eligibilityrule": pgettext_lazy("audit object", "Aturan kelayakan"),
    "dedup.duplicatecandidate": pgettext_lazy("audit object", "Kemungkinan data ganda"),
    "notices.noticetemplate": pgettext_lazy("audit object", "Templat pesan"),
    "premiums.bill": pgettext_lazy("audit object", "Tagihan iuran"),
    "premiums.payment": pgettext_lazy("audit object", "Pembayaran"),
    "premiums.invoiceupload": pgettext_lazy("audit object", "Tagihan BPJS"),
    "premiums.claim": pgettext_lazy("audit object", "Klaim"),
    "api.apitoken": pgettext_lazy("audit object", "Token API"),
    "core.office": pgettext_lazy("audit object", "Profil instansi"),
    "regions.region": pgettext_lazy("audit object", "Wilayah"),
    "reports.potentialworkers": pgettext_lazy("audit object", "Pekerja potensial (BPS)"),
    "reports.coveragetarget": pgettext_lazy("audit object", "Target cakupan"),
    "reports.budget": pgettext_lazy("audit object", "Anggaran"),
    "reports.regulation": pgettext_lazy("audit object", "Regulasi"),
    "reports.innovation": pgettext_lazy("audit object", "Inovasi"),
    "reports.semesterproblem": pgettext_lazy("audit object", "Permasalahan semester"),
}

VERBS: dict[str, Promise] = {
    "create": _("dibuat"),
    "add": _("ditambahkan"),
    "update": _("diubah"),
    "delete": _("dihapus"),
}


def object_noun(object_type: str) -> str:
    """The object type as a word: "Pekerja", "Pengguna"; an unknown type by its model's verbose name."""
    if object_type in OBJECT_NOUNS:
        return str(OBJECT_NOUNS[object_type])
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name).capitalize()


def action_label(action: str, object_type: str = "") -> str:
    """The action in words. A code nobody labelled yet reads as "<noun> <verb>" when its verb is known."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    verb = action.rsplit(".", 1)[-1].rsplit("_", 1)[-1]
    if object_type and verb in VERBS:
        return f"{object_noun(object_type)} {VERBS[verb]}"
    return action
