"""Markup of the regional overview drawn in Python: the coverage table has a cell per
organisation and column, and an `{% include %}` per cell cost more than the rest of the
table. Each distinct cell is drawn once per page; the markup is that of
`implementation/includes/coverage_cell.html` (still used by the plan page)."""

from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..selectors import Overview


def coverage_cell(targeted: int, met: int) -> SafeString:
    """A coverage cell: how many of the units with a target reached it, with a sign."""
    if not targeted:
        return format_html(
            '<td class="cell cell--none"><span aria-hidden="true">–</span>'
            '<span class="visually-hidden">{}</span></td>',
            _("No targets"),
        )
    state, sign = ("met", "✓") if met == targeted else ("started", "◐") if met else ("open", "○")
    # As `{% blocktranslate %}` does: the values localised and escaped, the translation not.
    text = _("%(met)s of %(targeted)s") % {
        "met": conditional_escape(localize(met)),
        "targeted": conditional_escape(localize(targeted)),
    }
    return format_html(
        '<td class="cell cell--{}"><span class="cell__state" aria-hidden="true">{}</span> {}</td>',
        state,
        sign,
        mark_safe(text),  # noqa: S308 - the translation, as the template gives it
    )


def coverage_rows(overview: Overview) -> dict:
    """The cells of each row of the coverage table, and of its total row, as markup."""
    drawn: dict[tuple[int, int], SafeString] = {}

    def cells(found: list[tuple]) -> SafeString:
        for _column, targeted, met in found:
            if (targeted, met) not in drawn:
                drawn[targeted, met] = coverage_cell(targeted, met)
        return mark_safe("".join(drawn[targeted, met] for _column, targeted, met in found))  # noqa: S308

    return {
        "rows": [(row, cells(row.coverage_cells)) for row in overview.rows],
        "total": cells(overview.coverage_cells),
    }
