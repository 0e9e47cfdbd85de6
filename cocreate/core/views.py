"""Views that belong to no app: liveness and readiness for load balancers, the 500 handler."""

from __future__ import annotations

import logging
import secrets
import sys

from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET
from django.views.defaults import server_error as default_server_error

from cocreate.core.middleware import UNAVAILABLE, unavailable
from cocreate.core.models import Image

logger = logging.getLogger(__name__)


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Constant and query-free: says the process serves requests (and is the benchmark floor)."""
    return HttpResponse("ok\n", content_type="text/plain")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    token = secrets.token_hex(8)
    cache.set("ready-probe", token, 10)
    if cache.get("ready-probe") != token:
        raise RuntimeError("the cache did not keep a value")


_migrated = False


def _migrations() -> None:
    """Pending migrations mean this code runs ahead of the schema; once applied, they stay so."""
    global _migrated
    if _migrated:
        return
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("migrations are pending")
    _migrated = True


READINESS = {"database": _database, "cache": _cache, "migrations": _migrations}


@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when the database and the cache answer and the schema is current, else 503.

    Only the name of each failed check is shown (an error text may name hosts); the log has it.
    """
    checks: dict[str, str] = {}
    for name, check in READINESS.items():
        try:
            check()
        except Exception as error:
            logger.warning("Not ready: %s check failed: %s", name, error)
            checks[name] = f"failed: {type(error).__name__}"
        else:
            checks[name] = "ok"
    ok = all(state == "ok" for state in checks.values())
    return JsonResponse({"ready": ok, "checks": checks}, status=200 if ok else 503)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an outage met outside a view (a session saved on the way out) is still a 503."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return unavailable()
    return default_server_error(request)


@require_GET
def image(request: HttpRequest, pk: int, digest: str) -> HttpResponse:
    """An uploaded picture. Its address carries the digest of its bytes, so it can be cached
    for ever and nobody can walk the ids to pictures they were not shown."""
    found = Image.objects.filter(pk=pk, digest=digest).only("data", "content_type").first()
    if found is None:
        raise Http404
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
