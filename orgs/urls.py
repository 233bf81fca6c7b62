from django.urls import path

from orgs import views

app_name = "orgs"
urlpatterns = [
    path("leadership/shortfalls/", views.leadership_shortfalls, name="leadership_shortfalls"),
    path("transfers/", views.transfer_list, name="transfer_list"),
    path("transfers/new/", views.transfer_create, name="transfer_create"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
]
