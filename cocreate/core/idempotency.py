"""Creating writes happen once: a double click or a retried request gets the first answer.

Every form that creates something carries a key made when the page was drawn
(``{% idempotency_field %}``, the field `FIELD`); an API client sends the `HEADER` instead. Views
that create are wrapped in `idempotent`: the first request with a key claims it with one
INSERT .. ON CONFLICT in the transaction the view then runs in, so a second request with the same
key waits for the first to finish (PostgreSQL holds the conflicting row; SQLite runs one writing
transaction at a time) and is answered with the first answer instead of running again. Only
answers worth repeating are kept — a redirect, or a short fragment such as a swapped button —
for `KEPT_FOR`; a refusal releases the key, so the corrected form can be sent again. A key
answers only the person who sent it and only for the same path and the same posted words (the
same key with other words is another request). `cocreate prune` deletes expired keys.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any, TypeVar, cast, overload

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import Line, ServiceForm
from .models import IdempotentRequest

FIELD = "idempotency_key"
HEADER = "Idempotency-Key"
KEPT_FOR = timedelta(hours=24)
MAX_KEY = 100
MAX_LOCATION = 2000  # the column's length; a longer address is not kept
MAX_BODY = 8_000  # a swapped button is kept; a whole page is not, and its key is released
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
UNHASHED = {FIELD, "csrfmiddlewaretoken"}  # a new page has a new CSRF mask, not new words

Respond = Callable[[], HttpResponse]
View = TypeVar("View", bound=Callable[..., HttpResponse])

# One statement claims the key, or finds it taken: a row of another transaction still running
# makes it wait; an expired answer is claimed afresh.
CLAIM = (
    "INSERT INTO core_idempotentrequest "
    '(owner, endpoint, "key", digest, status, location, body, created_at) '
    "VALUES (%s, %s, %s, %s, 0, '', '', %s) "
    'ON CONFLICT (owner, endpoint, "key", digest) DO UPDATE '
    "SET status = 0, location = '', body = '', created_at = excluded.created_at "
    "WHERE core_idempotentrequest.created_at < %s RETURNING id"
)


class KeyForm(ServiceForm):
    idempotency_key = Line(max_length=MAX_KEY, noun="idempotency key")


def new_key() -> str:
    """A key for one drawing of a form."""
    return uuid.uuid4().hex


@overload
def idempotent(view: View, /) -> View: ...
@overload
def idempotent(*, when: Callable[[HttpRequest], bool]) -> Callable[[View], View]: ...


def idempotent(
    view: View | None = None, /, *, when: Callable[[HttpRequest], bool] | None = None
) -> View | Callable[[View], View]:
    """Wrap a view that creates something (`when`: only for the requests it says create)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            def respond() -> HttpResponse:
                return view(request, *args, **kwargs)

            if when is not None and not when(request):
                return respond()
            return answer_once(request, respond)

        return cast(View, wrapped)

    return decorate(view) if view is not None else decorate


def answer_once(request: HttpRequest, respond: Respond) -> HttpResponse:
    """`respond()`'s answer, or the answer already given to this key."""
    owner = f"user:{request.user.pk}" if request.user.is_authenticated else None
    if request.method != "POST" or owner is None:
        return respond()  # visitors create nothing: they are sent to log in
    form = KeyForm({FIELD: request.headers.get(HEADER) or request.POST.get(FIELD, "")})
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(form.messages(FIELD)))
    key = form.cleaned_data[FIELD]
    if not key:
        return respond()
    claim = {
        "owner": owner,
        "endpoint": request.path[:300],
        "key": key,
        "digest": _digest(request),
    }
    with transaction.atomic():
        if not _claimed(claim, timezone.now()):
            return _replay(claim)
        response = respond()
        _keep_or_release(claim, response)
    return response


def _claimed(claim: dict[str, str], now: datetime) -> bool:
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(CLAIM, [*claim.values(), adapt(now), adapt(now - KEPT_FOR)])
        return cursor.fetchone() is not None


def _keep_or_release(claim: dict[str, str], response: HttpResponse) -> None:
    """Keep an answer worth repeating; release the key of any other (a refusal, a whole page)."""
    found = IdempotentRequest.objects.filter(**claim)
    location = response.get("Location") or response.get("HX-Redirect") or ""
    body = ""
    if not location and not response.streaming:
        body = response.content.decode(response.charset, "replace")
    kept = response.status_code < 400 and len(body) <= MAX_BODY and len(location) <= MAX_LOCATION
    if kept and not response.streaming:
        found.update(status=response.status_code, location=location, body=body)
    else:
        found.delete()


def _replay(claim: dict[str, str]) -> HttpResponse:
    """The first answer again: a redirect to the same place, or the same fragment."""
    first = IdempotentRequest.objects.filter(**claim).values_list("status", "location", "body")
    row = first.first()
    if row is None or not row[0]:
        message = _("This request is still being answered; try again in a moment.")
        return HttpResponse(message, status=409, headers={"Retry-After": "1"})
    status, location, body = row
    response = HttpResponse(body, status=status)
    if location:
        response["Location" if 300 <= status < 400 else "HX-Redirect"] = location
    return response


def _digest(request: HttpRequest) -> str:
    """What was posted, as a digest: form fields in order of name (not the key, nor the CSRF
    token), and the names and sizes of files; any other body as it came."""
    digest = hashlib.sha256()
    if request.content_type in FORM_TYPES:
        fields = sorted((k, v) for k, v in request.POST.lists() if k not in UNHASHED)
        files = sorted((k, [(f.name, f.size) for f in v]) for k, v in request.FILES.lists())
        digest.update(json.dumps([fields, files]).encode())
    else:
        digest.update(request.body)
    return digest.hexdigest()


def prune(*, now: datetime | None = None) -> int:
    """Delete the answers older than `KEPT_FOR`; how many went."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    deleted, _by_model = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
