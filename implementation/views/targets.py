"""The target matrix of a plan, edited as one form: units × programmes and their care
pathways, each cell the required level and the level reached with its date, each row the
unit's leader."""

import dataclasses

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programmes.versioning import EditConflict

from .. import selectors
from ..access import Can, access_for
from ..forms import MatrixRowForm, TargetCellForm, row_fingerprint
from ..middleware import large_form
from ..models import Organisation, Plan
from ..services import RowChange, targets_save
from .common import crumb, member_view, plan_crumbs


@dataclasses.dataclass
class RowForms:
    unit: Organisation
    form: MatrixRowForm
    cells: list[tuple[selectors.Column, TargetCellForm]]
    conflict: dict | None = None

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        return all([valid] + [cell.is_valid() for _programme, cell in self.cells])

    @property
    def errors(self) -> list[str]:
        found = [f"{self.form[name].label}: {' '.join(e)}" for name, e in self.form.errors.items()]
        for column, cell in self.cells:
            for name, errors in cell.errors.items():
                label = cell[name].label if name in cell.fields else column.name
                found.append(f"{column.name}, {label}: {' '.join(errors)}")
        return found


def matrix_forms(matrix: selectors.Matrix, data=None) -> list[RowForms]:
    rows = []
    for matrix_row in matrix.rows:
        prefix = f"u{matrix_row.unit.pk}"
        initial_row = {
            "leader": matrix_row.leader,
            "version": matrix_row.version,
            "seen": row_fingerprint(
                matrix_row.leader,
                [_cell_values(target) for _column, target in matrix_row.cells],
            ),
        }
        cells = []
        for column, target in matrix_row.cells:
            initial = (
                {
                    "required": target.required_level,
                    "reached": target.reached_level,
                    "reached_on": target.reached_on,
                }
                if target
                else {}
            )
            cells.append(
                (column, TargetCellForm(data, prefix=f"{prefix}-{column.prefix}", initial=initial))
            )
        rows.append(
            RowForms(
                unit=matrix_row.unit,
                form=MatrixRowForm(data, prefix=prefix, initial=initial_row),
                cells=cells,
            )
        )
    return rows


#: Room for a municipality with a few hundred units, at 3 fields a row and 3 a cell.
MATRIX_MAX_FIELDS = 10_000


@large_form(MATRIX_MAX_FIELDS)
@member_view
def targets_edit(request, pk):
    plan = selectors.get_plan(access_for(request), pk, Can.EDIT)
    matrix = selectors.target_matrix(plan)
    data = request.POST if request.method == "POST" else None
    errors, status = [], 200
    rows = matrix_forms(matrix, data)
    if data is not None:
        sent = data.get("units", "").split(",")[: len(rows) + 1]
        known = {str(row.unit.pk): row for row in rows}
        unknown = [value for value in sent if value not in known]
        if unknown:
            errors.append(
                _("A unit in the form is not part of %(organisation)s. Nothing was saved.")
                % {"organisation": plan.organisation}
            )
            status = 400
        chosen = [known[value] for value in sent if value in known]
        if not unknown and all([row.is_valid() for row in chosen]):
            try:
                saved = targets_save(
                    actor=request.user,
                    plan=plan,
                    changes=[_row_change(row) for row in chosen if _changed_by_sender(row)],
                )
            except EditConflict as error:
                status = 409
                _mark_conflict(plan, rows, error)
                errors.append(
                    _(
                        "Someone else saved this row after you opened the matrix. "
                        "Nothing was saved. Their values are shown next to yours: check "
                        "them and save again to keep yours."
                    )
                )
            except ValidationError as error:
                status = 400
                errors.extend(error.messages)
            else:
                messages.success(
                    request,
                    ngettext(
                        "The targets have been saved (%(count)s unit changed).",
                        "The targets have been saved (%(count)s units changed).",
                        saved,
                    )
                    % {"count": saved},
                )
                return redirect(plan.get_absolute_url() + "#targets")
        elif not unknown:
            status = 400
    return render(
        request,
        "implementation/targets_form.html",
        {
            "plan": plan,
            "matrix": matrix,
            "rows": rows,
            "units": ",".join(str(row.unit.pk) for row in rows),
            "errors": errors,
            "breadcrumbs": plan_crumbs(plan, crumb(_("Edit the targets"))),
        },
        status=status,
    )


def _cell_values(target) -> dict | None:
    if target is None:
        return None
    return {
        "required_level": target.required_level,
        "reached_level": target.reached_level,
        "reached_on": target.reached_on,
    }


def _changed_by_sender(row: RowForms) -> bool:
    """Whether the sender changed the row from what their form showed."""
    cells = [cell.target_values() for _column, cell in row.cells]
    leader = row.form.cleaned_data.get("leader", "")
    return row_fingerprint(leader, cells) != row.form.cleaned_data.get("seen")


def _row_change(row: RowForms) -> RowChange:
    return RowChange(
        unit=row.unit,
        version=row.form.cleaned_data.get("version"),
        leader=row.form.cleaned_data.get("leader", ""),
        cells={
            column.programme.pk: cell.target_values()
            for column, cell in row.cells
            if column.pathway is None
        },
        pathway_cells={
            column.pathway.pk: cell.target_values()
            for column, cell in row.cells
            if column.pathway is not None
        },
    )


def _mark_conflict(plan: Plan, rows: list[RowForms], error: EditConflict) -> None:
    """Show the conflicting row as it is saved now, and let a second save keep this one's."""
    current = error.current
    if current is None:
        return
    fresh = {selectors.target_key(target): target for target in current.targets.all()}
    record = current.history.order_by("-history_date", "-history_id").first()
    for row in rows:
        if row.unit.pk != current.unit_id:
            continue
        row.conflict = {
            "by": record.history_user if record else None,
            "at": record.history_date if record else current.updated_at,
            "leader": current.leader,
            "cells": [(column, fresh.get(column.key)) for column, _cell in row.cells],
        }
        data = row.form.data.copy()
        data[row.form.add_prefix("version")] = str(current.lock_version)
        row.form = MatrixRowForm(data, prefix=row.form.prefix)
        row.form.is_valid()
