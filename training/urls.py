from django.urls import path

from training import views

app_name = "training"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("events/<int:pk>/attendance/", views.attendance_add, name="attendance_add"),
    path("events/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("events/<int:pk>/sign-in/", views.sign_in_upload, name="sign_in_upload"),
    path("events/<int:pk>/sign-in/preview/", views.sign_in_preview, name="sign_in_preview"),
    path("events/<int:pk>/scan-sign-in/", views.scan_sign_in_qr, name="scan_sign_in_qr"),
    path("events/<int:pk>/scan-sign-in/poster/", views.scan_sign_in_poster, name="scan_sign_in_poster"),
    path("events/<int:pk>/scan-sign-in/confirm/", views.scan_sign_in_confirm, name="scan_sign_in_confirm"),
    # The public page behind the QR code (no login): a short path keeps the code coarse.
    path("s/<str:token>/", views.scan_sign_in, name="scan_sign_in"),
    path("attendance/<int:pk>/status/", views.attendance_status, name="attendance_status"),
    path("attendance/<int:pk>/delete/", views.attendance_delete, name="attendance_delete"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("cadres/search/", views.cadre_search, name="cadre_search"),
    path("cadres/<int:pk>/", views.cadre_record, name="cadre_record"),
    path("untrained/", views.untrained, name="untrained"),
]
