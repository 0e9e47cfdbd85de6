"""What the organization's people did: one row per staff action, written once, never changed.

The app sits below every app that records into it, organizations included: it names the
organization by its label, so it imports nothing but accounts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# What each action is called on the log page; an action missing here is shown by its name
# ("reviews.reviewer_assign" as "Reviews: reviewer assign"), so a new one is never hidden.
ACTION_LABELS: Final = {
    "decisions.status_change": _("Status changed and answered"),
    "organizations.member_add": _("Member added"),
    "organizations.role_change": _("Role changed"),
    "organizations.member_remove": _("Member removed"),
    "moderation.hide": _("Hidden by a moderator"),
    "moderation.restore": _("Restored by a moderator"),
    "moderation.dismiss": _("Reports dismissed"),
    "moderation.auto_hide": _("Hidden after reports"),
    "decisions.status_create": _("Status added"),
    "decisions.status_update": _("Status changed"),
    "decisions.status_remove": _("Status removed"),
    "board.status_change_many": _("Several proposals answered"),
    "challenges.challenge_create": _("Challenge created"),
    "challenges.challenge_update": _("Challenge edited"),
    "challenges.challenge_publish": _("Challenge published"),
    "challenges.challenge_cover_set": _("Cover image set"),
    "challenges.challenge_baseline_set": _("Proposed design set"),
    "challenges.phase_add": _("Phase added"),
    "challenges.phase_update": _("Phase changed"),
    "challenges.phase_remove": _("Phase removed"),
    "merges.merge": _("Proposals merged"),
    "merges.unmerge": _("Merge undone"),
    "reviews.criterion_add": _("Criterion added"),
    "reviews.criterion_change": _("Criterion changed"),
    "reviews.criterion_move": _("Criterion moved"),
    "reviews.criterion_remove": _("Criterion removed"),
    "reviews.reviewer_assign": _("Reviewer assigned"),
    "reviews.reviewer_unassign": _("Reviewer unassigned"),
    "reviews.score_set": _("Proposal scored"),
    "tracking.progress_set": _("Progress set"),
    "tracking.progress_import": _("Progress imported"),
    "tracking.entry_add": _("Progress update added"),
    "tracking.entry_edit": _("Progress update edited"),
    "tracking.entry_remove": _("Progress update removed"),
    "tracking.note_add": _("Staff note added"),
    "tracking.checklist_add": _("Checklist item added"),
    "tracking.checklist_tick": _("Checklist item ticked"),
    "tracking.checklist_remove": _("Checklist item removed"),
    "accountability.as_built_publish": _("As-built published"),
    "contests.settings_set": _("Contest settings changed"),
    "contests.juror_invite": _("Juror invited"),
    "contests.juror_remove": _("Juror removed"),
    "contests.round_add": _("Round added"),
    "contests.round_lock": _("Round locked"),
    "contests.prize_add": _("Prize added"),
    "contests.scores_set": _("Juror scored"),
    "contests.scores_lock": _("Juror's scores locked"),
    "contests.conflict_declare": _("Conflict declared"),
    "contests.finalist_set": _("Finalists chosen"),
    "contests.results_publish": _("Results published"),
}

# Target types by model label, as the filter names them.
TARGET_LABELS: Final = {
    "accounts.user": _("Person"),
    "challenges.challenge": _("Challenge"),
    "proposals.proposal": _("Proposal"),
    "community.comment": _("Comment"),
}

SHORT_VALUE = 160  # longer values are cut, with the whole behind "show all"


def action_label(action: str) -> str:
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    app, _dot, verb = action.partition(".")
    return f"{app.capitalize()}: {verb.replace('_', ' ')}" if verb else action


def target_type_label(target_type: str) -> str:
    if target_type in TARGET_LABELS:
        return str(TARGET_LABELS[target_type])
    return target_type.partition(".")[2].replace("_", " ").capitalize() or target_type


@dataclass(frozen=True, slots=True)
class Change:
    """One field of an entry as it was before and after; values as text (None: not there)."""

    field: str
    before: str | None
    after: str | None

    @property
    def label(self) -> str:
        return self.field.replace("_", " ").capitalize()

    @property
    def changed(self) -> bool:
        return self.before != self.after


def as_text(value: Any) -> str:
    """A JSON value as a person reads it: text as it is, anything else as compact JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("audit entries are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("audit entries are never deleted")


class AuditEntry(models.Model):
    """Who did what, when, to which row, and what it was before and after. The application
    only adds these: saving an existing entry or deleting one raises (the organization is
    deleted with its log through the cascade), and the database refuses changes too
    (`GUARD_SQL`)."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="audit_entries"
    )
    # None: the platform itself (moderation's report threshold), or a deleted account.
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
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.actor_id} {self.action} {self.target_type}:{self.target_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("audit entries are never deleted")

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def target_type_label(self) -> str:
        return target_type_label(self.target_type)

    def changes(self) -> list[Change]:
        """Field by field, by name (PostgreSQL's jsonb keeps no order of its own)."""
        before = self.before if isinstance(self.before, dict) else {"value": self.before}
        after = self.after if isinstance(self.after, dict) else {"value": self.after}
        fields = sorted({*before, *after})
        return [
            Change(
                field=str(name),
                before=as_text(before[name]) if name in before else None,
                after=as_text(after[name]) if name in after else None,
            )
            for name in fields
        ]


# The database's own refusal, for writes that go around the model (raw SQL, a bulk update in
# a shell): an entry's columns never change, except that deleting an account clears `actor`
# (SET_NULL). Installed after every migrate (`AuditConfig`), idempotent; on SQLite a rebuilt
# table loses its triggers, which the next migrate puts back. Deletes are refused on PostgreSQL
# only, at commit and only while the organization still exists, so deleting an organization
# (whose entries Django deletes first) still works; SQLite has no deferred triggers, and
# emptying tables in name order (test teardown) would trip an immediate one.
_KEPT = ("id", "organization_id", "action", "target_type", "target_id", "target_label")
_KEPT_TEXT = ("before", "after", "created_at")

GUARD_SQL: Final = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_entry_unchanged",
        "CREATE TRIGGER audit_entry_unchanged BEFORE UPDATE ON audit_auditentry"
        " WHEN NOT (NEW.actor_id IS NULL AND "
        + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in (*_KEPT, *_KEPT_TEXT))
        + ") BEGIN SELECT RAISE(ABORT, 'audit entries are never changed'); END",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_entry_unchanged() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
          IF NEW.actor_id IS NULL AND ("""
        + " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in (*_KEPT, *_KEPT_TEXT))
        + """) THEN RETURN NEW; END IF;
          RAISE EXCEPTION 'audit entries are never changed';
        END $$""",
        "CREATE OR REPLACE TRIGGER audit_entry_unchanged BEFORE UPDATE ON audit_auditentry"
        " FOR EACH ROW EXECUTE FUNCTION audit_entry_unchanged()",
        """CREATE OR REPLACE FUNCTION audit_entry_kept() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
          IF EXISTS (SELECT 1 FROM organizations_organization WHERE id = OLD.organization_id)
          THEN RAISE EXCEPTION 'audit entries are never deleted';
          END IF;
          RETURN NULL;
        END $$""",
        "DROP TRIGGER IF EXISTS audit_entry_kept ON audit_auditentry",
        "CREATE CONSTRAINT TRIGGER audit_entry_kept AFTER DELETE ON audit_auditentry"
        " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_entry_kept()",
    ],
}
