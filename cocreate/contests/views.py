"""Contest pages: staff run the contest, jurors judge blind, residents vote and read the results.

Judging is blind on these pages: the judging list and a judge's view of a proposal show its
title, drawing, reasons, rule checks and metrics, never its author (no name, avatar or profile
link), until the round is locked by every juror or by staff. Jurors can still browse the public
site, where proposals carry their authors' names; the contest pages do not reveal them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cocreate.challenges.toolkits import toolkit_for
from cocreate.core.forms import ServiceForm
from cocreate.core.htmx import log_in_first, redirect
from cocreate.core.idempotency import idempotent
from cocreate.proposals.models import Proposal
from cocreate.proposals.toolkit_view import metric_rows

from . import selectors, services
from .forms import (
    ConflictForm,
    FinalistForm,
    InviteForm,
    PrizeForm,
    RoundField,
    RoundForm,
    ScoreForm,
    SettingsForm,
    VoteForm,
)
from .models import Contest, Juror, Round

CHANGE, JUDGE, VIEW_JUDGING = "contests.change_contest", "contests.judge", "contests.view_judging"


def _scorecard_url(contest: Contest) -> str | None:
    """The scorecard editor (the reviews pages), if it is there to link to."""
    challenge = contest.challenge
    try:
        return reverse("scorecard", args=[challenge.organization.slug, challenge.slug])
    except NoReverseMatch:
        return None


def _contest_page(
    request: HttpRequest, contest: Contest, refused: ServiceForm | None = None, name: str = ""
) -> HttpResponse:
    """The staff's contest page; after a refused post, `refused` (the form called `name`) is
    shown with its messages and what was typed, with a 4xx."""
    forms: dict[str, ServiceForm] = {
        "settings": SettingsForm(
            initial={
                "public_vote": contest.public_vote,
                "vote_opens": contest.vote_opens,
                "vote_closes": contest.vote_closes,
                "public_vote_share": contest.public_vote_share,
            },
            auto_id="settings-%s",
        ),
        "invite": InviteForm(auto_id="invite-%s"),
        "round": RoundForm(auto_id="round-%s"),
        "prize": PrizeForm(auto_id="prize-%s"),
    }
    if refused is not None and name in forms:
        refused.auto_id = f"{name}-%s"
        forms[name] = refused
    typed_for = typed_answer = None
    if refused is not None and name.startswith("finalist-"):
        typed_for, typed_answer = int(name.removeprefix("finalist-")), refused.typed("jury_answer")
    return render(
        request,
        "contests/contest.html",
        {
            "organization": contest.challenge.organization,
            "challenge": contest.challenge,
            "page": selectors.contest_page(contest),
            "forms": forms,
            "refused": refused,
            "scorecard_url": _scorecard_url(contest),
            "typed_for": typed_for,
            "typed_answer": typed_answer,
        },
        status=refused.status if refused is not None else 200,
    )


def _refusal(error: PermissionDenied | ValidationError) -> ServiceForm:
    """A form holding a refusal of a post that has no fields (a button)."""
    form = ServiceForm({})
    form.is_valid()
    form.refuse(error)
    return form


def _back_to_contest(request: HttpRequest, contest: Contest, message: str) -> HttpResponse:
    messages.success(request, message)
    challenge = contest.challenge
    return redirect(request, reverse("contest", args=[challenge.organization.slug, challenge.slug]))


@require_GET
def contest(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    found = selectors.contest_for_staff(org=org, slug=slug, user=request.user, permission=CHANGE)
    return _contest_page(request, found)


@require_POST
def contest_settings(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    found = selectors.contest_for_staff(org=org, slug=slug, user=request.user, permission=CHANGE)
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            services.contest_settings_set(
                actor=request.user,
                challenge=found.challenge,
                public_vote=form.cleaned_data["public_vote"],
                vote_opens=form.cleaned_data["vote_opens"],
                vote_closes=form.cleaned_data["vote_closes"],
                public_vote_share=form.cleaned_data["public_vote_share"] or 0,
            )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        return _contest_page(request, found, form, "settings")
    return _back_to_contest(request, found, _("Contest settings saved."))


@require_POST
@idempotent
def juror_invite(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    found = selectors.contest_for_staff(org=org, slug=slug, user=request.user, permission=CHANGE)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            juror = services.juror_invite(
                actor=request.user, challenge=found.challenge, who=form.cleaned_data["who"]
            )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        return _contest_page(request, found, form, "invite")
    return _back_to_contest(request, found, _("%(name)s is on the jury.") % {"name": juror.user})


@require_POST
def juror_remove(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    found = selectors.contest_for_staff(org=org, slug=slug, user=request.user, permission=CHANGE)
    juror = Juror.objects.select_related("user").filter(contest_id=found.pk, pk=pk).first()
    if juror is None:
        raise Http404
    try:
        services.juror_remove(actor=request.user, juror=juror)
    except (PermissionDenied, ValidationError) as error:
        return _contest_page(request, found, _refusal(error), "remove")
    return _back_to_contest(request, found, _("%(name)s left the jury.") % {"name": juror.user})


@require_POST
@idempotent
def round_add(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    found = selectors.contest_for_staff(org=org, slug=slug, user=request.user, permission=CHANGE)
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            services.round_add(actor=request.user, challenge=found.challenge, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        return _contest_page(request, found, form, "round")
    return _back_to_contest(request, found, _("Round added."))


def _round(contest: Contest, pk: int | None) -> Round:
    found = Round.objects.filter(contest_id=contest.pk, pk=pk).first() if pk else None
    if found is None:
        raise Http404
    found.contest = contest
    return found


@require_POST
def round_lock(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    found = selectors.contest_for_staff(org=org, slug=slug, user=request.user, permission=CHANGE)
    round_ = _round(found, pk)
    try:
        services.round_lock(actor=request.user, round_=round_)
    except (PermissionDenied, ValidationError) as error:
        return _contest_page(request, found, _refusal(error), "lock")
    return _back_to_contest(request, found, _("The round is locked: scores are final."))


@require_POST
@idempotent
def prize_add(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    found = selectors.contest_for_staff(org=org, slug=slug, user=request.user, permission=CHANGE)
    form = PrizeForm(request.POST)
    if form.is_valid():
        try:
            services.prize_add(actor=request.user, challenge=found.challenge, **form.cleaned_data)
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        return _contest_page(request, found, form, "prize")
    return _back_to_contest(request, found, _("Prize added."))


@require_POST
def finalist_set(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    found = selectors.contest_for_staff(org=org, slug=slug, user=request.user, permission=CHANGE)
    proposal = Proposal.objects.filter(challenge=found.challenge, pk=pk).first()
    if proposal is None:
        raise Http404
    form = FinalistForm(request.POST)
    if form.is_valid():
        prize_id = form.cleaned_data["prize"]
        prize = found.prizes.filter(pk=prize_id).first() if prize_id and found.pk else None
        try:
            if prize_id and prize is None:
                raise ValidationError({"prize": [_("Choose one of this contest's prizes.")]})
            services.finalist_set(
                actor=request.user,
                challenge=found.challenge,
                proposal=proposal,
                prize=prize,
                jury_answer=form.cleaned_data["jury_answer"],
            )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        return _contest_page(request, found, form, f"finalist-{proposal.pk}")
    return _back_to_contest(request, found, _("Saved for “%(title)s”.") % {"title": proposal.title})


@require_POST
def results_publish(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    found = selectors.contest_for_staff(org=org, slug=slug, user=request.user, permission=CHANGE)
    try:
        services.results_publish(actor=request.user, challenge=found.challenge)
    except (PermissionDenied, ValidationError) as error:
        return _contest_page(request, found, _refusal(error), "publish")
    return _back_to_contest(request, found, _("The results are published."))


def _judge_context(page: selectors.JudgePage) -> dict[str, Any]:
    challenge = page.contest.challenge
    return {
        "organization": challenge.organization,
        "challenge": challenge,
        "page": page,
        "judge_url": reverse("judge", args=[challenge.organization.slug, challenge.slug]),
    }


@require_GET
def judge(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    found = selectors.contest_for_staff(
        org=org, slug=slug, user=request.user, permission=VIEW_JUDGING
    )
    query = RoundField(request.GET)
    page = selectors.judge_page(found, user=request.user, round_pk=query.fallback("round"))
    return render(request, "contests/judge.html", _judge_context(page))


def _judging_post(
    request: HttpRequest, org: str, slug: str, form: ServiceForm
) -> tuple[selectors.JudgePage, Round]:
    """A juror's post: the judging page it came from and the round it is about."""
    found = selectors.contest_for_staff(org=org, slug=slug, user=request.user, permission=JUDGE)
    page = selectors.judge_page(found, user=request.user, round_pk=form.fallback("round"))
    if page.judging is None:
        raise Http404
    return page, page.judging.round


def _to_round(request: HttpRequest, page: selectors.JudgePage, round_: Round) -> HttpResponse:
    return redirect(request, f"{_judge_context(page)['judge_url']}?round={round_.pk}")


@require_POST
def judge_lock(request: HttpRequest, org: str, slug: str) -> HttpResponse:
    form = RoundField(request.POST)
    page, round_ = _judging_post(request, org, slug, form)
    try:
        services.scores_lock(actor=request.user, round_=round_)
    except (PermissionDenied, ValidationError) as error:
        form.refuse(error)
        context = {**_judge_context(page), "refused": form}
        return render(request, "contests/judge.html", context, status=form.status)
    messages.success(request, _("Your scores are locked."))
    return _to_round(request, page, round_)


def _proposal_context(
    page: selectors.JudgePage, proposal: Proposal, form: ScoreForm
) -> dict[str, Any]:
    toolkit = toolkit_for(page.contest.challenge)
    entry = page.judging.entry(proposal.pk) if page.judging else None
    return {
        **_judge_context(page),
        "proposal": proposal,
        "entry": entry,
        "evaluation": proposal.evaluation,
        "metrics": metric_rows(toolkit, proposal.evaluation.get("metrics", {})),
        "kind": toolkit.kind,
        "form": form,
        "conflict": ConflictForm(),
    }


@require_http_methods(["GET", "POST"])
def judge_proposal(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    """A judge's view of one proposal (no author until the round is locked) and, for a juror,
    the scoring form, one line per scored criterion."""
    if request.method == "POST":
        return _scores_post(request, org, slug, pk)
    found = selectors.contest_for_staff(
        org=org, slug=slug, user=request.user, permission=VIEW_JUDGING
    )
    page = selectors.judge_page(
        found, user=request.user, round_pk=RoundField(request.GET).fallback("round")
    )
    proposal = selectors.judged_proposal(page, pk)
    initial: dict[str, Any] = {"round": page.judging.round.pk if page.judging else None}
    for c in page.scored_criteria:
        if score := page.mine.get((pk, c.pk)):
            initial |= {f"score_{c.pk}": str(score.value), f"comment_{c.pk}": score.comment}
    form = ScoreForm(initial=initial, criteria=page.scored_criteria)
    return render(request, "contests/judge_proposal.html", _proposal_context(page, proposal, form))


def _scores_post(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    page, round_ = _judging_post(request, org, slug, RoundField(request.POST))
    proposal = selectors.judged_proposal(page, pk)
    form = ScoreForm(request.POST, criteria=page.scored_criteria)
    if form.is_valid():
        try:
            services.scores_set(
                actor=request.user, round_=round_, proposal=proposal, scores=form.scores()
            )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        context = _proposal_context(page, proposal, form)
        return render(request, "contests/judge_proposal.html", context, status=form.status)
    messages.success(request, _("Scores saved for “%(title)s”.") % {"title": proposal.title})
    return _to_round(request, page, round_)


@require_POST
@idempotent
def judge_conflict(request: HttpRequest, org: str, slug: str, pk: int) -> HttpResponse:
    form = ConflictForm(request.POST)
    page, round_ = _judging_post(request, org, slug, form)
    proposal = selectors.judged_proposal(page, pk)
    if form.is_valid():
        try:
            services.conflict_declare(
                actor=request.user,
                round_=round_,
                proposal=proposal,
                reason=form.cleaned_data["reason"],
            )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        context = _proposal_context(page, proposal, ScoreForm(criteria=page.scored_criteria))
        context["conflict"] = form
        return render(request, "contests/judge_proposal.html", context, status=form.status)
    messages.success(request, _("Conflict declared: you won't judge that proposal."))
    return _to_round(request, page, round_)


@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.contest_for_view(slug=slug, user=request.user)
    return render(
        request,
        "contests/results.html",
        {"challenge": found.challenge, "results": selectors.results_page(found)},
    )


@require_POST
@idempotent
def vote(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.contest_for_view(slug=slug, user=request.user)
    back = reverse("challenge", args=[slug])
    if not request.user.is_authenticated:
        return log_in_first(request, back)
    form = VoteForm(request.POST)
    if form.is_valid():
        proposal = Proposal.objects.filter(
            challenge=found.challenge, pk=form.cleaned_data["proposal"]
        ).first()
        try:
            if proposal is None:
                raise ValidationError(
                    {"proposal": [_("Vote for one of this contest's proposals.")]}
                )
            services.vote_cast(actor=request.user, challenge=found.challenge, proposal=proposal)
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        return render(
            request,
            "contests/vote_refused.html",
            {"challenge": found.challenge, "errors": form.above(), "back": back},
            status=form.status,
        )
    messages.success(request, _("Your vote is in. You can change it until the vote closes."))
    return redirect(request, back + "#contest")
