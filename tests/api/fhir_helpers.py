"""What the FHIR tests share: a request helper and a programme with every kind of
content FHIR serves, and some it must not."""

import json

from programmes.models import ProgrammeLevel, RecommendationKind
from tests.factories import (
    level,
    make_guideline,
    make_intervention,
    make_node,
    make_pathway,
    make_programme,
    make_step,
)

FHIR_JSON = "application/fhir+json; charset=utf-8"
BASE = "https://vip-portalen.example.se"


def fhir(client, path: str, method: str = "get", **params):
    """The response to a request to /fhir/<path> and its body as JSON."""
    response = getattr(client, method)(f"/fhir/{path}", params or None)
    return response, json.loads(response.content) if response.content else None


def build_psychosis(settings) -> dict:
    """A published programme "psykos" with a guideline, interventions of every kind of
    recommendation, two care levels and a pathway of three steps; plus content the
    public must not see (an unpublished intervention, one under an unpublished section,
    an unpublished pathway and step)."""
    settings.VIP_CANONICAL_BASE = BASE
    programme = make_programme(
        slug="psykos",
        name_sv="Psykos",
        name_en="Psychosis",
        version="2.1",
        icd10_codes="F20–F22, F29",
    )
    guideline = make_guideline(
        slug="nr-psykos-2023",
        name_sv="Nationella riktlinjer för psykos",
        name_en="National guidelines for psychosis",
        year=2023,
        url="https://example.se/riktlinjer/psykos",
    )
    treatment = make_node(programme, slug="behandling", kind="section", title_sv="Behandling")
    primary, psychiatry = level("primarvard"), level("psykiatri-oppenvard")
    kinds = {
        "lakemedel": {"priority": 2, "care_levels": [psychiatry]},
        "familjestod": {"priority": 5, "care_levels": [primary, psychiatry]},
        "traning": {"priority": 9, "care_levels": [psychiatry]},
        "ny-metod": {"recommendation": RecommendationKind.RESEARCH, "care_levels": [psychiatry]},
        "gammal-metod": {
            "recommendation": RecommendationKind.DO_NOT_DO,
            "care_levels": [psychiatry],
        },
        "samtal": {"recommendation": RecommendationKind.NONE, "care_levels": [primary]},
    }
    nodes = {}
    for slug, fields in kinds.items():
        if fields.get("recommendation") != RecommendationKind.NONE:
            fields["guideline"] = guideline
        nodes[slug] = make_intervention(
            programme,
            treatment,
            slug=slug,
            title_sv=f"Insats {slug}",
            title_en=f"Intervention {slug}",
            summary_sv=f"Sammanfattning av {slug}.",
            target_group_sv="Vuxna med psykos.",
            **fields,
        )
    hidden_section = make_node(programme, slug="utkast", kind="section", published=False)
    nodes["dold"] = make_intervention(programme, hidden_section, slug="dold", guideline=guideline)
    nodes["opublicerad"] = make_intervention(
        programme, treatment, slug="opublicerad", published=False, guideline=guideline
    )
    for care_level in (primary, psychiatry):
        ProgrammeLevel.objects.create(
            programme=programme,
            care_level=care_level,
            treatment=True,
            responsibility_sv=f"Ansvar för {care_level.slug}.",
            responsibility_en=f"Responsibility of {care_level.slug}.",
            refer_when_sv="Vid svår psykos.",
        )
    pathway = make_pathway(programme, slug="forlopp", title_sv="Vårdförlopp psykos")
    make_step(
        pathway,
        slug="forsta-kontakt",
        position=0,
        time_goal_sv="Inom 7 dagar",
        time_goal_days=7,
        entry_criteria_sv="Misstanke om psykos.",
        care_levels=[primary],
    )
    make_step(pathway, slug="utkast-steg", position=1, published=False)
    make_step(
        pathway,
        slug="behandling",
        position=2,
        time_goal_days=30,
        exit_criteria_sv="Stabil i sex månader.",
        care_levels=[psychiatry],
        interventions=[nodes["lakemedel"], nodes["dold"], nodes["opublicerad"]],
    )
    make_step(pathway, slug="uppfoljning", position=3, care_levels=[primary])
    make_pathway(programme, slug="hemligt", published=False)
    return {
        "programme": programme,
        "section": treatment,
        "nodes": nodes,
        "guideline": guideline,
        "pathway": pathway,
    }


def resource_ids(bundle: dict) -> set[tuple[str, str]]:
    return {(e["resource"]["resourceType"], e["resource"]["id"]) for e in bundle["entry"]}
