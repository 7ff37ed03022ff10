"""Reads for the public pages. Each returns what its page needs in a fixed number of queries.

`content` reads programmes and their content tree; `pathways` the care pathways and their
steps; `local` the local text the extension point (`programmes.local`) provides.
"""

from .content import (
    HEAVY_NODE_FIELDS,
    STEP,
    LevelScope,
    ProgrammeTree,
    Tag,
    TreeNode,
    attach_locations,
    attach_tags,
    filter_interventions,
    get_public_programme,
    in_tree,
    indicators_for,
    interventions,
    level_scope,
    levels_in_scope,
    node_url_under,
    public_pages,
    public_programmes,
    scope_of,
    vignettes,
)
from .local import regional_page, regional_pages
from .pathways import (
    get_public_pathway,
    pathway_steps,
    programme_pathways,
    setting_versions,
    step_interventions,
    steps_at_levels,
    valid_slug,
)

__all__ = [
    "HEAVY_NODE_FIELDS",
    "STEP",
    "LevelScope",
    "ProgrammeTree",
    "Tag",
    "TreeNode",
    "attach_locations",
    "attach_tags",
    "filter_interventions",
    "get_public_pathway",
    "get_public_programme",
    "in_tree",
    "indicators_for",
    "interventions",
    "level_scope",
    "levels_in_scope",
    "node_url_under",
    "pathway_steps",
    "programme_pathways",
    "public_pages",
    "public_programmes",
    "regional_page",
    "regional_pages",
    "scope_of",
    "setting_versions",
    "step_interventions",
    "steps_at_levels",
    "valid_slug",
    "vignettes",
]
