from django.urls import path

from liaison import views

app_name = "liaison"
# Segments name their model ("contactpoints/<pk>/", "visits/<pk>/", "visitphotos/<pk>/") so that the URL walk
# finds each page's rows without a map.
urlpatterns = [
    path("", views.mine, name="mine"),
    path("contactpoints/", views.point_list, name="point_list"),
    path("contactpoints/new/", views.point_create, name="contactpoint_create"),
    path("contactpoints/<int:pk>/", views.point_detail, name="contactpoint_detail"),
    path("contactpoints/<int:pk>/edit/", views.point_edit, name="contactpoint_edit"),
    path("contactpoints/<int:pk>/delete/", views.point_delete, name="contactpoint_delete"),
    path("contactpoints/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:pk>/delete/", views.visit_delete, name="visit_delete"),
    path("visits/<int:pk>/follow-up-done/", views.visit_follow_up_done, name="visit_follow_up_done"),
    path("visits/<int:pk>/photos/", views.photo_upload, name="photo_upload"),
    path("visitphotos/<int:pk>/", views.photo_download, name="photo_download"),
    path("visitphotos/<int:pk>/delete/", views.photo_delete, name="photo_delete"),
]
