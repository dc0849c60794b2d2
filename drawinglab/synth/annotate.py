"""Drawing annotations the way ISO 129 / ASME Y14.5 draw them, each recorded as a labelled :class:`Annotation`.

Dimensions (extension lines, dimension lines with arrowheads, text above the line or in a gap),
diameter/radius/chamfer leaders, angular dimensions, GD&T feature control frames with vector
symbols, datum feature symbols and surface roughness symbols.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Sequence

from .canvas import MM, Canvas, Point, TextRun, rotate_point

CLASS_NAMES = ["diameter_dim", "linear_dim", "radius_dim", "angular_dim", "chamfer_dim", "tolerance_dim",
               "reference_dim", "flatness", "cylindricity", "position", "perpendicularity", "parallelism",
               "surface_roughness", "text_block"]
CLASS_ID = {name: i for i, name in enumerate(CLASS_NAMES)}
GDT_SYMBOLS = ["flatness", "cylindricity", "position", "perpendicularity", "parallelism", "straightness",
               "circularity", "angularity", "profile_surface", "concentricity", "symmetry", "runout"]


@dataclass
class Style:
    """Per-drawing drafting conventions."""

    text_height: float = 3.5  # mm
    thick: float = 0.5
    thin: float = 0.25
    arrow: float = 3.0
    decimal: str = "."
    iso_text: bool = True  # text above the dimension line and aligned (ISO); else in a gap, horizontal (ASME)
    space_pm: bool = False  # "25 ±0.1" rather than "25±0.1"
    diameter_symbol: str = "⌀"
    qty_format: str = "{n}x "
    leader_aligned: bool = False  # ⌀/R text along a slanted leader (ISO 129-1) rather than on a horizontal shoulder
    angle_tangent: bool = False  # angle text along the arc rather than horizontal
    hidden_dash: str = "[3 1.5] 0"
    center_dash: str = "[12 2 2 2] 0"

    def dashes(self, kind: str) -> str:
        values = (self.hidden_dash if kind == "hidden" else self.center_dash).split("]")[0].strip("[").split()
        return "[" + " ".join(f"{float(v) * MM:.2f}" for v in values) + "] 0"

    def num(self, value: float, decimals: int) -> str:
        text = f"{value:.{decimals}f}"
        return text.replace(".", self.decimal)


@dataclass
class Annotation:
    """One labelled object: its class, text as drawn (reading order), runs, extra shapes, rotation."""

    cls: str
    text: str
    parse_text: str | None
    runs: list[TextRun]
    rotation: float = 0.0
    shapes: list[list[Point]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def points(self) -> list[Point]:
        pts: list[Point] = []
        for run in self.runs:
            pts.extend(run.polygon)
        for shape in self.shapes:
            pts.extend(shape)
        return pts

    def polygon(self, pad: float = 0.0) -> list[Point]:
        """The smallest rectangle aligned with the annotation's rotation that encloses its ink (mm)."""
        pts = self.points()
        pivot = pts[0]
        local = [rotate_point(p, pivot, -self.rotation) for p in pts]
        x0 = min(p[0] for p in local) - pad
        x1 = max(p[0] for p in local) + pad
        y0 = min(p[1] for p in local) - pad
        y1 = max(p[1] for p in local) + pad
        return [rotate_point(p, pivot, self.rotation) for p in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]

    def bbox(self, pad: float = 0.0) -> tuple[float, float, float, float]:
        poly = self.polygon(pad)
        return (min(p[0] for p in poly), min(p[1] for p in poly), max(p[0] for p in poly),
                max(p[1] for p in poly))


# --------------------------------------------------------------------------- dimension text

@dataclass
class DimText:
    """What a dimension says: ``qty``x ``prefix`` ``nominal`` and a tolerance.

    ``tol`` is one of ``None``, ``("sym", t)``, ``("dev", up, low)``, ``("limits", hi, lo)``,
    ``("fit", cls)``, ``("fitpair", hole, shaft, stacked)``, ``("max",)``, ``("min",)``.
    """

    nominal: str
    prefix: str = ""
    qty: int = 1
    tol: tuple | None = None
    reference: bool = False
    basic: bool = False
    suffix: str = ""
    kind: str = "linear"  # the grammar's kind, for the class rule

    def cls(self) -> str:
        """The 14-class rule: toleranced → tolerance_dim; parenthesised → reference_dim; else by kind."""
        if self.reference:
            return "reference_dim"
        if self.tol is not None and self.tol[0] not in ("max", "min"):
            return "tolerance_dim"
        return {"diameter": "diameter_dim", "thread": "diameter_dim", "spherical_diameter": "diameter_dim",
                "radius": "radius_dim", "spherical_radius": "radius_dim", "angle": "angular_dim",
                "chamfer": "chamfer_dim"}.get(self.kind, "linear_dim")


def layout_dim_text(c: Canvas, spec: DimText, style: Style) -> tuple[list[tuple[str, float, float, float]], float,
                                                                      float, float]:
    """Runs ``(text, dx, dy, size)`` relative to the main baseline start, and the block's width/top/bottom."""
    h = style.text_height
    qty = style.qty_format.format(n=spec.qty) if spec.qty > 1 else ""
    main = f"{qty}{spec.prefix}{spec.nominal}{spec.suffix}"
    runs: list[tuple[str, float, float, float]] = []
    tol = spec.tol
    if tol and tol[0] == "sym":
        main += (" ±" if style.space_pm else "±") + tol[1]
    elif tol and tol[0] == "fit":
        main += " " + tol[1]
    elif tol and tol[0] == "fitpair" and not tol[3]:
        main += f" {tol[1]}/{tol[2]}"
    elif tol and tol[0] in ("max", "min"):
        main += f" {tol[0]}."
    if spec.reference:
        main = f"({main})"
    if tol and tol[0] == "limits":
        small = 0.85 * h
        prefix = f"{qty}{spec.prefix}"
        width_prefix = c.text_size(prefix, h)[0] if prefix else 0.0
        if prefix:
            runs.append((prefix, 0.0, -0.45 * h, h))
        gap = 0.93 * h
        runs.append((tol[1], width_prefix, -gap, small))
        runs.append((tol[2], width_prefix, 0.0, small))
    else:
        runs.append((main, 0.0, 0.0, h))
        main_width = c.text_size(main, h)[0]
        if tol and (tol[0] == "dev" or (tol[0] == "fitpair" and tol[3])):
            small = 0.7 * h
            upper, lower = (tol[1], tol[2])
            x = main_width + 0.25 * h
            runs.append((upper, x, -0.62 * h, small))
            runs.append((lower, x, 0.0, small))
    runs = [(c.font.fix(t), dx, dy, s) for t, dx, dy, s in runs]  # the text exactly as the font draws it
    width = max(dx + c.text_size(t, s)[0] for t, dx, _, s in runs)
    top = min(dy + c.text_size(t, s)[1] for t, _, dy, s in runs)
    bottom = max(dy + c.text_size(t, s)[2] for t, _, dy, s in runs)
    return runs, width, top, bottom


def reading_text(runs: list[tuple[str, float, float, float]]) -> str:
    """Runs in reading order (left to right, top line first within a stack), joined by spaces."""
    ordered = sorted(runs, key=lambda r: (round(r[1], 3), r[2]))
    return " ".join(t for t, *_ in ordered)


def parse_text_of(spec: DimText, text: str) -> str:
    if spec.basic:
        return f"[{text}]"
    return text


def place_text_block(c: Canvas, spec: DimText, style: Style, anchor: Point, rotation: float, above: float,
                     role: str = "dimension", align: str = "center") -> tuple[Annotation, float, float]:
    """Draw a dimension text block centred on ``anchor`` along direction ``rotation``, its bottom ``above``
    mm above the anchor (negative: centred on it). Returns the annotation, block width and height."""
    runs, width, top, bottom = layout_dim_text(c, spec, style)
    shift = {"center": -width / 2, "left": 0.0, "right": -width}[align]
    if above >= 0:
        local_origin = (anchor[0] + shift, anchor[1] - above - bottom)
    else:
        local_origin = (anchor[0] + shift, anchor[1] - (top + bottom) / 2)
    drawn: list[TextRun] = []
    for text, dx, dy, size in runs:
        start = rotate_point((local_origin[0] + dx, local_origin[1] + dy), anchor, rotation)
        drawn.append(c.text(text, start, size, role, rotation=rotation))
    text = reading_text(runs)
    ann = Annotation(spec.cls(), text, parse_text_of(spec, text), drawn, rotation=rotation)
    if spec.basic:
        pad = 0.6
        box = Annotation("x", "", None, drawn[:1], rotation=rotation).polygon(pad)
        c.polyline(box, style.thin, "dimension", closed=True)
        ann.shapes.append(box)
    return ann, width, bottom - top


# --------------------------------------------------------------------------- geometry helpers

def _unit(a: Point, b: Point) -> Point:
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = math.hypot(dx, dy) or 1.0
    return dx / n, dy / n


def _add(p: Point, v: Point, s: float = 1.0) -> Point:
    return p[0] + v[0] * s, p[1] + v[1] * s


def arrowhead(c: Canvas, tip: Point, direction: Point, style: Style, role: str = "dimension") -> list[Point]:
    """Filled arrowhead with its tip at ``tip`` pointing along ``direction`` (length:width 3:1)."""
    ux, uy = direction
    base = (tip[0] - ux * style.arrow, tip[1] - uy * style.arrow)
    half = style.arrow / 6
    pts = [tip, (base[0] - uy * half, base[1] + ux * half), (base[0] + uy * half, base[1] - ux * half)]
    c.polyline(pts, style.thin, role, closed=True, fill=True)
    return pts


def dimension_line(c: Canvas, a: Point, b: Point, style: Style, gap: tuple[float, float] | None = None,
                   arrows: str = "both") -> None:
    """Dimension line between ``a`` and ``b`` with arrowheads; outside arrows when the span is short;
    an optional gap (distances from ``a``) leaves room for the text (ASME)."""
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    u = _unit(a, b)
    inside = length > 2 * style.arrow + 2
    if inside:
        if gap:
            c.line(a, _add(a, u, gap[0]), style.thin, "dimension")
            c.line(_add(a, u, gap[1]), b, style.thin, "dimension")
        else:
            c.line(a, b, style.thin, "dimension")
        if arrows in ("both", "start"):
            arrowhead(c, a, (-u[0], -u[1]), style)
        if arrows in ("both", "end"):
            arrowhead(c, b, u, style)
    else:
        tail = style.arrow + 3
        c.line(_add(a, u, -tail), _add(b, u, tail), style.thin, "dimension")
        arrowhead(c, a, u, style)
        arrowhead(c, b, (-u[0], -u[1]), style)


def linear_dimension(c: Canvas, p1: Point, p2: Point, level: Point, orient: str, spec: DimText,
                     style: Style) -> Annotation:
    """A horizontal (``h``), vertical (``v``) or aligned (``a``) dimension between feature points ``p1`` and
    ``p2``, its dimension line through ``level``. Extension lines start 1 mm off the feature and run 2 mm past."""
    if orient == "h":
        a, b = (p1[0], level[1]), (p2[0], level[1])
    elif orient == "v":
        a, b = (level[0], p1[1]), (level[0], p2[1])
    else:  # aligned: offset the segment p1-p2 along its normal through level
        u = _unit(p1, p2)
        n = (-u[1], u[0])
        d = (level[0] - p1[0]) * n[0] + (level[1] - p1[1]) * n[1]
        a, b = _add(p1, n, d), _add(p2, n, d)
    for feature, foot in ((p1, a), (p2, b)):
        dist = math.hypot(foot[0] - feature[0], foot[1] - feature[1])
        if dist > 1.5:
            u = _unit(feature, foot)
            c.line(_add(feature, u, 1.0), _add(foot, u, 2.0), style.thin, "dimension")
    # reading direction: left to right, or bottom to top
    if (b[0] - a[0]) < -1e-9 or (abs(b[0] - a[0]) < 1e-9 and b[1] > a[1]):
        a, b = b, a
    angle = math.degrees(math.atan2(-(b[1] - a[1]), b[0] - a[0]))
    mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    length = math.hypot(b[0] - a[0], b[1] - a[1])
    if style.iso_text or orient == "a":
        _, width, _, _ = layout_dim_text(c, spec, style)
        if width + 2 * style.arrow + 2 > length:
            # no room between the arrows: text beyond the second arrow, the dimension line runs under it
            u = _unit(a, b)
            beyond = _add(b, u, style.arrow + 1.5 + width / 2)
            ann, _, _ = place_text_block(c, spec, style, beyond, angle, above=0.8)
            dimension_line(c, a, b, style)
            c.line(_add(b, u, style.arrow + 3), _add(b, u, style.arrow + 2 + width + 1), style.thin, "dimension")
        else:
            ann, width, _ = place_text_block(c, spec, style, mid, angle, above=0.8)
            dimension_line(c, a, b, style)
    else:
        _, width, top, bottom = layout_dim_text(c, spec, style)
        span = (width if orient == "h" else bottom - top) + 2.0
        if length > span + 2 * style.arrow + 2:
            ann, _, _ = place_text_block(c, spec, style, mid, 0.0, above=-1)
            dimension_line(c, a, b, style, gap=((length - span) / 2, (length + span) / 2))
        else:
            # no room for the text in a gap: it stands beyond the second arrow, the dimension line carried on
            # towards it (a line is never drawn through the text)
            u = _unit(a, b)
            inside = length > 2 * style.arrow + 2  # as dimension_line decides; outside arrows carry the line on
            reach = style.arrow if inside else style.arrow + 3  # where the line ends past b
            ann, _, _ = place_text_block(c, spec, style, _add(b, u, reach + 1.0 + span / 2), 0.0, above=-1)
            dimension_line(c, a, b, style)
            if inside:
                c.line(b, _add(b, u, reach), style.thin, "dimension")
    return ann


def leader(c: Canvas, tip: Point, knee: Point, shoulder: float, style: Style, arrow: bool = True) -> Point:
    """Leader from ``tip`` (arrowhead on the feature) to ``knee`` then a horizontal shoulder; returns its end."""
    c.line(tip, knee, style.thin, "dimension")
    if arrow:
        arrowhead(c, tip, _unit(knee, tip), style)
    end = (knee[0] + shoulder, knee[1])
    c.line(knee, end, style.thin, "dimension")
    return end


def leader_dimension(c: Canvas, tip: Point, knee: Point, spec: DimText, style: Style,
                     aligned: bool = False) -> Annotation:
    """Diameter/radius/chamfer callout on a leader: text sits on the shoulder, above it, or (``aligned``)
    above the leader itself, continued past ``knee``, reading along it."""
    runs, width, _, _ = layout_dim_text(c, spec, style)
    if aligned:
        u = _unit(tip, knee)
        end = _add(knee, u, width + 1.5)
        c.line(tip, end, style.thin, "dimension")
        arrowhead(c, tip, (-u[0], -u[1]), style)
        reading = u if u[0] > 1e-6 or (abs(u[0]) <= 1e-6 and u[1] < 0) else (-u[0], -u[1])
        angle = math.degrees(math.atan2(-reading[1], reading[0]))
        ann, _, _ = place_text_block(c, spec, style, _add(knee, u, 0.75 + width / 2), angle, above=0.8)
        return ann
    right = knee[0] >= tip[0]
    shoulder = (width + 1.5) * (1 if right else -1)
    end = leader(c, tip, knee, shoulder, style)
    start_x = knee[0] + 0.75 if right else end[0] + 0.75
    anchor = (start_x + width / 2, knee[1])
    ann, _, _ = place_text_block(c, spec, style, anchor, 0.0, above=0.8)
    return ann


def angular_dimension(c: Canvas, vertex: Point, start_deg: float, sweep_deg: float, radius: float, spec: DimText,
                      style: Style, tangent: bool = False) -> Annotation:
    """Arc dimension line (centre ``vertex``) with arrowheads at both ends and the angle text at mid-arc,
    horizontal or (``tangent``) turned along the arc, outside it."""
    c.arc(vertex, radius, start_deg, sweep_deg, style.thin, "dimension")
    for ang, sign in ((start_deg, -1), (start_deg + sweep_deg, 1)):
        tip = (vertex[0] + radius * math.cos(math.radians(ang)), vertex[1] - radius * math.sin(math.radians(ang)))
        tangent = (-math.sin(math.radians(ang)) * sign, -math.cos(math.radians(ang)) * sign)
        direction = (tangent[0] * (1 if sweep_deg > 0 else -1), tangent[1] * (1 if sweep_deg > 0 else -1))
        arrowhead(c, tip, direction, style)
    mid = math.radians(start_deg + sweep_deg / 2)
    runs, width, top, bottom = layout_dim_text(c, spec, style)
    if tangent:
        rotation = (math.degrees(mid) % 180.0) - 90.0  # readable: within [-90, 90)
        out = radius + 1.0 + (bottom - top) / 2
        centre = (vertex[0] + out * math.cos(mid), vertex[1] - out * math.sin(mid))
        ann, _, _ = place_text_block(c, spec, style, centre, rotation, above=-1)
        return ann
    anchor = (vertex[0] + (radius + 1.2) * math.cos(mid), vertex[1] - (radius + 1.2) * math.sin(mid))
    # push the (horizontal) text outward so its box clears the arc
    ox = math.cos(mid) * (width / 2 + 0.5)
    oy = -math.sin(mid) * ((bottom - top) / 2 + 0.5)
    ann, _, _ = place_text_block(c, spec, style, (anchor[0] + ox, anchor[1] + oy), 0.0, above=-1)
    return ann


# --------------------------------------------------------------------------- GD&T

def _gdt_symbol(c: Canvas, kind: str, box: tuple[float, float, float, float], style: Style) -> None:
    """Draw a GD&T characteristic symbol as vector shapes inside ``box`` (x0, y0, x1, y1)."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    s = (y1 - y0) * 0.32
    w = style.thin * 1.4
    role = "dimension"
    if kind == "flatness":
        c.polyline([(cx - s, cy + s * 0.5), (cx - s * 0.4, cy - s * 0.5), (cx + s, cy - s * 0.5),
                    (cx + s * 0.4, cy + s * 0.5)], w, role, closed=True)
    elif kind == "cylindricity":
        c.circle((cx, cy), s * 0.6, w, role)
        c.line((cx - s * 0.55, cy + s), (cx - s * 0.05, cy - s), w, role)
        c.line((cx + s * 0.05, cy + s), (cx + s * 0.55, cy - s), w, role)
    elif kind == "position":
        c.circle((cx, cy), s * 0.6, w, role)
        c.line((cx - s, cy), (cx + s, cy), w, role)
        c.line((cx, cy - s), (cx, cy + s), w, role)
    elif kind == "perpendicularity":
        c.line((cx - s, cy + s), (cx + s, cy + s), w, role)
        c.line((cx, cy + s), (cx, cy - s), w, role)
    elif kind == "parallelism":
        c.line((cx - s * 0.7, cy + s), (cx - s * 0.1, cy - s), w, role)
        c.line((cx + s * 0.1, cy + s), (cx + s * 0.7, cy - s), w, role)
    elif kind == "straightness":
        c.line((cx - s, cy), (cx + s, cy), w, role)
    elif kind == "circularity":
        c.circle((cx, cy), s * 0.8, w, role)
    elif kind == "angularity":
        c.line((cx - s, cy + s), (cx + s, cy + s), w, role)
        c.line((cx - s, cy + s), (cx + s * 0.6, cy - s), w, role)
    elif kind == "profile_surface":
        c.arc((cx, cy + s * 0.5), s * 0.9, 0, 180, w, role)
        c.line((cx - s * 0.9, cy + s * 0.5), (cx + s * 0.9, cy + s * 0.5), w, role)
    elif kind == "concentricity":
        c.circle((cx, cy), s * 0.8, w, role)
        c.circle((cx, cy), s * 0.4, w, role)
    elif kind == "symmetry":
        for dy, half in ((-0.55, 0.6), (0, 1.0), (0.55, 0.6)):
            c.line((cx - s * half, cy + s * dy), (cx + s * half, cy + s * dy), w, role)
    elif kind == "runout":
        c.line((cx - s * 0.6, cy + s), (cx + s * 0.6, cy - s * 0.6), w, role)
        arrowhead(c, (cx + s * 0.7, cy - s * 0.7), _unit((cx - s * 0.6, cy + s), (cx + s * 0.6, cy - s * 0.6)),
                  Style(arrow=s * 0.8), role)


def gdt_frame(c: Canvas, origin: Point, kind: str, tolerance: str, style: Style, diameter: bool = False,
              modifier: str | None = None, datums: Sequence[str] = ()) -> Annotation:
    """A feature control frame with its top-left corner at ``origin``: [symbol | (⌀)tol (Ⓜ) | A | B | C]."""
    h = style.text_height * 1.9
    size = style.text_height
    x, y = origin
    cells: list[float] = [x]
    runs: list[TextRun] = []
    sym_w = h
    cells.append(x + sym_w)
    _gdt_symbol(c, kind, (x, y, x + sym_w, y + h), style)
    tol_text = (style.diameter_symbol if diameter else "") + tolerance
    tw = c.text_size(tol_text, size)[0]
    mod_w = size * 1.1 if modifier else 0.0
    x_tol = cells[-1] + 1.2
    baseline = y + h / 2 + size * 0.36
    runs.append(c.text(tol_text, (x_tol, baseline), size, "dimension"))
    if modifier:
        mx = x_tol + tw + 0.4 + mod_w / 2
        c.circle((mx, y + h / 2), mod_w / 2, style.thin, "dimension")
        runs.append(c.text(modifier, (mx, y + h / 2 + size * 0.26), size * 0.7, "dimension", anchor="center"))
    cells.append(x_tol + tw + mod_w + 1.4)
    for letter in datums:
        lw = max(c.text_size(letter, size)[0] + 2.4, h * 0.8)
        runs.append(c.text(letter, (cells[-1] + lw / 2, baseline), size, "dimension", anchor="center"))
        cells.append(cells[-1] + lw)
    frame = [(x, y), (cells[-1], y), (cells[-1], y + h), (x, y + h)]
    c.polyline(frame, style.thin, "dimension", closed=True)
    for cx in cells[1:-1]:
        c.line((cx, y), (cx, y + h), style.thin, "dimension")
    text = " ".join(r.text for r in runs)
    cls = kind if kind in CLASS_NAMES else "gdt_other"
    meta = {"gdt": {"symbol": kind, "tolerance": float(tolerance.replace(",", ".")), "diameter": diameter,
                    "modifier": modifier, "datums": list(datums)}}
    return Annotation(cls, text, None, runs, 0.0, [frame], meta)


def datum_symbol(c: Canvas, foot: Point, direction: Point, letter: str, style: Style) -> Annotation:
    """Datum feature symbol: filled triangle on the feature at ``foot``, a stem along ``direction``, a framed letter."""
    ux, uy = direction
    t = style.arrow * 0.9
    tri = [(foot[0] - uy * t * 0.6, foot[1] + ux * t * 0.6), (foot[0] + uy * t * 0.6, foot[1] - ux * t * 0.6),
           (foot[0] + ux * t, foot[1] + uy * t)]
    c.polyline(tri, style.thin, "dimension", closed=True, fill=True)
    stem_end = (foot[0] + ux * (t + 4), foot[1] + uy * (t + 4))
    c.line((foot[0] + ux * t, foot[1] + uy * t), stem_end, style.thin, "dimension")
    side = style.text_height * 1.7
    cx, cy = stem_end[0] + ux * side / 2, stem_end[1] + uy * side / 2
    box = [(cx - side / 2, cy - side / 2), (cx + side / 2, cy - side / 2), (cx + side / 2, cy + side / 2),
           (cx - side / 2, cy + side / 2)]
    c.polyline(box, style.thin, "dimension", closed=True)
    run = c.text(letter, (cx, cy + style.text_height * 0.36), style.text_height, "dimension", anchor="center")
    return Annotation("datum", letter, None, [run], 0.0, [box, tri], {"datum": letter})


def roughness_symbol(c: Canvas, foot: Point, value: str, style: Style, param: str = "Ra",
                     machined: bool = True) -> Annotation:
    """ISO 1302 surface texture symbol standing on ``foot``, the requirement written over its long leg."""
    h = style.text_height * 1.4
    left = (foot[0] - h * 0.58, foot[1] - h)
    top = (foot[0] + h * 1.15, foot[1] - 2 * h)
    pts = [left, foot, top]
    c.polyline(pts, style.thin, "dimension")
    shapes = [pts]
    if machined:
        c.line(left, (foot[0] + h * 0.58, foot[1] - h), style.thin, "dimension")
    text = f"{param} {value}"
    width = c.text_size(text, style.text_height)[0]
    bar_end = (top[0] + width + 1.0, top[1])
    c.line(top, bar_end, style.thin, "dimension")
    shapes.append([top, bar_end])
    run = c.text(text, (top[0] + 0.5, top[1] - 0.8), style.text_height, "dimension")
    return Annotation("surface_roughness", text, text, [run], 0.0, shapes,
                      {"roughness": {"param": param, "value": float(value.replace(",", "."))}})
