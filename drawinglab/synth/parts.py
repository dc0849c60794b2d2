"""Plausible machined parts as orthographic views: geometry (visible, hidden, centre, hatching) and the
features a draughtsman would dimension, all in part millimetres (view-local, y down)."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

Point = tuple[float, float]


@dataclass
class Feature:
    """Something to dimension. ``kind``: ``h``/``v`` (linear between p1 and p2, dimension line on ``side``),
    ``dia`` / ``rad`` (leader to a circle/arc), ``chamfer`` (leader), ``angle`` (arc), ``gdt`` targets."""

    kind: str
    p1: Point = (0.0, 0.0)
    p2: Point = (0.0, 0.0)
    side: str = "bottom"
    value: float = 0.0
    prefix: str = ""
    role: str | None = None  # "hole" / "shaft": may take an ISO fit
    qty: int = 1
    radius: float = 0.0
    angle: float = 45.0  # leader direction (dia/rad), chamfer angle, or start angle (angle)
    sweep: float = 0.0
    tier: int = 0  # preferred distance tier from the view
    inside: bool = False  # dimension line may run through the part (shaft diameters)
    thread_pitch: float | None = None
    priority: int = 1
    offset: float = 0.0  # inside dimensions: paper-mm shift of the dimension line off the feature edge


@dataclass
class View:
    name: str
    lines: list[tuple[Point, Point, str]] = field(default_factory=list)  # style: visible/hidden/center/hatch/thin
    circles: list[tuple[Point, float, str]] = field(default_factory=list)
    arcs: list[tuple[Point, float, float, float, str]] = field(default_factory=list)
    features: list[Feature] = field(default_factory=list)
    edges: list[tuple[Point, Point, Point]] = field(default_factory=list)  # (a, b, outward normal) for GD&T/Ra
    hatch: list[list[Point]] = field(default_factory=list)  # polygons to hatch (section views)
    label: str | None = None  # e.g. "SECTION A-A"
    cut: tuple[Point, Point, str] | None = None  # a cutting-plane line drawn in this view

    def bbox(self) -> tuple[float, float, float, float]:
        xs: list[float] = []
        ys: list[float] = []
        for a, b, style in self.lines:
            if style == "center":
                continue
            xs += [a[0], b[0]]
            ys += [a[1], b[1]]
        for c, r, _ in self.circles:
            xs += [c[0] - r, c[0] + r]
            ys += [c[1] - r, c[1] + r]
        for c, r, _, _, _ in self.arcs:
            xs += [c[0] - r, c[0] + r]
            ys += [c[1] - r, c[1] + r]
        return min(xs), min(ys), max(xs), max(ys)

    def rect(self, x0: float, y0: float, x1: float, y1: float, style: str = "visible") -> None:
        for a, b in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
            self.lines.append((a, b, style))

    def hole_side(self, x: float, y0: float, y1: float, diameter: float, overhang: float) -> None:
        """A hole seen from the side: two hidden edges from ``y0`` to ``y1`` and its centre line."""
        for dx in (-diameter / 2, diameter / 2):
            self.lines.append(((x + dx, y0), (x + dx, y1), "hidden"))
        self.lines.append(((x, y0 - overhang), (x, y1 + overhang), "center"))

    def hole(self, c: Point, r: float, marks: bool = True) -> None:
        self.circles.append((c, r, "visible"))
        if marks:
            ext = r + max(2.0, r * 0.3)
            self.lines.append(((c[0] - ext, c[1]), (c[0] + ext, c[1]), "center"))
            self.lines.append(((c[0], c[1] - ext), (c[0], c[1] + ext), "center"))


def nice(rng: np.random.Generator, low: float, high: float, step: float = 5.0) -> float:
    """A round number between ``low`` and ``high`` (multiples of ``step``)."""
    lo, hi = math.ceil(low / step), math.floor(high / step)
    return float(rng.integers(lo, max(lo, hi) + 1) * step)


HOLE_DIAMETERS = [3.4, 4.5, 5.5, 6.6, 9.0, 11.0, 13.5, 17.5]
THREADS = [(3, 0.5), (4, 0.7), (5, 0.8), (6, 1.0), (8, 1.25), (10, 1.5), (12, 1.75), (16, 2.0), (20, 2.5)]


# --------------------------------------------------------------------------- plate

def plate(rng: np.random.Generator) -> list[View]:
    length = nice(rng, 60, 260)
    width = nice(rng, 40, max(45, length * 0.8))
    thick = float(rng.choice([5, 8, 10, 12, 15, 20, 25]))
    hole_d = float(rng.choice(HOLE_DIAMETERS[1:6]))
    inset = nice(rng, max(hole_d + 3, 8), min(length, width) / 4 + 5, 2.5)
    corner = float(rng.choice([0, 3, 5, 8, 10])) if min(length, width) > 50 else 0.0
    top = View("top")
    # outline with optional rounded corners, or one corner cut at an angle
    r = corner
    cut = (0.0, 0.0)
    if not r and rng.random() < 0.7:
        cut_angle = float(rng.choice([30, 45, 60]))
        cut_len = nice(rng, 8, min(length, width) / 3, 2)
        cut = (cut_len, cut_len * math.tan(math.radians(cut_angle)))
        if cut[1] > width / 2:
            cut = (0.0, 0.0)
    top.lines += [((r, 0), (length - r - cut[0], 0), "visible"), ((length, r + cut[1]), (length, width - r), "visible"),
                  ((length - r, width), (r, width), "visible"), ((0, width - r), (0, r), "visible")]
    if cut[0]:
        top.lines.append(((length - cut[0], 0), (length, cut[1]), "visible"))
        ang = math.degrees(math.atan2(cut[1], cut[0]))
        top.features.append(Feature("angle", (length - cut[0], 0), radius=min(cut[0], 12.0) + 6, angle=-ang,
                                    sweep=ang, value=round(ang), priority=0))
        top.features.append(Feature("h", (length - cut[0], 0), (length, 0), side="top", value=cut[0], tier=0))
    if r:
        for c, start in (((r, r), 90), ((length - r, r), 0), ((length - r, width - r), 270), ((r, width - r), 180)):
            top.arcs.append((c, r, start, 90, "visible"))
        top.features.append(Feature("rad", (length - r, width - r), radius=r, value=r, angle=-45,
                                    qty=4 if rng.random() < 0.5 else 1))
    holes = [(inset, inset), (length - inset, inset), (inset, width - inset), (length - inset, width - inset)]
    threaded = rng.random() < 0.25
    for c in holes:
        top.hole(c, hole_d / 2)
    if threaded:
        d, p = THREADS[int(rng.integers(3, 7))]
        top.features.append(Feature("dia", holes[0], radius=hole_d / 2, value=d, prefix="M", qty=4, angle=135,
                                    thread_pitch=p, priority=0))
    else:
        top.features.append(Feature("dia", holes[0], radius=hole_d / 2, value=hole_d, prefix="⌀", qty=4, angle=135,
                                    priority=0))
    # bore with a fit, and a pocket
    bore = 0.0
    if min(length, width) >= 60 and rng.random() < 0.7:
        bore = nice(rng, 10, min(length, width) * 0.35, 2)
        top.hole((length / 2, width / 2), bore / 2)
        top.features.append(Feature("dia", (length / 2, width / 2), radius=bore / 2, value=bore, prefix="⌀",
                                    role="hole", angle=40, priority=0))
    elif min(length, width) >= 50:
        pw, ph = nice(rng, length * 0.25, length * 0.45, 2), nice(rng, width * 0.2, width * 0.4, 2)
        x0, y0 = (length - pw) / 2, (width - ph) / 2
        top.rect(x0, y0, x0 + pw, y0 + ph)
        top.features.append(Feature("h", (x0, y0), (x0 + pw, y0), side="top", value=pw, tier=0, inside=True,
                                    offset=7.0))
        top.features.append(Feature("v", (x0 + pw, y0), (x0 + pw, y0 + ph), side="right", value=ph, inside=True,
                                    offset=-9.0))
    top.features += [
        Feature("h", (0, width), (length, width), side="bottom", value=length, tier=1, priority=0),
        Feature("v", (0, 0), (0, width), side="left", value=width, tier=1, priority=0),
        Feature("h", (0, 0), (inset, 0), side="top", value=inset, tier=0),
        Feature("h", (inset, 0), (length - inset, 0), side="top", value=length - 2 * inset, tier=0),
        Feature("v", (length, inset), (length, width - inset), side="right", value=width - 2 * inset, tier=0),
    ]
    top.edges += [((0, width), (length, width), (0, 1)), ((0, 0), (length, 0), (0, -1)),
                  ((0, 0), (0, width), (-1, 0))]
    side = View("front")
    side.rect(0, 0, length, thick)
    for cx, _ in holes[:2]:
        side.hole_side(cx, 0, thick, hole_d, 2)
    if bore:
        side.hole_side(length / 2, 0, thick, bore, 2)
    side.features.append(Feature("v", (length, 0), (length, thick), side="right", value=thick, tier=0, priority=0))
    side.edges += [((0, 0), (length, 0), (0, -1)), ((0, thick), (length, thick), (0, 1))]
    return [side, top]


# --------------------------------------------------------------------------- stepped shaft

def shaft(rng: np.random.Generator) -> list[View]:
    n = int(rng.integers(3, 6))
    d_max = nice(rng, 20, 80, 2)
    diameters = []
    peak = int(rng.integers(1, n - 1))
    for i in range(n):
        step = abs(i - peak)
        diameters.append(max(8.0, d_max - step * nice(rng, 4, 12, 2)))
    lengths = [nice(rng, 10, 60, 5) for _ in range(n)]
    total = sum(lengths)
    view = View("front")
    x = 0.0
    xs = [0.0]
    for length in lengths:
        x += length
        xs.append(x)
    ch = float(rng.choice([0.5, 1.0, 1.5, 2.0]))
    for i, (d, length) in enumerate(zip(diameters, lengths)):
        x0, x1 = xs[i], xs[i + 1]
        r = d / 2
        c0 = ch if i == 0 else 0.0
        c1 = ch if i == n - 1 else 0.0
        view.lines.append(((x0 + c0, -r), (x1 - c1, -r), "visible"))
        view.lines.append(((x0 + c0, r), (x1 - c1, r), "visible"))
        if c0:
            view.lines += [((x0, -r + c0), (x0 + c0, -r), "visible"), ((x0, r - c0), (x0 + c0, r), "visible"),
                           ((x0 + c0, -r), (x0 + c0, r), "visible")]
        if c1:
            view.lines += [((x1, -r + c1), (x1 - c1, -r), "visible"), ((x1, r - c1), (x1 - c1, r), "visible"),
                           ((x1 - c1, -r), (x1 - c1, r), "visible")]
        # step faces
        prev = diameters[i - 1] / 2 if i else 0.0
        left_r = max(prev, r) if i else r
        view.lines.append(((x0, -left_r + (c0 if i == 0 else 0)), (x0, left_r - (c0 if i == 0 else 0)), "visible"))
        if i == n - 1:
            view.lines.append(((x1, -r + c1), (x1, r - c1), "visible"))
    view.lines.append(((-3, 0), (total + 3, 0), "center"))
    # thread on the last step, keyway on the thickest
    last_d = diameters[-1]
    thread = next(((d, p) for d, p in reversed(THREADS) if d <= last_d), None)
    if thread and rng.random() < 0.5 and thread[0] == last_d:
        d, p = thread
        minor = d - 1.22 * p
        view.lines.append(((xs[-2] + 2, -minor / 2), (xs[-1] - ch, -minor / 2), "thin"))
        view.lines.append(((xs[-2] + 2, minor / 2), (xs[-1] - ch, minor / 2), "thin"))
        view.features.append(Feature("v", (xs[-2] + lengths[-1] / 2, -last_d / 2), (xs[-2] + lengths[-1] / 2,
                                     last_d / 2), side="right", value=d, prefix="M", inside=True,
                                     thread_pitch=p if rng.random() < 0.4 else None, priority=0))
    else:
        view.features.append(Feature("v", (xs[-2] + lengths[-1] / 2, -last_d / 2),
                                     (xs[-2] + lengths[-1] / 2, last_d / 2), side="right", value=last_d,
                                     prefix="⌀", role="shaft", inside=True))
    views = [view]
    for i, d in enumerate(diameters[:-1]):
        xc = xs[i] + lengths[i] / 2
        view.features.append(Feature("v", (xc, -d / 2), (xc, d / 2), side="left", value=d, prefix="⌀", role="shaft",
                                     inside=True, priority=0))
    for i, length in enumerate(lengths):
        view.features.append(Feature("h", (xs[i], -diameters[i] / 2), (xs[i + 1], -diameters[i] / 2), side="top",
                                     value=length, tier=0))
    view.features.append(Feature("h", (0, diameters[0] / 2), (total, diameters[-1] / 2), side="bottom",
                                 value=total, tier=1, priority=0))
    view.features.append(Feature("chamfer", (xs[-1] - ch / 2, -last_d / 2 + ch / 2), value=ch, angle=45))
    if peak + 1 < n and rng.random() < 0.8:
        fr = float(rng.choice([0.4, 0.6, 1.0, 1.6, 2.0, 2.5]))
        corner = (xs[peak + 1], -diameters[peak + 1] / 2)
        view.features.append(Feature("rad", (corner[0] + fr, corner[1] - fr), radius=fr * 1.414, value=fr, angle=135))
    view.edges += [((xs[peak], -diameters[peak] / 2), (xs[peak + 1], -diameters[peak] / 2), (0, -1))]
    if rng.random() < 0.6:
        k = peak
        d = diameters[k]
        b = max(2.0, round(d * 0.28))
        t = round(d * 0.16 * 2) / 2
        kl = max(8.0, lengths[k] - 8)
        x0 = xs[k] + (lengths[k] - kl) / 2
        view.lines += [((x0 + b / 2, -b / 2), (x0 + kl - b / 2, -b / 2), "visible"),
                       ((x0 + b / 2, b / 2), (x0 + kl - b / 2, b / 2), "visible")]
        view.arcs += [((x0 + b / 2, 0), b / 2, 90, 180, "visible"), ((x0 + kl - b / 2, 0), b / 2, -90, 180, "visible")]
        view.features.append(Feature("h", (x0, b / 2), (x0 + kl, b / 2), side="bottom", value=kl, tier=0,
                                     inside=True))
        sec = View("section", label="A-A")
        r = d / 2
        sec.circles.append(((0, 0), r, "visible"))
        sec.lines += [((-b / 2, -r + 0.2), (-b / 2, -r + t), "visible"), ((b / 2, -r + 0.2), (b / 2, -r + t), "visible"),
                      ((-b / 2, -r + t), (b / 2, -r + t), "visible"),
                      ((-r - 3, 0), (r + 3, 0), "center"), ((0, -r - 3), (0, r + 3), "center")]
        sec.hatch.append(_disc_polygon(r, b, t))
        sec.features.append(Feature("h", (-b / 2, -r), (b / 2, -r), side="top", value=b, role="keyway", tier=0))
        sec.features.append(Feature("v", (b / 2, -r + t), (b / 2, r), side="right", value=d - t, tier=0))
        view.cut = ((xs[k] + lengths[k] / 2, -d / 2 - 6), (xs[k] + lengths[k] / 2, d / 2 + 6), "A")
        views.append(sec)
    return views


def _disc_polygon(r: float, b: float, t: float, n: int = 48) -> list[Point]:
    """Disc of radius r with a keyway notch (width b, depth t) at the top, as a polygon."""
    half = math.degrees(math.asin(min(1.0, (b / 2) / r)))
    pts = [(b / 2, -r + t), (-b / 2, -r + t)]
    start = 90 + half
    sweep = 360 - 2 * half
    for i in range(n + 1):
        a = math.radians(start + sweep * i / n)
        pts.append((r * math.cos(a), -r * math.sin(a)))
    return pts


# --------------------------------------------------------------------------- flange

def flange(rng: np.random.Generator) -> list[View]:
    outer = nice(rng, 80, 260, 10)
    hub = nice(rng, outer * 0.35, outer * 0.5, 5)
    bore = nice(rng, hub * 0.4, hub * 0.65, 2)
    pcd = nice(rng, (hub + outer) / 2 - 5, outer - 20, 5)
    n = int(rng.choice([4, 6, 8]))
    hole_d = float(rng.choice([d for d in HOLE_DIAMETERS if d < (outer - pcd) * 0.8] or [5.5]))
    thick = nice(rng, 10, 30, 2)
    hub_h = nice(rng, 10, 40, 5)
    front = View("front")
    front.circles += [((0, 0), outer / 2, "visible"), ((0, 0), hub / 2, "visible"), ((0, 0), bore / 2, "visible"),
                      ((0, 0), pcd / 2, "center")]
    start = 90.0 if n != 4 else 45.0
    for i in range(n):
        a = math.radians(start + 360.0 * i / n)
        front.hole((pcd / 2 * math.cos(a), -pcd / 2 * math.sin(a)), hole_d / 2, marks=False)
    ext = outer / 2 + 4
    front.lines += [((-ext, 0), (ext, 0), "center"), ((0, -ext), (0, ext), "center")]
    a0 = math.radians(start)
    hole0 = (pcd / 2 * math.cos(a0), -pcd / 2 * math.sin(a0))
    front.features += [
        Feature("dia", (0, 0), radius=outer / 2, value=outer, prefix="⌀", angle=210, priority=0),
        Feature("dia", hole0, radius=hole_d / 2, value=hole_d, prefix="⌀", qty=n, angle=60, priority=0),
        Feature("dia", (0, 0), radius=bore / 2, value=bore, prefix="⌀", role="hole", angle=-30, priority=0),
        Feature("dia", (0, 0), radius=pcd / 2, value=pcd, prefix="⌀", angle=150, role="pcd"),
        Feature("angle", (0, 0), radius=pcd / 2 + 8, angle=start, sweep=360.0 / n, value=360.0 / n),
    ]
    sec = View("section", label="A-A")
    r_o, r_h, r_b = outer / 2, hub / 2, bore / 2
    prof_top = [(0, -r_o), (thick, -r_o), (thick, -r_h), (thick + hub_h, -r_h), (thick + hub_h, -r_b), (0, -r_b)]
    prof_bot = [(x, -y) for x, y in prof_top]
    for prof in (prof_top, prof_bot):
        for a, b in zip(prof, prof[1:] + prof[:1]):
            if not (a[0] == 0 and b[0] == 0 and abs(a[1]) == r_b):
                sec.lines.append((a, b, "visible"))
    sec.lines.append(((0, -r_b), (0, r_b), "visible"))
    sec.lines.append(((thick + hub_h, -r_b), (thick + hub_h, r_b), "visible"))
    h0, h1 = pcd / 2 - hole_d / 2, pcd / 2 + hole_d / 2
    for sign in (-1, 1):
        sec.lines += [((0, sign * h0), (thick, sign * h0), "visible"), ((0, sign * h1), (thick, sign * h1), "visible")]
        sec.hatch.append([(0, sign * r_o), (thick, sign * r_o), (thick, sign * h1), (0, sign * h1)])
        sec.hatch.append([(0, sign * h0), (thick, sign * h0), (thick, sign * r_h), (thick + hub_h, sign * r_h),
                          (thick + hub_h, sign * r_b), (0, sign * r_b)])
    sec.lines.append(((-3, 0), (thick + hub_h + 3, 0), "center"))
    sec.features += [
        Feature("h", (0, -r_o), (thick, -r_o), side="top", value=thick, tier=0, priority=0),
        Feature("h", (0, r_o), (thick + hub_h, r_h), side="bottom", value=thick + hub_h, tier=0, priority=0),
        Feature("v", (thick + hub_h, -r_h), (thick + hub_h, r_h), side="right", value=hub, prefix="⌀", tier=0,
                role="shaft"),
        Feature("v", (thick / 2, -r_b), (thick / 2, r_b), side="right", value=bore, prefix="⌀", inside=True,
                role="hole"),
    ]
    sec.edges += [((0, -r_o), (0, r_o), (-1, 0)), ((thick, -r_o), (thick, -r_h), (1, 0))]
    front.cut = ((0, -ext - 4), (0, ext + 4), "A")
    return [front, sec]


# --------------------------------------------------------------------------- bracket

def bracket(rng: np.random.Generator) -> list[View]:
    base = nice(rng, 50, 160)
    height = nice(rng, 40, 140)
    t = float(rng.choice([5, 6, 8, 10, 12, 15]))
    width = nice(rng, 30, 90)
    fillet = float(rng.choice([3, 5, 8, 10]))
    front = View("front")
    pts = [(0, 0), (t, 0), (t, height - t), (base, height - t), (base, height), (0, height)]
    for a, b in zip(pts, pts[1:] + pts[:1]):
        front.lines.append((a, b, "visible"))
    if fillet:
        front.arcs.append(((t + fillet, height - t - fillet), fillet, 180, 90, "thin"))
        front.features.append(Feature("rad", (t + fillet, height - t - fillet), radius=fillet, value=fillet,
                                      angle=225))
    hole_d = float(rng.choice(HOLE_DIAMETERS[2:7]))
    hx = nice(rng, t + hole_d + 5, base - hole_d - 5, 2.5)
    front.hole_side(hx, height - t, height, hole_d, 3)
    front.features += [
        Feature("h", (0, height), (base, height), side="bottom", value=base, tier=1, priority=0),
        Feature("v", (0, 0), (0, height), side="left", value=height, tier=0, priority=0),
        Feature("h", (0, 0), (t, 0), side="top", value=t, tier=0),
        Feature("v", (base, height - t), (base, height), side="right", value=t, tier=0),
        Feature("h", (0, height), (hx, height), side="bottom", value=hx, tier=0),
    ]
    if rng.random() < 0.5:
        angle = float(rng.choice([30, 45, 60]))
        front.features.append(Feature("chamfer", (t / 2, 0), value=min(2.0, t / 3), angle=angle))
    front.edges += [((0, height), (base, height), (0, 1)), ((0, 0), (0, height), (-1, 0)),
                    ((t, 0), (t, height - t), (1, 0))]
    top = View("top")
    top.rect(0, 0, base, width)
    top.lines.append(((t, 0), (t, width), "visible"))
    top.hole((hx, width / 2), hole_d / 2)
    top.features += [
        Feature("v", (base, 0), (base, width), side="right", value=width, tier=0, priority=0),
        Feature("dia", (hx, width / 2), radius=hole_d / 2, value=hole_d, prefix="⌀", angle=45, role="hole"),
    ]
    side = View("side")
    side.rect(0, 0, width, height)
    side.lines.append(((0, height - t), (width, height - t), "visible"))
    up_hole = float(rng.choice(HOLE_DIAMETERS[1:5]))
    uy = nice(rng, up_hole + 5, max(up_hole + 6, height - t - up_hole - 5), 2.5)
    side.hole((width / 2, uy), up_hole / 2)
    side.features += [
        Feature("dia", (width / 2, uy), radius=up_hole / 2, value=up_hole, prefix="⌀", angle=30, role="hole"),
        Feature("v", (width, 0), (width, uy), side="right", value=uy, tier=0),
    ]
    return [front, top, side]


# --------------------------------------------------------------------------- housing

def housing(rng: np.random.Generator) -> list[View]:
    length = nice(rng, 80, 220, 10)
    height = nice(rng, 60, 160, 10)
    depth = nice(rng, 40, 120, 10)
    bore = nice(rng, min(length, height) * 0.3, min(length, height) * 0.55, 2)
    ch = nice(rng, bore / 2 + 12, height - bore / 2 - 10, 2.5)
    base_t = nice(rng, 10, 20, 2)
    front = View("front")
    front.rect(0, 0, length, height)
    front.lines.append(((0, height - base_t), (length, height - base_t), "visible"))
    front.hole((length / 2, height - ch), bore / 2)
    front.circles.append(((length / 2, height - ch), bore / 2 + 1.5, "visible"))
    hole_d = float(rng.choice(HOLE_DIAMETERS[3:7]))
    ex = nice(rng, hole_d + 5, length / 5, 2.5)
    for x in (ex, length - ex):
        front.hole_side(x, height - base_t, height, hole_d, 3)
    front.features += [
        Feature("h", (0, height), (length, height), side="bottom", value=length, tier=1, priority=0),
        Feature("v", (0, 0), (0, height), side="left", value=height, tier=1, priority=0),
        Feature("v", (length, height - ch), (length, height), side="right", value=ch, tier=0, priority=0),
        Feature("dia", (length / 2, height - ch), radius=bore / 2, value=bore, prefix="⌀", role="hole", angle=45,
                priority=0),
        Feature("v", (0, height - base_t), (0, height), side="left", value=base_t, tier=0),
        Feature("chamfer", (length / 2 + (bore / 2 + 0.75) * 0.707, height - ch - (bore / 2 + 0.75) * 0.707),
                value=1.5, angle=45),
    ]
    front.edges += [((0, height), (length, height), (0, 1)), ((0, 0), (length, 0), (0, -1))]
    top = View("top")
    top.rect(0, 0, length, depth)
    if rng.random() < 0.6:
        top.features.append(Feature("rad", (length, depth), radius=0.1, value=float(rng.choice([2, 3, 5])),
                                    angle=-45, qty=4))
    for x in (ex, length - ex):
        for y in (depth * 0.25, depth * 0.75):
            top.hole((x, y), hole_d / 2)
    top.features += [
        Feature("v", (length, 0), (length, depth), side="right", value=depth, tier=1, priority=0),
        Feature("dia", (ex, depth * 0.25), radius=hole_d / 2, value=hole_d, prefix="⌀", qty=4, angle=135, priority=0),
        Feature("h", (ex, 0), (length - ex, 0), side="top", value=length - 2 * ex, tier=0),
        Feature("v", (0, depth * 0.25), (0, depth * 0.75), side="left", value=depth * 0.5, tier=0),
    ]
    top.edges += [((0, 0), (length, 0), (0, -1))]
    sec = View("section", label="B-B")
    sec.rect(0, 0, depth, height)
    sec.lines.append(((0, height - base_t), (depth, height - base_t), "visible"))
    y0, y1 = height - ch - bore / 2, height - ch + bore / 2
    sec.lines += [((0, y0), (depth, y0), "visible"), ((0, y1), (depth, y1), "visible"),
                  ((-3, height - ch), (depth + 3, height - ch), "center")]
    sec.hatch += [[(0, 0), (depth, 0), (depth, y0), (0, y0)], [(0, y1), (depth, y1), (depth, height), (0, height)]]
    sec.features.append(Feature("h", (0, height), (depth, height), side="bottom", value=depth, tier=0))
    front.cut = ((length / 2, -6), (length / 2, height + 6), "B")
    return [front, top, sec]


PARTS = {"plate": plate, "shaft": shaft, "flange": flange, "bracket": bracket, "housing": housing}


def hatch_lines(polygon: list[Point], spacing: float, angle: float = 45.0) -> list[tuple[Point, Point]]:
    """Parallel hatch segments at ``angle`` clipped to a simple polygon (even-odd rule)."""
    t = math.radians(angle)
    d = (math.cos(t), -math.sin(t))
    n = (-d[1], d[0])
    proj = [p[0] * n[0] + p[1] * n[1] for p in polygon]
    lo, hi = min(proj), max(proj)
    segments: list[tuple[Point, Point]] = []
    k = math.floor(lo / spacing) + 1
    while k * spacing < hi:
        offset = k * spacing
        hits: list[float] = []
        for a, b in zip(polygon, polygon[1:] + polygon[:1]):
            pa = a[0] * n[0] + a[1] * n[1] - offset
            pb = b[0] * n[0] + b[1] * n[1] - offset
            if (pa < 0) != (pb < 0):
                s = pa / (pa - pb)
                x, y = a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s
                hits.append(x * d[0] + y * d[1])
        hits.sort()
        for s0, s1 in zip(hits[::2], hits[1::2]):
            base = (n[0] * offset, n[1] * offset)
            segments.append(((base[0] + d[0] * s0, base[1] + d[1] * s0), (base[0] + d[0] * s1, base[1] + d[1] * s1)))
        k += 1
    return segments

