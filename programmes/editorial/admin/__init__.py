"""The editors' admin: content, care pathways, vocabulary and versions, each saved
through the editorial services (`programmes.editorial.services`)."""

from . import content, pathways, release_list, versions, vocabulary  # noqa: F401  (each registers its models)
