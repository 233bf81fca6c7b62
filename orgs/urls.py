from django.urls import include, path

from orgs import views

# Portal pages of orgs are named in the "orgs" namespace; the home page keeps its plain name "home",
# which every app's templates link to.
orgs_patterns = (
    [path("leadership/shortfalls/", views.leadership_shortfalls, name="leadership_shortfalls")],
    "orgs",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("", include(orgs_patterns)),
]
