"""Sign-up, with the per-address limit on new accounts, the admin's sign-in, with its limit on
failed attempts, and a person's own settings."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cocreate.core.forms import Line, ServiceForm
from cocreate.moderation.rates import check_rate, failures_limited


class SiteWording:
    """allauth's labels in the site's sentence case ("Remember me", "New password"), a message
    for an empty field that names it, and no placeholders: the label says what to type, and a
    placeholder repeating it is only noise."""

    fields: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = field.label[0] + field.label[1:].lower()
                named = field.label.lower().replace("(", "").replace(")", "")  # password again
                field.error_messages["required"] = _("Type your %(field)s.") % {"field": named}
            field.widget.attrs.pop("placeholder", None)


class LoginForm(SiteWording, AllauthLoginForm):  # type: ignore[misc]
    pass


class ResetPasswordForm(SiteWording, AllauthResetPasswordForm):  # type: ignore[misc]
    pass


class ResetPasswordKeyForm(SiteWording, AllauthResetPasswordKeyForm):  # type: ignore[misc]
    pass


class ChangePasswordForm(SiteWording, AllauthChangePasswordForm):  # type: ignore[misc]
    pass


class SignupForm(SiteWording, AllauthSignupForm):  # type: ignore[misc]
    def clean(self) -> dict[str, Any]:
        """Count a sign-up only once the form is otherwise good, so typos cost nothing."""
        cleaned: dict[str, Any] = super().clean()
        if not self.errors:
            ip = get_adapter().get_client_ip(context.request)
            try:
                check_rate(actor=None, action="signup", ip=ip)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class AdminLoginForm(AdminAuthenticationForm):
    """allauth limits the site's own sign-in; the admin's is limited here, by address and by
    the name tried: a stolen-password guesser waits, and the right password waits too."""

    def clean(self) -> dict[str, Any]:
        name, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not name or not password:
            return super().clean()  # a field left empty: nothing was tried
        ip = get_adapter().get_client_ip(self.request)
        with failures_limited(action="login", ip=ip, name=name):
            cleaned: dict[str, Any] = super().clean()
        return cleaned


class UnitsForm(ServiceForm):
    units = Line(max_length=20, noun="units")


class PrivacyForm(ServiceForm):
    profile_public = Line(max_length=10, noun="choice")

    def public(self) -> bool:
        """Only a ticked box ("on") makes the profile public: anything odd keeps it private."""
        return bool(self.fallback("profile_public") == "on")
