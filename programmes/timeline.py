"""A care pathway's steps drawn as a timeline in SVG, on the server.

The drawing is a companion to the ordered list of steps, which stays the page's content:
it is one image (`role="img"`) with a title and a description in words, and every mark in
it carries text (the step's number, title, principal and time goal), so that nothing is
told by colour alone. The principal is also told by the marker's shape.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

WIDTH = 360
TOP = 16
ROW = 74
MARKER_X = 26
MARKER_SIZE = 15
TEXT_X = 54
FONT_SIZE = 14
SMALL_FONT_SIZE = 12
# Text cannot be measured on the server; a generous average glyph width (in em) keeps a
# label inside the drawing in any ordinary sans-serif font.
GLYPH_EM = 0.6
BAR_MAX = WIDTH - TEXT_X - 84

# Each reaches at least 3:1 against white (WCAG 1.4.11); the text reaches 4.5:1.
TEXT_COLOUR = "#1b1b1b"
MUTED_COLOUR = "#4a4a4a"
LINE_COLOUR = "#6b7785"
MARKER_COLOURS = {"region": "#0b4f8a", "municipality": "#00585c", "joint": "#5b2a86", "": "#4a4a4a"}
BAR_COLOUR = "#0b4f8a"


@dataclass(frozen=True)
class TimelineStep:
    """What the drawing shows of one step."""

    number: int
    title: str
    principal: str  # a `Principal` value, or ""
    principal_label: str
    time_goal: str
    time_goal_days: int | None


def _fit(text: str, font_size: int) -> str:
    chars = int((WIDTH - TEXT_X - 8) / (font_size * GLYPH_EM))
    return Truncator(text).chars(chars)


def _marker(principal: str, y: float, number: int) -> SafeString:
    """A circle for the region, a square for the municipality, a diamond for both."""
    colour = MARKER_COLOURS.get(principal, MARKER_COLOURS[""])
    size = MARKER_SIZE
    if principal == "municipality":
        shape = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" rx="2" fill="{}"/>',
            MARKER_X - size,
            y - size,
            2 * size,
            2 * size,
            colour,
        )
    elif principal == "joint":
        reach = size + 3
        shape = format_html(
            '<polygon points="{},{} {},{} {},{} {},{}" fill="{}"/>',
            MARKER_X,
            y - reach,
            MARKER_X + reach,
            y,
            MARKER_X,
            y + reach,
            MARKER_X - reach,
            y,
            colour,
        )
    else:
        shape = format_html('<circle cx="{}" cy="{}" r="{}" fill="{}"/>', MARKER_X, y, size, colour)
    label = format_html(
        '<text x="{}" y="{}" text-anchor="middle" font-size="{}" font-weight="700" '
        'fill="#fff">{}</text>',
        MARKER_X,
        y + 5,
        FONT_SIZE,
        number,
    )
    return shape + label


def describe(steps: Sequence[TimelineStep]) -> str:
    """The drawing in words: its description for assistive technology."""
    parts = []
    for step in steps:
        part = f"{step.number} {step.title}"
        details = [text for text in (step.principal_label, step.time_goal) if text]
        if details:
            part += f" ({', '.join(details)})"
        parts.append(part)
    return "; ".join(parts) + "." if parts else _("The pathway has no published steps yet.")


def pathway_timeline(steps: Sequence[TimelineStep], *, title: str, chart_id: str) -> SafeString:
    """The steps from top to bottom on one line, each with its marker, title, principal
    and time goal, and a bar as long as its time goal in days (the longest is full)."""
    height = TOP * 2 + ROW * max(len(steps), 1) - 24
    longest = max((step.time_goal_days or 0 for step in steps), default=0)
    items = []
    centres = [TOP + MARKER_SIZE + index * ROW for index in range(len(steps))]
    if len(centres) > 1:
        items.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3"/>',
                MARKER_X,
                centres[0],
                MARKER_X,
                centres[-1],
                LINE_COLOUR,
            )
        )
    for step, y in zip(steps, centres, strict=True):
        items.append(_marker(step.principal, y, step.number))
        items.append(
            format_html(
                '<text x="{}" y="{}" font-size="{}" font-weight="700" fill="{}">{}</text>',
                TEXT_X,
                y - 4,
                FONT_SIZE,
                TEXT_COLOUR,
                _fit(step.title, FONT_SIZE),
            )
        )
        # The time goal in days is drawn as a bar; in words only when there is no number
        # (the description and the list have every time goal in full).
        words = step.time_goal if not step.time_goal_days else ""
        details = " · ".join(text for text in (step.principal_label, words) if text)
        if details:
            items.append(
                format_html(
                    '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
                    TEXT_X,
                    y + 14,
                    SMALL_FONT_SIZE,
                    MUTED_COLOUR,
                    _fit(details, SMALL_FONT_SIZE),
                )
            )
        if step.time_goal_days and longest:
            length = max(4, round(BAR_MAX * step.time_goal_days / longest))
            days = ngettext("%(days)s day", "%(days)s days", step.time_goal_days) % {
                "days": step.time_goal_days
            }
            items.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="6" rx="3" fill="{}"/>'
                    '<text x="{}" y="{}" font-size="{}" fill="{}">{}</text>',
                    TEXT_X,
                    y + 22,
                    length,
                    BAR_COLOUR,
                    TEXT_X + length + 6,
                    y + 28,
                    SMALL_FONT_SIZE,
                    MUTED_COLOUR,
                    days,
                )
            )
    description = describe(steps)
    return format_html(
        '<svg class="pathway-timeline__drawing" xmlns="http://www.w3.org/2000/svg" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" font-family="system-ui, sans-serif">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{items}</svg>",
        width=WIDTH,
        height=height,
        id=chart_id,
        title=title,
        desc=description,
        items=mark_safe("".join(items)),  # noqa: S308 (each item is built by format_html)
    )


def principal_labels() -> dict[str, str]:
    """The principals in a word or two, as the drawing's narrow lines have room for."""
    return {
        "region": _("Region"),
        "municipality": _("Municipality"),
        "joint": _("Region and municipality"),
    }


def timeline_steps(steps) -> list[TimelineStep]:
    """`TimelineStep`s of pathway steps (numbered, as `pathway_steps` gives them)."""
    labels = principal_labels()
    return [
        TimelineStep(
            number=step.number,
            title=step.title,
            principal=step.principal,
            principal_label=labels.get(step.principal, ""),
            time_goal=step.time_goal,
            time_goal_days=step.time_goal_days,
        )
        for step in steps
    ]
