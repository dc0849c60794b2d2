"""Page structure from ruling lines: the drawing frame, tables (title block, revision/parts tables) and
GD&T feature control frames, found as clusters of closed rectangular cells."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np

Box = tuple[float, float, float, float]


@dataclass
class PageLayout:
    width: int
    height: int
    frame: Box | None = None
    tables: list[Box] = field(default_factory=list)
    title_block: Box | None = None
    gdt_frames: list[tuple[Box, list[Box]]] = field(default_factory=list)  # frame box, its cells left to right
    ink: np.ndarray | None = field(default=None, repr=False)  # binary ink mask the layout was found on

    def in_box(self, bbox: Box, region: Box | None, min_fraction: float = 0.6) -> bool:
        if region is None:
            return False
        x0, y0, x1, y1 = bbox
        ix = max(0.0, min(x1, region[2]) - max(x0, region[0]))
        iy = max(0.0, min(y1, region[3]) - max(y0, region[1]))
        area = max((x1 - x0) * (y1 - y0), 1.0)
        return ix * iy / area >= min_fraction

    def in_gdt_frame(self, bbox: Box) -> bool:
        """Half or more of ``bbox`` inside one of the feature control frames found."""
        return any(self.in_box(bbox, frame, 0.5) for frame, _ in self.gdt_frames)

    def near_edge(self, bbox: Box, fraction: float = 0.045) -> bool:
        """Within ``fraction`` of the page size from any sheet edge."""
        x0, y0, x1, y1 = bbox
        m = fraction * max(self.width, self.height)
        return x0 < m or y0 < m or x1 > self.width - m or y1 > self.height - m

    def in_margin(self, bbox: Box) -> bool:
        """Outside the drawing frame (zone markers, sheet edge text)."""
        if self.frame is None:
            x0, y0, x1, y1 = bbox
            m = 0.03 * max(self.width, self.height)
            return x1 < m or y1 < m or x0 > self.width - m or y0 > self.height - m
        return not self.in_box(bbox, self.frame, 0.5)


def _coverage(mask: np.ndarray, axis: int, band: int) -> np.ndarray:
    """Share of inked pixels along ``axis`` for each line across it, each line taking the best of its
    ``band`` neighbours either side (a scanned ruling line is a few pixels thick and slightly turned)."""
    share = mask.mean(axis=axis) if mask.size else np.zeros(0)
    if band <= 0 or share.size == 0:
        return share
    padded = np.pad(share, band, mode="edge")
    return np.max(np.lib.stride_tricks.sliding_window_view(padded, 2 * band + 1), axis=1)


def _closed_cell(mask: np.ndarray, bbox: Box, th: float, min_share: float, within: Box | None = None,
                 side_reach: float = 0.9):
    """Ruling lines closing a cell around the text in ``bbox``: (top, bottom, left, right, walls) or None.
    Each line is the one nearest the text; with ``within`` (a detection that holds the walls too, ``bbox``
    then lying inside them) the one farthest from it inside ``within``: a 0's strokes make walls too. The
    walls are looked for up to ``side_reach`` text heights beside the text."""
    h_img, w_img = mask.shape
    x0, y0, x1, y1 = (int(round(v)) for v in bbox)
    reach, inset, band = int(0.9 * th), int(0.2 * th), max(3, int(0.08 * th))
    side = int(side_reach * th)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    outer = None if within is None else tuple(int(round(v)) for v in within)

    def strongest(share: np.ndarray, offset: int, nearest_last: bool, limits: tuple[int, int]) -> int | None:
        """Centre of the run of ruling-line positions nearest the text (or farthest, inside ``within``)."""
        hits = np.flatnonzero(share >= min_share)
        hits = hits[(hits + offset >= limits[0]) & (hits + offset <= limits[1])]
        if hits.size == 0:
            return None
        runs = np.split(hits, np.flatnonzero(np.diff(hits) > 1) + 1)
        run = runs[-1] if nearest_last == (outer is None) else runs[0]
        return offset + int(round(run.mean()))

    rows_in, cols_in = ((outer[1], outer[3]), (outer[0], outer[2])) if outer else ((0, h_img), (0, w_img))
    lo, hi = max(0, y0 - reach), min(h_img, y0 + inset)
    top = strongest(_coverage(mask[lo:hi, x0:x1], 1, band), lo, True, rows_in)
    lo2, hi2 = max(0, y1 - inset), min(h_img, y1 + reach)
    bottom = strongest(_coverage(mask[lo2:hi2, x0:x1], 1, band), lo2, False, rows_in)
    if top is None or bottom is None or bottom - top < 0.8 * th:
        return None
    rows = mask[top + band + 1:bottom - band]
    if rows.shape[0] < 3:
        return None
    walls = _coverage(rows, 0, band) >= min_share
    left = strongest(walls[max(0, x0 - side):x0 + inset].astype(float), max(0, x0 - side), True, cols_in)
    right = strongest(walls[x1 - inset:x1 + side].astype(float), x1 - inset, False, cols_in)
    if left is None or right is None:
        return None
    return top, bottom, left, right, walls


def box_around(ink: np.ndarray, bbox: Box, text_height: float, min_share: float = 0.6,
               within: Box | None = None) -> Box | None:
    """The rectangle drawn closely around the text in ``bbox`` (a basic dimension's box), or ``None``.

    The text's cell must be closed by ruling lines on all four sides, each within about a text height of
    the text and inked along ``min_share`` of its length; a compartment of a feature control frame (its
    frame lines run on into the next compartment) is not a box. Where a detection holds the box's walls too,
    ``bbox`` is a rectangle inside the walls and ``within`` the detection: the walls are the lines farthest
    from the text inside it.

    Example:
        >>> import cv2, numpy as np
        >>> ink = np.zeros((200, 300), np.uint8)
        >>> _ = cv2.rectangle(ink, (90, 80), (190, 125), 255, 2)
        >>> box_around(ink, (100, 90, 180, 115), 25)
        (90.0, 80.0, 190.0, 125.0)
        >>> _ = cv2.line(ink, (190, 80), (260, 80), 255, 2); _ = cv2.line(ink, (190, 125), (260, 125), 255, 2)
        >>> box_around(ink, (100, 90, 180, 115), 25) is None   # a frame running on: a GD&T compartment
        True
    """
    cell = _cell_around(ink, bbox, text_height, min_share, within)
    if cell is None or not cell.alone:
        return None
    return float(cell.left), float(cell.top), float(cell.right), float(cell.bottom)


class _Cell(NamedTuple):
    """A closed cell around a text, its wall columns, and how far its top and bottom lines run on."""

    top: int
    bottom: int
    left: int
    right: int
    walls: np.ndarray
    far_left: int
    far_right: int
    th: float

    @property
    def alone(self) -> bool:
        """A cell on its own: its top and bottom lines stop at its walls (a box, not a compartment)."""
        return self.far_left > self.left - self.th and self.far_right < self.right + self.th


def _cell_around(ink: np.ndarray, bbox: Box, text_height: float, min_share: float,
                 within: Box | None = None, side_reach: float = 0.9) -> _Cell | None:
    """The closed cell around the text (:func:`_closed_cell`) with the extent of its lines, or ``None``."""
    th = max(float(text_height), 4.0)
    # only the rows a cell's lines can lie on are looked at: the ink of a whole page, tested once per text,
    # took a fifth of a second a page
    reach = int(0.9 * th) + max(3, int(0.08 * th)) + 2
    first = max(0, int(round(bbox[1])) - reach) // 2 * 2  # even: positions round half to even as before
    last = min(ink.shape[0], int(round(bbox[3])) + reach + 1)
    mask = ink[first:last] > 0
    moved = (bbox[0], bbox[1] - first, bbox[2], bbox[3] - first)
    inside = None if within is None else (within[0], within[1] - first, within[2], within[3] - first)
    cell = _closed_cell(mask, moved, th, min_share, inside, side_reach)
    if cell is None:
        return None
    top, bottom, left, right, walls = cell
    far_left, far_right = _frame_extent(mask, top, bottom, left, right, th)
    return _Cell(top + first, bottom + first, left, right, walls, far_left, far_right, th)


def _frame_extent(mask: np.ndarray, top: int, bottom: int, left: int, right: int, th: float) -> tuple[int, int]:
    """How far a cell's top and bottom lines both run on to the left and right (a window at a time: scan
    strokes have gaps), each followed as it drifts a little up or down (a scan turns a long frame)."""
    w_img = mask.shape[1]
    band = max(3, int(0.08 * th))
    step, window = max(int(0.25 * th), 2), max(int(th), 4)

    def line_in(row: int, a: int, b: int) -> tuple[float, int]:
        """The share of columns ``a:b`` the line near ``row`` inks, and the row it runs on there."""
        lo = max(0, row - band - 2)
        rows = mask[lo:row + band + 3, a:b]
        if not rows.size:
            return 0.0, row
        centre = lo + int(np.argmax(rows.sum(axis=1)))
        return float(mask[max(0, centre - band):centre + band + 1, a:b].any(axis=0).mean()), centre

    def run_on(start: int, direction: int) -> int:
        x, misses, rows, last = start, 0, [top, bottom], (top, bottom)
        while misses < 2 and 0 <= x + direction * window < w_img:
            a, b = sorted((x, x + direction * window))
            found = [line_in(row, a, b) for row in rows]
            if min(share for share, _ in found) < 0.5:
                misses += 1
            else:
                misses = 0
                last = tuple(rows)
                rows = [row for _, row in found]
            x += direction * step
        end = x - direction * (2 * step)
        # the last window that still holds line ink ends where the line does
        a, b = sorted((end, end + direction * window))
        both = (mask[max(0, last[0] - band):last[0] + band + 1, a:b].any(axis=0)
                & mask[max(0, last[1] - band):last[1] + band + 1, a:b].any(axis=0))
        ink_cols = np.flatnonzero(both)
        return a + int(ink_cols[0 if direction < 0 else -1]) if ink_cols.size else end

    return run_on(left, -1), run_on(right, 1)


def runs_past(ink: np.ndarray, x: int, top: int, bottom: int, reach: int, band: int, share: float) -> bool:
    """Whether the ink of columns ``x ± band`` runs on ``reach`` px above a frame's top line or below its bottom
    line (rows at ``top`` and ``bottom``, their own band left out) over ``share`` of those rows: a line crossing
    the frame or leaving it there, not one of its walls.

    >>> ink = np.zeros((200, 100), np.uint8); ink[50:150, 40:43] = 255  # a line from above a frame's top line
    >>> runs_past(ink, 41, 60, 120, 20, 2, 0.8), runs_past(ink, 41, 40, 160, 20, 2, 0.8)  # ... on past its foot
    (True, False)
    """
    columns = ink[:, max(0, x - band):x + band + 1] > 0
    above = columns[max(0, top - reach):max(0, top - band - 1)].any(axis=1)
    below = columns[bottom + band + 1:bottom + reach].any(axis=1)
    return bool(above.size and above.mean() >= share or below.size and below.mean() >= share)


def frame_around(ink: np.ndarray, bbox: Box, text_height: float,
                 min_share: float = 0.6) -> tuple[Box, list[Box]] | None:
    """The feature control frame whose compartment holds the text in ``bbox``, found locally on the ink mask.

    A compartment is a cell closed by ruling lines above, below, left and right of the text (each drawn
    along at least ``min_share`` of its length, so broken scan strokes and lines crossing the frame do not
    matter); it belongs to a feature control frame when the top and bottom lines both run on past one of
    its walls into a neighbouring compartment (a boxed basic dimension is one closed cell). Returns the
    frame and its compartments left to right, or ``None``.
    """
    # a compartment's wall may stand past a modifier after the value (``⌀0.01 Ⓜ``) the detection left out
    cell = _cell_around(ink, bbox, text_height, min_share, side_reach=1.8)
    if cell is None or cell.alone:  # a single closed cell: a basic dimension, not a feature control frame
        return None
    top, bottom, left, right, walls, far_left, far_right, th = cell
    step = max(int(0.25 * th), 2)
    cols = np.flatnonzero(walls[far_left:far_right + 1]) + far_left if far_right > far_left else np.zeros(0, int)
    # a wall meets the top and bottom lines; a symbol's tall strokes inside a compartment (⌭'s slants) do not
    band, reach = max(3, int(0.08 * th)), max(2, int(0.2 * (bottom - top)))
    mask = ink > 0

    def inked_along(rows: slice, c: int, share: float = 0.8) -> bool:  # the wall's column band inked down
        return bool(mask[rows, max(0, c - band):c + band + 1].any(axis=1).mean() >= share)  # most of these rows

    # (or meets one of them and is inked down nearly all its height: a scan broke it near the other; a symbol's
    # strokes stop short of both, and a leader leaving the frame there runs on past it)
    ends = (slice(top, top + reach), slice(bottom - reach + 1, bottom + 1))
    whole = slice(top, bottom + 1)

    def broken_wall(c: int) -> bool:
        return (sum(inked_along(rows, c) for rows in ends) == 1 and inked_along(whole, c, 0.85)
                and not runs_past(mask, c, top, bottom, 2 * reach, band, 0.5))

    cols = np.array([c for c in cols if all(inked_along(rows, c) for rows in ends) or broken_wall(c)], int)
    edges: list[int] = []
    for c in cols:  # runs of wall columns → one wall each
        if not edges or c - edges[-1] > 0.3 * th:
            edges.append(int(c))
    edges = sorted(set(edges) | {left, right, far_left, far_right})
    edges = [e for e in edges if far_left - step <= e <= far_right + step]
    cells = [(float(a), float(top), float(b), float(bottom)) for a, b in zip(edges, edges[1:]) if b - a > 0.5 * th]
    if len(cells) < 2:
        return None
    return (cells[0][0], float(top), cells[-1][2], float(bottom)), cells


def _cells(lines: np.ndarray, min_side: int) -> list[Box]:
    import cv2

    contours, hierarchy = cv2.findContours(255 - lines, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    cells = []
    for contour in contours:
        x, y, w, h = cv2.boundingRect(contour)
        if w < min_side or h < min_side:
            continue
        (_, _), (rw, rh), _ = cv2.minAreaRect(contour)
        if cv2.contourArea(contour) < 0.85 * rw * rh:  # not a rectangle (a slightly turned one is: scans)
            continue
        cells.append((float(x), float(y), float(x + w), float(y + h)))
    return cells


def _touch(a: Box, b: Box, tol: float) -> bool:
    return a[0] <= b[2] + tol and b[0] <= a[2] + tol and a[1] <= b[3] + tol and b[1] <= a[3] + tol


def _clusters(cells: list[Box], tol: float) -> list[list[Box]]:
    groups: list[list[Box]] = []
    for cell in cells:
        hits = [g for g in groups if any(_touch(cell, c, tol) for c in g)]
        merged = [cell] + [c for g in hits for c in g]
        groups = [g for g in groups if g not in hits] + [merged]
    return groups


def _bounds(cells: list[Box]) -> Box:
    return (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells), max(c[3] for c in cells))


def _edge_band_components(mask: np.ndarray, horizontal: bool, reach: float) -> list[tuple[int, int, int, int]]:
    """Bounding boxes (x, y, w, h) of the ink components of ``mask`` in its two bands along the sheet's edges
    (top and bottom rows when ``horizontal``, else left and right columns), a little wider than ``reach``:
    the frame lines lie there, and labelling only the bands takes a fraction of the time of the whole page."""
    from ..preprocess import component_stats

    other = mask.shape[0] if horizontal else mask.shape[1]
    band = min(other, int(np.ceil((reach + 0.05) * other)))
    found = []
    for start in sorted({0, other - band}):
        part = mask[start:start + band] if horizontal else mask[:, start:start + band]
        dx, dy = (0, start) if horizontal else (start, 0)
        found += [(int(x) + dx, int(y) + dy, int(bw), int(bh))
                  for x, y, bw, bh, _ in component_stats(np.ascontiguousarray(part))]
    return found


def _frame(horiz: np.ndarray, vert: np.ndarray, reach: float = 0.15, long: float = 0.3) -> Box | None:
    """The drawing frame from the long ruling lines near each sheet edge: the outermost one, or the next
    one in when it lies close inside it (a sheet may show its trim line outside the frame)."""
    h, w = horiz.shape
    sides: dict[str, list[float]] = {"top": [], "bottom": [], "left": [], "right": []}
    for mask, along, size, low, high in ((horiz, 2, w, "top", "bottom"), (vert, 3, h, "left", "right")):
        other = h if mask is horiz else w
        for x, y, bw, bh in _edge_band_components(mask, mask is horiz, reach):
            length = bw if mask is horiz else bh
            if length < long * size:
                continue
            centre = y + bh / 2 if mask is horiz else x + bw / 2
            if centre < reach * other:
                sides[low].append(centre)
            elif centre > (1 - reach) * other:
                sides[high].append(centre)
    if not all(sides.values()):
        return None

    def inner(values: list[float], outward_first: bool, size: int) -> float:
        ordered = sorted(values, reverse=not outward_first)
        if len(ordered) > 1 and abs(ordered[1] - ordered[0]) < 0.045 * size:
            return float(ordered[1])
        return float(ordered[0])

    return (inner(sides["left"], True, w), inner(sides["top"], True, h), inner(sides["right"], False, w),
            inner(sides["bottom"], False, h))


def _touches_frame(box: Box, layout: PageLayout, unit: int) -> bool:
    frame = layout.frame or (0.0, 0.0, float(layout.width), float(layout.height))
    tol = 0.012 * unit
    return (abs(box[0] - frame[0]) < tol or abs(box[2] - frame[2]) < tol or abs(box[1] - frame[1]) < tol
            or abs(box[3] - frame[3]) < tol)


@dataclass
class RuledPage:
    """What :func:`ruled_page` finds on a page before the lettering's height is known: the layout's frame,
    tables and title block, and the clusters of small closed cells outside the tables that may be feature
    control frames (:func:`analyze` picks those by the lettering's height)."""

    layout: PageLayout
    cell_groups: list[list[Box]] = field(default_factory=list)


def ruled_page(gray: np.ndarray) -> RuledPage:
    """The frame, tables and title block of a grey page (ink dark on light paper), and the small cells that
    may make up feature control frames. Needs no text: :func:`~drawinglab.read.read_page` runs it beside the
    text models.

    Example:
        >>> import cv2
        >>> page = np.full((1000, 1400), 255, np.uint8)
        >>> _ = cv2.rectangle(page, (40, 40), (1360, 960), 0, 3)   # the frame
        >>> ruled_page(page).layout.frame is not None
        True
    """
    import cv2

    from ..preprocess import component_stats, text_height_of_components

    h, w = gray.shape
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    ink = cv2.morphologyEx(binary, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))  # bridge broken strokes of scans
    unit = max(h, w)
    # a ruling line is longer than any stroke of a letter or of a GD&T symbol (about 2 lettering heights;
    # :func:`~drawinglab.preprocess.estimate_text_height` of the page, from its ink found here already)
    lettering = text_height_of_components(component_stats(binary))
    span = max(unit // 120, 15, int(2.0 * lettering) if lettering else 0)
    along_x = cv2.getStructuringElement(cv2.MORPH_RECT, (span, 1))
    along_y = cv2.getStructuringElement(cv2.MORPH_RECT, (1, span))
    gap = max(span // 3, 3)
    # ruling lines: long horizontal/vertical runs, with the short gaps of broken scan strokes closed along them
    opened_x, opened_y = cv2.morphologyEx(ink, cv2.MORPH_OPEN, along_x), cv2.morphologyEx(ink, cv2.MORPH_OPEN, along_y)
    horiz = cv2.morphologyEx(opened_x, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    vert = cv2.morphologyEx(opened_y, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    layout = PageLayout(w, h, ink=ink)
    layout.frame = _frame(horiz, vert)
    page_area = float(w * h)

    def small_cells(horizontal: np.ndarray, vertical: np.ndarray) -> list[Box]:
        lines = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
        cells = [c for c in _cells(lines, max(unit // 200, 8))
                 if c[0] > 1 and c[1] > 1 and c[2] < w - 1 and c[3] < h - 1]  # not the paper around the sheet
        small = [c for c in cells if (c[2] - c[0]) * (c[3] - c[1]) < 0.05 * page_area]
        if layout.frame is not None:  # zone-marker cells between the frame and the trim are not tables
            # (half inside: a warped scan's frame, taken as an upright box, cuts through its corner cells)
            small = [c for c in small if layout.in_box(c, layout.frame, 0.5)]
        return small

    # tables: line ends grown along the line as well, so a line stopping just short of the one it meets
    # still closes its cell (frames of GD&T are small enough for that to join them to their leaders)
    grown_x = cv2.dilate(opened_x, cv2.getStructuringElement(cv2.MORPH_RECT, (gap, 1)))
    grown_y = cv2.dilate(opened_y, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap)))
    for group in _clusters(small_cells(grown_x, grown_y), tol=max(unit // 400, 3)):
        box = _bounds(group)
        if len(group) >= 4 and 0.004 * page_area < (box[2] - box[0]) * (box[3] - box[1]) < 0.3 * page_area \
                and _touches_frame(box, layout, unit):
            layout.tables.append(box)  # title blocks, revision and parts tables sit against the frame
    if layout.tables:
        corner = (layout.frame[2], layout.frame[3]) if layout.frame else (w, h)
        layout.title_block = min(layout.tables, key=lambda b: (corner[0] - b[2]) ** 2 + (corner[1] - b[3]) ** 2)
    groups = []
    for group in _clusters(small_cells(horiz, vert), tol=max(unit // 400, 3)):
        # compartments stand side by side: a cell inside another (a line's two borders) is not one more
        group = [c for i, c in enumerate(group) if not any(
            j != i and layout.in_box(c, o, 0.95) and (j < i or not layout.in_box(o, c, 0.95)) for j, o in enumerate(group))]
        if not any(layout.in_box(_bounds(group), t, 0.5) for t in layout.tables):
            groups.append(group)
    return RuledPage(layout, groups)


def analyze(gray: np.ndarray, text_height: float | None = None, ruled: RuledPage | None = None) -> PageLayout:
    """Find the frame, tables and feature control frames of a grey page (ink dark on light paper).

    ``text_height`` (the lettering's height; a 120th of the page's longer side if not given) tells feature
    control frames from other small boxes; ``ruled`` is the page's :func:`ruled_page`, found already.
    """
    ruled = ruled or ruled_page(gray)
    base = ruled.layout
    layout = replace(base, tables=list(base.tables), gdt_frames=[])
    th = text_height or max(base.width, base.height) / 120.0
    for group in ruled.cell_groups:
        box = _bounds(group)
        bw, bh = box[2] - box[0], box[3] - box[1]
        heights = [c[3] - c[1] for c in group]
        if 2 <= len(group) <= 7 and max(heights) < 4.0 * th and max(heights) - min(heights) < 0.25 * max(heights) \
                and bw > 1.5 * bh:
            ordered = sorted(group, key=lambda c: c[0])
            first = ordered[0]
            # a feature control frame opens with a square symbol compartment (a boxed basic dimension does not)
            if 0.5 < (first[2] - first[0]) / max(first[3] - first[1], 1.0) < 2.2:
                layout.gdt_frames.append((box, ordered))
    return layout
