"""A plan and a regional overview as CSV and as an Excel workbook.

Builders only, with no request or response in them: each takes what the selectors return
and gives text (CSV) or bytes (a workbook), in a fixed number of queries however many
units, targets or activities there are.

Text that a spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`, a tab
or a carriage return) is neutralised. In CSV it gets a leading `'`. In a workbook every
text is stored as a string, never as a formula (nor as an error code such as `#N/A`), and
such text is marked "quote prefix" as well, so that editing the cell keeps it text.
"""

from .overview import overview_csv, overview_rows, overview_tables, overview_workbook
from .plan import plan_csv, plan_rows, plan_tables, plan_workbook
from .tables import DATE_FORMAT, MIN_WIDTH, Table, csv_text, filename, workbook_bytes

__all__ = [
    "DATE_FORMAT",
    "MIN_WIDTH",
    "Table",
    "csv_text",
    "filename",
    "overview_csv",
    "overview_rows",
    "overview_tables",
    "overview_workbook",
    "plan_csv",
    "plan_rows",
    "plan_tables",
    "plan_workbook",
    "workbook_bytes",
]
