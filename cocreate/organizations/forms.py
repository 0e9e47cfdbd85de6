"""The members page's forms: add a person with a role, change a member's role."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from cocreate.core.forms import Line, ServiceForm

from .models import Role


def _role(*, prompt: bool = False) -> forms.ChoiceField:
    """The role field; `prompt` starts it at "Choose a role" (adding someone is a decision, not
    a default of admin)."""
    blank = [("", gettext_lazy("Choose a role"))] if prompt else []
    return forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[*blank, *Role.choices],
        error_messages={
            "required": gettext_lazy("Choose a role."),
            "invalid_choice": gettext_lazy("Choose one of the roles."),
        },
    )


class MemberAddForm(ServiceForm):
    """A person named by their username or email, and the role they get."""

    person = Line(
        max_length=254,
        noun="username or email",
        required=True,
        label=gettext_lazy("Username or email"),
        error_messages={"required": gettext_lazy("Type the person's username or email.")},
    )
    role = _role(prompt=True)

    beside = frozenset({"person", "role"})


class RoleForm(ServiceForm):
    """A member's new role."""

    role = _role()
