"""The public pages of the knowledge portal: programmes and their content, the programmes
seen from a care level, case vignettes, materials and pages for patients and relatives
(`content`); the meeting summary of a programme at a level (`summary`); the
recommendation scale of the national guidelines (`evidence`); care pathways
(`pathways`); the change log of published versions (`changes`); the visitor's place and
the regions' own pages (`places`); a material's file and the flyers the portal prints
(`materials`)."""

from .changes import programme_changes
from .content import (
    accessibility,
    for_you_index,
    for_you_programme,
    home,
    indicator_list,
    intervention_list,
    level_detail,
    level_list,
    material_list,
    node_detail,
    programme_detail,
    programme_level,
    programme_list,
    vignette_detail,
    vignette_list,
)
from .evidence import recommendation_scale
from .materials import flyer, material_file
from .pathways import pathway_detail, pathway_level, pathway_step
from .places import place_choice, regional_page
from .summary import meeting_summary

__all__ = [
    "accessibility",
    "flyer",
    "for_you_index",
    "for_you_programme",
    "home",
    "indicator_list",
    "intervention_list",
    "level_detail",
    "level_list",
    "material_file",
    "material_list",
    "meeting_summary",
    "node_detail",
    "pathway_detail",
    "pathway_level",
    "pathway_step",
    "place_choice",
    "programme_changes",
    "programme_detail",
    "programme_level",
    "programme_list",
    "recommendation_scale",
    "regional_page",
    "vignette_detail",
    "vignette_list",
]
