"""The content core's models: what all content shares (`base`), programmes and their
content tree (`content`), the national
guidelines' recommendations for interventions (`evidence`), the care pathways that run
through them (`pathways`), and the record of published versions and their change notes
(`releases`)."""

from .base import (
    CONTENT_MODELS,
    RESERVED_SLUGS,
    Audience,
    PublicationRecord,
    TimestampedModel,
)
from .content import (
    AccessibilityReport,
    CaseVignette,
    ContentNode,
    ContentState,
    Indicator,
    Material,
    Programme,
    ProgrammeLevel,
)
from .evidence import (
    KIND_ORDER,
    STRENGTHS,
    Guideline,
    RecommendationKind,
    Strength,
    recommendation_order,
    strength_of,
)
from .pathways import Pathway, PathwayStep, Principal
from .releases import (
    RECENT_CHANGE_DAYS,
    ChangeKind,
    ProgrammeRelease,
    ReleasedChange,
    next_version,
    plain_text,
    release_anchor,
)

__all__ = [
    "CONTENT_MODELS",
    "RECENT_CHANGE_DAYS",
    "ChangeKind",
    "ProgrammeRelease",
    "ReleasedChange",
    "next_version",
    "plain_text",
    "release_anchor",
    "RESERVED_SLUGS",
    "AccessibilityReport",
    "Audience",
    "CaseVignette",
    "ContentNode",
    "ContentState",
    "Guideline",
    "KIND_ORDER",
    "RecommendationKind",
    "STRENGTHS",
    "Strength",
    "recommendation_order",
    "strength_of",
    "Indicator",
    "Material",
    "Pathway",
    "PathwayStep",
    "Principal",
    "Programme",
    "ProgrammeLevel",
    "PublicationRecord",
    "TimestampedModel",
]
