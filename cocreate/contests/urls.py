"""URLs of the contest pages: staff's settings and the judging under `manage/`, the public
results and vote under the challenge."""

from django.urls import path

from . import views

STAFF = "manage/<slug:org>/c/<slug:slug>/"

urlpatterns = [
    path(f"{STAFF}contest/", views.contest, name="contest"),
    path(f"{STAFF}contest/settings/", views.contest_settings, name="contest-settings"),
    path(f"{STAFF}contest/jurors/", views.juror_invite, name="contest-juror-invite"),
    path(
        f"{STAFF}contest/jurors/<int:pk>/remove/",
        views.juror_remove,
        name="contest-juror-remove",
    ),
    path(f"{STAFF}contest/rounds/", views.round_add, name="contest-round-add"),
    path(f"{STAFF}contest/rounds/<int:pk>/lock/", views.round_lock, name="contest-round-lock"),
    path(f"{STAFF}contest/prizes/", views.prize_add, name="contest-prize-add"),
    path(f"{STAFF}contest/finalists/<int:pk>/", views.finalist_set, name="contest-finalist"),
    path(f"{STAFF}contest/publish/", views.results_publish, name="contest-publish"),
    path(f"{STAFF}judge/", views.judge, name="judge"),
    path(f"{STAFF}judge/lock/", views.judge_lock, name="judge-lock"),
    path(f"{STAFF}judge/<int:pk>/", views.judge_proposal, name="judge-proposal"),
    path(f"{STAFF}judge/<int:pk>/conflict/", views.judge_conflict, name="judge-conflict"),
    path("c/<slug:slug>/results/", views.results, name="contest-results"),
    path("c/<slug:slug>/vote/", views.vote, name="contest-vote"),
]
