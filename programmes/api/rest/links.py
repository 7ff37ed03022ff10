"""Stable ids and addresses of the API's objects.

An id is made of slugs, never of database keys, so that it survives a re-import of the
content file: a programme is `adhd`, a node `adhd/<node slug>` (a node's slug is unique
within its programme), a pathway `schizofreni/<pathway>`, a step
`schizofreni/<pathway>/<step>`, a care level, case vignette, indicator or material its own
slug. Local additions are written in the portal and never imported: theirs is
`<organisation>/<number>`.

Addresses are absolute paths on this server (`/api/v1/…` for the API, the public page's
path in the language asked for as `html_url`).
"""

from ninja import Field, Path, Schema

BASE = "/api/v1"

#: The ids in addresses, each with an example from the demo content (test tools use them).
PROGRAMME_ID = Path(..., description="A programme's id.", example="schizofreni")
NODE_ID = Path(
    ..., description="A node's slug within the programme.", example="behandling-och-stod"
)
PATHWAY_ID = Path(
    ..., description="A care pathway's slug within the programme.", example="schizofreni"
)
STEP_ID = Path(..., description="A step's slug within the pathway.", example="forsta-kontakt")
LEVEL_ID = Path(..., description="A care level's id.", example="vardcentral")
VIGNETTE_ID = Path(
    ..., description="A case vignette's id.", example="schizofreni-elias-forsta-psykosen"
)
INDICATOR_ID = Path(
    ..., description="An indicator's id.", example="adhd-arlig-lakemedelsuppfoljning"
)
MATERIAL_ID = Path(..., description="A material's id.", example="adhd-film-for-larosaten")


class Ref(Schema):
    """A link to another object of the API."""

    id: str
    type: str
    url: str | None = Field(description="Its address in the API (null if it has none).")
    title: str = ""


def ref(kind: str, id: str, url: str | None, title: str = "") -> dict:
    return {"id": id, "type": kind, "url": url, "title": str(title or "")}


def programme_url(slug: str) -> str:
    return f"{BASE}/programmes/{slug}"


def node_id(programme_slug: str, node_slug: str) -> str:
    return f"{programme_slug}/{node_slug}"


def node_url(programme_slug: str, node_slug: str) -> str:
    return f"{BASE}/programmes/{programme_slug}/nodes/{node_slug}"


def level_url(slug: str) -> str:
    return f"{BASE}/levels/{slug}"


def pathway_url(programme_slug: str, pathway_slug: str) -> str:
    return f"{BASE}/programmes/{programme_slug}/pathways/{pathway_slug}"


def step_url(programme_slug: str, pathway_slug: str, step_slug: str) -> str:
    return f"{pathway_url(programme_slug, pathway_slug)}/steps/{step_slug}"


def programme_ref(programme) -> dict:
    return ref("programme", programme.slug, programme_url(programme.slug), programme.name)


def node_ref(programme_slug: str, node) -> dict:
    kind = "intervention" if node.kind == "intervention" else node.kind
    return ref(
        kind, node_id(programme_slug, node.slug), node_url(programme_slug, node.slug), node.title
    )


def level_ref(slug: str, name: str) -> dict:
    return ref("level", slug, level_url(slug), name)


def pathway_ref(programme_slug: str, pathway) -> dict:
    return ref(
        "pathway",
        f"{programme_slug}/{pathway.slug}",
        pathway_url(programme_slug, pathway.slug),
        pathway.title,
    )


def step_ref(programme_slug: str, pathway_slug: str, step) -> dict:
    return ref(
        "step",
        f"{programme_slug}/{pathway_slug}/{step.slug}",
        step_url(programme_slug, pathway_slug, step.slug),
        step.title,
    )


def vignette_ref(vignette) -> dict:
    return ref("vignette", vignette.slug, f"{BASE}/vignettes/{vignette.slug}", vignette.title)


def indicator_ref(indicator) -> dict:
    return ref("indicator", indicator.slug, f"{BASE}/indicators/{indicator.slug}", indicator.name)


def material_ref(material) -> dict:
    return ref("material", material.slug, f"{BASE}/materials/{material.slug}", material.title)
