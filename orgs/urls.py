from django.urls import path

from orgs import views

app_name = "orgs"
urlpatterns = [
    path("leadership/shortfalls/", views.leadership_shortfalls, name="leadership_shortfalls"),
]
