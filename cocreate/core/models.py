"""Rows that belong to no app: the answers to creating requests, kept for their retries."""

from __future__ import annotations

from django.db import models
from django.urls import reverse


class IdempotentRequest(models.Model):
    """A creating POST claimed by its idempotency key (`cocreate.core.idempotency`): the
    first answer, replayed to a double click or a retry for a day, then pruned."""

    # Whose request ("user:<pk>"): a key only ever answers the person who sent it.
    owner = models.CharField(max_length=64)
    endpoint = models.CharField(max_length=300)  # the path posted to
    key = models.CharField(max_length=100)
    # A digest of what was posted: the same key with other words is another request.
    digest = models.CharField(max_length=64)
    # 0 while the first request runs (its transaction holds the row until it answers).
    status = models.PositiveSmallIntegerField(default=0)
    location = models.CharField(max_length=2000, blank=True)  # idempotency.MAX_LOCATION
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "endpoint", "key", "digest"], name="one_answer_per_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.endpoint} {self.key}: {self.status}"


class Image(models.Model):
    """An uploaded picture (a challenge's cover, a photo of what was built), re-encoded on the
    way in so no camera metadata (place, device) is published, and kept in the database so every
    app server and every backup has it."""

    data = models.BinaryField()
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # Shown to screen readers; the uploader writes it.
    alt = models.CharField(max_length=300, blank=True)
    digest = models.CharField(max_length=64, db_index=True)  # sha256 of `data`: the ETag
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"image {self.pk} ({self.width}×{self.height})"

    def get_absolute_url(self) -> str:
        return reverse("image", args=[self.pk, self.digest])
