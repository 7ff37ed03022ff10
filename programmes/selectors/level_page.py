"""The read of one page: a programme seen from one care level (`programmes:programme_level`).

Five queries whatever the amount of content (a local view reads its local text besides),
each written out in SQL that reads the same on SQLite and PostgreSQL:

1. the programme, the level, the levels in its scope and its responsibility there;
2. the programme's tree, each node marked if it concerns the level, with the fields and
   the guideline an intervention card shows (`InterventionCard`);
3. the tags of the level's interventions and the levels the responsibility refers to;
4. the level's case vignettes, and 5. its steps in the programme's care pathways.

Why SQL and not the ORM: on this page the ORM spent most of the time building queries
(about half a millisecond each, against a tenth for running them); these are read on
every miss of the page cache. Rows become model instances through `Model.from_db`, so the
templates see the usual objects (translated fields fall back to Swedish as usual); a
field not read here is deferred and would cost a query, which the query-count tests see.
The intervention cards, many on a page, are plain objects with every value worked out.
"""

import functools
from dataclasses import dataclass, field
from datetime import UTC

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext

from care_levels.models import AgeGroup, CareLevel, Phase, Profession

from ..models import (
    STRENGTHS,
    CaseVignette,
    ContentNode,
    Guideline,
    Pathway,
    PathwayStep,
    Programme,
    ProgrammeLevel,
    RecommendationKind,
    recommendation_order,
    strength_of,
)
from .content import NODE_TAGS, LevelScope, ProgrammeTree, Tag


@functools.cache
def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@functools.cache
def _through(model, field: str) -> tuple[str, str, str]:
    """The join table of the many-to-many `field` and its two columns (owner, target)."""
    related = model._meta.get_field(field)
    through = related.remote_field.through
    return (
        _table(through),
        related.m2m_column_name(),
        related.m2m_reverse_name(),
    )


def _aware(value):
    """SQLite hands back naive UTC datetimes from raw SQL; PostgreSQL aware ones."""
    if value is not None and timezone.is_naive(value):
        return value.replace(tzinfo=UTC)
    return value


def _instance(model, values: dict):
    """A model instance from the columns read (by attname); the others are deferred."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(DEFAULT_DB_ALIAS, names, [values[name] for name in names])


def _placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


@dataclass
class LevelPage:
    """What the page shows: see `level_page`."""

    programme: Programme
    level: CareLevel
    scope: LevelScope
    responsibility: ProgrammeLevel | None
    tree: ProgrammeTree
    interventions: list["InterventionCard"]
    pages: list
    vignettes: list[CaseVignette]
    steps: list[PathwayStep]


def level_page(slug: str, level_slug: str) -> LevelPage:
    """The programme `slug` (published) seen from the care level `level_slug`: its
    responsibility there, the pages and interventions tagged with a level of the scope
    (`level_scope`), sorted by recommendation, the case vignettes and pathway steps of the
    scope. 404 if either is missing."""
    language, fallback = get_language(), settings.LANGUAGE_CODE
    programme, level, scope, responsibility = _programme_and_level(
        slug, level_slug, language, fallback
    )
    tree, interventions, pages = _tree(programme, scope, language, fallback)
    _attach_tags(interventions, responsibility, language, fallback)
    interventions.sort(key=recommendation_order)
    return LevelPage(
        programme=programme,
        level=level,
        scope=scope,
        responsibility=responsibility,
        tree=tree,
        interventions=interventions,
        pages=pages,
        vignettes=_vignettes(programme, scope, language, fallback),
        steps=_steps(programme, scope, language, fallback),
    )


def _programme_and_level(slug, level_slug, language, fallback):
    responsibility_columns = [
        "id",
        "created_at",
        "updated_at",
        "substance_changed_at",
        *ProgrammeLevel.TASKS,
        *(
            f"{name}_{code}"
            for name in ("responsibility", "refer_when", "coordination")
            for code in dict.fromkeys([language, fallback])
        ),
    ]
    sql = f"""
        SELECT p.id, p.slug, p.name_{language}, p.name_{fallback}, p.published,
               l.id, l.path, l.depth, l.slug, l.name_{language}, l.name_{fallback},
               l.description_{language}, l.description_{fallback},
               s.id, s.slug, s.path,
               {", ".join(f"r.{column}" for column in responsibility_columns)}
        FROM {_table(Programme)} p
        JOIN {_table(CareLevel)} l ON l.slug = %s
        JOIN {_table(CareLevel)} s
          ON substr(s.path, 1, length(l.path)) = l.path
          OR substr(l.path, 1, length(s.path)) = s.path
        LEFT JOIN {_table(ProgrammeLevel)} r
          ON r.programme_id = p.id AND r.care_level_id = l.id
        WHERE p.slug = %s AND p.published = %s
        ORDER BY s.path
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [level_slug, slug, True])
        rows = cursor.fetchall()
    if not rows:
        raise Http404("No such programme or care level")
    first = rows[0]
    programme = _instance(
        Programme,
        {
            "id": first[0],
            "slug": first[1],
            f"name_{language}": first[2],
            f"name_{fallback}": first[3],
            "published": bool(first[4]),
        },
    )
    level = _instance(
        CareLevel,
        {
            "id": first[5],
            "path": first[6],
            "depth": first[7],
            "slug": first[8],
            f"name_{language}": first[9],
            f"name_{fallback}": first[10],
            f"description_{language}": first[11],
            f"description_{fallback}": first[12],
        },
    )
    scope = LevelScope(
        ids=[row[13] for row in rows],
        slugs=frozenset(row[14] for row in rows),
        below=[row[13] for row in rows if row[15].startswith(level.path)],
    )
    responsibility = None
    values = dict(zip(responsibility_columns, first[16:], strict=True))
    if values["id"] is not None:
        for name in ("created_at", "updated_at", "substance_changed_at"):
            values[name] = _aware(values[name])
        for name in ProgrammeLevel.TASKS:
            values[name] = bool(values[name])
        values |= {"programme_id": programme.pk, "care_level_id": level.pk}
        responsibility = _instance(ProgrammeLevel, values)
    return programme, level, scope, responsibility


def _in_scope(table: str, owner: str, target: str, alias: str, scope: LevelScope) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {table} t WHERE t.{owner} = {alias}.id"
        f" AND t.{target} IN ({_placeholders(scope.ids)}))"
    )


#: Marks text shown in Swedish on a page in another language (WCAG 3.1.2).
SWEDISH = mark_safe(' lang="sv"')


def _tree(programme, scope, language, fallback):
    """The tree; the interventions tagged with a level of the scope (as cards); the pages
    and sections tagged so (tree nodes)."""
    sql = f"""
        SELECT n.id, n.path, n.depth, n.slug, n.kind, n.audience,
               n.title_{language}, n.title_{fallback}, n.summary_{language}, n.summary_{fallback},
               {_in_scope(*_through(ContentNode, "care_levels"), "n", scope)},
               n.recommendation, n.priority, n.coordinated, n.guideline_id,
               n.condition_{language}, n.condition_{fallback},
               g.slug, g.name_{language}, g.name_{fallback}, g.year
        FROM {_table(ContentNode)} n
        LEFT JOIN {_table(Guideline)} g ON g.id = n.guideline_id
        WHERE n.programme_id = %s AND n.published = %s
        ORDER BY n.path
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*scope.ids, programme.pk, True])
        rows = cursor.fetchall()
    tree = ProgrammeTree.build(programme, rows)
    scale_url = reverse("programmes:recommendation_scale")
    interventions, pages = [], []
    for row in rows:
        shown = tree.by_path.get(row[1])
        if shown is None or not row[10]:
            continue
        if shown.kind != ContentNode.Kind.INTERVENTION:
            pages.append(shown)
            continue
        interventions.append(_intervention(shown, row, language, fallback, scale_url))
    return tree, interventions, pages


@dataclass(eq=False)
class CardGuideline:
    name: str
    year: int
    url: str
    lang: str  # ' lang="sv"' where the page's language has no name of its own (`lang_of`)


@dataclass(eq=False)
class InterventionCard:
    """An intervention as the page's card shows it (the tag `intervention_cards` in
    programmes/templatetags/content.py), every value worked out here: plain attributes are
    read several times faster than translated model fields and lazy labels."""

    pk: int
    path: str
    number: str
    url: str
    title: str
    summary: str
    coordinated: bool
    recommendation: str
    priority: int | None
    guideline: CardGuideline | None
    condition: str
    condition_lang: str
    strength_label: str = ""
    priority_text: str = ""
    explanation: str = ""
    #: Each tag field's names, joined ("Elevhälsa, Vårdcentral"); `attach_tags` fills it.
    tags: dict = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.recommendation or "none"


def _intervention(shown, row, language, fallback, scale_url: str) -> InterventionCard:
    recommendation, priority, coordinated, guideline_id, condition, condition_fb = row[11:17]
    guideline_slug, name, name_fb, year = row[17:21]
    lang = SWEDISH if language != fallback else ""
    guideline = None
    if guideline_id is not None:
        guideline = CardGuideline(
            name=name or name_fb,
            year=year,
            url=f"{scale_url}#{guideline_slug}",
            lang="" if name else lang,
        )
    card = InterventionCard(
        pk=shown.pk,
        path=shown.path,
        number=shown.number,
        url=shown.url,
        title=shown.title,
        summary=shown.summary,
        coordinated=bool(coordinated),
        recommendation=recommendation,
        priority=priority,
        guideline=guideline,
        condition=condition or condition_fb,
        condition_lang="" if condition else lang,
    )
    strength = strength_of(recommendation, priority)
    if strength is not None:
        card.strength_label, card.explanation = _strength_words(strength.key, language)
    if recommendation == RecommendationKind.PRIORITY:
        # The msgid of the blocktranslate in templates/includes/recommendation.html.
        card.priority_text = gettext("priority %(rank)s of 10") % {"rank": priority}
    return card


@functools.cache
def _strength_words(key: str, language: str) -> tuple[str, str]:
    """A strength's label (capitalised) and explanation in `language`, the current one: a
    handful of strings, translated once per process instead of once per card."""
    strength = STRENGTHS[key]
    return capfirst(str(strength.label)), str(strength.explanation)


def _attach_tags(interventions, responsibility, language, fallback) -> None:
    """Each intervention's `tags` (as `attach_tags`) and the responsibility's `refer_to`,
    in one query."""
    parts, params = [], []
    by_kind = {}
    if interventions:
        ids = [node.pk for node in interventions]
        for name, model in zip(NODE_TAGS, (CareLevel, Profession, AgeGroup, Phase), strict=True):
            by_kind[name] = {node.pk: node for node in interventions}
            parts.append(_tag_part(name, ContentNode, model, ids, language, fallback))
            params += ids
        for node in interventions:
            node.tags = {name: [] for name in NODE_TAGS}
    if responsibility is not None:
        by_kind["refer_to"] = {responsibility.pk: responsibility}
        parts.append(
            _tag_part(
                "refer_to", ProgrammeLevel, CareLevel, [responsibility.pk], language, fallback
            )
        )
        params.append(responsibility.pk)
        responsibility.tags = {"refer_to": []}
    if not parts:
        return
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    rows.sort(key=lambda row: (row[5], row[6]))
    for kind, owner, slug, name, name_fb, _path, _position in rows:
        by_kind[kind][owner].tags[kind].append(Tag(slug, name or name_fb))
    for node in interventions:
        node.tags = {kind: ", ".join(tag.name for tag in tags) for kind, tags in node.tags.items()}


def _tag_part(name, model, target_model, ids, language, fallback) -> str:
    table, owner, target = _through(model, name)
    order = "v.path, 0" if target_model is CareLevel else "'', v.position"
    return (
        f"SELECT '{name}', t.{owner}, v.slug, v.name_{language}, v.name_{fallback}, {order}"
        f" FROM {table} t JOIN {_table(target_model)} v ON v.id = t.{target}"
        f" WHERE t.{owner} IN ({_placeholders(ids)})"
    )


def _vignettes(programme, scope, language, fallback) -> list[CaseVignette]:
    sql = f"""
        SELECT v.id, v.slug, v.title_{language}, v.title_{fallback}
        FROM {_table(CaseVignette)} v
        WHERE v.programme_id = %s AND v.published = %s
          AND {_in_scope(*_through(CaseVignette, "care_levels"), "v", scope)}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [programme.pk, True, *scope.ids])
        rows = cursor.fetchall()
    found = [
        _instance(
            CaseVignette,
            {
                "id": pk,
                "programme_id": programme.pk,
                "slug": slug,
                f"title_{language}": title,
                f"title_{fallback}": title_fb,
                "published": True,
            },
        )
        for pk, slug, title, title_fb in rows
    ]
    for vignette in found:
        vignette.programme = programme
    return sorted(found, key=lambda vignette: vignette.title)


def _steps(programme, scope, language, fallback) -> list[PathwayStep]:
    """The published steps of the programme's published pathways that a level of the
    scope is responsible for, by pathway and in order, each with its `number` (counting
    the published steps of its pathway) and `url` (as `steps_at_levels`)."""
    step = _table(PathwayStep)
    sql = f"""
        SELECT st.id, st.slug, st.position, st.title_{language}, st.title_{fallback},
               st.time_goal_{language}, st.time_goal_{fallback},
               (SELECT COUNT(*) FROM {step} e
                 WHERE e.pathway_id = st.pathway_id AND e.published = %s
                   AND (e.position < st.position OR (e.position = st.position AND e.id < st.id))
               ) + 1,
               w.id, w.slug, w.title_{language}, w.title_{fallback}, w.national_id,
               w.setting_id, c.slug, c.name_{language}, c.name_{fallback}
        FROM {step} st
        JOIN {_table(Pathway)} w ON w.id = st.pathway_id
        LEFT JOIN {_table(CareLevel)} c ON c.id = w.setting_id
        WHERE st.published = %s AND w.published = %s AND w.programme_id = %s
          AND {_in_scope(*_through(PathwayStep, "care_levels"), "st", scope)}
        ORDER BY w.position, w.slug, st.position, st.id
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, True, True, programme.pk, *scope.ids])
        rows = cursor.fetchall()
    pathways, steps = {}, []
    address = reverse("programmes:pathway_step", args=[programme.slug, "-", "-"]).rsplit("/", 3)[0]
    for row in rows:
        (pk, slug, position, title, title_fb, goal, goal_fb, number, pathway_id) = row[:9]
        pathway = pathways.get(pathway_id)
        if pathway is None:
            pathway = pathways[pathway_id] = _pathway(programme, row[8:], language, fallback)
        step = _instance(
            PathwayStep,
            {
                "id": pk,
                "pathway_id": pathway_id,
                "slug": slug,
                "position": position,
                f"title_{language}": title,
                f"title_{fallback}": title_fb,
                f"time_goal_{language}": goal,
                f"time_goal_{fallback}": goal_fb,
                "published": True,
            },
        )
        step.pathway, step.number = pathway, number
        step.url = f"{address}/{pathway.slug}/{slug}/"
        steps.append(step)
    return steps


def _pathway(programme, row, language, fallback) -> Pathway:
    pk, slug, title, title_fb, national_id, setting_id, setting_slug, name, name_fb = row
    pathway = _instance(
        Pathway,
        {
            "id": pk,
            "programme_id": programme.pk,
            "slug": slug,
            f"title_{language}": title,
            f"title_{fallback}": title_fb,
            "national_id": national_id,
            "setting_id": setting_id,
            "published": True,
        },
    )
    pathway.programme = programme
    pathway.setting = (
        _instance(
            CareLevel,
            {
                "id": setting_id,
                "slug": setting_slug,
                f"name_{language}": name,
                f"name_{fallback}": name_fb,
            },
        )
        if setting_id is not None
        else None
    )
    return pathway
