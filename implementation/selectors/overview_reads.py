"""The regional overview's reads, in SQL (see `sql` for why): one select each, whatever
the amount of content, into the model instances the ORM would give (with the same related
objects), so that the overview's page, print view and exports read them as before.

A read that would look in an empty list of plans is not run, as the ORM does not run it.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from care_levels.models import CareLevel
from programmes.models import ContentNode, Indicator, Pathway, PathwayStep, Programme

from ..models import (
    Activity,
    GapAnalysis,
    GapItem,
    Measurement,
    Organisation,
    PDSACycle,
    Plan,
    PlanUnit,
    StatusReport,
    Target,
)
from .sql import fetch, like_prefix, part, placeholders, read, table


def translated(*names: str) -> tuple[str, ...]:
    """The fields and their translations (`name`, `name_sv`, `name_en`): the ORM reads
    them together, and a translated field falls back on its Swedish column."""
    codes = [code for code, _name in settings.LANGUAGES]
    return tuple(f"{name}_{code}" for name in names for code in codes) + names


#: What the overview reads of a programme, a care pathway, an intervention, a step and an
#: indicator: what names them (the columns of `matrix_programmes` and `matrix_pathways`).
PROGRAMME = (
    *translated("name"),
    "slug",
    "position",
    "version",
    "status",
    "substance_changed_at",
    "updated_at",
)
PATHWAY = (
    *translated("title"),
    "programme_id",
    "slug",
    "position",
    "published",
    "national_id",
    "setting_id",
)
INTERVENTION = (*translated("title"), "recommendation")
STEP = (*translated("title", "time_goal"), "time_goal_days", "position", "pathway_id", "slug")
INDICATOR = translated("name")
#: What the overview, its print view and its exports read of a person: what names them.
PERSON = ("username", "first_name", "last_name")


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def organisation(pk: int) -> Organisation | None:
    """The organisation `pk`, or None; None too for a number no key can be (the ORM
    finds nothing there, where the database would refuse it)."""
    low, high = connection.ops.integer_field_range(Organisation._meta.pk.get_internal_type())
    if (low is not None and pk < low) or (high is not None and pk > high):
        return None
    o = part(Organisation, "o")
    rows = read(f"SELECT {o.columns} FROM {table(Organisation)} o WHERE o.id = %s", [pk], o)
    return rows[0][0] if rows else None


def children(organisation: Organisation) -> list[Organisation]:
    """The organisations directly under `organisation`, by path."""
    o = part(Organisation, "o")
    sql = f"""
        SELECT {o.columns} FROM {table(Organisation)} o
        WHERE o.path LIKE %s ESCAPE '\\' AND o.depth = %s
        ORDER BY o.path
    """
    params = [like_prefix(organisation.path), organisation.depth + 1]
    return [row[0] for row in read(sql, params, o)]


def plans_below(organisation: Organisation) -> list[Plan]:
    """Every plan of `organisation` and those below it, each with its organisation; the
    latest period first."""
    p, o = part(Plan, "p"), part(Organisation, "o")
    sql = f"""
        SELECT {p.columns}, {o.columns}
        FROM {table(Plan)} p JOIN {table(Organisation)} o ON o.id = p.organisation_id
        WHERE o.path LIKE %s ESCAPE '\\'
        ORDER BY p.period_start DESC, p.id DESC
    """
    found = []
    for plan, owner in read(sql, [like_prefix(organisation.path)], p, o):
        plan.organisation = owner
        found.append(plan)
    return found


def reports_of(plans: dict[int, Plan]) -> list[StatusReport]:
    """The status reports of `plans` (by id), newest first, each with its author, the one
    who replied to its request for support (their names: `PERSON`), and its plan."""
    if not plans:
        return []
    user = get_user_model()
    r, a, s = part(StatusReport, "r"), part(user, "a", PERSON), part(user, "s", PERSON)
    sql = f"""
        SELECT {r.columns}, {a.columns}, {s.columns}
        FROM {table(StatusReport)} r
        LEFT JOIN {table(user)} a ON a.id = r.author_id
        LEFT JOIN {table(user)} s ON s.id = r.support_replied_by_id
        WHERE r.plan_id IN ({placeholders(plans)})
        ORDER BY r.reported_on DESC, r.id DESC
    """
    found = []
    for report, author, replied_by in read(sql, list(plans), r, a, s):
        report.plan, report.author, report.support_replied_by = (
            plans[report.plan_id],
            author,
            replied_by,
        )
        found.append(report)
    return found


def targets_of(plan_ids: list[int]) -> list[tuple]:
    """Each target of the plans: (plan id, unit path, programme id, pathway id, required
    level, reached level)."""
    if not plan_ids:
        return []
    sql = f"""
        SELECT u.plan_id, o.path, t.programme_id, t.pathway_id, t.required_level,
               t.reached_level
        FROM {table(Target)} t
        JOIN {table(PlanUnit)} u ON u.id = t.row_id
        JOIN {table(Organisation)} o ON o.id = u.unit_id
        WHERE u.plan_id IN ({placeholders(plan_ids)})
    """
    return fetch(sql, plan_ids)


def published_programmes() -> tuple[list[Programme], list[Pathway]]:
    """Every published programme (`matrix_programmes`), in the model's order, and their
    published care pathways, each with its setting (`matrix_pathways`), in one select."""
    p, w = part(Programme, "p", PROGRAMME), part(Pathway, "w", PATHWAY)
    s = part(CareLevel, "s", translated("name"))
    sql = f"""
        SELECT {p.columns}, {w.columns}, {s.columns}
        FROM {table(Programme)} p
        LEFT JOIN {table(Pathway)} w ON w.programme_id = p.id AND w.published = %s
        LEFT JOIN {table(CareLevel)} s ON s.id = w.setting_id
        WHERE p.published = %s
        ORDER BY p.position, p.slug, p.id, w.position, w.slug
    """
    programmes: dict[int, Programme] = {}
    pathways = []
    for programme, pathway, setting in read(sql, [True, True], p, w, s):
        programmes.setdefault(programme.pk, programme)
        if pathway is not None:
            pathway.setting = setting
            pathways.append(pathway)
    return list(programmes.values()), pathways


def late_activities(plans: dict[int, Plan], today: datetime.date) -> list[Activity]:
    """The plans' planned activities whose date is before `today`, the earliest first."""
    if not plans:
        return []
    a = part(Activity, "a")
    sql = f"""
        SELECT {a.columns} FROM {table(Activity)} a
        WHERE a.plan_id IN ({placeholders(plans)}) AND a.status = %s AND a.date < %s
        ORDER BY a.date
    """
    return _with_plans(read(sql, [*plans, Activity.Status.PLANNED, today], a), plans)


def late_cycles(plans: dict[int, Plan], today: datetime.date) -> list[PDSACycle]:
    """The plans' PDSA cycles that ended before `today` without a decision."""
    if not plans:
        return []
    c, end = part(PDSACycle, "c"), _q("end")
    sql = f"""
        SELECT {c.columns} FROM {table(PDSACycle)} c
        WHERE c.plan_id IN ({placeholders(plans)}) AND c.{end} < %s AND c.decision = %s
        ORDER BY c.{end}
    """
    return _with_plans(read(sql, [*plans, today, ""], c), plans)


def _with_plans(rows: list[tuple], plans: dict[int, Plan]) -> list:
    """The parts of `rows`, each with its plan (and so its organisation) from `plans`."""
    found = []
    for (entry,) in rows:
        entry.plan = plans[entry.plan_id]
        found.append(entry)
    return found


def gap_items(plans: dict[int, Plan], today: datetime.date) -> list[GapItem]:
    """In one select, the items of the plans' gap analyses that the overview shows: every
    step of a care pathway's analysis (in the steps' order), and each item with a measure
    not done by its due date before `today` (gap or not; after the steps). Each with its
    intervention or its step, and its analysis with its plan, programme, care pathway and
    level."""
    if not plans:
        return []
    i, g = part(GapItem, "i"), part(GapAnalysis, "g")
    p, w = part(Programme, "p", PROGRAMME), part(Pathway, "w", PATHWAY)
    s, level = part(CareLevel, "s", translated("name")), part(CareLevel, "l")
    n, t = part(ContentNode, "n", INTERVENTION), part(PathwayStep, "t", STEP)
    sql = f"""
        SELECT {i.columns}, {g.columns}, {p.columns}, {w.columns}, {s.columns},
               {level.columns}, {n.columns}, {t.columns}
        FROM {table(GapItem)} i
        JOIN {table(GapAnalysis)} g ON g.id = i.analysis_id
        JOIN {table(Programme)} p ON p.id = g.programme_id
        LEFT JOIN {table(Pathway)} w ON w.id = g.pathway_id
        LEFT JOIN {table(CareLevel)} s ON s.id = w.setting_id
        JOIN {table(CareLevel)} l ON l.id = g.care_level_id
        LEFT JOIN {table(ContentNode)} n ON n.id = i.intervention_id
        LEFT JOIN {table(PathwayStep)} t ON t.id = i.step_id
        WHERE g.plan_id IN ({placeholders(plans)})
          AND (g.pathway_id IS NOT NULL OR (i.due < %s AND i.status <> %s))
        ORDER BY g.pathway_id IS NULL, t.position, i.step_id, i.due, i.id
    """
    found = []
    params = [*plans, today, GapItem.Status.DONE]
    for item, analysis, programme, pathway, setting, care_level, intervention, step in read(
        sql, params, i, g, p, w, s, level, n, t
    ):
        if pathway is not None:
            pathway.setting = setting
        analysis.plan, analysis.programme, analysis.pathway, analysis.care_level = (
            plans[analysis.plan_id],
            programme,
            pathway,
            care_level,
        )
        item.analysis, item.intervention, item.step = analysis, intervention, step
        found.append(item)
    return found


def measurements_of(plan_ids: list[int]) -> list[Measurement]:
    """The plans' measurements with a numerator and a denominator, each with its
    indicator; by indicator name (the untranslated column, as the ORM orders), then
    period."""
    if not plan_ids:
        return []
    m, i = part(Measurement, "m"), part(Indicator, "i", INDICATOR)
    sql = f"""
        SELECT {m.columns}, {i.columns}
        FROM {table(Measurement)} m JOIN {table(Indicator)} i ON i.id = m.indicator_id
        WHERE m.plan_id IN ({placeholders(plan_ids)})
          AND m.numerator IS NOT NULL AND m.denominator IS NOT NULL
        ORDER BY i.name, m.indicator_id, m.period_start, m.period_end
    """
    found = []
    for measurement, indicator in read(sql, plan_ids, m, i):
        measurement.indicator = indicator
        found.append(measurement)
    return found
