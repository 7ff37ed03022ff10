"""The editors' admin: content, vocabulary and versions, each saved through the editorial
services (`programmes.editorial.services`)."""

from . import content, versions, vocabulary  # noqa: F401  (each registers its models)
