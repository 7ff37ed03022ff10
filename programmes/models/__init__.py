"""The content core's models: programmes and their content tree (`content`), and the care
pathways that run through them (`pathways`)."""

from .content import (
    CONTENT_MODELS,
    RESERVED_SLUGS,
    AccessibilityReport,
    Audience,
    CaseVignette,
    ContentNode,
    ContentState,
    Indicator,
    Material,
    Programme,
    ProgrammeLevel,
    PublicationRecord,
    TimestampedModel,
)
from .pathways import Pathway, PathwayStep, Principal

__all__ = [
    "CONTENT_MODELS",
    "RESERVED_SLUGS",
    "AccessibilityReport",
    "Audience",
    "CaseVignette",
    "ContentNode",
    "ContentState",
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
