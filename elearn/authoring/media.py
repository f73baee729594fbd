"""Images uploaded by authors: checked, re-encoded without their metadata and stored in the
course's media through the course format (after review, in a published course)."""

import io
from pathlib import Path

from werkzeug.utils import secure_filename

from elearn.auth.models import User
from elearn.authoring import structure
from elearn.authoring.errors import AuthoringError, BadImage
from elearn.authoring.permissions import can_author_course
from elearn.content.files import MEDIA_MAX_BYTES
from elearn.content.images import FORMATS, NotAnImage, decode_image
from elearn.content.models import Course


def clean_image(data: bytes) -> tuple[bytes, str]:
    """The image re-encoded without its metadata (camera, place, author), and its extension.
    Anything that is not one of our image formats, or too large, is refused."""
    if len(data) > MEDIA_MAX_BYTES:
        raise BadImage()
    try:
        image = decode_image(data)
        out = io.BytesIO()
        # Saving without exif= or pnginfo= writes the pixels only: the metadata stays behind.
        image.save(out, format=image.format)
    except (NotAnImage, OSError, ValueError):
        raise BadImage() from None
    return out.getvalue(), FORMATS[image.format]


def add_image(actor: User, course: Course, name: str, data: bytes, *, ip: str | None) -> str:
    """Store an uploaded image in the course's media (through the course format; proposed for
    review when the course is published, see ``structure``); returns the Markdown path to use,
    ``media/<name>``."""
    if not can_author_course(actor, course):
        raise AuthoringError()
    clean, extension = clean_image(data)
    filename = f"{secure_filename(Path(name).stem).lower() or 'image'}.{extension}"
    structure.add_image(actor, course, filename, clean, ip=ip)
    return f"media/{filename}"
