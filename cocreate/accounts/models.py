"""People: our own user model from day one, so later issues can add profile fields cleanly."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Units(models.TextChoices):
    """How lengths are shown; designs are always stored in metres."""

    METRIC = "metric", _("Metric (m)")
    IMPERIAL = "imperial", _("Imperial (ft)")


class User(AbstractUser):
    """A person. `username` is the public name shown on proposals and supports."""

    units = models.CharField(_("units"), max_length=10, choices=Units.choices, default=Units.METRIC)
    profile_public = models.BooleanField(
        _("public profile"),
        default=True,
        help_text=_("Others can see a page listing your proposals and remixes."),
    )

    class Meta:
        db_table = "accounts_user"
