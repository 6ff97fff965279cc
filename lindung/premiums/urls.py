from django.urls import path

from . import views, views_finance

urlpatterns = [
    path("", views.premium_home, name="premium_home"),
    path("tagihan/hitung/", views.bill_compute_view, name="bill_compute"),
    path("tagihan/unduh/", views.bill_download, name="bill_download"),
    path("anggaran/", views_finance.budget_view, name="budget"),
    path("pembayaran/", views_finance.payments_view, name="payments"),
    path("tunggakan/", views_finance.arrears_view, name="arrears"),
    path("tunggakan/terapkan/", views_finance.arrears_apply_view, name="arrears_apply"),
    path("tagihan-bpjs/", views_finance.invoices_view, name="invoices"),
    path("tagihan-bpjs/<int:pk>/", views_finance.invoice_detail, name="invoice_detail"),
    path("klaim/", views_finance.claims_view, name="claims"),
    path("klaim/<int:pk>/dibayar/", views_finance.claim_paid_view, name="claim_paid"),
]
