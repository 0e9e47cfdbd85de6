"""The members page: an organization's admins add people, change their roles, remove them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cocreate.core.htmx import redirect
from cocreate.core.idempotency import idempotent

from . import selectors, services
from .forms import MemberAddForm, RoleForm
from .models import Organization, Role

PERMISSION = "organizations.change_membership"


def _page(
    request: HttpRequest,
    organization: Organization,
    add: MemberAddForm,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "organization": organization,
        "members": selectors.members_of(organization=organization),
        "roles": Role.choices,
        "form": add,
        "errors": [*(errors or []), *add.above()],
    }
    return render(request, "organizations/members.html", context, status=status)


def _back(organization: Organization) -> str:
    return reverse("members", args=[organization.slug])


@require_http_methods(["GET", "POST"])
@idempotent
def members(request: HttpRequest, org: str) -> HttpResponse:
    organization = selectors.organization_for_staff(
        slug=org, user=request.user, permission=PERMISSION
    )
    if request.method != "POST":
        return _page(request, organization, MemberAddForm())
    form = MemberAddForm(request.POST)
    if form.is_valid():
        person = selectors.account_named(form.cleaned_data["person"])
        if person is None:
            form.add_error(
                "person",
                _("No account has that username or email: they need to sign up first."),
            )
        else:
            try:
                services.membership_set(
                    actor=request.user,
                    organization=organization,
                    user=person,
                    role=form.cleaned_data["role"],
                )
            except (PermissionDenied, ValidationError) as error:
                form.refuse(error)
    if form.errors:
        return _page(request, organization, form, status=form.status)
    role = Role(form.cleaned_data["role"]).label
    messages.success(request, _("%(who)s is %(role)s.") % {"who": person, "role": role})
    return redirect(request, _back(organization))


@require_POST
@idempotent
def member_role(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    organization = selectors.organization_for_staff(
        slug=org, user=request.user, permission=PERMISSION
    )
    person = selectors.member_of(organization=organization, pk=pk)
    if person is None:
        raise Http404
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_set(
                actor=request.user,
                organization=organization,
                user=person,
                role=form.cleaned_data["role"],
            )
        except (PermissionDenied, ValidationError) as error:
            form.refuse(error)
    if form.errors:
        errors = [str(e) for field in form.errors.values() for e in field]
        return _page(request, organization, MemberAddForm(), errors, status=form.status)
    role = Role(form.cleaned_data["role"]).label
    messages.success(request, _("%(who)s is %(role)s.") % {"who": person, "role": role})
    return redirect(request, _back(organization))


@require_POST
@idempotent
def member_remove(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    organization = selectors.organization_for_staff(
        slug=org, user=request.user, permission=PERMISSION
    )
    person = selectors.member_of(organization=organization, pk=pk)
    if person is None:  # removed already (a second click): nothing to do
        messages.info(request, _("They are not a member any more."))
        return redirect(request, _back(organization))
    try:
        services.membership_remove(actor=request.user, organization=organization, user=person)
    except ValidationError as error:
        return _page(request, organization, MemberAddForm(), error.messages, status=400)
    messages.success(request, _("%(who)s is no longer a member.") % {"who": person})
    if person.pk == request.user.pk:  # they left: the page is not theirs any more
        return redirect(request, reverse("home"))
    return redirect(request, _back(organization))
