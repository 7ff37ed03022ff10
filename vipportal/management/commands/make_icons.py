"""Draw the app icons (static/icons/icon-192.png, icon-512.png) as PNG, the same picture
as icon.svg: a teal square with a white ring and a white check-like "V" inside it. Pure
Python (zlib), no image library. Run again after changing the picture:

    .venv/bin/python manage.py make_icons
"""

import math
import struct
import zlib

from django.conf import settings
from django.core.management.base import BaseCommand

BACKGROUND = (0x00, 0x58, 0x5C)
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 3  # per side: 9 samples a pixel smooth the edges

# The picture on a 100 x 100 canvas (as in icon.svg).
RING = (50, 50, 30, 5)  # centre x, centre y, radius, half the stroke width
STROKES = [((36, 47), (46, 60), 5), ((46, 60), (66, 38), 5)]  # the "V", round caps


def _segment_distance(x, y, a, b):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - ax - t * dx, y - ay - t * dy)


def _is_white(x, y) -> bool:
    cx, cy, radius, half = RING
    if abs(math.hypot(x - cx, y - cy) - radius) <= half:
        return True
    return any(_segment_distance(x, y, a, b) <= width for a, b, width in STROKES)


def draw(size: int) -> bytes:
    rows = []
    scale = 100 / size
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            hits = sum(
                _is_white((px + (i + 0.5) / SAMPLES) * scale, (py + (j + 0.5) / SAMPLES) * scale)
                for i in range(SAMPLES)
                for j in range(SAMPLES)
            )
            share = hits / (SAMPLES * SAMPLES)
            row += bytes(round(b + (w - b) * share) for b, w in zip(BACKGROUND, WHITE, strict=True))
        rows.append(bytes(row))
    return _png(size, b"".join(rows))


def _png(size: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


class Command(BaseCommand):
    help = "Draw the installable web app's PNG icons in static/icons/ from the picture here."

    def handle(self, *args, **options):
        folder = settings.BASE_DIR / "static" / "icons"
        for size in (192, 512):
            (folder / f"icon-{size}.png").write_bytes(draw(size))
            self.stdout.write(f"Drew icons/icon-{size}.png")
