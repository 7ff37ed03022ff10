"""The shapes of the API's objects, as the OpenAPI document states them.

Every object has its stable `id`, its `type`, its address in the API (`url`), its public
page in the language asked for (`html_url`), its place among other objects (`parent`,
`children`) and both dates (`Dated`).
"""

from datetime import date, datetime

from ninja import Field, Schema

from .envelope import CREATED_HELP, SUBSTANCE_HELP, UPDATED_HELP
from .links import Ref


class Resource(Schema):
    id: str = Field(description="Stable: made of slugs, the same after a re-import.")
    type: str
    url: str = Field(description="The object's address in this API.")
    html_url: str = Field(description="Its public page, in the language asked for.")
    parent: Ref | None = None
    children: list[Ref] = Field(default_factory=list)
    created: datetime = Field(description=CREATED_HELP)
    updated: datetime = Field(description=UPDATED_HELP)
    changed_in_substance: datetime | None = Field(description=SUBSTANCE_HELP)


class Programme(Resource):
    name: str
    summary: str
    plain_summary: str = Field(description="For patients and relatives, in plain words.")
    status: str = Field(description="utkast, remiss, test, faststalld or arkiverad.")
    status_label: str
    version: str
    icd10_codes: str = Field(description="The ICD-10 codes covered, as written: F32–F33, F40–F41.")
    icd10_ranges: list[str] = Field(description="The same as a list of codes and ranges.")
    next_review: date | None
    links: dict[str, str] = Field(
        description="Addresses of the programme's tree, interventions, pathways and levels."
    )


class TreeNode(Resource):
    """A node of a programme's content tree, light: without its long texts."""

    kind: str = Field(description="section, page or intervention.")
    number: str = Field(description="Its number in the tree, e.g. 2.1.")
    depth: int
    title: str
    summary: str
    audience: str


class Tag(Schema):
    slug: str
    name: str


class Guideline(Schema):
    id: str
    name: str
    year: int
    issuer: str
    url: str


class Recommendation(Schema):
    """What the national guidelines recommend for an intervention."""

    kind: str = Field(description="priority, fou, icke-gora or none.")
    kind_label: str
    words: str | None = Field(
        description="The recommendation in words: 1–3 should be offered, 4–7 may be offered, "
        "8–10 may be offered in exceptional cases; FoU; icke-göra; none."
    )
    explanation: str | None
    rank: int | None = Field(
        description="The priority 1–10 within its guideline; ranks of different "
        "guidelines are not comparable."
    )
    guideline: Guideline | None
    condition: str
    reason: str = Field(description="Why there is no national recommendation (kind none).")


class Intervention(Schema):
    target_group: str
    recommendation: Recommendation | None
    competence: str
    synopsis: str
    procedure: str
    severity: str
    coordinated: bool
    care_levels: list[Ref]
    professions: list[Tag]
    age_groups: list[Tag]
    phases: list[Tag]


class Node(Resource):
    """A section, page or intervention with its texts (`body` is sanitised HTML)."""

    programme: Ref
    kind: str
    number: str | None
    title: str
    summary: str
    body: str
    audience: str
    intervention: Intervention | None = Field(
        description="The intervention's fields, for a node of kind intervention."
    )


class Task(Schema):
    key: str = Field(description="early_detection, assessment, treatment or support.")
    label: str


class Responsibility(Resource):
    """What one care level does in one programme."""

    programme: Ref
    level: Ref
    tasks: list[Task]
    responsibility: str
    refer_when: str
    refer_to: list[Ref]
    coordination: str


class Level(Resource):
    name: str
    principal: str = Field(description="kommun or region.")
    step: int = Field(description="Its step in stepped care.")
    description: str
    responsibilities: list[Responsibility]


class Step(Resource):
    pathway: Ref
    number: int
    title: str
    summary: str
    body: str
    care_levels: list[Ref]
    principal: str
    time_goal: str
    time_goal_days: int | None
    entry_criteria: str
    exit_criteria: str
    interventions: list[Ref]
    patient_contact: str
    patient_plan: str
    patient_next: str
    national_step: Ref | None


class Pathway(Resource):
    programme: Ref
    title: str
    summary: str
    body: str
    national: Ref | None = Field(description="For a setting's version: the national pathway.")
    setting: Ref | None = Field(description="For a setting's version: the care level.")
    versions: list[Ref] = Field(description="A national pathway's versions for settings.")
    steps: list[Step] | None = Field(description="The steps in order (in the pathway itself).")


class Vignette(Resource):
    programme: Ref
    title: str
    summary: str
    story: str
    questions: list[str]
    care_levels: list[Ref]
    interventions: list[Ref]


class Indicator(Resource):
    programme: Ref
    pathway: Ref | None
    kind: str = Field(description="outcome, process or structure.")
    name: str
    purpose: str
    measure: str
    numerator: str
    denominator: str
    direction: str = Field(description="increase or decrease: which way is better.")
    measure_kind: str = Field(
        description="value, proportion or rate: the kind of number a measurement is (it "
        "decides the control chart: I, P or U)."
    )
    target: str
    data_sources: str
    error_sources: str


class Material(Resource):
    programme: Ref | None
    kind: str
    audience: str
    title: str
    description: str
    link: str
    #: Where it opens: its file or printed flyer on the portal, or its link.
    open_url: str


class SearchHit(Schema):
    type: str
    title: str
    summary: str
    html_url: str
    programme: Ref | None


class Place(Schema):
    id: str
    name: str
    kind: str
    group: str
    url: str = Field(description="Its local additions in this API.")


class LocalText(Schema):
    label: str
    text: str


class LocalAddition(Schema):
    """A region's or municipality's own text beside a piece of national content."""

    id: str = Field(description="<organisation>/<number>: written in the portal, not imported.")
    type: str
    organisation: Tag
    hangs_on: Ref = Field(description="The national content the text stands beside.")
    programme: Ref
    title: str
    texts: list[LocalText]
    link: str
    html_url: str
    created: datetime | None
    updated: datetime | None
    reviewed: datetime | None = Field(description="Last checked against the national text.")


class Change(Schema):
    id: str
    type: str
    title: str
    url: str | None
    html_url: str
    created: datetime = Field(description=CREATED_HELP)
    updated: datetime = Field(description=UPDATED_HELP)
    changed_in_substance: datetime | None = Field(description=SUBSTANCE_HELP)
    in_substance: bool = Field(
        description="Whether the object changed in substance after `since` (not only edited)."
    )
