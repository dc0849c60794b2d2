"""Compose a whole drawing sheet: frame and zones, title block, notes, views at a standard scale, and
their dimensions, tolerances, GD&T frames, datums and roughness symbols; record exact ground truth."""
from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .annotate import (CLASS_NAMES, GDT_SYMBOLS, Annotation, DimText, Style, angular_dimension,
                       datum_symbol, gdt_frame, leader_dimension, linear_dimension, roughness_symbol)
from .canvas import FONT_FILES, Canvas, load_font
from .parts import PARTS, Feature, View, hatch_lines

SHEETS = {"A4": (297.0, 210.0), "A3": (420.0, 297.0), "A2": (594.0, 420.0)}
SCALES = [(5, 1), (2, 1), (1, 1), (1, 2), (1, 2.5), (1, 5), (1, 10)]
MATERIALS = ["S235JR", "C45E", "42CrMo4", "AlMgSi1", "EN AW-6082 T6", "X5CrNi18-10", "GJL-250", "POM-C",
             "CuZn39Pb3", "16MnCr5"]
TITLES = {"plate": ["ADAPTER PLATE", "BASE PLATE", "MOUNTING PLATE", "COVER PLATE"],
          "shaft": ["DRIVE SHAFT", "SHAFT", "STEPPED SHAFT", "PINION SHAFT"],
          "flange": ["FLANGE", "BEARING FLANGE", "HUB FLANGE"],
          "bracket": ["BRACKET", "ANGLE BRACKET", "SUPPORT BRACKET"],
          "housing": ["BEARING HOUSING", "HOUSING", "GEAR HOUSING"]}
NOTES = ["BREAK ALL SHARP EDGES", "REMOVE ALL BURRS", "UNTOLERANCED DIMENSIONS: ISO 2768-{g}",
         "SURFACE TREATMENT: ZINC PLATED", "DO NOT SCALE DRAWING", "ALL DIMENSIONS IN MM",
         "MATERIAL CERTIFICATE EN 10204-3.1", "HEAT TREAT TO 58 HRC", "PAINT RAL 7035"]
BOXED_NOTES = ["DEBURR AND BREAK SHARP EDGES", "ENTGRATEN UND SCHARFE KANTEN BRECHEN", "REMOVE ALL BURRS",
               "DO NOT SCALE DRAWING", "UNLESS OTHERWISE SPECIFIED DIMENSIONS ARE IN MILLIMETERS",
               "BEMASSUNGEN SIND IN MILLIMETER", "EBAVURER ET CASSER LES ANGLES VIFS"]
SHAFT_FITS = ["g6", "h6", "k6", "m6", "f7", "h7", "js6", "p6"]
HOLE_FITS = ["H7", "H7", "H8", "G7", "K7", "N7", "H9", "JS9", "H11", "H12"]


@dataclass
class Drawing:
    """A generated drawing: page size in mm, the recording canvas, and the labelled annotations."""

    seed: int
    sheet: str
    width_mm: float
    height_mm: float
    canvas: Canvas
    annotations: list[Annotation]
    title_block: dict[str, str]
    style: Style
    part: str
    scale: str
    meta: dict[str, Any] = field(default_factory=dict)


class _Layout:
    """Free-space bookkeeping (sheet mm): text/symbol boxes, and the views' outlines kept apart so that
    dimensions drawn inside a view only avoid other text."""

    def __init__(self) -> None:
        self.boxes: list[tuple[float, float, float, float]] = []
        self.views: list[tuple[float, float, float, float]] = []

    @staticmethod
    def _hits(box, others, margin: float) -> bool:
        x0, y0, x1, y1 = box
        return any(x0 < a1 + margin and a0 < x1 + margin and y0 < b1 + margin and b0 < y1 + margin
                   for a0, b0, a1, b1 in others)

    def free(self, box: tuple[float, float, float, float], margin: float = 0.8, views: bool = True) -> bool:
        return not self._hits(box, self.boxes, margin) and not (views and self._hits(box, self.views, 0.5))

    def add(self, box: tuple[float, float, float, float]) -> None:
        self.boxes.append(box)


def _random_style(rng: np.random.Generator, sheet: str) -> Style:
    base_h = {"A4": 2.5, "A3": 3.5, "A2": 3.5}[sheet]
    h = float(rng.choice([base_h, base_h, base_h * 0.86, base_h * 1.14]))
    thick = float(rng.choice([0.35, 0.5, 0.7])) if sheet != "A4" else float(rng.choice([0.35, 0.5]))
    return Style(text_height=h, thick=thick, thin=thick / 2, arrow=float(rng.uniform(2.2, 3.4)) * h / 3.5,
                 decimal="," if rng.random() < 0.4 else ".", iso_text=bool(rng.random() < 0.75),
                 space_pm=bool(rng.random() < 0.5), diameter_symbol="⌀" if rng.random() < 0.6 else "Ø",
                 qty_format=str(rng.choice(["{n}x ", "{n}x", "{n} x ", "{n}X "])))


def _tolerance(rng: np.random.Generator, feature: Feature, style: Style, decimals: int) -> tuple[tuple | None, int]:
    """Pick a tolerance for a feature; returns the spec and the decimals to print the nominal with."""
    roll = rng.random()
    if feature.role in ("hole", "shaft") and roll < 0.45:
        fits = HOLE_FITS if feature.role == "hole" else SHAFT_FITS
        if feature.role == "hole" and rng.random() < 0.25:
            return ("fitpair", "H7", str(rng.choice(["g6", "h6", "k6", "f7", "n6"])), bool(rng.random() < 0.5)), decimals
        return ("fit", str(rng.choice(fits))), decimals
    if feature.role == "keyway" and roll < 0.7:
        return ("fit", str(rng.choice(["P9", "N9", "JS9"]))), decimals
    if roll < 0.64:
        return None, decimals
    d = max(decimals, 2) if rng.random() < 0.6 else max(decimals, 1)
    t = float(rng.choice([0.02, 0.05, 0.1, 0.1, 0.2, 0.3]))
    kind = rng.random()
    if kind < 0.35:
        return ("sym", style.num(t, 2 if t < 0.1 else d if d >= 2 else 1)), d
    if kind < 0.6:
        up, low = float(rng.choice([0.05, 0.1, 0.2, 0.02])), float(rng.choice([0.05, 0.1, 0.02, 0.03]))
        if rng.random() < 0.5:
            return ("dev", "+" + style.num(up, 2), "-" + style.num(low, 2)), d
        return ("dev", "+" + style.num(up, 2), "0") if rng.random() < 0.5 else ("dev", "0", "-" + style.num(low, 2)), d
    if kind < 0.8 and feature.value > 3:
        hi, lo = feature.value + float(rng.choice([0.0, 0.02, 0.05])), feature.value - float(rng.choice([0.02, 0.05, 0.1]))
        return ("limits", style.num(hi, 2), style.num(lo, 2)), 2
    return None, decimals


def _needed_decimals(value: float) -> int:
    """Decimals needed to print ``value`` exactly (up to 3)."""
    for d in range(4):
        if abs(round(value, d) - value) < 1e-9:
            return d
    return 3


def _dim_spec(rng: np.random.Generator, feature: Feature, style: Style, decimals: int) -> DimText:
    kind = {"⌀": "diameter", "M": "thread", "R": "radius"}.get(feature.prefix, "linear")
    if feature.kind == "rad":
        kind = "radius"
    if kind == "thread":
        nominal = f"{feature.value:g}"
        suffix = f"x{style.num(feature.thread_pitch, 2).rstrip('0').rstrip(style.decimal)}" \
            if feature.thread_pitch else ""
        return DimText(nominal, "M", feature.qty, None, suffix=suffix, kind="thread")
    decimals = max(decimals, _needed_decimals(feature.value))
    tol, d = _tolerance(rng, feature, style, decimals) if kind != "radius" or rng.random() < 0.3 else (None, decimals)
    if kind == "radius" and tol and tol[0] in ("fit", "fitpair", "limits"):
        tol = None
    nominal = style.num(feature.value, d)
    prefix = style.diameter_symbol if kind == "diameter" else ("R" if kind == "radius" else "")
    reference = tol is None and rng.random() < 0.1 and feature.priority > 0
    basic = tol is None and not reference and rng.random() < 0.05
    if feature.role == "pcd" and rng.random() < 0.5:
        basic, reference, tol = True, False, None
    if tol and tol[0] in ("max", "min"):
        tol = None
    return DimText(nominal, prefix, feature.qty, tol, reference=reference, basic=basic, kind=kind)


class Composer:
    """Builds one drawing from a seed."""

    def __init__(self, seed: int, sheet: str = "A3"):
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.sheet = sheet
        self.width, self.height = SHEETS[sheet]
        rng = self.rng
        self.style = _random_style(rng, sheet)
        # conventions added later are drawn from their own stream, so every earlier seed keeps its drawing
        extra = np.random.default_rng([seed, 1])
        self.style.leader_aligned = bool(extra.random() < 0.4)
        self.style.angle_tangent = bool(extra.random() < 0.5)
        # border zones lettered as tall as dimension text or taller (real sheets), and a ruled general note
        self.zone_size = float(extra.uniform(2.5, 5.0))
        self.boxed_note = [str(n) for n in extra.choice(BOXED_NOTES, 1)] if extra.random() < 0.6 else []
        font_file = str(rng.choice(FONT_FILES))
        self.font = load_font(font_file)
        self.canvas = Canvas(self.font)
        self.annotations: list[Annotation] = []
        self.layout = _Layout()
        self.general = str(rng.choice(["m", "m", "f", "c"]))
        self.decimals = int(rng.choice([0, 0, 1, 2]))

    # ---------------------------------------------------------------- sheet furniture
    def frame(self) -> tuple[float, float, float, float]:
        c, s = self.canvas, self.style
        left, right, top, bottom = 20.0, self.width - 10.0, 10.0, self.height - 10.0
        size = self.zone_size
        trim = min(5.0, 10.0 - (size + 2.5))  # the trimmed-sheet line: the zone band fits its letters
        c.polyline([(left, top), (right, top), (right, bottom), (left, bottom)], max(0.5, s.thick), "other",
                   closed=True)
        c.polyline([(5, trim), (self.width - trim, trim), (self.width - trim, self.height - trim),
                    (5, self.height - trim)], s.thin, "other", closed=True)
        nx = max(4, int(round((right - left) / 50)))
        ny = max(3, int(round((bottom - top) / 50)))
        drop = 0.48 * size  # baseline below the band's middle
        for i in range(nx + 1):
            x = left + (right - left) * i / nx
            if 0 < i < nx:
                c.line((x, trim), (x, top), s.thin, "other")
                c.line((x, bottom), (x, self.height - trim), s.thin, "other")
            if i < nx:
                xm = left + (right - left) * (i + 0.5) / nx
                for y in ((trim + top) / 2 + drop, self.height - (trim + 10.0) / 2 + drop):
                    c.text(str(i + 1), (xm, y), size, "other", anchor="center")
        for j in range(ny + 1):
            y = top + (bottom - top) * j / ny
            if 0 < j < ny:
                c.line((5, y), (left, y), s.thin, "other")
                c.line((right, y), (self.width - trim, y), s.thin, "other")
            if j < ny:
                ym = top + (bottom - top) * (j + 0.5) / ny + drop
                c.text("ABCDEFGH"[j], (12.5, ym), size, "other", anchor="center")
                c.text("ABCDEFGH"[j], (self.width - (trim + 10.0) / 2, ym), size, "other", anchor="center")
        return left, top, right, bottom

    def title_block(self, frame: tuple[float, float, float, float], part: str, scale: str) -> dict[str, str]:
        c, s, rng = self.canvas, self.style, self.rng
        _, _, right, bottom = frame
        w, h = 180.0, 36.0
        x0, y0 = right - w, bottom - h
        fields = {
            "title": str(rng.choice(TITLES[part])),
            "number": f"{rng.choice(['DL', 'ZN', 'MB', 'TK'])}-{rng.integers(1000, 99999):05d}-{rng.integers(0, 99):02d}",
            "material": str(rng.choice(MATERIALS)),
            "scale": scale,
            "date": (_dt.date(2024, 1, 1) + _dt.timedelta(days=int(rng.integers(0, 900)))).isoformat(),
            "general_tolerance": f"ISO 2768-{self.general}",
            "sheet": "1/1",
            "drawn": str(rng.choice(["J. Meyer", "A. Novak", "L. Rossi", "K. Tanaka", "M. Schulz", "S. Dubois"])),
        }
        cells = [  # (x, y, w, h, label, key)
            (x0, y0, 110, 14, "TITLE", "title"), (x0 + 110, y0, 70, 14, "DRAWING NO.", "number"),
            (x0, y0 + 14, 60, 11, "MATERIAL", "material"), (x0 + 60, y0 + 14, 25, 11, "SCALE", "scale"),
            (x0 + 85, y0 + 14, 50, 11, "GENERAL TOLERANCE", "general_tolerance"),
            (x0 + 135, y0 + 14, 45, 11, "SHEET", "sheet"),
            (x0, y0 + 25, 60, 11, "DRAWN", "drawn"), (x0 + 60, y0 + 25, 45, 11, "DATE", "date"),
        ]
        c.polyline([(x0, y0), (right, y0), (right, bottom), (x0, bottom)], max(0.5, s.thick), "other", closed=True)
        for x, y, cw, ch, label, key in cells:
            c.polyline([(x, y), (x + cw, y), (x + cw, y + ch), (x, y + ch)], s.thin, "other", closed=True)
            size = 5.0 if key == "title" else 3.2 if key == "number" else 2.8
            r1 = c.text(label, (x + 1.2, y + 2.6), 1.8, "text")
            r2 = c.text(fields[key], (x + 2.0, y + ch - 2.2), size, "text")
            ann = Annotation("text_block", f"{label} {fields[key]}", None, [r1, r2], meta={"title_field": key})
            self.annotations.append(ann)
            self.layout.add(ann.bbox(0.5))
        company = str(rng.choice(["drawinglab GmbH", "ACME Precision Ltd", "Nordtech AB", "Meca Industrie SA"]))
        r = c.text(company, (x0 + 106, y0 + 33), 3.0, "text")
        ann = Annotation("text_block", company, None, [r])
        self.annotations.append(ann)
        self.layout.add((x0, y0, right, bottom))
        return fields

    def ruled_note(self, frame: tuple[float, float, float, float]) -> None:
        """A general note in capitals in a ruled cell left of the title block, where there is room."""
        if not self.boxed_note:
            return
        c, s = self.canvas, self.style
        _, _, right, bottom = frame
        size = 3.0
        lines: list[str] = []
        for word in self.boxed_note[0].split():  # about 14 characters a line
            if lines and len(lines[-1]) + 1 + len(word) <= 14:
                lines[-1] += " " + word
            else:
                lines.append(word)
        width = 1.1 * max(c.font.width(line, size) for line in lines) + 4.0
        height = len(lines) * size * 1.45 + 2.5
        x1, y1 = right - 180.0 - 3.0, bottom
        x0, y0 = x1 - width, y1 - height
        if x0 < 25.0 or not self.layout.free((x0, y0, x1, y1), margin=1.0, views=False):
            return
        c.polyline([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], s.thin, "other", closed=True)
        runs = [c.text(line, (x0 + 2.0, y0 + 1.5 + (k + 0.8) * size * 1.45), size, "text")
                for k, line in enumerate(lines)]
        ann = Annotation("text_block", " ".join(lines), None, runs)
        self.annotations.append(ann)
        self.layout.add((x0, y0, x1, y1))

    def notes(self, frame: tuple[float, float, float, float]) -> None:
        c, rng = self.canvas, self.rng
        left, _, _, bottom = frame
        n = int(rng.integers(2, 5))
        picks = rng.choice(len(NOTES), n, replace=False)
        lines = [f"{i + 1}. {NOTES[k].format(g=self.general)}" for i, k in enumerate(picks)]
        size = self.style.text_height * 0.85
        y = bottom - 4 - (len(lines)) * size * 1.6
        runs = [c.text("NOTES:", (left + 5, y), size, "text")]
        for line in lines:
            y += size * 1.6
            runs.append(c.text(line, (left + 5, y), size, "text"))
        ann = Annotation("text_block", " ".join(r.text for r in runs), None, runs)
        self.annotations.append(ann)
        self.layout.add(ann.bbox(1.0))

    # ---------------------------------------------------------------- views
    def place_views(self, views: list[View], area: tuple[float, float, float, float]) -> tuple[float, list]:
        """Pick the largest standard scale at which the views fit, and their positions (sheet mm)."""
        x0, y0, x1, y1 = area
        margin = 28.0
        boxes = [v.bbox() for v in views]
        sizes = [(b[2] - b[0], b[3] - b[1]) for b in boxes]
        # arrangement: first view top-left; second below it; third to its right
        for num, den in SCALES:
            s = num / den
            w0, h0 = sizes[0][0] * s + 2 * margin, sizes[0][1] * s + 2 * margin
            positions = [(x0, y0)]
            total_w, total_h = w0, h0
            if len(views) > 1:
                w1, h1 = sizes[1][0] * s + 2 * margin, sizes[1][1] * s + 2 * margin
                if views[1].name in ("top",):
                    positions.append((x0, y0 + h0))
                    total_h = h0 + h1
                    total_w = max(w0, w1)
                else:
                    positions.append((x0 + w0, y0))
                    total_w = w0 + w1
                    total_h = max(h0, h1)
            if len(views) > 2:
                w2, h2 = sizes[2][0] * s + 2 * margin, sizes[2][1] * s + 2 * margin
                positions.append((x0 + total_w, y0))
                total_w += w2
                total_h = max(total_h, h2)
            if total_w <= x1 - x0 and total_h <= y1 - y0:
                spare_w = (x1 - x0 - total_w)
                columns = sorted({px for px, _ in positions})
                gap = spare_w / (len(columns) + 1)
                dy = (y1 - y0 - total_h) / 3
                origins = []
                for (px, py), box in zip(positions, boxes):
                    dx = gap * (columns.index(px) + 1)
                    origins.append((px + dx + margin - box[0] * s, py + dy + margin - box[1] * s))
                label = f"{num}:{den:g}" if den != 1 or num != 1 else "1:1"
                return s, [(o, label) for o in origins]
        raise ValueError("views do not fit the sheet")

    def draw_view(self, view: View, origin: tuple[float, float], s: float) -> None:
        c, st = self.canvas, self.style

        def tp(p):
            return origin[0] + p[0] * s, origin[1] + p[1] * s

        widths = {"visible": st.thick, "hidden": st.thin, "center": st.thin, "thin": st.thin, "hatch": st.thin}
        roles = {"visible": "contour", "hidden": "contour", "center": "other", "thin": "contour", "hatch": "other"}
        for poly in view.hatch:
            spacing = float(self.rng.choice([2.0, 2.5, 3.0]))
            for a, b in hatch_lines([tp(p) for p in poly], spacing, 45.0):
                c.line(a, b, st.thin, "other")
        for a, b, style in view.lines:
            dashes = st.dashes(style) if style in ("hidden", "center") else None
            c.line(tp(a), tp(b), widths[style], roles[style], dashes)
        for center, r, style in view.circles:
            dashes = st.dashes(style) if style in ("hidden", "center") else None
            c.circle(tp(center), r * s, widths[style], roles[style], dashes)
        for center, r, start, sweep, style in view.arcs:
            c.arc(tp(center), r * s, start, sweep, widths[style], roles[style])
        box = view.bbox()
        vb = (*tp(box[:2]), *tp(box[2:]))
        self.layout.views.append(vb)
        if view.label:
            size = self.style.text_height * 1.3
            run = c.text(f"SECTION {view.label}", ((vb[0] + vb[2]) / 2, vb[1] - 18), size, "text", anchor="center")
            ann = Annotation("text_block", run.text, None, [run])
            self.annotations.append(ann)
            self.layout.add(ann.bbox(1.0))
        if view.cut:
            a, b, letter = view.cut
            pa, pb = tp(a), tp(b)
            c.line(pa, pb, st.thin, "other", st.dashes("center"))
            for p, q in ((pa, pb), (pb, pa)):
                u = ((q[0] - p[0]), (q[1] - p[1]))
                n = math.hypot(*u)
                u = (u[0] / n, u[1] / n)
                c.line(p, (p[0] + u[0] * 6, p[1] + u[1] * 6), st.thick * 1.4, "other")
                tail = (p[0] + 1.5, p[1])
                head = (p[0] + 9, p[1])
                c.line(tail, head, st.thin, "other")
                from .annotate import arrowhead
                arrowhead(c, (head[0] + 0.01, head[1]), (1, 0), st, role="other")
                run = c.text(letter, (head[0] + 1.5, p[1] - 1.5), st.text_height * 1.3, "other")
                x0, y0, x1, y1 = run.bbox
                self.layout.add((x0 - 1.0, y0 - 1.0, x1 + 1.0, y1 + 1.0))  # dimension text keeps clear of it

    def dimension_view(self, view: View, origin: tuple[float, float], s: float) -> list[tuple[Annotation, Feature]]:
        c, st, rng = self.canvas, self.style, self.rng
        box = view.bbox()

        def tp(p):
            return origin[0] + p[0] * s, origin[1] + p[1] * s

        vb = (*tp(box[:2]), *tp(box[2:]))
        placed: list[tuple[Annotation, Feature]] = []
        tiers = {"top": 0, "bottom": 0, "left": 0, "right": 0}
        features = sorted(view.features, key=lambda f: (f.priority, f.tier))
        for feature in features:
            if feature.priority > 0 and rng.random() < 0.15:
                continue
            spec = _dim_spec(rng, feature, st, self.decimals)
            for attempt in range(4):
                mark = c.mark()
                ann = self._draw_feature(feature, spec, tp, vb, tiers, attempt)
                if ann is None:
                    c.rollback(mark)
                    break
                box_ann = ann.bbox(0.3)
                inside_sheet = box_ann[0] > 22 and box_ann[1] > 12 and box_ann[2] < self.width - 12 \
                    and box_ann[3] < self.height - 12
                if inside_sheet and self.layout.free(box_ann, views=not (feature.inside or feature.kind == "angle")):
                    self.layout.add(box_ann)
                    self.annotations.append(ann)
                    placed.append((ann, feature))
                    if feature.kind in ("h", "v") and not feature.inside:
                        tiers[feature.side] = max(tiers[feature.side], feature.tier + attempt + 1)
                    break
                c.rollback(mark)
        return placed

    def _draw_feature(self, f: Feature, spec: DimText, tp, vb, tiers, attempt: int) -> Annotation | None:
        c, st = self.canvas, self.style
        gap = 9.0 + 0.6 * st.text_height
        step = 7.0 + 1.2 * st.text_height
        if f.kind in ("h", "v"):
            p1, p2 = tp(f.p1), tp(f.p2)
            if f.inside:
                shift = f.offset + attempt * (st.text_height * 2.2) * (1 if attempt % 2 else -1)
                if f.kind == "v":
                    level = (p1[0] + shift, p1[1])
                    p1, p2 = (p1[0] + shift, p1[1]), (p2[0] + shift, p2[1])
                else:
                    level = (p1[0], p1[1] + shift)
                    p1, p2 = (p1[0], p1[1] + shift), (p2[0], p2[1] + shift)
                if attempt and f.kind == "v":
                    return linear_dimension(c, p1, p2, level, "v", spec, st)
                return linear_dimension(c, p1, p2, level, f.kind, spec, st)
            tier = max(f.tier, tiers[f.side]) + attempt
            d = gap + step * tier
            level = {"top": (p1[0], vb[1] - d), "bottom": (p1[0], vb[3] + d), "left": (vb[0] - d, p1[1]),
                     "right": (vb[2] + d, p1[1])}[f.side]
            orient = "h" if f.kind == "h" else "v"
            return linear_dimension(c, p1, p2, level, orient, spec, st)
        if f.kind in ("dia", "rad"):
            center = tp(f.p1)
            r = f.radius * (tp((1, 0))[0] - tp((0, 0))[0])
            # try leader directions that leave the view's outline soonest, so leaders stay short
            options = []
            for k in range(8):
                deg = f.angle + 45 * k
                u = (math.cos(math.radians(deg)), -math.sin(math.radians(deg)))
                tip = (center[0] + r * u[0], center[1] + r * u[1])
                exit_t = 0.0
                for axis, lo, hi in ((0, vb[0], vb[2]), (1, vb[1], vb[3])):
                    if abs(u[axis]) > 1e-6:
                        exit_t = max(exit_t, (hi - tip[axis]) / u[axis] if u[axis] > 0 else (lo - tip[axis]) / u[axis])
                horizontal_penalty = 8.0 if abs(u[1]) < 0.3 or abs(u[0]) < 0.3 else 0.0
                options.append((max(exit_t, 0.0) + horizontal_penalty + 2.0 * k, u, tip, max(exit_t, 0.0)))
            options.sort(key=lambda o: o[0])
            _, u, tip, exit_t = options[attempt % len(options)]
            reach = exit_t + 6.0 + (attempt // len(options)) * 4
            knee = (tip[0] + reach * u[0], tip[1] + reach * u[1])
            return leader_dimension(c, tip, knee, spec, st, aligned=st.leader_aligned and st.iso_text)
        if f.kind == "chamfer":
            p = tp(f.p1)
            leg = st.num(f.value, 1 if f.value % 1 else 0)
            text = DimText(leg, suffix=f"x{f.angle:g}°", kind="chamfer") if self.rng.random() < 0.7 \
                else DimText(leg, prefix="C", kind="chamfer")
            ang = math.radians(45 + attempt * 40)
            knee = (p[0] + 10 * math.cos(ang), p[1] - 10 * math.sin(ang))
            return leader_dimension(c, p, knee, text, st)
        if f.kind == "angle":
            if attempt > 1:
                return None
            center = tp(f.p1)
            r = f.radius * (tp((1, 0))[0] - tp((0, 0))[0]) + attempt * 6
            value = f"{f.value:g}°"
            if self.rng.random() < 0.3 and f.value == round(f.value):
                value = f"{st.num(f.value, 1)}°"
            return angular_dimension(c, center, f.angle, f.sweep, r, DimText(value, kind="angle"), st,
                                     tangent=st.angle_tangent and st.iso_text)
        return None

    # ---------------------------------------------------------------- GD&T, datums, roughness
    def gdt(self, views: list[View], placements: list[tuple[Any, str]], s: float,
            dims: list[tuple[Annotation, Feature]]) -> None:
        c, st, rng = self.canvas, self.style, self.rng
        datums_used: list[str] = []
        edges = []
        for view, (origin, _) in zip(views, placements):
            for a, b, n in view.edges:
                pa = (origin[0] + a[0] * s, origin[1] + a[1] * s)
                pb = (origin[0] + b[0] * s, origin[1] + b[1] * s)
                edges.append((pa, pb, n))
        rng.shuffle(edges)
        # datum feature symbols
        for letter in "AB"[: int(rng.integers(1, 3))]:
            if not edges:
                break
            pa, pb, n = edges.pop()
            t = float(rng.uniform(0.25, 0.75))
            foot = (pa[0] + (pb[0] - pa[0]) * t, pa[1] + (pb[1] - pa[1]) * t)
            mark = c.mark()
            ann = datum_symbol(c, foot, n, letter, st)
            letter_box = Annotation("x", "", None, [], 0.0, ann.shapes[:1]).bbox(0.5)
            if self.layout.free(letter_box):
                self.layout.add(letter_box)
                self.annotations.append(ann)
                datums_used.append(letter)
            else:
                c.rollback(mark)
        # feature control frames: near dimensioned holes/diameters or on edges
        kinds = ["flatness", "cylindricity", "position", "perpendicularity", "parallelism"]
        n_frames = int(rng.integers(2, 6))
        candidates = [(a, f) for a, f in dims if a.cls in ("diameter_dim", "tolerance_dim", "linear_dim")]
        rng.shuffle(candidates)
        for i in range(n_frames):
            kind = str(rng.choice(kinds)) if rng.random() < 0.9 else str(rng.choice(GDT_SYMBOLS[5:]))
            needs_datum = kind in ("position", "perpendicularity", "parallelism", "angularity", "concentricity",
                                   "symmetry", "runout")
            if needs_datum and not datums_used:
                kind = str(rng.choice(["flatness", "cylindricity", "straightness", "circularity"]))
                needs_datum = False
            tol = st.num(float(rng.choice([0.01, 0.02, 0.05, 0.1, 0.2])), 2 if rng.random() < 0.7 else 3)
            diameter = kind == "position" or (kind in ("perpendicularity", "parallelism") and rng.random() < 0.3)
            modifier = str(rng.choice(["M", "L"])) if kind == "position" and rng.random() < 0.5 else None
            datums = datums_used[: int(rng.integers(1, len(datums_used) + 1))] if needs_datum else []
            for attempt in range(8):
                if candidates and attempt < 2 and abs(candidates[(i + attempt) % len(candidates)][0].rotation) < 1:
                    ann_dim, _ = candidates[(i + attempt) % len(candidates)]
                    bx = ann_dim.bbox()
                    origin = (bx[0], bx[3] + 1.2)  # a frame directly under a size dimension applies to it
                    attach = None
                elif edges:
                    pa, pb, n = edges[(i + attempt) % len(edges)]
                    t = float(rng.uniform(0.2, 0.8))
                    foot = (pa[0] + (pb[0] - pa[0]) * t, pa[1] + (pb[1] - pa[1]) * t)
                    origin = (foot[0] + n[0] * 14 + (0 if n[0] >= 0 else -30), foot[1] + n[1] * 14)
                    attach = foot
                else:
                    break
                mark = c.mark()
                ann = gdt_frame(c, origin, kind, tol, st, diameter, modifier, datums)
                if attach is not None:
                    fx0, fy0, fx1, fy1 = ann.bbox()
                    start = (min(max(attach[0], fx0), fx1), fy1 if attach[1] > fy1 else fy0)
                    c.line(start, attach, st.thin, "dimension")
                    from .annotate import arrowhead
                    u = (attach[0] - start[0], attach[1] - start[1])
                    norm = math.hypot(*u) or 1.0
                    arrowhead(c, attach, (u[0] / norm, u[1] / norm), st)
                box = ann.bbox(0.5)
                if box[0] > 22 and box[1] > 12 and box[2] < self.width - 12 and box[3] < self.height - 12 \
                        and self.layout.free(box):
                    self.layout.add(box)
                    self.annotations.append(ann)
                    break
                c.rollback(mark)
        # roughness symbols on upward-facing edges
        up_edges = [e for e in edges if e[2][1] < -0.5]
        wanted = int(rng.integers(1, 4))
        for attempt in range(12):
            if not up_edges or wanted == 0:
                break
            pa, pb, n = up_edges[attempt % len(up_edges)]
            t = float(rng.uniform(0.15, 0.85))
            foot = (pa[0] + (pb[0] - pa[0]) * t, pa[1] + (pb[1] - pa[1]) * t)
            mark = c.mark()
            value, param = self._roughness_value()
            ann = roughness_symbol(c, foot, value, st, param)
            box = ann.bbox(0.5)
            above_foot = (box[0], box[1], box[2], box[3] - 2.0)  # the symbol stands on the edge itself
            if box[1] > 12 and self.layout.free(above_foot):
                self.layout.add(above_foot)
                self.annotations.append(ann)
                wanted -= 1
            else:
                c.rollback(mark)
        if rng.random() < 0.5:  # the general surface requirement, above the title block
            foot = (self.width - 10 - 180 + float(rng.uniform(5, 60)), self.height - 10 - 36 - 3)
            mark = c.mark()
            value, param = self._roughness_value()
            ann = roughness_symbol(c, foot, value, st, param)
            if self.layout.free(ann.bbox(0.5)):
                self.layout.add(ann.bbox(0.5))
                self.annotations.append(ann)
            else:
                c.rollback(mark)

    def _roughness_value(self) -> tuple[str, str]:
        rng, st = self.rng, self.style
        if rng.random() < 0.85:
            return str(rng.choice(["0.4", "0.8", "1.6", "3.2", "6.3", "12.5"])).replace(".", st.decimal), "Ra"
        return str(rng.choice(["4", "6.3", "10", "16", "25"])).replace(".", st.decimal), "Rz"

    # ---------------------------------------------------------------- everything
    def compose(self) -> Drawing:
        rng = self.rng
        frame = self.frame()
        part = str(rng.choice(list(PARTS)))
        views = None
        for _ in range(5):
            views = PARTS[part](rng)
            try:
                area = (frame[0] + 5, frame[1] + 5, frame[2] - 5, frame[3] - 42)
                s, placements = self.place_views(views, area)
                break
            except ValueError:
                views = None
        if views is None:
            raise RuntimeError(f"seed {self.seed}: could not lay out a {part}")
        scale = placements[0][1]
        title = self.title_block(frame, part, scale)
        self.notes(frame)
        self.ruled_note(frame)
        for view, (origin, _) in zip(views, placements):
            self.draw_view(view, origin, s)
        dims: list[tuple[Annotation, Feature]] = []
        for view, (origin, _) in zip(views, placements):
            dims += self.dimension_view(view, origin, s)
        self.gdt(views, placements, s, dims)
        return Drawing(self.seed, self.sheet, self.width, self.height, self.canvas, self.annotations, title,
                       self.style, part, scale, {"font": self.font.name, "general": self.general,
                                                 "decimal": self.style.decimal})


def compose(seed: int, sheet: str = "A3") -> Drawing:
    """Compose the drawing for ``seed`` (deterministic)."""
    return Composer(seed, sheet).compose()


__all__ = ["compose", "Drawing", "CLASS_NAMES", "SHEETS"]
