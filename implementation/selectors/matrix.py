"""The target matrix: a plan's units × the published programmes and their published care
pathways, each cell the unit's target."""

import dataclasses
from collections import defaultdict

from django.utils.translation import gettext as _

from programmes.models import Pathway, Programme

from ..models import Organisation, Plan, PlanUnit, Target
from .plans import plan_units


def matrix_programmes() -> list[Programme]:
    """The programmes the target matrix has columns for: every published one (with the
    version and dates the plan's export gives)."""
    return list(
        Programme.objects.filter(published=True).only(
            "id",
            "name",
            "slug",
            "position",
            "version",
            "status",
            "substance_changed_at",
            "updated_at",
        )
    )


def matrix_pathways() -> list[Pathway]:
    """The published care pathways of the published programmes, each with its setting (a
    version for a setting is named with it)."""
    return list(
        Pathway.objects.filter(published=True, programme__published=True)
        .select_related("setting")
        .only(
            "id",
            "programme",
            "title",
            "slug",
            "position",
            "published",
            "national",
            "setting",
            "setting__name",
        )
    )


def pathway_name(pathway: Pathway) -> str:
    """A pathway as planning names it: "Care pathway: <title>", with the setting of a
    version for a setting (select the pathway's `setting` with it). A title that already
    says it is a care pathway ("Vårdförlopp vid schizofreni") is not told so twice."""
    if str(_("care pathway")).lower() in pathway.title.lower():
        if pathway.setting_id is not None:
            return f"{pathway.title} ({pathway.setting.name})"
        return pathway.title
    if pathway.setting_id is not None:
        return _("Care pathway: %(title)s (%(setting)s)") % {
            "title": pathway.title,
            "setting": pathway.setting.name,
        }
    return _("Care pathway: %(title)s") % {"title": pathway.title}


@dataclasses.dataclass(frozen=True, eq=False)
class Column:
    """A column of the target matrix and of the coverage: a programme, or one of its
    published care pathways."""

    programme: Programme
    pathway: Pathway | None = None

    @property
    def key(self) -> tuple[str, int]:
        """What a target's `target_key` is matched with."""
        return column_key(self.programme.pk, self.pathway.pk if self.pathway else None)

    @property
    def prefix(self) -> str:
        """The column's part of a matrix cell's form prefix (`u<unit>-p<id>`, `u<unit>-pw<id>`)."""
        return f"pw{self.pathway.pk}" if self.pathway is not None else f"p{self.programme.pk}"

    @property
    def slug(self) -> str:
        if self.pathway is not None:
            return f"{self.programme.slug}/{self.pathway.slug}"
        return self.programme.slug

    @property
    def name(self) -> str:
        return pathway_name(self.pathway) if self.pathway is not None else self.programme.name


def column_key(programme_id: int, pathway_id: int | None) -> tuple[str, int]:
    """The column a target of this programme (and pathway) is in."""
    if pathway_id is not None:
        return ("pathway", pathway_id)
    return ("programme", programme_id)


def target_key(target: Target) -> tuple[str, int]:
    return column_key(target.programme_id, target.pathway_id)


def matrix_columns() -> list[Column]:
    """Every published programme, each followed by its published care pathways (a version
    for a setting after its national pathway), in two queries."""
    return columns_of(matrix_programmes(), matrix_pathways())


def columns_of(programmes: list[Programme], pathways: list[Pathway]) -> list[Column]:
    """The columns of `programmes` in their order, each followed by its `pathways` (a
    version for a setting after its national pathway). No query."""
    by_pk = {pathway.pk: pathway for pathway in pathways}

    def order(pathway: Pathway):
        national = by_pk.get(pathway.national_id, pathway)
        own = (pathway.position, pathway.slug)
        return (national.position, national.slug, national.pk, pathway.national_id is not None, own)

    by_programme = defaultdict(list)
    for pathway in sorted(pathways, key=order):
        by_programme[pathway.programme_id].append(pathway)
    columns = []
    for programme in programmes:
        columns.append(Column(programme))
        columns += [Column(programme, pathway) for pathway in by_programme[programme.pk]]
    return columns


@dataclasses.dataclass
class MatrixRow:
    unit: Organisation
    row: PlanUnit | None
    cells: list[tuple[Column, Target | None]]

    @property
    def leader(self) -> str:
        return self.row.leader if self.row else ""

    @property
    def version(self) -> int | None:
        return self.row.lock_version if self.row else None


@dataclasses.dataclass
class Matrix:
    columns: list[Column]
    rows: list[MatrixRow]

    @property
    def programmes(self) -> list[Programme]:
        return [column.programme for column in self.columns if column.pathway is None]

    def shown(self) -> "Matrix":
        """The matrix as a plan page shows it: a pathway's column only where some unit has
        a target for it (the targets form offers every published pathway)."""
        keep = [
            index
            for index, column in enumerate(self.columns)
            if column.pathway is None or any(row.cells[index][1] for row in self.rows)
        ]
        return Matrix(
            columns=[self.columns[index] for index in keep],
            rows=[
                MatrixRow(row.unit, row.row, [row.cells[index] for index in keep])
                for row in self.rows
            ],
        )

    def totals(self) -> list[tuple[Column, int, int]]:
        """Per column: how many units have a target, and how many reached it."""
        out = []
        for index, column in enumerate(self.columns):
            targets = [row.cells[index][1] for row in self.rows if row.cells[index][1]]
            out.append((column, len(targets), sum(t.is_met for t in targets)))
        return out


def target_matrix(plan: Plan, units: list[Organisation] | None = None) -> Matrix:
    """Units × programmes and their care pathways with each cell's target, in four
    queries."""
    columns = matrix_columns()
    units = plan_units(plan) if units is None else units
    rows = {row.unit_id: row for row in PlanUnit.objects.filter(plan=plan)}
    targets = {(t.row_id, target_key(t)): t for t in Target.objects.filter(row__plan=plan)}
    return Matrix(
        columns=columns,
        rows=[
            MatrixRow(
                unit=unit,
                row=rows.get(unit.pk),
                cells=[
                    (c, targets.get((rows[unit.pk].pk, c.key)) if unit.pk in rows else None)
                    for c in columns
                ],
            )
            for unit in units
        ],
    )
