"""Pictures people upload: checked, shrunk and re-encoded before they are kept."""

from __future__ import annotations

import hashlib
import io
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image as Picture
from PIL import ImageOps, UnidentifiedImageError

from .models import Image

MAX_BYTES = 8 * 1024 * 1024  # what a phone photo weighs
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding
LONGEST_SIDE = 1600  # what any page shows at most
ACCEPTED = {"JPEG", "PNG", "WEBP"}


def image_store(upload: IO[bytes], *, alt: str = "", field: str = "image") -> Image:
    """Keep an uploaded JPEG, PNG or WebP as a JPEG (or PNG when it has transparency) no larger
    than LONGEST_SIDE, without its metadata. A file that is not such a picture, or is too big,
    is refused on `field` with a message saying what to send instead."""
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ValidationError({field: _("Send a picture of at most 8 MB.")})
    try:
        with Picture.open(io.BytesIO(raw)) as opened:
            if opened.format not in ACCEPTED:
                raise ValidationError({field: _("Send a JPEG, PNG or WebP picture.")})
            if opened.width * opened.height > MAX_PIXELS:
                raise ValidationError({field: _("Send a picture of at most 40 megapixels.")})
            keeps_alpha = opened.mode in ("RGBA", "LA", "P") and opened.format != "JPEG"
            picture = ImageOps.exif_transpose(opened)  # upright, as the camera meant
            picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            out = io.BytesIO()
            if keeps_alpha:
                picture.convert("RGBA").save(out, "PNG", optimize=True)
                content_type = "image/png"
            else:
                picture.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
                content_type = "image/jpeg"
            width, height = picture.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError({field: _("This file is not a picture we can read.")}) from error
    data = out.getvalue()
    return Image.objects.create(
        data=data,
        content_type=content_type,
        width=width,
        height=height,
        alt=alt,
        digest=hashlib.sha256(data).hexdigest(),
    )
