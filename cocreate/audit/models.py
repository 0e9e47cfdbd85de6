"""What the organization's people did: one row per staff action, written once, never changed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cocreate.organizations.models import Organization


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("audit entries are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("audit entries are never deleted")


class AuditEntry(models.Model):
    """Who did what, when, to which row, and what it was before and after. The application
    only adds these: saving an existing entry or deleting one raises (the organization is
    deleted with its log through the database's cascade)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="audit_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # "<app>.<verb>", e.g. "decisions.status_change": what the filters offer.
    action = models.CharField(_("action"), max_length=60, db_index=True)
    # What it was done to: a model label and id, and a title as it was then.
    target_type = models.CharField(max_length=60)
    target_id = models.BigIntegerField(null=True)
    target_label = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-created_at", "-id"], name="audit_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("audit entries are never deleted")
