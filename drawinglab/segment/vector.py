"""Strokes straight from a vector PDF page: its paths and text spans become graph nodes, no raster tracing.

Each PDF path is flattened (Béziers sampled), consecutive segments are chained, and the chains are cut where
they turn sharply, so a circle is one stroke whether the exporter wrote four Béziers or ninety short lines,
and a rectangle is four. Each text span is one node (a glyph run). Features are measured in lettering
heights, as the raster tracer's are, and describe the geometry (length, straightness, turning, orientation,
line width, grey, dash, fill), the neighbourhood (touching strokes, free ends, density, the path a stroke
belongs to) and, for glyph runs, the text (characters, digits, letters, whether the dimension grammar reads
it). The result is a :class:`~drawinglab.segment.vectorize.Strokes`, so classification, masks and overlays
work as on traced pages.

Example:
    >>> from drawinglab.page import Page, TextSpan, VectorPath
    >>> import numpy as np
    >>> square = VectorPath(items=(("re", ((10, 10), (90, 10), (90, 90), (10, 90))),), bbox=(10, 10, 90, 90),
    ...                     stroke=(0, 0, 0), fill=None, width=1.0)
    >>> label = TextSpan("20", "Helvetica", 10.0, 0.0, (100, 40, 114, 52), ((100, 40), (114, 40), (114, 52), (100, 52)))
    >>> page = Page(np.full((120, 160, 3), 255, np.uint8), "x.pdf", kind="pdf", text_spans=[label], paths=[square])
    >>> s = vector_strokes(page)
    >>> len(s), s.features[:, VECTOR_FEATURE_NAMES.index("is_text")].tolist()
    (5, [0.0, 0.0, 0.0, 0.0, 1.0])
"""
from __future__ import annotations

import math

import numpy as np

from ..page import Page, VectorPath
from .vectorize import WORK_TEXT_HEIGHT, Strokes

__all__ = ["VECTOR_FEATURE_NAMES", "vector_strokes", "has_vector_content", "CAP_HEIGHT"]

VECTOR_FEATURE_NAMES = [
    "is_text", "length", "log_length", "straightness", "turning", "closed", "cos2", "sin2", "elongation", "width",
    "grey", "dashed", "filled", "bbox_w", "bbox_h", "x", "y", "density", "touching", "free_ends", "path_strokes",
    "path_w", "path_h", "chars", "digit_share", "letter_share", "is_dimension", "font_size", "rotated",
]
CAP_HEIGHT = 0.7  # capital height / font size: how a span's font size becomes a lettering height
MAX_TURN = math.radians(35.0)  # a chain is cut where it turns more than this at one vertex


def has_vector_content(page: Page) -> bool:
    """A PDF page with drawn paths or a text layer (a scanned PDF has neither)."""
    return page.has_vector_layer and bool(page.paths or page.text_spans)


def _bezier(p: np.ndarray, n: int) -> np.ndarray:
    t = np.linspace(0.0, 1.0, n)[:, None]
    return (1 - t) ** 3 * p[0] + 3 * (1 - t) ** 2 * t * p[1] + 3 * (1 - t) * t ** 2 * p[2] + t ** 3 * p[3]


def _chains(path: VectorPath, step: float, tol: float) -> list[np.ndarray]:
    """The path's segments flattened and joined into polylines (rectangles and quads closed)."""
    chains: list[list[np.ndarray]] = []
    last_end = None
    for kind, pts in path.items:
        p = np.asarray(pts, np.float64)
        if kind == "l":
            piece = p
        elif kind == "c":
            control = float(np.hypot(*np.diff(p, axis=0).T).sum())
            piece = _bezier(p, int(np.clip(math.ceil(control / step) + 1, 4, 256)))
        else:  # "re", "qu": a closed quadrilateral of its own
            chains.append([np.vstack([p, p[:1]])])
            last_end = None
            continue
        if last_end is not None and np.hypot(*(piece[0] - last_end)) <= tol:
            chains[-1].append(piece[1:])
        else:
            chains.append([piece])
        last_end = piece[-1]
    return [np.vstack(c) for c in chains]


def _split_at_corners(poly: np.ndarray) -> list[np.ndarray]:
    keep = np.ones(len(poly), bool)
    keep[1:] = np.hypot(*np.diff(poly, axis=0).T) > 1e-6
    poly = poly[keep]
    if len(poly) < 3:
        return [poly]
    d = np.diff(poly, axis=0)
    ang = np.arctan2(d[:, 1], d[:, 0])
    turn = np.abs((np.diff(ang) + np.pi) % (2 * np.pi) - np.pi)
    cuts = np.flatnonzero(turn > MAX_TURN) + 1
    if len(cuts) == 0:
        return [poly]
    bounds = np.concatenate([[0], cuts, [len(poly) - 1]])
    return [poly[a:b + 1] for a, b in zip(bounds[:-1], bounds[1:]) if b > a]


def _grey(colour: tuple[float, ...] | None) -> float:
    if not colour:
        return 0.0
    c = list(colour) + [0.0] * 3
    return float(0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]) if len(colour) >= 3 else float(c[0])


def _lettering_height(page: Page, zoom: float) -> float:
    """Capital height in page pixels, from the text layer's font sizes (or measured on the raster)."""
    sizes = [s.size * zoom for s in page.text_spans if s.size > 0 and s.text.strip()]
    if sizes:
        return float(np.median(sizes)) * CAP_HEIGHT
    from ..preprocess import estimate_text_height

    return float(estimate_text_height(page.gray) or WORK_TEXT_HEIGHT)


def _sample_segments(a: np.ndarray, b: np.ndarray, sid: np.ndarray, step: float) -> tuple[np.ndarray, np.ndarray]:
    """Points every ``step`` along segments ``a→b`` (both ends included), with their stroke ids."""
    length = np.hypot(*(b - a).T)
    n = np.maximum(np.ceil(length / step).astype(np.int64) + 1, 2)
    idx = np.repeat(np.arange(len(a)), n)
    offset = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    t = (offset / (n[idx] - 1))[:, None]
    return a[idx] + t * (b[idx] - a[idx]), sid[idx]


def _span_points(quad: np.ndarray, step: float) -> np.ndarray:
    ul, ur, lr, ll = quad
    nu = max(2, int(math.ceil(np.hypot(*(ur - ul)) / step)) + 1)
    nv = max(2, int(math.ceil(np.hypot(*(ll - ul)) / step)) + 1)
    u, v = np.meshgrid(np.linspace(0, 1, nu), np.linspace(0, 1, nv))
    u, v = u.ravel()[:, None], v.ravel()[:, None]
    return ul + u * (ur - ul) + v * (ll - ul)


def vector_strokes(page: Page, with_mask: bool = True) -> Strokes:
    """The strokes and glyph runs of a vector PDF page, with :data:`VECTOR_FEATURE_NAMES` features.

    Coordinates are brought to the working scale (lettering :data:`WORK_TEXT_HEIGHT` px tall) like the raster
    tracer's; ``with_mask`` also keeps the page's ink at that scale (for class maps and overlays).
    """
    from scipy import ndimage
    from scipy.spatial import cKDTree

    from ..dimensions import try_parse

    zoom = math.hypot(page.transform[0], page.transform[1]) or 1.0  # page pixels per PDF point
    t = max(_lettering_height(page, zoom), 1.0)
    scale = WORK_TEXT_HEIGHT / t
    page_h, page_w = page.height, page.width
    step = 1.0 / scale  # one working pixel, in page pixels

    # ---- path strokes: chained, cut at corners; vertices with their stroke ids
    verts, vid, stroke_path, path_meta = [], [], [], []
    for path_index, path in enumerate(page.paths):
        pieces = [piece for chain in _chains(path, step, 0.05 * t) for piece in _split_at_corners(chain)]
        pieces = [p for p in pieces if len(p) >= 2]
        for piece in pieces:
            vid.append(np.full(len(piece), len(stroke_path)))
            verts.append(piece)
            stroke_path.append(path_index)
        x0, y0, x1, y1 = path.bbox
        path_meta.append((len(pieces), (x1 - x0) / t, (y1 - y0) / t, path.width / t, _grey(path.stroke or path.fill),
                          float(path.dashed), float(path.fill is not None)))
    n_paths_strokes = len(stroke_path)
    spans = [s for s in page.text_spans if s.text.strip()]
    n = n_paths_strokes + len(spans)
    features = np.zeros((n, len(VECTOR_FEATURE_NAMES)), np.float32)
    col = {name: i for i, name in enumerate(VECTOR_FEATURE_NAMES)}
    centroid = np.zeros((n, 2))
    bbox = np.zeros((n, 4))
    length = np.zeros(n)
    junction_edges = np.zeros((2, 0), np.int64)
    pts_list, pid_list = [], []

    if n_paths_strokes:
        verts_a = np.vstack(verts)
        vid_a = np.concatenate(vid)
        same = vid_a[1:] == vid_a[:-1]
        a, b, sid = verts_a[:-1][same], verts_a[1:][same], vid_a[:-1][same]
        seg_len = np.hypot(*(b - a).T)
        m = n_paths_strokes
        total = np.maximum(np.bincount(sid, seg_len, m), 1e-9)
        first = np.searchsorted(vid_a, np.arange(m))
        last = np.searchsorted(vid_a, np.arange(m), side="right") - 1
        chord = np.hypot(*(verts_a[last] - verts_a[first]).T)
        ang = np.arctan2(b[:, 1] - a[:, 1], b[:, 0] - a[:, 0])
        inner = sid[1:] == sid[:-1]
        turn = np.abs((np.diff(ang) + np.pi) % (2 * np.pi) - np.pi)
        turning = np.bincount(sid[1:][inner], turn[inner], m)
        mid = (a + b) / 2
        mu = np.stack([np.bincount(sid, seg_len * mid[:, k], m) for k in (0, 1)], axis=1) / total[:, None]
        d = b - a
        dm = mid - mu[sid]
        cxx = np.bincount(sid, seg_len * (dm[:, 0] ** 2 + d[:, 0] ** 2 / 12), m) / total
        cyy = np.bincount(sid, seg_len * (dm[:, 1] ** 2 + d[:, 1] ** 2 / 12), m) / total
        cxy = np.bincount(sid, seg_len * (dm[:, 0] * dm[:, 1] + d[:, 0] * d[:, 1] / 12), m) / total
        tr, det = cxx + cyy, cxx * cyy - cxy ** 2
        disc = np.sqrt(np.maximum(tr ** 2 / 4 - det, 0))
        l1, l2 = tr / 2 + disc, np.maximum(tr / 2 - disc, 0)
        theta = 0.5 * np.arctan2(2 * cxy, cxx - cyy)
        lo = np.full((m, 2), np.inf)
        hi = np.full((m, 2), -np.inf)
        np.minimum.at(lo, vid_a, verts_a)
        np.maximum.at(hi, vid_a, verts_a)
        closed = (chord < 0.1 * t) & (total > 0.5 * t)
        meta = np.asarray(path_meta, np.float64)[np.asarray(stroke_path)]
        features[:m, col["length"]] = total / t
        features[:m, col["log_length"]] = np.log1p(total / t)
        features[:m, col["straightness"]] = np.where(closed, 0.0, chord / total)
        features[:m, col["turning"]] = turning / np.maximum(total / t, 0.1)
        features[:m, col["closed"]] = closed
        features[:m, col["cos2"]] = np.cos(2 * theta)
        features[:m, col["sin2"]] = np.sin(2 * theta)
        features[:m, col["elongation"]] = np.sqrt(l2 / np.maximum(l1, 1e-12))
        features[:m, col["bbox_w"]] = (hi[:, 0] - lo[:, 0]) / t
        features[:m, col["bbox_h"]] = (hi[:, 1] - lo[:, 1]) / t
        features[:m, col["path_strokes"]] = np.log1p(meta[:, 0])
        features[:m, col["path_w"]] = meta[:, 1]
        features[:m, col["path_h"]] = meta[:, 2]
        features[:m, col["width"]] = meta[:, 3]
        features[:m, col["grey"]] = meta[:, 4]
        features[:m, col["dashed"]] = meta[:, 5]
        features[:m, col["filled"]] = meta[:, 6]
        centroid[:m] = mu
        bbox[:m] = np.hstack([lo, hi])
        length[:m] = total
        pts, pid = _sample_segments(a, b, sid, step)
        pts_list.append(pts)
        pid_list.append(pid)
        # touching: other strokes within a quarter lettering height of a stroke's end points
        tree = cKDTree(pts)
        ends = np.concatenate([first, last])
        owner = np.concatenate([np.arange(m), np.arange(m)])
        hits = tree.query_ball_point(verts_a[ends], r=0.25 * t)
        pairs = set()
        free = np.zeros(m)
        for k, found in zip(owner, hits):
            others = {int(j) for j in pid[found]} - {int(k)}
            if not others:
                free[k] += 1
            pairs.update((min(k, j), max(k, j)) for j in others)
        if pairs:
            junction_edges = np.asarray(sorted(pairs), np.int64).T
        touching = np.zeros(m)
        if junction_edges.size:
            touching = np.bincount(junction_edges.ravel(), minlength=m).astype(float)
        features[:m, col["touching"]] = np.log1p(touching)
        features[:m, col["free_ends"]] = np.where(closed, 0.0, free)

    for k, span in enumerate(spans, start=n_paths_strokes):
        quad = np.asarray(span.quad, np.float64)
        text = span.text.strip()
        width_px = np.hypot(*(quad[1] - quad[0]))
        height_px = np.hypot(*(quad[3] - quad[0]))
        rot = math.radians(span.rotation)
        features[k, col["is_text"]] = 1.0
        features[k, col["length"]] = width_px / t
        features[k, col["log_length"]] = np.log1p(width_px / t)
        features[k, col["straightness"]] = 1.0
        features[k, col["cos2"]] = math.cos(2 * rot)
        features[k, col["sin2"]] = -math.sin(2 * rot)
        features[k, col["elongation"]] = height_px / max(width_px, 1e-6)
        features[k, col["bbox_w"]] = (span.bbox[2] - span.bbox[0]) / t
        features[k, col["bbox_h"]] = (span.bbox[3] - span.bbox[1]) / t
        features[k, col["chars"]] = np.log1p(len(text))
        features[k, col["digit_share"]] = sum(c.isdigit() for c in text) / len(text)
        features[k, col["letter_share"]] = sum(c.isalpha() for c in text) / len(text)
        features[k, col["is_dimension"]] = float(try_parse(text) is not None)
        features[k, col["font_size"]] = span.size * zoom * CAP_HEIGHT / t
        features[k, col["rotated"]] = abs(math.sin(rot))
        centroid[k] = quad.mean(axis=0)
        bbox[k] = span.bbox
        length[k] = width_px
        pts_list.append(_span_points(quad, step))
        pid_list.append(np.full(len(pts_list[-1]), k))

    features[:, col["x"]] = centroid[:, 0] / max(page_w, 1)
    features[:, col["y"]] = centroid[:, 1] / max(page_h, 1)
    cell = 4 * t
    if n:
        gx, gy = (centroid[:, 0] // cell).astype(int).clip(0), (centroid[:, 1] // cell).astype(int).clip(0)
        grid = np.zeros((gy.max() + 1, gx.max() + 1))
        np.add.at(grid, (gy, gx), 1)
        features[:, col["density"]] = ndimage.uniform_filter(grid, size=3, mode="constant")[gy, gx]

    shape = (max(1, int(round(page_h * scale))), max(1, int(round(page_w * scale))))
    pts = np.vstack(pts_list) if pts_list else np.zeros((0, 2))
    pid = np.concatenate(pid_list) if pid_list else np.zeros(0, np.int64)
    px = np.clip(np.round(pts[:, 0] * scale).astype(np.int64), 0, shape[1] - 1)
    py = np.clip(np.round(pts[:, 1] * scale).astype(np.int64), 0, shape[0] - 1)
    labels = np.full(shape, -1, np.int32)
    labels[py, px] = pid
    component = np.concatenate([np.asarray(stroke_path, np.int64),
                                len(page.paths) + np.arange(len(spans), dtype=np.int64)])
    binary = None
    if with_mask:
        import cv2

        gray = cv2.resize(page.gray, (shape[1], shape[0]), interpolation=cv2.INTER_AREA)
        binary = gray < 230  # a rendered PDF page is pure white; light-grey CAD frames are still ink
    return Strokes(labels, px, py, pid.astype(np.int64), features, centroid * scale, bbox * scale, length * scale,
                   component, junction_edges, scale, shape, binary)
