"""The reads of the plan page (and its print view), each written out in SQL (see `sql`):
the page is read on every request, and the ORM spent longer building its queries than
the database running them. They give the same objects as the ORM's reads in `plans`,
`matrix` and `gaps` (which the targets form and the exports keep using), with only the
fields the page shows.
"""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import connection
from django.http import Http404

from care_levels.models import CareLevel
from programmes.models import ContentNode, Indicator, Pathway, PathwayStep, Programme

from ..access import Access, Can
from ..models import (
    Activity,
    AgendaItem,
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
from .gaps import LACKING, analysis_order, gap_counts, named
from .matrix import Matrix, MatrixRow, columns_of, target_key
from .sql import fetch, instance, placeholders, quoted, table, translated, translated_names

#: How many columns `_pathway_columns` reads.
PATHWAY_COLUMNS = 11


def _pathway_columns(w: str, s: str) -> str:
    """The columns `_pathway` reads: of the pathway `w` and its setting `s`."""
    return (
        f"{w}.id, {translated(w, 'title')}, {w}.slug, {w}.position, {w}.national_id, "
        f"{w}.setting_id, {w}.published, {s}.id, {translated(s, 'name')}"
    )


def _pathway(values, programme_id: int) -> Pathway | None:
    """The pathway (with its setting, if any) from the columns `_pathway_columns` read."""
    if values[0] is None:
        return None
    pathway = instance(
        Pathway,
        ["id", "programme_id", *translated_names("title"), "slug", "position"]
        + ["national_id", "setting_id", "published"],
        [values[0], programme_id, *values[1:8]],
    )
    if values[6] is not None:
        pathway.setting = instance(CareLevel, ["id", *translated_names("name")], values[8:11])
    return pathway


def _programme(values) -> Programme:
    """A programme from its id, slug, position and name (two columns)."""
    return instance(Programme, ["id", "slug", "position", *translated_names("name")], values)


def plan_matrix(plan: Plan) -> Matrix:
    """`target_matrix` for the plan page, in three queries: the columns (published
    programmes and their published pathways), the units with their rows, the targets."""
    rows = fetch(
        f"""
        SELECT p.id, p.slug, p.position, {translated("p", "name")}, {_pathway_columns("w", "s")}
        FROM {table(Programme)} p
        LEFT JOIN {table(Pathway)} w ON w.programme_id = p.id AND w.published = %s
        LEFT JOIN {table(CareLevel)} s ON s.id = w.setting_id
        WHERE p.published = %s
        ORDER BY p.position, p.slug, p.id, w.position, w.slug
        """,
        [True, True],
    )
    programmes, pathways = {}, []
    for row in rows:
        if row[0] not in programmes:
            programmes[row[0]] = _programme(row[:5])
        pathway = _pathway(row[5:], row[0])
        if pathway is not None:
            pathways.append(pathway)
    columns = columns_of(list(programmes.values()), pathways)
    units = fetch(
        f"""
        SELECT o.id, o.path, o.name, o.kind, o.care_level_id, c.id, {translated("c", "name")},
               r.id, r.lock_version, r.leader
        FROM {table(Organisation)} o
        LEFT JOIN {table(CareLevel)} c ON c.id = o.care_level_id
        LEFT JOIN {table(PlanUnit)} r ON r.unit_id = o.id AND r.plan_id = %s
        WHERE substr(o.path, 1, %s) = %s AND o.kind = %s
        ORDER BY o.path
        """,
        [plan.pk, len(plan.organisation.path), plan.organisation.path, Organisation.Kind.UNIT],
    )
    targets = {}
    for values in fetch(
        f"""
        SELECT t.id, t.row_id, t.programme_id, t.pathway_id, t.required_level,
               t.reached_level, t.reached_on
        FROM {table(Target)} t JOIN {table(PlanUnit)} r ON r.id = t.row_id
        WHERE r.plan_id = %s
        """,
        [plan.pk],
    ):
        target = instance(
            Target,
            ["id", "row_id", "programme_id", "pathway_id"]
            + ["required_level", "reached_level", "reached_on"],
            values,
        )
        targets[(target.row_id, target_key(target))] = target
    keyed = [(column, column.key) for column in columns]
    level = ["id", *translated_names("name")]
    return Matrix(
        columns=columns,
        rows=[_matrix_row(plan, values, keyed, targets, level) for values in units],
    )


def _matrix_row(plan: Plan, values, keyed, targets, level: list[str]) -> MatrixRow:
    """A unit's row of the matrix, from the columns `plan_matrix` read; `keyed`: each
    column with its key, `level`: the fields of a unit's level read."""
    unit = instance(Organisation, ["id", "path", "name", "kind", "care_level_id"], values[:5])
    if values[5] is not None:
        unit.care_level = instance(CareLevel, level, values[5:8])
    row = None
    if values[8] is not None:
        row = instance(
            PlanUnit,
            ["id", "plan_id", "unit_id", "lock_version", "leader"],
            [values[8], plan.pk, unit.pk, values[9], values[10]],
        )
    return MatrixRow(
        unit=unit,
        row=row,
        cells=[
            (column, targets.get((row.pk, key)) if row is not None else None)
            for column, key in keyed
        ],
    )


def plan_gap_analyses(plan: Plan) -> list[GapAnalysis]:
    """`gap_analyses` for the plan page: the same analyses with their counts and their
    steps that are gaps, in two queries (one when the plan has none)."""
    found = [
        _gap_analysis(plan, values)
        for values in fetch(
            f"""
            SELECT a.id, a.made_on, a.programme_id, p.slug, p.position, {translated("p", "name")},
                   a.care_level_id, c.path, {translated("c", "name")},
                   {_pathway_columns("w", "s")}
            FROM {table(GapAnalysis)} a
            JOIN {table(Programme)} p ON p.id = a.programme_id
            JOIN {table(CareLevel)} c ON c.id = a.care_level_id
            LEFT JOIN {table(Pathway)} w ON w.id = a.pathway_id
            LEFT JOIN {table(CareLevel)} s ON s.id = w.setting_id
            WHERE a.plan_id = %s
            """,
            [plan.pk],
        )
    ]
    if not found:
        return found
    counts, gaps = _gap_items(plan)
    for analysis in found:
        analysis.total, analysis.gaps, analysis.phase_out, analysis.unknown = counts[analysis.pk]
        if analysis.pathway_id is not None:
            analysis.step_gaps = gaps[analysis.pk]
    found.sort(key=analysis_order)
    return named(found)


def _gap_analysis(plan: Plan, values) -> GapAnalysis:
    """An analysis with its programme, level and pathway, from the columns read."""
    programme_id, level_id = values[2], values[7]
    pathway = _pathway(values[11:], programme_id)
    analysis = instance(
        GapAnalysis,
        ["id", "made_on", "plan_id", "programme_id", "care_level_id", "pathway_id"],
        [*values[:2], plan.pk, programme_id, level_id, pathway.pk if pathway else None],
    )
    analysis.programme = _programme(values[2:7])
    analysis.care_level = instance(
        CareLevel, ["id", "path", *translated_names("name")], values[7:11]
    )
    analysis.pathway = pathway
    return analysis


def _gap_items(plan: Plan) -> tuple[dict, dict]:
    """Per analysis of the plan: its counts (items, gaps, to phase out, not answered:
    `gap_counts`), and its steps that are gaps, in order (with what the page shows of
    them). One query."""
    counts = defaultdict(lambda: [0, 0, 0, 0])
    gaps = defaultdict(list)
    rows = fetch(
        f"""
        SELECT i.analysis_id, i.step_id, i.offered, i.time_goal_met, n.recommendation,
               i.id, i.days_now, i.measure, i.owner, i.due, i.status,
               st.position, {translated("st", "title")}, {translated("st", "time_goal")},
               st.time_goal_days
        FROM {table(GapItem)} i
        JOIN {table(GapAnalysis)} a ON a.id = i.analysis_id
        LEFT JOIN {table(ContentNode)} n ON n.id = i.intervention_id
        LEFT JOIN {table(PathwayStep)} st ON st.id = i.step_id
        WHERE a.plan_id = %s
        ORDER BY st.position, i.step_id
        """,
        [plan.pk],
    )
    for analysis_id, step_id, offered, time_goal_met, recommendation, *rest in rows:
        total = counts[analysis_id]
        gap, phase_out, unknown = gap_counts(step_id, offered, time_goal_met, recommendation)
        total[0] += 1
        total[1] += gap
        total[2] += phase_out
        total[3] += unknown
        if step_id is not None and (offered in LACKING or time_goal_met in LACKING):
            gaps[analysis_id].append(_step_gap(analysis_id, step_id, offered, time_goal_met, rest))
    return counts, gaps


def _step_gap(analysis_id, step_id, offered, time_goal_met, values) -> GapItem:
    """A step's item with its step, from the columns `_gap_items` read."""
    item = instance(
        GapItem,
        ["analysis_id", "step_id", "offered", "time_goal_met", "intervention_id"]
        + ["id", "days_now", "measure", "owner", "due", "status"],
        [analysis_id, step_id, offered, time_goal_met, None, *values[:6]],
    )
    item.step = instance(
        PathwayStep,
        ["id", "position", *translated_names("title"), *translated_names("time_goal")]
        + ["time_goal_days"],
        [step_id, *values[6:]],
    )
    return item


def plan_measurements(plan: Plan) -> dict[int, list[Measurement]]:
    """`measurements_by_indicator` for the plan page: what its run charts show."""
    grouped = defaultdict(list)
    for values in fetch(
        f"""
        SELECT id, plan_id, indicator_id, period_start, numerator, denominator, value
        FROM {table(Measurement)} WHERE plan_id = %s ORDER BY period_start
        """,
        [plan.pk],
    ):
        measurement = instance(
            Measurement,
            ["id", "plan_id", "indicator_id", "period_start", "numerator", "denominator"]
            + ["value"],
            values,
        )
        grouped[measurement.indicator_id].append(measurement)
    return grouped


def plan_indicators_followed(measured: set[int], planned: set[int]) -> list[Indicator]:
    """`followed_indicators` for the plan page: the measured published indicators, and
    every one of a care pathway the plan plans for (`planned`) or has measured an
    indicator of; with their programme and pathway (and its setting). One query."""
    measured, planned = sorted(measured), sorted(planned)
    shown = ["1 = 0"]
    if measured:
        shown.append(f"i.id IN ({placeholders(measured)})")
    if planned:
        shown.append(f"i.pathway_id IN ({placeholders(planned)})")
    if measured:
        shown.append(
            f"i.pathway_id IN (SELECT m.pathway_id FROM {table(Indicator)} m"
            f" WHERE m.id IN ({placeholders(measured)}))"
        )
    language = translated_names("name")[0]
    rows = fetch(
        f"""
        SELECT i.id, i.kind, i.direction, {translated("i", "name")},
               p.id, p.slug, p.position, {translated("p", "name")}, {_pathway_columns("w", "s")}
        FROM {table(Indicator)} i
        JOIN {table(Programme)} p ON p.id = i.programme_id
        LEFT JOIN {table(Pathway)} w ON w.id = i.pathway_id
        LEFT JOIN {table(CareLevel)} s ON s.id = w.setting_id
        WHERE i.published = %s AND p.published = %s AND ({" OR ".join(shown)})
        ORDER BY p.position, i.kind, i.{language}
        """,
        [True, True, *measured, *planned, *measured],
    )
    found = []
    for values in rows:
        pathway = _pathway(values[10:], values[5])
        indicator = instance(
            Indicator,
            ["id", "kind", "direction", *translated_names("name"), "programme_id", "pathway_id"],
            [*values[:5], values[5], pathway.pk if pathway else None],
        )
        indicator.programme = _programme(values[5:10])
        indicator.pathway = pathway
        found.append(indicator)
    return found


def plan_cycles(plan: Plan) -> list[PDSACycle]:
    """`pdsa_cycles` for the plan page, each with its indicator's name."""
    found = []
    for values in fetch(
        f"""
        SELECT c.id, c.plan_id, c.indicator_id, c.title, c.{quoted("start")},
               c.{quoted("end")}, c.plan_text, c.do_text, c.study_text, c.act_text,
               c.decision, i.id, {translated("i", "name")}
        FROM {table(PDSACycle)} c
        LEFT JOIN {table(Indicator)} i ON i.id = c.indicator_id
        WHERE c.plan_id = %s
        ORDER BY c.{quoted("start")}, c.id
        """,
        [plan.pk],
    ):
        cycle = instance(
            PDSACycle,
            ["id", "plan_id", "indicator_id", "title", "start", "end", "plan_text"]
            + ["do_text", "study_text", "act_text", "decision"],
            values[:11],
        )
        if values[11] is not None:
            cycle.indicator = instance(Indicator, ["id", *translated_names("name")], values[11:])
        found.append(cycle)
    return found


def plan_activities(plan: Plan) -> list[Activity]:
    """`activities` for the plan page: each with its unit's and programme's names and
    how many agenda items it has (`items`)."""
    found = []
    for values in fetch(
        f"""
        SELECT a.id, a.plan_id, a.kind, a.title, a.date, a.duration, a.responsible,
               a.status, a.unit_id, a.programme_id, u.name, {translated("p", "name")},
               (SELECT COUNT(*) FROM {table(AgendaItem)} g WHERE g.activity_id = a.id)
        FROM {table(Activity)} a
        LEFT JOIN {table(Organisation)} u ON u.id = a.unit_id
        LEFT JOIN {table(Programme)} p ON p.id = a.programme_id
        WHERE a.plan_id = %s
        ORDER BY a.date, a.id
        """,
        [plan.pk],
    ):
        activity = instance(
            Activity,
            ["id", "plan_id", "kind", "title", "date", "duration", "responsible", "status"]
            + ["unit_id", "programme_id"],
            values[:10],
        )
        if values[8] is not None:
            activity.unit = instance(Organisation, ["id", "name"], [values[8], values[10]])
        if values[9] is not None:
            activity.programme = instance(
                Programme, ["id", *translated_names("name")], [values[9], *values[11:13]]
            )
        activity.items = values[13]
        found.append(activity)
    return found


def _people(names: list[str]) -> str:
    """The columns of the users `names` (table aliases) a page names."""
    return ", ".join(f"{n}.id, {n}.username, {n}.first_name, {n}.last_name" for n in names)


def _person(values):
    """A user who is named (username, first and last name), or None."""
    if values[0] is None:
        return None
    return instance(get_user_model(), ["id", "username", "first_name", "last_name"], values)


def plan_reports(plan: Plan, count: int = 3) -> list[StatusReport]:
    """`latest_reports` for the plan page, with who wrote and who answered them."""
    users = table(get_user_model())
    found = []
    for values in fetch(
        f"""
        SELECT r.id, r.plan_id, r.reported_on, r.score, r.works, r.difficulties,
               r.support_needed, r.support_reply, r.support_replied_at, r.author_id,
               r.support_replied_by_id, {_people(["u", "v"])}
        FROM {table(StatusReport)} r
        LEFT JOIN {users} u ON u.id = r.author_id
        LEFT JOIN {users} v ON v.id = r.support_replied_by_id
        WHERE r.plan_id = %s
        ORDER BY r.reported_on DESC, r.id DESC
        LIMIT {int(count)}
        """,
        [plan.pk],
    ):
        report = instance(
            StatusReport,
            ["id", "plan_id", "reported_on", "score", "works", "difficulties"]
            + ["support_needed", "support_reply", "support_replied_at", "author_id"]
            + ["support_replied_by_id"],
            values[:11],
        )
        report.author = _person(values[11:15])
        report.support_replied_by = _person(values[15:19])
        found.append(report)
    return found


class LastChange:
    """Who made the plan's latest change (`history_user`, None if unknown)."""

    def __init__(self, history_user):
        self.history_user = history_user


def _all_columns(model, alias: str) -> tuple[list[str], str]:
    """Every concrete field of `model` (attnames) and their columns, for a SELECT."""
    fields = model._meta.concrete_fields
    return [f.attname for f in fields], ", ".join(f"{alias}.{quoted(f.column)}" for f in fields)


def plan_page_plan(access: Access, pk: int) -> tuple[Plan, LastChange | None]:
    """`get_plan` for the plan page (404 unless the user may see it), with its
    organisation, and its latest change with who made it (`last_change`), in one query."""
    low, high = connection.ops.integer_field_range(Plan._meta.pk.get_internal_type())
    if not low <= pk <= high:  # no such row; the database would not take the number
        raise Http404("No such plan")
    plan_names, plan_columns = _all_columns(Plan, "p")
    org_names, org_columns = _all_columns(Organisation, "o")
    history = table(Plan.history.model)
    found = fetch(
        f"""
        SELECT {plan_columns}, {org_columns}, h.history_id, {_people(["u"])}
        FROM {table(Plan)} p
        JOIN {table(Organisation)} o ON o.id = p.organisation_id
        LEFT JOIN {history} h ON h.history_id = (
            SELECT l.history_id FROM {history} l
            WHERE l.id = p.id ORDER BY l.history_date DESC LIMIT 1
        )
        LEFT JOIN {table(get_user_model())} u ON u.id = h.history_user_id
        WHERE p.id = %s
        """,
        [pk],
    )
    if not found:
        raise Http404("No such plan")
    values = found[0]
    organisation = instance(Organisation, org_names, values[len(plan_names) :])
    if not access.can(Can.VIEW, organisation):
        raise Http404("No such plan")
    plan = instance(Plan, plan_names, values[: len(plan_names)])
    plan.organisation = organisation
    last = values[len(plan_names) + len(org_names) :]
    return plan, LastChange(_person(last[1:])) if last[0] is not None else None
