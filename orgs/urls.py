from django.urls import path

from orgs import views

urlpatterns = [
    path("", views.home, name="home"),
]
