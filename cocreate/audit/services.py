"""Writing the audit log. Not a service of its own: every staff service calls `audit_record`
inside its own transaction, so an action and its entry commit (or roll back) together."""

from __future__ import annotations

from typing import Any

from django.db import models

from cocreate.accounts.actors import Actor

from .models import AuditEntry


def audit_record(
    *,
    actor: Actor | None,
    organization: models.Model | int,
    action: str,
    target: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    label: str = "",
) -> AuditEntry:
    """Log that `actor` (None: the platform itself) did `action` to `target` in
    `organization` (a row or its id), with the fields it changed as they were `before` and
    are `after` (JSON values: callers pass ids, names and text, not rows). `label` names the
    target as it is now, when its `str()` does not say enough."""
    org_id = organization if isinstance(organization, int) else organization.pk
    return AuditEntry.objects.create(
        organization_id=org_id,
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        target_label=(label or str(target))[:300],
        before=before or {},
        after=after or {},
    )
