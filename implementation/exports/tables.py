"""A table of an export, the values in its cells, and writing tables as CSV text or as the
sheets of an Excel workbook (see the package's docstring for formulas)."""

import csv
import dataclasses
import datetime
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
SCORE_FORMAT = "0.0"
SHARE_FORMAT = "0%"
MIN_WIDTH, MAX_WIDTH = 8, 60
#: Excel's own fills for "good" and "neutral" cells.
MET_FILL, NOT_MET_FILL = "C6EFCE", "FFEB9C"
SHEET_TITLE_FORBIDDEN = str.maketrans({char: " " for char in "[]:*?/\\"})


@dataclasses.dataclass
class Table:
    """One sheet: a header and rows of plain values (text, numbers, dates or None)."""

    title: str
    header: list[str]
    rows: list[list] = dataclasses.field(default_factory=list)
    #: number formats by column index, where the type of the value does not say enough
    formats: dict[int, str] = dataclasses.field(default_factory=dict)
    #: background colours by (index in `rows`, column index)
    fills: dict[tuple[int, int], str] = dataclasses.field(default_factory=dict)
    #: whether the header gets filter buttons (not for sheets with a block below the rows)
    filterable: bool = True
    #: lines of explanation below the rows, in the workbook only
    notes: list[str] = dataclasses.field(default_factory=list)


def label(model, name: str) -> str:
    """The field's own verbose name, as a column header."""
    return str(capfirst(model._meta.get_field(name).verbose_name))


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A moment in the site's time zone, without one: Excel has no time zones."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def filename(prefix: str, name: str, extension: str, day: datetime.date | None = None) -> str:
    """`vip-plan-jonkopings-kommun-2026-12-02.xlsx`: ASCII only, safe in a header."""
    slug = slugify(name)[:60].strip("-_") or "export"
    day = day or timezone.localdate()
    return f"{prefix}-{slug}-{day.isoformat()}.{extension}"


def share(targeted: int, met: int) -> Decimal | None:
    if not targeted:
        return None
    return (Decimal(met) / Decimal(targeted)).quantize(Decimal("0.001"))


def neutral(value: str) -> str:
    """Text a spreadsheet will not take for a formula, for CSV."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        return neutral(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Swedish Excel reads "2,5" as a number; "2.5" would become a date or text.
        return format(value, "f").replace(".", ",")
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def csv_text(rows: list[list]) -> str:
    """The CSV that Swedish Excel opens as it is: separated by semicolons (the comma is the
    decimal sign), numbers with a decimal comma, quoted where needed, after a byte order
    mark, so that Excel reads the text as UTF-8 and shows å, ä and ö."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_value(value) for value in row])
    return out.getvalue()


def workbook_bytes(tables: list[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    for table in tables:
        _write_sheet(book.create_sheet(_sheet_title(table.title, used)), table)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(title: str, used: set[str]) -> str:
    """At most 31 characters, none Excel forbids, and unlike every other sheet's."""
    base = str(title).translate(SHEET_TITLE_FORBIDDEN).strip("' ")[:31] or "Sheet"
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate.lower())
    return candidate


def _write_sheet(sheet, table: Table) -> None:
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    widths = [len(str(title)) for title in table.header]
    for column, title in enumerate(table.header, start=1):
        _put(sheet, 1, column, title).font = bold
    for index, row in enumerate(table.rows):
        for column, value in enumerate(row):
            cell = _put(sheet, index + 2, column + 1, value, table.formats.get(column))
            fill = table.fills.get((index, column))
            if fill:
                cell.fill = PatternFill("solid", fgColor=fill)
            width = _width(value)
            if width > MAX_WIDTH:
                cell.alignment = wrap
            if column >= len(widths):
                widths.append(0)
            widths[column] = max(widths[column], width)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = (
            min(max(width, MIN_WIDTH), MAX_WIDTH) + 2
        )
    for offset, note in enumerate(table.notes, start=len(table.rows) + 3):
        _put(sheet, offset, 1, note)
    sheet.freeze_panes = "A2"
    if table.filterable and table.rows:
        last = get_column_letter(len(table.header))
        sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"


def _put(sheet, row: int, column: int, value, number_format: str | None = None):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = value
        # Always a string: openpyxl would store "=…" as a formula and "#N/A" as an error.
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
        if isinstance(value, datetime.datetime):
            cell.number_format = DATETIME_FORMAT
        elif isinstance(value, datetime.date):
            cell.number_format = DATE_FORMAT
        if number_format and value is not None:
            cell.number_format = number_format
    return cell


def _width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime.datetime):
        return 16
    if isinstance(value, datetime.date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)
