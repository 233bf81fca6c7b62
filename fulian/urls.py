"""Top-level URL configuration: the admin, the portal pages of each app, and login."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from orgs.forms import PortalAuthenticationForm
from workbench.help import help_index, help_role
from workbench.views import dashboard as workbench_dashboard
from workbench.views import home

# A database failure outside a view is a Chinese 503 like one inside it (operations.outages).
handler500 = "operations.outages.server_error"

admin.site.site_header = "县妇联基层组织建设管理平台"
admin.site.site_title = "县妇联基层组织建设管理平台"
admin.site.index_title = "数据管理"

urlpatterns = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=PortalAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # 工作概况 is reports' page with the panels of the apps above it (考核排名), composed by workbench; this
    # entry comes before reports' own, so reverse("reports:dashboard") leads here.
    path("reports/dashboard/", workbench_dashboard, name="workbench_dashboard"),
    path("demo-sites/", include("demo_sites.urls")),
    path("training/", include("training.urls")),
    path("reports/", include("reports.urls")),
    path("messages/", include("notices.urls")),
    path("appraisal/", include("appraisal.urls")),
    path("liaison/", include("liaison.urls")),
    path("duties/", include("duties.urls")),
    # 帮助: the 使用说明 (workbench.help), readable without signing in.
    path("help/", help_index, name="help_index"),
    path("help/<slug:role>/", help_role, name="help_role"),
    # 首页: each role's workbench (workbench.views), which reads every app and so is wired here.
    path("", home, name="home"),
    path("", include("orgs.urls")),
]
