"""A chart's SVG as a PNG for reports, rendered by resvg (a self-contained wheel that
needs no system library) with a font installed on the machine."""

import resvg_py

#: Twice the SVG's own width: sharp enough for a printed report.
PNG_WIDTH = 1280
#: resvg does not ask fontconfig what "sans-serif" is; DejaVu Sans is on every Debian
#: with fonts at all. Where it is missing, resvg falls back to any font it finds.
FONT = "DejaVu Sans"


def svg_to_png(svg: str, *, width: int = PNG_WIDTH) -> bytes:
    """The SVG rendered on white at `width` pixels (the height follows the viewBox)."""
    return bytes(
        resvg_py.svg_to_bytes(
            svg_string=str(svg),
            width=width,
            background="#ffffff",
            font_family=FONT,
        )
    )
