"""/notifikasi/: Admin Dinas sees the delivery status of its kabupaten and edits the texts; others get 403."""

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_OUTSIDE, login, make_worker
from lindung.notices.models import Notice, NoticeTemplate
from lindung.notices.services import notice_enqueue


def notice_for(desa: str, name: str) -> Notice:
    worker = make_worker(desa, name=name, receipt_no=f"LD-{name[:8].upper()}")
    [notice] = notice_enqueue(worker=worker, template_key="application_approved", payload={})
    return notice


def test_admin_sees_notices_of_its_kabupaten_only(personas):
    notice_for(DESA_A, "Rohani")
    notice_for(DESA_OUTSIDE, "Orang Banyuasin")
    page = login(personas["admin"]).get("/notifikasi/").content.decode()
    assert "Rohani" in page and "Orang Banyuasin" not in page
    assert "6281•••••7890" in page and "6281234567890" not in page  # the number is masked
    other = login(personas["admin_lain"]).get("/notifikasi/").content.decode()
    assert "Orang Banyuasin" in other and "Rohani" not in other


def test_other_roles_get_403(personas):
    for persona in ("kecamatan", "desa", "opd", "bpjs", "pimpinan"):
        assert login(personas[persona]).get("/notifikasi/").status_code == 403
        assert login(personas[persona]).get("/notifikasi/templat/").status_code == 403


def test_status_filter(personas):
    sent = notice_for(DESA_A, "Rohani")
    Notice.objects.filter(pk=sent.pk).update(status=Notice.Status.SENT)
    notice_for(DESA_A, "Darmawan")
    page = login(personas["admin"]).get("/notifikasi/?status=sent").content.decode()
    assert "Rohani" in page and "Darmawan" not in page


def test_admin_retries_a_dead_notice(personas):
    notice = notice_for(DESA_A, "Rohani")
    Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.DEAD, attempts=5)
    login(personas["admin"]).post(f"/notifikasi/{notice.pk}/kirim-ulang/")
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.Status.PENDING, 0)
    assert login(personas["admin_lain"]).post(f"/notifikasi/{notice.pk}/kirim-ulang/").status_code == 404


def test_admin_edits_a_template(personas):
    template = NoticeTemplate.objects.get(key="application_approved", channel="whatsapp")
    response = login(personas["admin"]).post(
        f"/notifikasi/templat/{template.pk}/",
        {"text": "Selamat {name}, disetujui ({receipt_no}).", "active": "on"},
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.text == "Selamat {name}, disetujui ({receipt_no})."
    assert AuditEvent.objects.filter(action="notices.template_edit", object_id=str(template.pk)).exists()
    assert notice_for(DESA_A, "Rohani").body == "Selamat Rohani, disetujui (LD-ROHANI)."


def test_an_unknown_placeholder_is_refused(personas):
    template = NoticeTemplate.objects.get(key="application_approved", channel="whatsapp")
    before = template.text
    response = login(personas["admin"]).post(
        f"/notifikasi/templat/{template.pk}/", {"text": "Halo {nama}", "active": "on"}
    )
    assert response.status_code == 200
    assert "Isian {nama} tidak dikenal." in response.content.decode()
    template.refresh_from_db()
    assert template.text == before


def test_the_seeded_templates_cover_every_event(db):
    from lindung.notices.models import TemplateKey

    active = set(NoticeTemplate.objects.filter(active=True, channel="whatsapp").values_list("key", flat=True))
    # A reply to a person's WhatsApp message is written by the conversation, not from a template.
    assert active == set(TemplateKey.values) - {TemplateKey.REPLY}
