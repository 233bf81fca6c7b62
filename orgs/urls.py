from django.urls import include, path

from orgs import views

# Portal pages of orgs are named in the "orgs" namespace.
orgs_patterns = (
    [path("leadership/shortfalls/", views.leadership_shortfalls, name="leadership_shortfalls")],
    "orgs",
)

urlpatterns = [
    path("", include(orgs_patterns)),
]
