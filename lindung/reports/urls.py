from django.urls import path

from . import views, views_reports

urlpatterns = [
    path("", views.dashboard_view, name="reports_dashboard"),
    path("unduh/<slug:key>.xlsx", views.chart_download, name="reports_chart_download"),
    path("perbarui/", views.refresh, name="reports_refresh"),
    path("sisir/", views_reports.sweep_index, name="reports_sweep_index"),
    path("sisir/<str:code>/", views_reports.sweep, name="reports_sweep"),
    path("daftar/", views_reports.lists, name="reports_lists"),
    path("data/", views_reports.data_page, name="reports_data"),
    path("data/<slug:kind>/<int:pk>/hapus/", views_reports.data_delete, name="reports_data_delete"),
    path("<slug:kind>/", views_reports.periodic, name="reports_periodic"),
]
