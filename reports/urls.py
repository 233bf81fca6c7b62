from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("status-report/", views.status_report, name="status_report"),
    path("download/<slug:name>/", views.download, name="download"),
]
