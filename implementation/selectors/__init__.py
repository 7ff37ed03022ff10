"""Reads for the implementation pages. Each returns what a page needs in a fixed number of
queries, however many units, targets, activities, care pathways or steps there are.

`plans` reads a plan and its parts, `matrix` the target matrix (programmes and their care
pathways), `gaps` the gap analyses of programmes and of care pathways, `overview` the
regional overview.
"""

from .gaps import (
    IS_GAP,
    LACKING,
    PathwayGaps,
    gap_analyses,
    gap_interventions,
    gap_items,
    gap_missing,
    gap_steps,
    get_gap_analysis,
    named,
    pathway_gaps,
    pathway_url,
    step_url,
    subject_name,
)
from .matrix import (
    Column,
    Matrix,
    MatrixRow,
    column_key,
    matrix_columns,
    matrix_pathways,
    matrix_programmes,
    pathway_name,
    target_key,
    target_matrix,
)
from .overview import Overview, OverviewRow, overdue, regional_overview
from .plans import (
    activities,
    followed_pathway,
    get_plan,
    latest_reports,
    measurements_by_indicator,
    organisations_for,
    pathway_follow_up,
    pdsa_cycles,
    plan_indicators,
    plan_units,
    plans_for,
)

__all__ = [
    "IS_GAP",
    "LACKING",
    "Column",
    "Matrix",
    "MatrixRow",
    "Overview",
    "OverviewRow",
    "PathwayGaps",
    "activities",
    "column_key",
    "followed_pathway",
    "gap_analyses",
    "gap_interventions",
    "gap_items",
    "gap_missing",
    "gap_steps",
    "get_gap_analysis",
    "get_plan",
    "latest_reports",
    "matrix_columns",
    "matrix_pathways",
    "matrix_programmes",
    "measurements_by_indicator",
    "named",
    "organisations_for",
    "overdue",
    "pathway_follow_up",
    "pathway_gaps",
    "pathway_name",
    "pathway_url",
    "pdsa_cycles",
    "plan_indicators",
    "plan_units",
    "plans_for",
    "regional_overview",
    "step_url",
    "subject_name",
    "target_key",
    "target_matrix",
]
