from django.urls import path

from appraisal import views

app_name = "appraisal"

urlpatterns = [
    path("", views.index, name="index"),
    path("units/<int:pk>/", views.unit_items, name="unit"),
    path("assessments/<int:pk>/", views.detail, name="detail"),
    path("assessments/<int:pk>/report/", views.report, name="report"),
    path("assessments/<int:pk>/score/", views.score, name="score"),
    path("assessments/<int:pk>/return/", views.return_for_evidence, name="return"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("queue/", views.queue, name="queue"),
    path("lists/<int:pk>/auto-score/", views.auto_score, name="auto_score"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/download/", views.ranking_download, name="ranking_download"),
]
