"""Seed the stack's database and audit it afterwards, run as a command against the stack's own
settings (`python -m tests.resilience.backstage seed|audit`, JSON on stdout; the audit reads the
crowd's ledger of acknowledged writes on stdin).

People are seeded through the services; each gets a signed-in session made here rather than by
posting the log-in form a hundred times (password hashing would be most of a short run)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import timedelta
from typing import Any

import django

SUPPORT_BUDGET = 10
SEEDED_PROPOSALS = 12


def seed(people: int) -> dict[str, Any]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from cocreate.accounts.models import User
    from cocreate.challenges.models import Action
    from cocreate.community.services import comment_create
    from tests.factories import make_challenge, make_organization, make_proposal

    owner = User.objects.create_user("owner", "owner@example.org")
    challenge = make_challenge(
        owner,
        make_organization(owner),
        slug="load",
        actions=[Action.SUBMIT, Action.REMIX, Action.SUPPORT, Action.COMMENT],
    )
    challenge.support_budget = SUPPORT_BUDGET
    challenge.save(update_fields=["support_budget"])
    proposals = [make_proposal(challenge, owner, title=f"Seed idea {n}") for n in range(12)]
    crowd = []
    for n in range(people):
        # Two days old with three comments standing: past the new-account limits, as regulars are.
        person = User.objects.create_user(f"person{n}", f"person{n}@example.org")
        person.date_joined = timezone.now() - timedelta(days=2)
        person.save(update_fields=["date_joined"])
        for k in range(3):
            comment_create(actor=person, proposal=proposals[k], body=f"Earlier thought {k}.")
        session = SessionStore()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.create()
        crowd.append({"id": person.pk, "session": session.session_key})
    return {
        "slug": challenge.slug,
        "baseline": challenge.baseline,
        "proposals": [p.pk for p in proposals],
        "people": crowd,
        "budget": SUPPORT_BUDGET,
    }


def audit(ledger: dict[str, Any]) -> list[str]:
    """Every way the database disagrees with what the crowd was told: lost or phantom writes,
    budgets, and notifications that were never made or never emailed."""
    from django_tasks_db.models import DBTaskResult

    from cocreate.community.models import Comment
    from cocreate.notifications.models import Frequency, Notification
    from cocreate.proposals.models import Proposal, Support, SupportBudget

    problems: list[str] = []
    titles = dict(Proposal.objects.values_list("pk", "title"))
    for pk, title in ledger["proposals"]:
        if titles.get(pk) != title:
            problems.append(f"acknowledged proposal {pk} {title!r} is not stored")
    bodies = dict(Comment.objects.values_list("pk", "body"))
    for pk, body in ledger["comments"]:
        if bodies.get(pk) != body:
            problems.append(f"acknowledged comment {pk} is not stored")
    stored = {(u, p) for u, p in Support.objects.values_list("user_id", "proposal_id")}
    for user_id, proposal_id in ledger["supports"]:
        if (user_id, proposal_id) not in stored:
            problems.append(f"acknowledged support of {proposal_id} by {user_id} is not stored")
    for user_id, proposal_id in ledger["withdrawn"]:
        if (user_id, proposal_id) in stored:
            problems.append(f"withdrawn support of {proposal_id} by {user_id} is still stored")

    per_person = Counter(u for u, _ in stored)
    for budget in SupportBudget.objects.all():
        held = per_person.get(budget.user_id, 0)
        if budget.used != held:
            problems.append(f"budget of {budget.user_id}: used {budget.used}, supports {held}")
    if per_person and max(per_person.values()) > ledger["budget"]:
        problems.append(f"someone holds more than {ledger['budget']} supports")
    counts = Counter(p for _, p in stored)
    for pk, count in Proposal.objects.values_list("pk", "support_count"):
        if count != counts.get(pk, 0):
            problems.append(f"proposal {pk} counts {count} supports, {counts.get(pk, 0)} stored")

    unfinished = DBTaskResult.objects.exclude(status="SUCCESSFUL")
    problems += [f"task {t.task_path} {t.args_kwargs} ended {t.status}" for t in unfinished]
    told = set(Notification.objects.values_list("source", "recipient_id"))
    authors = dict(Proposal.objects.values_list("pk", "author_id"))
    news = [
        ("comment", Comment.objects.values_list("pk", "author_id", "proposal")),
        ("support", Support.objects.values_list("pk", "user_id", "proposal")),
    ]
    for kind, rows in news:
        for pk, by, proposal_id in rows:
            author = authors[proposal_id]
            if by != author and (f"{kind}:{pk}", author) not in told:
                problems.append(f"the author of proposal {proposal_id} was not told of {kind} {pk}")
    unsent = Notification.objects.filter(
        kind__in=[k for k, f in _defaults().items() if f == Frequency.IMMEDIATE],
        emailed_at__isnull=True,
    )
    problems += [f"notification {n.source} to {n.recipient_id} never emailed" for n in unsent]
    return problems


def _defaults() -> dict[str, str]:
    from cocreate.notifications.models import DEFAULT_FREQUENCY

    return {str(k): str(f) for k, f in DEFAULT_FREQUENCY.items()}


def tasks_pending() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()


def main() -> None:
    django.setup()
    command = sys.argv[1]
    if command == "seed":
        result: Any = seed(int(sys.argv[2]))
    elif command == "audit":
        result = audit(json.load(sys.stdin))
    elif command == "pending":
        result = tasks_pending()
    else:
        raise SystemExit(f"unknown command {command!r}: seed N | audit | pending")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
