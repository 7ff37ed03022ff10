"""ICD-10 codes and ranges, as a programme states the diagnoses it covers ("F32–F33").

A range covers every code between its ends, subcodes included: F20–F29 covers F20, F25
and F25.1. Codes compare by letter, then number, so X60–X84 covers X70.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CODE = re.compile(r"^([A-Z])(\d{2})(?:\.(\d{1,2}))?$")
RANGE_DASHES = ("–", "—", "-")


def normalise(code: str) -> str | None:
    """`code` in its written form (upper case, no spaces), or None if it is no ICD-10 code."""
    code = (code or "").strip().upper().replace(" ", "")
    return code if CODE.match(code) else None


def _key(code: str) -> tuple[str, int]:
    letter, number, _sub = CODE.match(code).groups()
    return letter, int(number)


@dataclass(frozen=True)
class CodeRange:
    first: str
    last: str

    def covers(self, code: str) -> bool:
        code = normalise(code)
        if code is None:
            return False
        return _key(self.first) <= _key(code) <= _key(self.last)

    def __str__(self):
        return self.first if self.first == self.last else f"{self.first}–{self.last}"


def parse_icd10(text: str) -> list[CodeRange]:
    """The ranges of `text` ("F32–F33, F40–F41"); raises ValueError on a malformed part."""
    ranges = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        ends = [part]
        for dash in RANGE_DASHES:
            if dash in part:
                ends = part.split(dash, 1)
                break
        codes = [normalise(end) for end in ends]
        if any(code is None for code in codes):
            raise ValueError(part)
        first, last = codes[0], codes[-1]
        if _key(first) > _key(last):
            raise ValueError(part)
        ranges.append(CodeRange(first, last))
    return ranges


def validate_icd10_codes(text: str) -> None:
    try:
        parse_icd10(text)
    except ValueError as error:
        raise ValidationError(
            _("“%(part)s” is not an ICD-10 code or range, such as F90 or F32–F33."),
            params={"part": error.args[0]},
        ) from error
