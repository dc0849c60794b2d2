"""A recording canvas over a PyMuPDF page, in millimetres.

Everything drawn goes into the PDF *and* into a record: primitives (line, arc, circle, polyline,
glyph run) with their role, and text runs with exact ink boxes computed from the font's glyph outlines
(fontTools), so labels are exact rather than estimated from the raster.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Sequence


MM = 72.0 / 25.4  # PDF points per millimetre

#: fonts shipped with matplotlib (always installed with drawinglab): (file, needs Ø fallback for ⌀)
FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSansMono.ttf", "DejaVuSerif.ttf",
              "STIXGeneral.ttf", "STIXGeneralItalic.ttf", "DejaVuSansMono-Oblique.ttf"]

Point = tuple[float, float]


def font_dir() -> str:
    import matplotlib

    return os.path.join(os.path.dirname(matplotlib.__file__), "mpl-data", "fonts", "ttf")


class FontMetrics:
    """Advance widths and glyph ink boxes of a TrueType font (font units → mm at a size in mm).
    Glyph outlines are decoded lazily, only for characters actually drawn."""

    def __init__(self, path: str):
        from fontTools.ttLib import TTFont

        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        self._tt = TTFont(path, lazy=True)
        self.units_per_em = self._tt["head"].unitsPerEm
        self._cmap = self._tt.getBestCmap()
        hmtx = self._tt["hmtx"]
        self.advances = {code: hmtx[name][0] for code, name in self._cmap.items()}
        self._boxes: dict[int, tuple[int, int, int, int] | None] = {}
        self.fallback = {"⌀": "Ø", "⌖": "+", "−": "-"}

    def box(self, code: int) -> tuple[int, int, int, int] | None:
        if code not in self._boxes:
            name = self._cmap.get(code)
            glyf = self._tt["glyf"]
            glyph = glyf[name] if name else None
            if glyph is None or glyph.numberOfContours == 0:
                self._boxes[code] = None
            else:
                if not hasattr(glyph, "xMin"):
                    glyph.recalcBounds(glyf)
                self._boxes[code] = (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax)
        return self._boxes[code]

    def has(self, ch: str) -> bool:
        return ord(ch) in self.advances

    def fix(self, text: str) -> str:
        """Replace characters the font lacks by drawing-equivalent ones (⌀ → Ø)."""
        return "".join(self.fallback.get(ch, ch) if not self.has(ch) else ch for ch in text)

    def width(self, text: str, size: float) -> float:
        return sum(self.advances.get(ord(ch), self.units_per_em // 2) for ch in text) * size / self.units_per_em

    def ink(self, text: str, size: float) -> tuple[float, float, float, float] | None:
        """Ink box ``(x0, y0, x1, y1)`` relative to the baseline origin, y down, in the units of ``size``."""
        x = 0
        xs: list[float] = []
        ys: list[float] = []
        for ch in text:
            code = ord(ch)
            box = self.box(code)
            if box is not None:
                x0, y0, x1, y1 = box
                xs += [x + x0, x + x1]
                ys += [y0, y1]
            x += self.advances.get(code, self.units_per_em // 2)
        if not xs:
            return None
        s = size / self.units_per_em
        return min(xs) * s, -max(ys) * s, max(xs) * s, -min(ys) * s


@lru_cache(maxsize=None)
def load_font(file_name: str) -> FontMetrics:
    return FontMetrics(os.path.join(font_dir(), file_name))


@lru_cache(maxsize=None)
def _pymupdf_font(path: str):
    import pymupdf

    return pymupdf.Font(fontfile=path)


def rotate_point(p: Point, origin: Point, angle_ccw: float) -> Point:
    """Rotate ``p`` about ``origin`` counter-clockwise *as seen on the page* (y axis down)."""
    t = math.radians(angle_ccw)
    dx, dy = p[0] - origin[0], p[1] - origin[1]
    return origin[0] + dx * math.cos(t) + dy * math.sin(t), origin[1] - dx * math.sin(t) + dy * math.cos(t)


@dataclass
class TextRun:
    """One run of text as drawn: content, baseline origin (mm), size (mm), rotation, ink polygon (mm)."""

    text: str
    origin: Point
    size: float
    rotation: float
    font: str
    polygon: list[Point]
    role: str

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        xs = [p[0] for p in self.polygon]
        ys = [p[1] for p in self.polygon]
        return min(xs), min(ys), max(xs), max(ys)


class Canvas:
    """Records drawing operations in mm (origin top-left, y down); :meth:`commit` writes them to a PyMuPDF
    page. Operations can be rolled back (:meth:`mark` / :meth:`rollback`) so a layout can try a placement
    and undo it when it collides."""

    def __init__(self, font: FontMetrics, line_scale: float = 1.0):
        self.font = font
        self.line_scale = line_scale
        self.ops: list[tuple] = []
        self.primitives: list[dict[str, Any]] = []
        self.texts: list[TextRun] = []

    # ---- transactions
    def mark(self) -> tuple[int, int, int]:
        return len(self.ops), len(self.primitives), len(self.texts)

    def rollback(self, mark: tuple[int, int, int]) -> None:
        del self.ops[mark[0]:], self.primitives[mark[1]:], self.texts[mark[2]:]

    def texts_since(self, mark: tuple[int, int, int]) -> list[TextRun]:
        return self.texts[mark[2]:]

    # ---- primitives
    def line(self, a: Point, b: Point, width: float, role: str, dashes: str | None = None) -> None:
        self.ops.append(("poly", [a, b], width, dashes, False, False))
        self.primitives.append({"type": "line", "role": role, "points": [list(a), list(b)], "width": width,
                                "dashed": dashes is not None})

    def polyline(self, pts: Sequence[Point], width: float, role: str, closed: bool = False, fill: bool = False,
                 dashes: str | None = None) -> None:
        pts = list(pts)
        self.ops.append(("poly", pts, width, dashes, closed, fill))
        self.primitives.append({"type": "polyline", "role": role, "points": [list(p) for p in pts],
                                "closed": closed, "filled": fill, "width": width, "dashed": dashes is not None})

    def circle(self, c: Point, r: float, width: float, role: str, dashes: str | None = None,
               fill: bool = False) -> None:
        self.ops.append(("circle", c, r, width, dashes, fill))
        self.primitives.append({"type": "circle", "role": role, "center": list(c), "radius": r, "width": width,
                                "dashed": dashes is not None, "filled": fill})

    def arc(self, c: Point, r: float, start_deg: float, sweep_deg: float, width: float, role: str,
            dashes: str | None = None) -> None:
        """Arc from ``start_deg`` (counter-clockwise on the page, 0 = +x) sweeping ``sweep_deg``."""
        n = max(4, int(abs(sweep_deg) / 5))
        pts = [(c[0] + r * math.cos(math.radians(start_deg + sweep_deg * i / n)),
                c[1] - r * math.sin(math.radians(start_deg + sweep_deg * i / n))) for i in range(n + 1)]
        self.ops.append(("poly", pts, width, dashes, False, False))
        self.primitives.append({"type": "arc", "role": role, "center": list(c), "radius": r, "start": start_deg,
                                "sweep": sweep_deg, "width": width, "dashed": dashes is not None})

    # ---- text
    def text(self, text: str, origin: Point, size: float, role: str, rotation: float = 0.0,
             anchor: str = "left", font: FontMetrics | None = None) -> TextRun:
        """Draw ``text`` with its baseline at ``origin`` (anchor left/center/right along the baseline)."""
        font = font or self.font
        text = font.fix(text)
        width = font.width(text, size)
        shift = {"left": 0.0, "center": -width / 2, "right": -width}[anchor]
        start = rotate_point((origin[0] + shift, origin[1]), origin, rotation)
        ink = font.ink(text, size) or (0.0, -size * 0.7, width, 0.0)
        x0, y0, x1, y1 = ink
        corners = [(start[0] + x0, start[1] + y0), (start[0] + x1, start[1] + y0),
                   (start[0] + x1, start[1] + y1), (start[0] + x0, start[1] + y1)]
        polygon = [rotate_point(p, start, rotation) for p in corners]
        run = TextRun(text, start, size, rotation, font.name, polygon, role)
        self.ops.append(("text", text, start, size, rotation, font))
        self.texts.append(run)
        self.primitives.append({"type": "glyph_run", "role": role, "text": text,
                                "polygon": [list(p) for p in polygon]})
        return run

    def text_size(self, text: str, size: float, font: FontMetrics | None = None) -> tuple[float, float, float]:
        """Advance width and ink top/bottom (negative up) of ``text`` at ``size`` mm."""
        font = font or self.font
        text = font.fix(text)
        ink = font.ink(text, size) or (0, -0.7 * size, 0, 0)
        return font.width(text, size), ink[1], ink[3]

    def commit(self, page) -> None:
        """Write every recorded operation into the PyMuPDF ``page`` (upright text shares one writer per font)."""
        import pymupdf

        def pt(p: Point):
            return pymupdf.Point(p[0] * MM, p[1] * MM)

        shape = page.new_shape()
        upright: dict[str, Any] = {}
        for op in self.ops:
            if op[0] == "poly":
                _, pts, width, dashes, closed, fill = op
                shape.draw_polyline([pt(p) for p in pts] + ([pt(pts[0])] if closed else []))
                shape.finish(color=(0, 0, 0), fill=(0, 0, 0) if fill else None, width=width * MM * self.line_scale,
                             dashes=dashes, closePath=False, lineCap=0 if dashes else 1, lineJoin=1)
            elif op[0] == "circle":
                _, c, r, width, dashes, fill = op
                shape.draw_circle(pt(c), r * MM)
                shape.finish(color=(0, 0, 0), fill=(0, 0, 0) if fill else None, width=width * MM * self.line_scale,
                             dashes=dashes)
            else:
                _, text, start, size, rotation, font = op
                origin = pt(start)
                if abs(rotation) < 1e-9:
                    tw = upright.setdefault(font.path, pymupdf.TextWriter(page.rect))
                    tw.append(origin, text, font=_pymupdf_font(font.path), fontsize=size * MM)
                else:
                    tw = pymupdf.TextWriter(page.rect)
                    tw.append(origin, text, font=_pymupdf_font(font.path), fontsize=size * MM)
                    tw.write_text(page, morph=(origin, pymupdf.Matrix(rotation)))
        shape.commit()
        for tw in upright.values():
            tw.write_text(page)

