"""The relative dates of the demo plans file (`-3m`, `+14d`, `0d`): only that file has
them, so they are read here; every other kind of value is read by the helpers every
content file shares (`programmes.editorial.content_file.values`)."""

import calendar
import datetime
import re

from django.utils.translation import gettext as _

from programmes.editorial.content_file.values import inside, problem, shown

#: One term of a relative date: an optional sign, a whole number and a unit.
DATE_TERM = re.compile(r"([+-]?)(\d{1,4})([dwmy])")
RELATIVE_DATE = re.compile(r"[+-]?\d{1,4}[dwmy](?:[+-]\d{1,4}[dwmy])*")


def months_added(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by whole calendar months; the 31st becomes the last day of a shorter
    month (31 January + 1 month is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def relative_date(text: str, *, today: datetime.date) -> datetime.date:
    """The date `text` means, counted from `today`.

    `text` is one or more terms, each a sign, a whole number and a unit: `d` days, `w`
    weeks, `m` calendar months, `y` years; terms apply from left to right. `0d` is today,
    `-3m` three months ago, `+14d` a fortnight ahead, `-1m+3d` three days after a month
    ago. Anything else raises ValueError.
    """
    if not isinstance(text, str) or not RELATIVE_DATE.fullmatch(text.strip()):
        raise ValueError(text)
    day = today
    for sign, number, unit in DATE_TERM.findall(text):
        amount = -int(number) if sign == "-" else int(number)
        if unit == "d":
            day += datetime.timedelta(days=amount)
        elif unit == "w":
            day += datetime.timedelta(weeks=amount)
        else:
            day = months_added(day, amount * (12 if unit == "y" else 1))
    return day


def date(entry: dict, key: str, place: str, today: datetime.date, *, required: bool = False):
    """A relative date of `entry`, counted from `today`; None where it is left out and
    not required."""
    value = entry.get(key)
    if value is None:
        if required:
            raise problem(inside(place, key), _("a date is missing (like -3m, +14d or 0d)"))
        return None
    try:
        return relative_date(value, today=today)
    except (ValueError, OverflowError):
        raise problem(
            inside(place, key),
            _(
                "expected a date relative to the day of loading, like -3m, +14d, 0d or "
                "-1m+3d, not %(found)s"
            )
            % {"found": shown(value)},
        ) from None
