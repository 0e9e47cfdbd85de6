"""URL map: thin views per app."""

from django.contrib import admin
from django.urls import include, path

from cocreate.accounts import views as account_views
from cocreate.challenges import views as challenge_views
from cocreate.core import views as core_views
from cocreate.proposals import interop_views
from cocreate.proposals import views as proposal_views

handler500 = "cocreate.core.views.server_error"

urlpatterns = [
    path("", challenge_views.home, name="home"),
    path("c/<slug:slug>/", challenge_views.challenge_detail, name="challenge"),
    path("c/<slug:slug>/toolkit/", proposal_views.toolkit, name="toolkit"),
    path("c/<slug:slug>/toolkit/draft/", proposal_views.draft_save, name="toolkit-draft"),
    path("c/<slug:slug>/toolkit/pressure/", proposal_views.pressure, name="toolkit-pressure"),
    path(
        "c/<slug:slug>/toolkit/streetmix/import/",
        interop_views.streetmix_import,
        name="streetmix-import",
    ),
    path(
        "c/<slug:slug>/toolkit/streetmix/export/",
        interop_views.streetmix_export,
        name="streetmix-export",
    ),
    path("c/<slug:slug>/p/<int:pk>/", proposal_views.proposal_detail, name="proposal"),
    path("c/<slug:slug>/p/<int:pk>/support/", proposal_views.support, name="support"),
    path("c/<slug:slug>/p/<int:pk>/pledge/", proposal_views.pledge, name="pledge"),
    path("c/<slug:slug>/p/<int:pk>/oppose/", proposal_views.oppose, name="oppose"),
    path("", include("cocreate.lineage.urls")),
    path("", include("cocreate.search.urls")),
    path("", include("cocreate.community.urls")),
    path("", include("cocreate.notifications.urls")),
    path("", include("cocreate.moderation.urls")),
    path("", include("cocreate.workspace.urls")),
    path("", include("cocreate.board.urls")),
    path("", include("cocreate.insights.urls")),
    path("", include("cocreate.decisions.urls")),
    path("", include("cocreate.reviews.urls")),
    path("", include("cocreate.merges.urls")),
    path("", include("cocreate.contests.urls")),
    path("", include("cocreate.tracking.urls")),
    path("", include("cocreate.accountability.urls")),
    path("", include("cocreate.audit.urls")),
    path("", include("cocreate.organizations.urls")),
    path("health/", core_views.health, name="health"),
    path("ready/", core_views.ready, name="ready"),
    path("images/<int:pk>/<str:digest>/", core_views.image, name="image"),
    path("accounts/units/", account_views.units, name="units"),
    path("accounts/privacy/", account_views.privacy, name="privacy"),
    path("", include("cocreate.profiles.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]
