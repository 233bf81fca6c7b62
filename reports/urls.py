from django.urls import path

from reports import liaison_views, sealing_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("indicators/", views.indicators, name="indicators"),
    path("status-report/", views.status_report, name="status_report"),
    path("download/<slug:name>/", views.download, name="download"),
    path("liaison-coverage/", liaison_views.liaison_coverage, name="liaison_coverage"),
    # 年报定稿
    path("year-close/", sealing_views.year_close, name="year_close"),
    path("year-close/confirm/", sealing_views.year_confirm, name="year_confirm"),
    path("year-close/return/", sealing_views.year_return, name="year_return"),
    path("year-close/seal/", sealing_views.year_seal, name="year_seal"),
    path("sealed-vs-live/", sealing_views.sealed_vs_live, name="sealed_vs_live"),
]
