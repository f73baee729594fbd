"""What a course folder holds besides its texts: media files checked by content, links between
its files, and no symbolic link (which could bring any file of the server into a course)."""

import os
import re
from pathlib import Path

from flask_babel import gettext as _

from elearn.content.checks import check_path_length
from elearn.content.images import is_image_named
from elearn.content.models import MediaFile
from elearn.content.source import Problems

MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
}
MEDIA_MAX_BYTES = 2 * 1024 * 1024
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)")


def symbolic_links(folder: Path, problems: Problems) -> bool:
    """Report every symbolic link under ``folder``; True if there is any (then nothing is read)."""
    links = [
        Path(parent, name)
        for parent, folders, files in os.walk(folder)
        for name in [*folders, *files]
        if Path(parent, name).is_symlink()
    ]
    for link in sorted(links):
        problems.add(link, 1, _("symbolic links are not allowed in a course folder"))
    return bool(links)


def read_media(course_folder: Path, problems: Problems) -> dict[str, bytes]:
    """The files of ``media/`` by their name in it; each must be an image of the kind its name
    says, within the size limits."""
    folder, media = course_folder / "media", {}
    if not folder.is_dir():
        return media
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if path.suffix.lower() not in MEDIA_TYPES:
            allowed = ", ".join(MEDIA_TYPES)
            problems.add(path, 1, _("media must be an image (%(allowed)s)", allowed=allowed))
        elif path.stat().st_size > MEDIA_MAX_BYTES:
            problems.add(path, 1, _("media files are limited to 2 MB"))
        elif not is_image_named(path.read_bytes(), path.suffix):
            problems.add(path, 1, _("this file is not the image its name says"))
        else:
            check_path_length(problems, path, name, MediaFile.name)
            media[name] = path.read_bytes()
    return media


def link_problem(course_folder: Path, media: dict, path: Path, target: str) -> str | None:
    """Why a link in the file at ``path`` is broken, or None: outside links and anchors are not
    checked; ``media/`` names must be in ``media``; other files must exist inside the course."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith(("#", "/")):
        return None
    name = target.split("#", 1)[0]
    if name.startswith("media/"):
        if name.removeprefix("media/") not in media:
            return _("missing media file '%(name)s'", name=name)
        return None
    linked = (path.parent / name).resolve()
    if not linked.is_file() or not linked.is_relative_to(course_folder.resolve()):
        return _("broken link '%(target)s'", target=target)
    return None
