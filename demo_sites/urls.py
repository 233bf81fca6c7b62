from django.urls import path

from demo_sites import views

app_name = "demo_sites"
urlpatterns = [
    path("", views.application_list, name="application_list"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:pk>/delete/", views.application_delete, name="application_delete"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("applications/<int:pk>/acceptance/", views.acceptance_create, name="acceptance_create"),
    path("applications/<int:pk>/acceptance/print/", views.acceptance_print, name="acceptance_print"),
    path("applications/<int:pk>/city-decision/", views.city_decision, name="city_decision"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("designations/", views.designation_list, name="designation_list"),
    path("designations/new/", views.designation_record, name="designation_record"),
    path("designations/<int:pk>/", views.designation_detail, name="designation_detail"),
    path("designations/<int:pk>/revoke/", views.designation_revoke, name="designation_revoke"),
    path("designations/<int:pk>/subsidies/", views.subsidy_create, name="subsidy_create"),
    path("designations/<int:pk>/review/", views.review_create, name="review_create"),
    path("designations/<int:pk>/recommend/", views.city_recommend, name="city_recommend"),
    path("subsidies/", views.subsidy_summary, name="subsidy_summary"),
]
