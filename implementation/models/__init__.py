"""Implementation planning: organisations, who belongs where, and each organisation's plan
with its targets, activities, status reports, gap analyses, measurements and PDSA cycles.

Every part of a plan keeps its history (django-simple-history) and a `lock_version` that
each save moves on, so that a second person saving from an old copy is refused
(`programmes.versioning`).
"""

from .activities import Activity, AgendaItem, StatusReport
from .base import LONG_TEXT, SHORT_TEXT, Versioned, period_clean
from .follow_up import GapAnalysis, GapItem, Measurement, PDSACycle
from .local import LocalAddition, no_personal_numbers
from .organisations import Membership, Organisation, Role
from .plans import ImplementationLevel, Phase, Plan, PlanUnit, Stage, Target, stage_of

__all__ = [
    "LONG_TEXT",
    "SHORT_TEXT",
    "Activity",
    "AgendaItem",
    "GapAnalysis",
    "GapItem",
    "ImplementationLevel",
    "LocalAddition",
    "Measurement",
    "Membership",
    "Organisation",
    "PDSACycle",
    "Phase",
    "Plan",
    "PlanUnit",
    "Role",
    "Stage",
    "StatusReport",
    "Target",
    "Versioned",
    "no_personal_numbers",
    "period_clean",
    "stage_of",
]
