"""Images in courses: what a file is, decided by decoding it, never by its name."""

import io

from PIL import Image

# Extension of each accepted format, as the course format names media files.
FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}
# 5000 x 5000: more than any lesson shows, and far below what could exhaust a worker's memory.
MAX_PIXELS = 25_000_000


class NotAnImage(ValueError):
    """Not one of FORMATS, damaged, or too many pixels."""


def decode_image(data: bytes) -> Image.Image:
    """The image ``data`` holds, decoded (its size is checked before its pixels are read)."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.format not in FORMATS or image.width * image.height > MAX_PIXELS:
            raise NotAnImage()
        image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise NotAnImage() from error
    return image


def is_image_named(data: bytes, suffix: str) -> bool:
    """Whether ``data`` decodes as the format its file suffix names (.jpeg and .jpg alike)."""
    try:
        image = decode_image(data)
    except NotAnImage:
        return False
    named = suffix.lower().lstrip(".")
    return FORMATS[image.format] == ("jpg" if named == "jpeg" else named)
