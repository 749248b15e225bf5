"""A clinic exercise's photo: checked with Pillow, re-encoded and stored under the data dir.

An upload is refused (naming the field `photo`) unless it is a JPEG, PNG or WebP image of at
most `MAX_BYTES` and `MAX_PIXELS`. The stored file is a fresh JPEG drawn from the decoded
pixels, turned upright first: nothing of the upload but its pixels is kept, so no EXIF (a
phone's location, its owner's name) and no trailing data reach the server's disk. Files are
never served from a public URL: `views.clinic_exercises.photo` checks who asks.
"""

from __future__ import annotations

import secrets
import warnings
from pathlib import Path
from typing import Any

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from sciatica_pt.clinic.services.errors import InvalidInput

# Below the 2.5 MB a whole request may carry (Django's DATA_UPLOAD_MAX_MEMORY_SIZE, which the
# request guard enforces with a 413): a photo is refused here, naming the field, before that.
MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 24_000_000  # a 6000 x 4000 phone photo; a "decompression bomb" is refused
LONGEST_SIDE = 1200  # stored size: plenty for a phone's screen and a printed handout
FORMATS = {"JPEG", "PNG", "WEBP"}
FOLDER = "clinic-exercise-photos"


def root() -> Path:
    return Path(settings.DATA_DIR) / FOLDER


def path_of(name: str) -> Path:
    """The stored file of `name` (a relative name this module gave; never user input)."""
    return root() / name


def store(upload: Any, clinic_id: int) -> str:
    """Check `upload` (a Django UploadedFile), store it cleaned; its name under `root()`."""
    if upload.size > MAX_BYTES:
        raise InvalidInput([f"photo: {upload.size} bytes is above the limit of {MAX_BYTES}"])
    image = _decoded(upload)
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    name = f"{clinic_id}/{secrets.token_hex(16)}.jpg"
    target = path_of(name)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    image.save(target, "JPEG", quality=85)  # no exif= argument: the metadata is dropped
    return name


def _decoded(upload: Any) -> Image.Image:
    bad = "photo: the file is not a JPEG, PNG or WebP picture"
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in FORMATS:
                raise InvalidInput([bad])
            if image.width * image.height > MAX_PIXELS:
                raise InvalidInput([f"photo: the picture is larger than {MAX_PIXELS} pixels"])
            image.load()
    except InvalidInput:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidInput([bad]) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidInput([f"photo: the picture is larger than {MAX_PIXELS} pixels"]) from None
    return image
