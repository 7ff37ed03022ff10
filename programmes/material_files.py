"""The files a material may have: which types, how each is recognised by its first bytes,
how it is stored and how it is served.

A file is accepted only when its extension is one of FILE_TYPES and its content begins as
that type does; HTML, SVG and anything else that a browser could run is never accepted.
It is stored under a generated name (the uploader's name never reaches the disk) and
served only by `programmes.views.materials.material_file`.
"""

import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    #: Shown in the browser (PDF, images, film); the rest is downloaded.
    inline: bool

    def matches(self, file) -> bool:
        raise NotImplementedError


@dataclass(frozen=True)
class Magic(FileType):
    prefix: bytes = b""
    offset: int = 0

    def matches(self, file) -> bool:
        file.seek(0)
        head = file.read(self.offset + len(self.prefix))
        return head[self.offset :] == self.prefix


@dataclass(frozen=True)
class OfficeZip(FileType):
    """An Office Open XML file: a ZIP archive with the part its kind must have."""

    part: str = ""

    def matches(self, file) -> bool:
        file.seek(0)
        if file.read(4) != b"PK\x03\x04":
            return False
        file.seek(0)
        try:
            with zipfile.ZipFile(file) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return False
        return "[Content_Types].xml" in names and any(n.startswith(self.part) for n in names)


PDF = Magic("PDF", "application/pdf", True, prefix=b"%PDF-")
PNG = Magic("PNG", "image/png", True, prefix=b"\x89PNG\r\n\x1a\n")
JPEG = Magic("JPG", "image/jpeg", True, prefix=b"\xff\xd8\xff")
MP4 = Magic("MP4", "video/mp4", True, prefix=b"ftyp", offset=4)
PPTX = OfficeZip(
    "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    False,
    part="ppt/",
)
DOCX = OfficeZip(
    "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    False,
    part="word/",
)

#: The extensions a material's file may have, and what each must be.
FILE_TYPES = {
    ".pdf": PDF,
    ".pptx": PPTX,
    ".docx": DOCX,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".mp4": MP4,
}


def max_bytes() -> int:
    return settings.VIP_MATERIAL_MAX_BYTES


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower()


def type_of(name: str) -> FileType | None:
    return FILE_TYPES.get(extension_of(name))


def validate_material_file(file) -> None:
    """Refuse a file that is too large, has an extension not allowed, or whose content is
    not what its extension says. A file already stored was checked when it came."""
    if isinstance(file, str) or getattr(file, "_committed", False):
        return
    if file.size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; a material's file may be at most %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(file.size), "limit": filesizeformat(max_bytes())},
        )
    kind = type_of(file.name)
    if kind is None:
        raise ValidationError(
            _("Files of this type cannot be uploaded. Allowed: %(allowed)s."),
            code="type",
            params={"allowed": ", ".join(sorted(FILE_TYPES))},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        matches = kind.matches(file)
    finally:
        file.seek(position)
    if not matches:
        raise ValidationError(
            _("The file's content is not %(type)s, as its name says."),
            code="content",
            params={"type": kind.label},
        )


def material_upload_to(instance, filename: str) -> str:
    """A generated name: nothing of the uploader's name but its (allowed) extension."""
    return f"materials/{uuid.uuid4().hex}{extension_of(filename)}"
