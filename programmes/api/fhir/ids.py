"""Ids and canonical URLs of the FHIR resources, made from slugs so that they stay the
same across imports, servers and languages.

A slug has only lower-case letters, digits and single hyphens, so a dot can separate the
programme's slug from the rest without ambiguity:

- the programme (the pathway-level PlanDefinition): ``vip-<programme>``
- the strategy of a care level: ``vip-<programme>.level.<care-level>``
- an intervention's recommendation (PlanDefinition) and its ActivityDefinition:
  ``vip-<programme>.<intervention>``
- a care pathway: ``vip-<programme>.pathway.<pathway>``

FHIR allows 64 characters; a longer id keeps its first 55 and ends in a dot and eight
characters of its SHA-256, so it is still stable and still starts like the natural one.
"""

import hashlib
import re

from django.conf import settings

MAX_LENGTH = 64
HEAD_LENGTH = 55
ID_PATTERN = re.compile(r"[A-Za-z0-9\-.]{1,64}")


def _bounded(natural: str) -> str:
    if len(natural) <= MAX_LENGTH:
        return natural
    digest = hashlib.sha256(natural.encode()).hexdigest()[: MAX_LENGTH - HEAD_LENGTH - 1]
    return f"{natural[:HEAD_LENGTH]}.{digest}"


def programme_id(programme_slug: str) -> str:
    return _bounded(f"vip-{programme_slug}")


def strategy_id(programme_slug: str, level_slug: str) -> str:
    return _bounded(f"vip-{programme_slug}.level.{level_slug}")


def intervention_id(programme_slug: str, node_slug: str) -> str:
    """The id of both the recommendation (PlanDefinition) and the ActivityDefinition."""
    return _bounded(f"vip-{programme_slug}.{node_slug}")


def pathway_id(programme_slug: str, pathway_slug: str) -> str:
    return _bounded(f"vip-{programme_slug}.pathway.{pathway_slug}")


def may_belong_to(resource_id: str, programme_slug: str) -> bool:
    """Whether `resource_id` can be the id of a resource of the programme `programme_slug`
    (a cheap test on the id alone, before the programme's content is read)."""
    natural = f"vip-{programme_slug}"
    if resource_id == natural or resource_id.startswith(natural + "."):
        return True
    # A shortened id keeps only its head, which may end inside the programme's slug.
    return len(resource_id) == MAX_LENGTH and natural.startswith(resource_id[:HEAD_LENGTH])


def valid_id(value: str) -> bool:
    return ID_PATTERN.fullmatch(value) is not None


def canonical(resource_type: str, resource_id: str) -> str:
    """The canonical URL: the same whichever server answers (settings.VIP_CANONICAL_BASE)."""
    return f"{canonical_base()}/fhir/{resource_type}/{resource_id}"


def canonical_base() -> str:
    return settings.VIP_CANONICAL_BASE.rstrip("/")


def computable_name(*slugs: str) -> str:
    """A PlanDefinition's `name`, usable as an identifier: the slugs' words run together,
    each capitalised ("depression-och-angest", "kbt" → "DepressionOchAngestKbt")."""
    words = [word for slug in slugs for word in slug.split("-") if word]
    name = "".join(word[:1].upper() + word[1:] for word in words)
    if not name[:1].isalpha():
        name = "Vip" + name
    return name
