from django.urls import path

from duties import views

app_name = "duties"

urlpatterns = [
    path("", views.executive_list, name="executive_list"),
    path("missing/", views.missing, name="missing"),
    path("<int:year>/cadres/<int:pk>/", views.record_detail, name="record_detail"),
    path("<int:year>/cadres/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("<int:year>/cadres/<int:pk>/delete/", views.record_delete, name="record_delete"),
]
