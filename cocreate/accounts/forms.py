"""Sign-up, with the per-address limit on new accounts, the admin's sign-in, with its limit on
failed attempts, and a person's own settings."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.core import context
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from cocreate.core.forms import Line, ServiceForm
from cocreate.moderation.rates import check_rate, failures_limited


class SignupForm(AllauthSignupForm):  # type: ignore[misc]
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
