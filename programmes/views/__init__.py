"""The public pages of the knowledge portal: programmes and their content, the programmes
seen from a care level, case vignettes, materials and pages for patients and relatives
(`content`); care pathways (`pathways`); the visitor's place and the regions' own pages
(`places`)."""

from .content import (
    accessibility,
    for_you_index,
    for_you_programme,
    home,
    indicator_list,
    intervention_list,
    level_detail,
    level_list,
    level_view_context,
    material_list,
    meeting_summary,
    node_detail,
    programme_detail,
    programme_level,
    programme_list,
    vignette_detail,
    vignette_list,
)
from .pathways import pathway_detail, pathway_level, pathway_step
from .places import place_choice, regional_page

__all__ = [
    "accessibility",
    "for_you_index",
    "for_you_programme",
    "home",
    "indicator_list",
    "intervention_list",
    "level_detail",
    "level_list",
    "level_view_context",
    "material_list",
    "meeting_summary",
    "node_detail",
    "pathway_detail",
    "pathway_level",
    "pathway_step",
    "place_choice",
    "programme_detail",
    "programme_level",
    "programme_list",
    "regional_page",
    "vignette_detail",
    "vignette_list",
]
