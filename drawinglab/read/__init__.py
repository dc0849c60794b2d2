"""Read every dimension on a page: raster OCR (RapidOCR) and, for vector PDFs, the text layer itself.

:func:`read_page` returns a pandas DataFrame, one row per text item, with the text as read (the characters
drawn), the canonical text and parsed fields from the dimension grammar (``basic``: drawn in a box of its own,
canonical ``[62.5]``), the polygon, confidence, category (``dimension``, ``gdt``, ``note``, ``title_block``,
``other``) and source (``ocr`` or ``pdf-text``).

Example:
    >>> import drawinglab
    >>> from drawinglab.read import read_page
    >>> [page] = drawinglab.load("data/samples/sample_a4_clean_3.pdf", dpi=100)  # doctest: +SKIP
    >>> table = read_page(page)                                                   # doctest: +SKIP
    >>> table[table.category == "dimension"][["text", "nominal", "upper", "lower"]]  # doctest: +SKIP
"""
from __future__ import annotations

import itertools
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterator

import numpy as np

from ..dimensions import try_parse
from ..page import Page
from .group import _angle_diff, is_fit_class, _union_quad, group_stacks, is_deviation, iso_spacing, recover_symbols, unify_decimal_separator
from .layout import PageLayout, analyze, box_around, frame_around, ruled_page, runs_past
from .ocr import (_LINE_LIKE, DIAMETER_GLYPHS, SURE_READING, TextBox, _overlap, crop_upright, crop_without_line_bands,
                  crop_without_lines, deduplicate, detect_in_windows, padded_quad, recognise, reread,
                  reread_alternatives)

log = logging.getLogger(__name__)

COLUMNS = ["text", "canonical", "kind", "nominal", "upper", "lower", "upper_dev", "lower_dev", "fit", "qty",
           "basic", "polygon", "x0", "y0", "x1", "y1", "rotation", "confidence", "category", "source", "gdt"]
_GDT_SYMBOLS = {"⏥": "flatness", "⌭": "cylindricity", "⌖": "position", "⊥": "perpendicularity",
                "∥": "parallelism", "⏤": "straightness", "○": "circularity", "∠": "angularity",
                "⌓": "profile_line", "⌒": "profile_surface", "◎": "concentricity", "⌯": "symmetry",
                "↗": "runout", "⌰": "total_runout"}


@dataclass
class ReaderConfig:
    """Reader settings (JSON-able)."""

    det_side: int = 2048  # longest side of the page as the text detector sees it
    # > 0: where the page's larger lettering comes out under this at det_side, look again larger (off: on 4
    # sets of 50 synthetic scans it found as many texts as it lost or misread, at ~70 % more time on the pages)
    min_text_px: float = 0.0
    # detect again on the page with its long lines taken out (lettering a line runs through, or in hatching;
    # off: on 100 synthetic scans it found 4 texts more, for a second detection's time)
    line_free_look: bool = False
    rotations: tuple[int, ...] = (0, 90)
    min_score: float = 0.5
    erase_lines: bool = True  # doubtful readings of text crossed by a line: read again with the line painted out
    use_pdf_text: bool = True
    group: bool = True
    # texts the page-wide detector scored under a text (angles small and slanted on their arc, a size beside its
    # stack): read again where its text map responds and no box stands
    doubted_look: bool = True
    # text the detector's box score turns down for its shape (a nominal and its stack, one region bent into a
    # step): boxed where the score over the region itself holds (:func:`~drawinglab.read.ocr._bent_text`).
    # Off: on synthetic scans it found sizes missed (40100: +2) but read others' stacks worse (39100: -2) and
    # turned misses into misreadings (38100: 3)
    bent_text: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _digits(text: str) -> str:
    """The digits of a reading, in order."""
    return re.sub(r"\D", "", text)


# a piece of a number read on its own: a digit or two, or the decimals after a point
_FRAGMENT = re.compile(r"[⌀\d]{1,2}|[.,]\d{1,2}")


def _read_around_fragments(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> list[TextBox]:
    """Text the page-wide detector (which sees the page shrunk to ``det_side``) found only in pieces: a lone
    digit lower than the page's text lines, or a reading that begins at a decimal sign (``6`` and ``3`` for
    ``⌀36.00`` over ``35.90`` standing on a shaft's axis, ``.90``), or two such readings side by side (``34``
    and ``⌀5`` for ``34,05``), away from the sheet's edges (zone markers). The text around each piece is
    detected and read again in a window eight text lines wide at the page's own resolution; a box found there
    that holds the piece and reads more replaces it, unless other text was already read there. Returns the
    boxes."""
    if not boxes:
        return boxes
    line = float(np.median([b.height for b in boxes]))
    short = [b for b in boxes if b.source == "ocr" and _FRAGMENT.fullmatch(recover_symbols(b.text))]

    def beside_another(b: TextBox) -> bool:  # two pieces of one text, side by side
        centre = b.quad.mean(axis=0)
        return any(o is not b and np.linalg.norm(o.quad.mean(axis=0) - centre) < 0.5 * (b.width + o.width) + 0.5 * line
                   for o in short)

    height, width = raster.shape[:2]
    edge = 0.045 * max(height, width)

    def inside_the_sheet(b: TextBox) -> bool:  # zone markers stand along the sheet's edges
        x0, y0, x1, y1 = b.bbox
        return x0 > edge and y0 > edge and x1 < width - edge and y1 < height - edge

    pieces = [b for b in short if inside_the_sheet(b)
              and (b.height < 0.85 * line or b.text.strip()[0] in ".," or beside_another(b))]
    if not pieces:
        return boxes
    piece_ids = {id(p) for p in pieces}
    half = int(4 * line)
    covered: list[tuple[int, int, int, int]] = []
    added: list[TextBox] = []
    replaced: set[int] = set()
    for piece in pieces:
        cx, cy = piece.quad.mean(axis=0)
        if any(x0 + line <= cx <= x1 - line and y0 + line <= cy <= y1 - line for x0, y0, x1, y1 in covered):
            continue  # a window around a piece near it read this one too
        x0, y0 = int(max(0, cx - half)), int(max(0, cy - half))
        x1, y1 = int(min(width, cx + half)), int(min(height, cy + half))
        covered.append((x0, y0, x1, y1))
        window = raster[y0:y1, x0:x1]
        found = recognise(window, max(window.shape[:2]), tuple(config.rotations), config.min_score,
                          erase_lines=config.erase_lines)
        for box in found:
            box.quad = box.quad + np.array([x0, y0], dtype=np.float64)
            bx0, by0, bx1, by1 = box.bbox
            inside = bx0 > x0 + 2 and by0 > y0 + 2 and bx1 < x1 - 2 and by1 < y1 - 2  # not cut by the window
            held = [p for p in pieces if _overlap(p, box) > 0.5]
            if (not inside or not held or not re.search(r"\d", box.text)
                    or len(box.text.strip()) <= max(len(p.text.strip()) for p in held)):
                continue
            signed_deviation = re.fullmatch(r"[+\-±]\s?0[.,]\d{1,3}", box.text.strip()) is not None
            if box.text.strip()[:1] in "+-±" and not any(p.text.strip()[:1] in "+-±" for p in held) \
                    and not (signed_deviation and all(_digits(box.text).endswith(_digits(p.text)) for p in held)):
                continue  # a sign no piece had: a centre mark or an arrowhead joined the reading (not a stack's
                # upper row read whole, ``+0.02`` where the piece was its ``.02`` read ``⌀2``)
            digits = _digits(box.text)
            if len(held) > 1 and _only_joins(box, held):
                continue  # two texts side by side (``10`` and ``10`` of a chain read ``1010``)
            others = [b for b in boxes if id(b) not in piece_ids and _overlap(b, box) > 0.3]
            if any(_overlap(b, box) > 0.6 or _digits(b.text) == digits for b in others) \
                    or any(_overlap(a, box) > 0.3 for a in added):
                continue  # read already
            added.append(box)
            replaced.update(id(p) for p in held)
    if added:
        log.debug("read around pieces: %s -> %s", [b.text for b in boxes if id(b) in replaced],
                  [b.text for b in added])
    return [b for b in boxes if id(b) not in replaced] + added


def _only_joins(box: TextBox, pieces: list[TextBox]) -> bool:
    """Whether ``box`` reads no more than the ``pieces`` it holds, one after the other along it: the same
    digits and no character more."""
    _, u, _ = box.frame()
    ordered = sorted(pieces, key=lambda p: float(p.quad.mean(axis=0) @ u))
    return (_digits(box.text) == "".join(_digits(p.text) for p in ordered)
            and len(_compact(box.text)) <= sum(len(_compact(p.text)) for p in ordered))


def _lone_lettering(gray: np.ndarray, boxes: list[TextBox]) -> list[tuple[np.ndarray, int, np.ndarray]]:
    """Groups of character-like ink that no text box covers: lettering the page-wide detector scored just
    short of a text (a lone ``5`` beside its arrowhead), as page bounds ``x0, y0, x1, y1``, the number of
    characters, and the sides (left, top, right, bottom) a line crosses the lettering's line right beside it
    (a character joined to it, a ``1`` or ``4`` of ``17`` or ``47`` on a centre line, is no character-like
    ink of its own). Measured at half size: components as tall as the page's larger lettering (``p90`` of its
    character heights), shaped like characters (aspect at least 2:5, not a dash of a line; ink filling
    15–80 % of their bounds), away from the sheet's edges (zone markers), under a fifth covered by boxes;
    those within a character height of each other form a group, kept where no other ink but lines stands
    within half a character, and no more than three lines within a character (hatching)."""
    import cv2

    from ..preprocess import text_height_of_components

    half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ink = cv2.threshold(half, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    tall = text_height_of_components(stats[1:count], min_height=3, statistic="p90")
    if not tall:
        return []
    x, y, w, h, area = (stats[1:count, k] for k in range(5))
    longer, fill = np.maximum(w, h), area / np.maximum(w * h, 1)
    edge = 0.045 * max(half.shape)
    like = ((longer >= 0.7 * tall) & (longer <= 1.3 * tall) & (np.minimum(w, h) >= 0.4 * longer)
            & (fill > 0.15) & (fill < 0.8) & (x > edge) & (y > edge)
            & (x + w < half.shape[1] - edge) & (y + h < half.shape[0] - edge))
    if not like.any():
        return []
    covered = np.zeros(half.shape, np.uint8)
    for box in boxes:
        cv2.fillPoly(covered, [np.round(box.quad / 2.0).astype(np.int32)], 1)
    free = [k for k in np.flatnonzero(like) if covered[y[k]:y[k] + h[k], x[k]:x[k] + w[k]].mean() < 0.2
            and not _straight_stroke(labels[y[k]:y[k] + h[k], x[k]:x[k] + w[k]] == k + 1)]
    groups: list[list[int]] = []
    for k in free:
        near = [g for g in groups if any(abs(x[k] - x[j]) < w[j] + tall and abs(y[k] - y[j]) < h[j] + tall
                                         for j in g)]
        groups = [g for g in groups if g not in near] + [[k] + [j for g in near for j in g]]
    # lettering standing alone: no other ink but lines (and specks) within half a character of it; a group
    # beside more lettering is part of a text read otherwise, or pieces of one a line or hatching cuts up
    # (and in no hatching: lines of more than three pieces of ink within a character of it)
    # (a line's piece the scan broke off is as flat as a line, however short)
    lines = (longer > 1.6 * tall) | ((np.minimum(w, h) <= 0.2 * tall) & (longer >= tall))
    specks = longer < 0.3 * tall
    line_labels = 1 + np.flatnonzero(lines)
    centre_x, centre_y = x + w / 2.0, y + h / 2.0
    found = []
    for g in map(np.array, groups):
        x0, y0, x1, y1 = x[g].min(), y[g].min(), (x[g] + w[g]).max(), (y[g] + h[g]).max()

        def within(m: float) -> np.ndarray:
            return (x < x1 + m) & (x + w > x0 - m) & (y < y1 + m) & (y + h > y0 - m)

        near = within(0.5 * tall) & ~lines & ~specks & ~(
            (centre_x > x0) & (centre_x < x1) & (centre_y > y0) & (centre_y < y1))
        near[g] = False
        if not near.any() and int((within(tall) & lines).sum()) <= 3:
            reach = int(round(0.7 * tall))

            def crossed(strip: np.ndarray, axis: int) -> bool:
                """A line across the lettering inks the strip beside it all along; a character joined to a line
                (a 2 an arrow's line runs out of) is a line's ink reaching over most of the lettering's height."""
                if not strip.size:
                    return False
                if ((strip > 0).mean(axis=axis) >= 0.9).any():
                    return True
                reached = np.flatnonzero(np.isin(strip, line_labels).any(axis=1 - axis))
                return bool(reached.size and reached[-1] - reached[0] + 1 >= 0.6 * strip.shape[1 - axis])

            beside = np.array([crossed(labels[y0:y1, max(0, x0 - reach):x0], 0),
                               crossed(labels[max(0, y0 - reach):y0, x0:x1], 1),
                               crossed(labels[y0:y1, x1:x1 + reach], 0), crossed(labels[y1:y1 + reach, x0:x1], 1)])
            found.append((2 * np.array([x0, y0, x1, y1], np.float64), len(g), beside))
    return found


def _straight_stroke(mask: np.ndarray) -> bool:
    """Whether a piece of ink is one straight stroke (a piece of hatching or of a slanted line, as square in
    its bounds as a character when it runs at 45°): its pixels spread along one direction only.

    >>> _straight_stroke(np.eye(20, dtype=bool) | np.eye(20, k=1, dtype=bool))
    True
    >>> ring = np.zeros((20, 14), bool); ring[[0, -1], :] = True; ring[:, [0, -1]] = True
    >>> _straight_stroke(ring)
    False
    """
    ys, xs = np.nonzero(mask)
    if len(xs) < 3:
        return True
    spread = np.linalg.eigvalsh(np.cov(np.stack([xs, ys]).astype(np.float64)))
    return bool(spread[0] <= 0.03 * spread[1])


# one character found alone must read surer still than longer lettering (a corner of hatching reads 7 at 0.97)
_ONE_CHARACTER_SURE = 0.99


def _read_lone_lettering(boxes: list[TextBox], raster: np.ndarray, gray: np.ndarray,
                         config: ReaderConfig) -> list[TextBox]:
    """Lettering the page-wide detector left out (:func:`_lone_lettering`: a lone ``5`` or ``75`` between its
    arrowheads, which the page shrunk to ``det_side`` scores just under a text) is read where it stands: a
    group wider than tall as a line, one taller than wide as a vertical text reading upwards, one about as wide
    as tall both ways (the surer reading holds). A reading of a dimension, sure (:data:`SURE_READING`; one
    character :data:`_ONE_CHARACTER_SURE`), with a digit for each character found, is added. Returns the
    boxes."""
    groups = _lone_lettering(gray, boxes)
    if not groups:
        return boxes
    candidates, quads, crossed = [], [], []
    for (x0, y0, x1, y1), characters, (left, top, right, bottom) in groups:
        wide, tall = x1 - x0 > 1.3 * (y1 - y0), y1 - y0 > 1.3 * (x1 - x0)
        char = max(x1 - x0, y1 - y0) / characters
        pad = 0.2 * char
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
        # a line crossing the lettering's line beside it may hide a character: read over it, the line
        # painted out, or not at all
        reach = 1.3 * max(x1 - x0, y1 - y0) / characters
        ways = []
        if characters == 1 or not tall:
            ways.append((np.array([[x0 - reach * left, y0], [x1 + reach * right, y0],
                                   [x1 + reach * right, y1], [x0 - reach * left, y1]]), left or right))
        if characters == 1 or not wide:  # a vertical text's top-left is the region's bottom-left
            ways.append((np.array([[x0, y1 + reach * bottom], [x0, y0 - reach * top],
                                   [x1, y0 - reach * top], [x1, y1 + reach * bottom]]), top or bottom))
        candidates.append((characters, len(quads), len(ways)))
        quads.extend(quad for quad, _ in ways)
        crossed.extend(over for _, over in ways)
    plain = [k for k, over_a_line in enumerate(crossed) if not over_a_line]
    over_lines = [k for k, over_a_line in enumerate(crossed) if over_a_line]
    reads: list[tuple[str, float]] = [("", 0.0)] * len(quads)
    for ks, erase in ((plain, False), (over_lines, True)):
        for k, reading in zip(ks, reread(raster, [quads[k] for k in ks], det_side=config.det_side,
                                         erase_lines=erase)):
            reads[k] = reading
    added = []
    for characters, first, ways in candidates:
        k = max(range(first, first + ways), key=lambda n: reads[n][1])
        text, score = recover_symbols(reads[k][0]), reads[k][1]
        # (a circle alone, a hole's outline, reads as a 0, and a line's piece with a hook as a 1: no sizes)
        sure = SURE_READING if len(text) > 1 else _ONE_CHARACTER_SURE
        if score >= sure and try_parse(text) is not None and len(_digits(text)) >= characters \
                and text not in ("0", "1"):
            added.append(TextBox(text, quads[k], score))
    if added:
        log.debug("lone lettering read: %s", [b.text for b in added])
    return boxes + added


_ANGLE_READING = re.compile(r"\d{1,3}(?:[.,]\d{1,2})?°")


def _read_texts_the_detector_doubted(boxes: list[TextBox], raster: np.ndarray, text_maps: list[np.ndarray],
                                      config: ReaderConfig) -> list[TextBox]:
    """Texts the page-wide detector responded to but found no box for (small lettering slanted along its
    arc, which the page shrunk to ``det_side`` scores under a text, or as too small a box; a size with its
    stack, the two a region the box score turns down): where the detector's text map (``text_maps``,
    :func:`~drawinglab.read.ocr.recognise`) rises over its threshold and no box stands, the page is detected
    and read again at its own resolution in a window four text lines wider; a reading there that
    :func:`_doubted_reading_kept` takes (an angle ``60°``, a size, a stack's signed row), sure
    (:data:`SURE_READING`; an angle :data:`_DOUBTED_ANGLE_SURE`), and no box read already, is added. Returns the
    boxes."""
    import cv2

    if not boxes or not text_maps:
        return boxes
    text_map = np.maximum.reduce(text_maps) if len({m.shape for m in text_maps}) == 1 else text_maps[0]
    height, width = raster.shape[:2]
    sy, sx = text_map.shape[0] / height, text_map.shape[1] / width
    covered = np.zeros(text_map.shape, np.uint8)
    cv2.fillPoly(covered, [np.round(b.quad * [sx, sy]).astype(np.int32) for b in boxes], 1)
    count, labels, stats, _ = cv2.connectedComponentsWithStats((text_map >= 0.3).astype(np.uint8))
    line = float(np.median([b.height for b in boxes]))
    reach = 2.0 * line
    looked: list[tuple[int, int, int, int]] = []
    for k in range(1, count):
        x, y, w, h, area = stats[k]
        # a response no bigger than a few characters, most of it outside every box
        if area < 4 or max(w / sx, h / sy) > 4 * line \
                or covered[y:y + h, x:x + w][labels[y:y + h, x:x + w] == k].mean() > 0.3:
            continue
        cx, cy = (x + w / 2.0) / sx, (y + h / 2.0) / sy
        if any(x0 + line <= cx <= x1 - line and y0 + line <= cy <= y1 - line for x0, y0, x1, y1 in looked):
            continue
        looked.append((int(max(0, x / sx - reach)), int(max(0, y / sy - reach)),
                       int(min(width, (x + w) / sx + reach)), int(min(height, (y + h) / sy + reach))))
    added: list[TextBox] = []
    for box in _recognise_windows(raster, looked, config):
        text = recover_symbols(box.text)
        floor = _DOUBTED_ANGLE_SURE if _ANGLE_READING.fullmatch(text) else SURE_READING
        if not _doubted_reading_kept(text) or box.score < floor \
                or any(_overlap(box, other) > 0.3 for other in (*boxes, *added)):
            continue
        box.text = text
        added.append(box)
    log.debug("texts the detector doubted: %d windows, %s", len(looked), [b.text for b in added])
    return boxes + added


# an angle read where the detector doubted, a line or its arc crossing it (``90°`` at 0.89): its degree sign
# makes a chance reading of other ink rare enough to take it less sure than other texts
_DOUBTED_ANGLE_SURE = 0.85


def _doubted_reading_kept(text: str) -> bool:
    """Whether a reading where the detector doubted is taken: an angle, a size, or a stack's signed row or a
    fit class (grouping joins them to their nominal)."""
    if _ANGLE_READING.fullmatch(text):
        dim = try_parse(text)
        return dim is not None and dim.kind == "angle"
    if text in ("0", "1") or not re.search(r"\d", text):
        return False
    return try_parse(text) is not None or (is_deviation(text) and text[:1] in "+-±") or is_fit_class(text)


def _recognise_windows(raster: np.ndarray, windows: list[tuple[int, int, int, int]],
                       config: ReaderConfig) -> list[TextBox]:
    """Text detected in windows (x0, y0, x1, y1) of the page at its own resolution and read in one batch
    (:func:`~drawinglab.read.ocr.reread`, no direction classifier), in page coordinates; boxes the window's
    edge cuts are left out."""
    quads = []
    found = detect_in_windows([np.ascontiguousarray(raster[y0:y1, x0:x1]) for x0, y0, x1, y1 in windows],
                              tuple(config.rotations))
    for (x0, y0, x1, y1), boxes in zip(windows, found):
        for box in boxes:
            bx0, by0, bx1, by1 = box.bbox
            if bx0 > 2 and by0 > 2 and bx1 < x1 - x0 - 2 and by1 < y1 - y0 - 2:
                quads.append(box.quad + np.array([x0, y0], dtype=np.float64))
    return [TextBox(text, quad, score) for quad, (text, score)
            in zip(quads, reread(raster, quads, det_side=config.det_side))]


def _shaft_classes_read_as_digits(boxes: list[TextBox]) -> None:
    """A shaft's fit class ``g`` read as a ``9`` (``⌀26`` then ``96`` for ``⌀26 g6``): a two-digit number
    ``9`` plus a grade standing right after a bare diameter on its line, as tall as it, is its fit class (two
    sizes never stand a character apart on one line). Relabelled before grouping, which joins it to its size."""
    for main in boxes:
        if main.source != "ocr" or main.members or not re.fullmatch(r"⌀\d+(?:[.,]\d+)?", main.text.strip()):
            continue
        h = max(main.height, 1.0)
        for other in boxes:
            m = re.fullmatch(r"9([4-9])", other.text.strip())
            if other is main or m is None or other.source != "ocr" or other.members \
                    or _angle_diff(other.rotation, main.rotation) > 10 or not 0.75 <= other.height / h <= 1.3:
                continue
            start = main.local(other.quad)
            if (main.width - 0.3 * h <= start[:, 0].min() <= main.width + 1.0 * h
                    and abs(start[:, 1].mean() - h / 2) <= 0.3 * h
                    and try_parse(f"{main.text.strip()} g{m[1]}") is not None):
                other.text = f"g{m[1]}"
                break


def _pieces_read_twice(boxes: list[TextBox]) -> list[TextBox]:
    """A piece of a number (:data:`_FRAGMENT`) left over inside a longer reading that holds its digits (``.55``
    inside ``⌀5.55 5.45`` once the limits were read whole) is the same ink read twice: it goes. Returns the
    boxes left."""
    return [b for b in boxes if not (
        b.source == "ocr" and not b.members and _FRAGMENT.fullmatch(b.text.strip())
        and any(o is not b and len(o.text.strip()) > len(b.text.strip()) and _digits(b.text) in _digits(o.text)
                and _overlap(b, o) > 0.5 for o in boxes))]


def _pdf_boxes(page: Page) -> list[TextBox]:
    boxes = []
    for span in page.text_spans:
        quad = np.asarray(span.quad, dtype=np.float64)
        boxes.append(TextBox(span.text.strip(), quad, 1.0, "pdf-text", True))
    return boxes


def _merge_pdf_and_ocr(pdf: list[TextBox], ocr: list[TextBox]) -> list[TextBox]:
    """The text layer wins; OCR fills what the layer lacks (glyphs drawn as paths). An OCR reading that
    covers a span and adds a leading diameter sign recovers the ⌀ the layer drew as a path."""
    out = list(pdf)
    for box in ocr:
        overlapping = [p for p in pdf if _overlap(box, p) > 0.3]
        if not overlapping:
            out.append(box)
            continue
        fixed = recover_symbols(box.text)
        for span in overlapping:
            if fixed.startswith("⌀") and fixed[1:].replace(" ", "").startswith(span.text.replace(" ", "")[:3]) \
                    and not span.text.startswith("⌀"):
                span.text = "⌀" + span.text
    return out


def _categorise(box: TextBox, text: str, dim, layout: PageLayout, framed_by_symbol: bool = False) -> str:
    """The reader's category of one text (see :data:`COLUMNS`). ``framed_by_symbol``: the text stands in a
    feature control frame after a compartment holding a characteristic symbol, where sizes are tolerances."""
    bbox = box.bbox
    if re.search(r"[\u2460-\u2473\u24ea\u24f5-\u24fe\u2776-\u2793]", text):
        return "other"  # a circled digit: a centre mark read as ①, an item's balloon, a modifier misread; no size
    if box.source == "ocr" and re.fullmatch(r"[1lI|!①]+", text.strip()):
        slant = min(box.rotation % 90.0, 90.0 - box.rotation % 90.0)
        if box.score < 0.9 or slant > 10.0:
            return "other"  # a line end, an arrowhead or a centre mark taken for ones, not a size of 1 or 11
    if layout.in_margin(bbox) or (len(text.strip()) <= 2 and layout.near_edge(bbox)):
        return "other"  # zone markers and sheet-edge labels
    if layout.in_box(bbox, layout.title_block) or any(layout.in_box(bbox, t) for t in layout.tables):
        return "title_block"
    if any(layout.in_box(bbox, f) for f, _ in layout.gdt_frames):
        # GD&T tolerance values are fractions of a millimetre; a boxed size is a basic dimension, but strokes
        # read as ones are a characteristic symbol (// parallelism read as 11), and after a symbol's compartment
        # a size is a misread tolerance (``⌀100`` for ``0.100`` with a line through its decimal point)
        if dim is not None and dim.nominal is not None and dim.nominal >= 1.5 and dim.kind != "angle" \
                and not re.fullmatch(r"[1lI|/\\!]+", text.strip()) and not framed_by_symbol:
            return "dimension"
        return "gdt"
    if dim is not None and dim.kind != "roughness":
        return "dimension"
    letters = re.findall(r"[A-Za-z]{2,}", text)
    return "note" if letters else "other"


def _frame_record(box: TextBox, layout: PageLayout,
                  records: list[dict[str, Any]]) -> tuple[dict[str, Any] | None, bool]:
    """The feature control frame record (:func:`_gdt_records`) of the frame ``box`` stands in, or None; and
    whether it stands in a compartment after one holding a recognised characteristic symbol."""
    framed = next(((f, cells) for f, cells in layout.gdt_frames if layout.in_box(box.bbox, f, 0.5)), None)
    record = next((r for r in records if r["frame"] == list(framed[0])), None) if framed else None
    after_symbol = record is not None and record["symbol"] is not None and any(
        layout.in_box(box.bbox, cell, 0.5) for cell in framed[1][1:])
    return record, after_symbol


# letters no datum is named with (ASME Y14.5: I, O and Q pass for digits); an O in a frame is a ○ or ◎ read
_NO_DATUM = set("IOQ")


def _without_accents(text: str) -> str:
    """``text`` with the accents of its letters dropped (``Á`` → ``A``)."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


_TOLERANCE = re.compile(r"([⌀ØøΦφ])?\s*(\d*[.,]\d+)\s*([MLⓂⓁ])?")


def _frame_tolerance(text: str) -> tuple[float, bool, str | None] | None:
    """The tolerance of a feature control frame's compartment text: value, whether a ⌀ leads it, modifier;
    None where it holds none. A frame's tolerance is under 1 mm and written with its decimal sign; a line
    crossing the compartment can hide that sign (``0 20``: a blank or bar where it stands; ``⌀100``: the ``0.``
    read as one ⌀) or add strokes before it (``110,010``: the ``//`` symbol's strokes, a leader's).

    >>> _frame_tolerance("⌀0.05 Ⓜ"), _frame_tolerance("0 20"), _frame_tolerance("⌀100")
    ((0.05, True, 'M'), (0.2, False, None), (0.1, False, None))
    >>> _frame_tolerance("110,010"), _frame_tolerance("A"), _frame_tolerance("⌀0,100")
    ((0.01, False, None), None, (0.1, True, None))
    """
    text = re.sub(r"^[1lI|/]{1,3}\s?(?=0[.,]\d)", "", text.strip())
    m = _TOLERANCE.search(text)
    if m is not None:
        modifier = {"Ⓜ": "M", "Ⓛ": "L"}.get(m.group(3) or "", m.group(3))
        return float(m.group(2).replace(",", ".")), bool(m.group(1)), modifier
    hidden = re.fullmatch(r"0\s*[|!]?\s*(\d{1,3})|[⌀ØøΦφ](\d{2,3})", text)
    if hidden is not None:
        return float("0." + (hidden.group(1) or hidden.group(2))), False, None
    return None


def _gdt_records(boxes: list[TextBox], layout: PageLayout, gray: np.ndarray | None = None,
                 config: ReaderConfig | None = None) -> list[dict[str, Any]]:
    """Feature control frames: the text of each compartment in order → tolerance, ⌀, modifier, datums; the
    characteristic symbol from the text when it holds one (a PDF's text layer), else recognised from the
    raster of the frame's square first compartment (:mod:`~drawinglab.read.gdt_symbols`, 2 of 3 votes).
    A compartment after the first holding no text read (a lone datum letter the detector left out) is read
    on its own from the raster; the first, the symbol's, names no datum."""
    from .gdt_symbols import default_classifier

    classifier = default_classifier() if gray is not None else None
    frame_texts = []
    for frame, cells in layout.gdt_frames:
        texts = []
        for cell in cells:
            inside = [b for b in boxes if layout.in_box(b.bbox, cell, 0.5)]
            texts.append(" ".join(b.text for b in sorted(inside, key=lambda b: b.bbox[0])))
        frame_texts.append(texts)
    if gray is not None:
        empty = [(n, k) for n, texts in enumerate(frame_texts) for k in range(1, len(texts)) if not texts[k].strip()]
        quads = [np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float64) for x0, y0, x1, y1 in
                 (layout.gdt_frames[n][1][k] for n, k in empty)]
        config = config or ReaderConfig()
        for (n, k), (text, score) in zip(empty, reread(gray, quads, det_side=config.det_side)):
            if score >= config.min_score and re.fullmatch(r"[A-Z]{1,2}", text.strip().strip("|[]")):
                frame_texts[n][k] = text.strip().strip("|[]")
    records = []
    for (frame, cells), texts in zip(layout.gdt_frames, frame_texts):
        record: dict[str, Any] = {"symbol": None, "symbol_source": None, "tolerance": None, "diameter": False,
                                  "modifier": None, "datums": [], "frame": list(frame), "cells": texts}
        for k, t in enumerate(texts):
            for ch, name in _GDT_SYMBOLS.items():
                if ch in t:
                    record["symbol"], record["symbol_source"] = name, "text"
            m = _frame_tolerance(t)
            letters = _without_accents(t).strip()  # a speck over a datum letter reads as an accent (Á)
            if m and record["tolerance"] is None:
                record["tolerance"], record["diameter"], record["modifier"] = m
            elif k > 0 and re.fullmatch(r"[A-Z]{1,2}", letters) and not set(letters) & _NO_DATUM:
                x0, y0, x1, y1 = cells[k]
                if (letters in ("M", "L") and record["tolerance"] is not None and record["modifier"] is None
                        and not record["datums"] and x1 - x0 < 0.8 * (y1 - y0)):
                    record["modifier"] = letters  # a circled modifier whose circle was taken for walls
                else:
                    record["datums"].append(letters)
        if record["tolerance"] is None:  # a line crossing the value taken for a wall: its numbers run on
            numbers = [t.strip() for t in texts[1:] if re.fullmatch(r"[⌀\d.,|\s]+", t.strip())]
            m = _frame_tolerance(" ".join(numbers)) if len(numbers) > 1 else None
            if m:
                record["tolerance"], record["diameter"], record["modifier"] = m
        if record["symbol"] is None and classifier is not None:
            # the symbol compartment is the square at the frame's start (a symbol's own strokes can pass
            # for a wall, so the cells found are not trusted for it)
            x0, y0, x1, y1 = (int(round(v)) for v in frame)
            name, share = classifier.predict(gray[max(0, y0):y1, max(0, x0):x0 + (y1 - y0)])
            if name is not None and share >= 0.6:
                record["symbol"], record["symbol_source"] = name, "raster"
        records.append(record)
    return records


# a nominal and one deviation, as a stack read as one line comes back (its decimal sign may read as ; or :)
_NOMINAL_AND_DEVIATION = re.compile(
    r"^(?P<nominal>.*\d)(?P<deviation>\s*[+\-±]\s?\d*(?:[.,]|[;:]\s?)?\d+|\s+\d*[.,]\d+)$")


def _stack_quads(box: TextBox, nominal_chars: int, deviation_chars: int,
                 overlap: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Upper and lower halves of the part of ``box`` right of its nominal (deviation digits are drawn
    smaller, about 0.65 of a nominal character's width), each reaching ``overlap`` of the height past the
    middle (negative: stopping short of it)."""
    x = box.width * nominal_chars / (nominal_chars + 0.65 * deviation_chars) - 0.1 * box.height
    return _row_quads(box, x, overlap)


def _row_quads(box: TextBox, x: float = 0.0, overlap: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Upper and lower halves of ``box`` from ``x`` along the text to its end, each reaching ``overlap`` of the
    height past the middle."""
    h = box.height
    return (_region(box, before=-x, below=(overlap - 0.5) * h),
            _region(box, before=-x, above=(overlap - 0.5) * h))


def _compact(reading: str) -> str:
    """A re-read piece of text with the symbol repairs applied and no spaces (a deviation, a limit)."""
    return recover_symbols(reading).replace(" ", "")


def _compact_row(reading: str) -> str:
    """A re-read row of a stack (a deviation), compacted: a lone round letter is its ``0`` (``C`` for a
    broken zero), a letter standing for the sign before a deviation (``H0,10``: a ``+`` crossed by a line),
    or a ``÷`` (a scanned ``+`` its upright broken off), is a ``+``, a round letter right after the sign is a
    ``0``, and a digit before the sign (``0-0,03``: the edge of the nominal's last ``0`` the row's crop took
    in) goes; letters that look like digits are those digits where that makes a deviation.

    >>> _compact_row("0-0,03"), _compact_row("H0,10"), _compact_row("C"), _compact_row("-0,03"), _compact_row("-0.i0")
    ('-0,03', '+0,10', '0', '-0,03', '-0.10')
    >>> _compact_row("÷0.02"), _compact_row("+C,05")
    ('+0.02', '+0,05')
    """
    text = _compact(reading)
    if re.fullmatch(r"[OoCcD]", text):
        return "0"
    if not is_deviation(text):
        as_digits = _compact(_lookalike_digits(reading))  # an italic 1 read as an i
        text = as_digits if is_deviation(as_digits) else text
    text = re.sub(r"^\d(?=[+\-±]0[.,]\d)", "", text)
    text = re.sub(r"^([+\-±])[OoCcD](?=[.,]\d)", r"\g<1>0", text)  # a zero some fonts slash or dot (``+C,05``)
    return re.sub(r"^[Hht÷](?=0[.,]\d)", "+", text)


def _compact_rows(upper: str, lower: str) -> tuple[str, str]:
    """A stack's two re-read rows, compacted (:func:`_compact_row`); over a signed lower deviation, an upper
    row read with a 1 before its ``0.`` (``10.10`` over ``-0.10``) lost the bar of its ``+`` (a faint scan, a
    line beside it): no limit stands over a deviation. Under ``+0.10``, a bare ``9.05`` is a lower row whose
    minus ran into a dotted or blurred zero (``-0.05``): unsigned it would stand above the upper deviation. A
    signed row with no decimal sign gets the other row's, and a limit with a dash for it the other's sign.

    >>> _compact_rows("10.10", "-0.10"), _compact_rows("10.10", "9.90"), _compact_rows("10.1", "-0.10")
    (('+0.10', '-0.10'), ('10.10', '9.90'), ('10.1', '-0.10'))
    >>> _compact_rows("+0,10", "9,05"), _compact_rows("+0.1", "9.05"), _compact_rows("0.10", "9.90")
    (('+0,10', '-0,05'), ('+0.1', '9.05'), ('0.10', '9.90'))
    >>> _compact_rows("+0.20", "-003"), _compact_rows("+010", "-0,02"), _compact_rows("+0.20", "-1234")
    (('+0.20', '-0.03'), ('+0,10', '-0,02'), ('+0.20', '1234'))
    >>> _compact_rows("30-00", "29.98"), _compact_rows("30-0", "29.98")
    (('30.00', '29.98'), ('30-0', '29.98'))
    """
    rows = [_compact_row(upper), _compact_row(lower)]
    # a signed row read with no decimal sign (a line crossing it there: ``-003`` under ``+0.20``) has it where
    # the other row does, deviations being written to the same decimals
    for row, reading in enumerate((upper, lower)):
        bare = re.fullmatch(r"([+\-])(\d+)", re.sub(r"\s", "", reading))
        written = re.fullmatch(r"[+\-]?\d+([.,])(\d+)", rows[1 - row])
        if bare and written and len(bare[2]) == len(written[2]) + 1:
            rows[row] = f"{bare[1]}{bare[2][0]}{written[1]}{bare[2][1:]}"
    # limits: a dash between a row's digits where the other row has its decimal sign (a line through the
    # point; ``30-00`` over ``29.98``)
    for row in (0, 1):
        dashed = re.fullmatch(r"(⌀?\d+)[-~_](\d+)", rows[row])
        written = re.fullmatch(r"\d+([.,])(\d+)", rows[1 - row])
        if dashed and written and len(dashed[2]) == len(written[2]):
            rows[row] = f"{dashed[1]}{written[1]}{dashed[2]}"
    upper, lower = rows
    bare = re.fullmatch(r"1(0[.,]\d+)", upper)
    if bare and re.fullmatch(r"-\d*[.,]\d+", lower) and _decimals(bare[1]) == _decimals(lower):
        upper = "+" + bare[1]
    if re.fullmatch(r"\+0[.,]\d+", upper) and re.fullmatch(r"9[.,]\d+", lower) and _decimals(upper) == _decimals(lower):
        lower = "-0" + lower[1:]
    return upper, lower


def _decimals(number: str) -> int:
    return len(re.split(r"[.,]", number, maxsplit=1)[1]) if re.search(r"[.,]", number) else 0


def _deviation_pair(upper: str, lower: str) -> tuple[str, str] | None:
    """An upper and a lower deviation as a drawing can give them, else ``None``.

    As written, the upper deviation is the greater; an upper one read below the lower one lost the
    upright of its ``+`` (``-0.20`` over ``-0.03`` is ``+0.20``), and a bare lower one under ``0`` or a ``+``
    lost its minus (``0`` over ``0.02`` is ``0`` over ``-0.02``; see :func:`_restore_lost_sign`). Both
    are given to the same number of decimal places unless one is zero (ISO 129-1, ASME Y14.5), so ``+0.055``
    over ``-0.05`` is a misreading.
    """
    try:
        up, low = (float(t.replace(",", ".")) for t in (upper, lower))
    except ValueError:
        return None
    if up < low and upper.startswith("-"):
        upper, up = "+" + upper[1:], -up
    if re.fullmatch(r"\d*[.,]\d+", lower) and low != 0 and (up == 0 or upper.startswith("+")):
        lower, low = "-" + lower, -low
    if up <= low or (up != 0 and low != 0 and _decimals(upper) != _decimals(lower)):
        return None
    return upper, lower


def _deviation_rows(upper: str, lower: str, whole: str) -> bool:
    """Whether two rows read apart from a box read ``whole`` may be an upper and a lower deviation. A lower one
    may have lost its sign, unless the whole was read with a ``±``: a one-line ``±0.20`` cut in two reads
    ``+0.20`` over a bare ``0.20`` (the ``±``'s bar)."""
    bare = "±" not in whole and re.fullmatch(r"0[.,]\d+", lower) is not None
    return is_deviation(upper) and (is_deviation(lower) or bare)


def _with_deviations(nominal: str, upper: str, lower: str) -> str | None:
    """``nominal upper lower`` when the deviations pair up (:func:`_deviation_pair`) and it parses."""
    pair = _deviation_pair(upper, lower)
    if pair is None:
        return None
    merged = f"{nominal} {pair[0]} {pair[1]}"
    return merged if try_parse(recover_symbols(merged)) is not None else None


def _count(text: str | None) -> str:
    """A quantity prefix as the reader writes it (``4 X`` → ``4x``); empty for none."""
    return re.sub(r"\s", "", text or "").replace("X", "x").replace("×", "x")


def _count_alone(reading: str) -> str | None:
    """The count (``4x``) a reading of the ground just before a ⌀ holds and nothing else, or None; a leader's
    end before it may come out as one stray symbol.

    >>> _count_alone("4x"), _count_alone("☑4X "), _count_alone("4x5"), _count_alone("A4x")
    ('4x', '4x', None, None)
    """
    count = re.fullmatch(r"\s*(?:[^\w\s.,]\s*)?(\d{1,2}\s*[xX×])\s*", reading)
    return _count(count[1]) if count else None


_FAIRLY_SURE = 0.6


def _second_looks(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> None:
    """Three general repairs, each one batched recognition:

    - a number-like reading that does not parse (a fit class alone aside) or whose digits start with a 0
      and no decimal sign after it (``⌀09`` is ``60°`` upside down; an angle over a full turn is a decimal
      sign under a line, see :func:`_decimal_sign_under_line`), or one read leftwards (upside down, as no
      drawing standard writes a dimension), may be upside down (the direction classifier's miss): read it
      turned 180° and keep that when it parses;
    - a plain number may have lost a leading ⌀/R the detector clipped: read the crop extended backwards
      and keep the symbol when the rest reads the same;
    - a nominal with one deviation in a box taller than a text line is a stacked tolerance read as one
      line (the recogniser keeps one of the two rows, or reads ``+0.05`` over ``0`` as ``±0.05``): read the
      upper and lower rows right of the nominal apart and keep both when they are deviations and the
      whole parses.
    """
    def numeric_like(text: str) -> bool:
        return len(re.findall(r"[A-Za-z]", text)) <= 2 and len(text) <= 16 and bool(re.search(r"\d", text))

    def reading_leftwards(box: TextBox) -> bool:  # upside down: no drawing standard writes dimensions so
        return 100.0 < box.rotation < 260.0

    # a fit class or a deviation on its own (``h6``, cut from its nominal by a line; ``+0.02``, a stack's row
    # split from it) is no dimension yet, and reads upside down as one more often than not (``94``, ``20.0``):
    # grouping joins it to its nominal
    unreadable = [b for b in boxes if numeric_like(b.text) and not re.fullmatch(r"\d", b.text)
                  and (try_parse(b.text) is None and not is_fit_class(b.text) and not is_deviation(b.text)
                       or reading_leftwards(b)
                       or _leading_zero(b.text.strip()))]
    # a box leaning 10-20° past vertical (italic lettering, a stack beside it) reads up or down the page:
    # its reading as cut, where it parses, is read again (a leaning box's crop differs from the one it was
    # read from) to compete with the turned one. Farther from vertical it is a slanted dimension read upside
    # down, which reads as surely both ways (``⌀9`` as ``60``)
    leaning = [b for b in unreadable if reading_leftwards(b) and not 110.0 <= b.rotation <= 250.0
               and try_parse(b.text) is not None]
    as_cut = {id(b): score for b, (_, score) in zip(leaning, reread(raster, [b.quad for b in leaning],
                                                                    det_side=config.det_side))}
    for box, (text, score) in zip(unreadable, reread(raster, [b.quad for b in unreadable], flip=True,
                                                         det_side=config.det_side)):
        text = recover_symbols(text)
        if score <= as_cut.get(id(box), 0.0):
            continue
        if is_fit_class(box.text) and not is_fit_class(text):
            continue  # a fit class read leftwards turns into digits as surely (``g6`` as ``98``)
        # upside-down text reads better turned; a reading that is merely odd (a symbol the recogniser does
        # not know) reads worse, and its turned reading is noise that happens to parse. Text read leftwards
        # (upside down) is a dimension only when turned: there the turned reading need only be fairly sure
        # (a speck read leftwards turns into a "⌀1" at 0.52); so need the turned readings of impossible ones
        floor = max(config.min_score,
                    _FAIRLY_SURE if reading_leftwards(box) or _leading_zero(box.text.strip()) else box.score)
        if try_parse(text) is not None and score >= floor:
            box.text, box.score, box.quad = text, score, box.quad[[2, 3, 0, 1]]
    # a dimension line's stub before the number can come back as a ⌀, so a character-sized glyph must stand
    # there (looked for first: only those are read again)
    plain = [b for b in boxes if re.fullmatch(r"\d+[.,]\d+(?:\s?[A-Za-z]{1,2}\d{1,2})?", b.text.strip())
             and _glyph_before(b, raster, 0.9 * b.height)]
    for box, (text, score) in zip(plain, reread(raster, [b.quad for b in plain], extend_left=0.9,
                                                  det_side=config.det_side)):
        text = _compact(text)
        # a boxed (basic) dimension's frame can come back as "[" / "]" / "|" beside the digits
        if score >= config.min_score and text[:1] in ("⌀", "R") and text[1:].strip("[]|") == box.text.strip():
            box.text = text[0] + box.text.strip()
    line = float(np.median([b.height for b in boxes])) if boxes else 0.0
    stacked, quads = [], []
    for box in boxes:
        m = _NOMINAL_AND_DEVIATION.match(box.text.strip())
        if not m or try_parse(m["nominal"]) is None:
            continue
        signed = m["deviation"].lstrip()[:1] in "+-±"
        if box.height < (1.1 if signed else 1.3) * line:  # an unsigned second number: only a tall box
            continue
        nominal, deviation_chars = m["nominal"].strip(), len(m["deviation"].replace(" ", ""))
        # the lower "0" of "+0.10 / 0" is often read into the nominal ("⌀40.000 +0.10"): try it without
        variants = [nominal] + ([nominal[:-1]] if re.search(r"\d[.,]\d+0$", nominal) else [])
        # rows cut apart with some overlap first; then, for a small "0" over a wider row, short of the middle
        for overlap in (0.05, -0.08):
            for variant in variants:
                rows = _stack_quads(box, len(variant), deviation_chars, overlap)
                if any(_overlap(TextBox("", quad, 1.0), b) > 0.3 for quad in rows for b in boxes if b is not box):
                    continue  # a row has a box of its own: grouping joins them as read
                stacked.append((box, variant))
                quads.extend(rows)
    reads = reread(raster, quads, det_side=config.det_side)
    settled: set[int] = set()
    for k, (box, nominal) in enumerate(stacked):
        if id(box) in settled:
            continue
        (upper, s_up), (lower, s_low) = reads[2 * k], reads[2 * k + 1]
        upper, lower = _compact_rows(upper, lower)
        # ± is written on one line: an upper row read as "±" is its "+" over the top of the row below
        upper = "+" + upper[1:] if upper.startswith("±") else upper
        # halves cut by geometry, not found on the ink: a bare lower half is too often a misreading to sign
        if min(s_up, s_low) < config.min_score or not (is_deviation(upper) and is_deviation(lower)):
            continue
        merged = _with_deviations(nominal, upper, lower)
        if merged is not None and not ("±" in box.text and _halves_of_one_line(upper, lower)):
            box.text = merged
            settled.add(id(box))
    _stacked_fits([b for b in boxes if id(b) not in settled], raster, config, line)


def _halves_of_one_line(upper: str, lower: str) -> bool:
    """Whether the two rows cut from a reading with a ``±`` are one line of ``±`` cut in two rather than a
    stack the recogniser took for one: rows of equal size; an upper row read with a minus (a stack read as
    ``±`` has a plus over its minus; the ``±``'s bar cut off reads as a minus); or rows that disagree on
    the decimal sign (halves of digits, not two lines of them).

    >>> _halves_of_one_line("+0.05", "-0.03"), _halves_of_one_line("+0.30", "-0.30")
    (False, True)
    >>> _halves_of_one_line("-0.30", "-0.50"), _halves_of_one_line("+0.05", "-0,03")
    (True, True)
    """
    separators = set(re.findall(r"\d([.,])\d", upper + " " + lower))
    return upper.lstrip("+-") == lower.lstrip("+-") or upper.startswith("-") or len(separators) > 1


_NOMINAL_THEN_SMALL = re.compile(r"^(?P<nominal>[⌀R]?\d+(?:[.,]\d+)?)\s?(?P<rest>\S{1,4})$")


def _stacked_fits(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig, line: float) -> None:
    """A hole class over a shaft class written small after a nominal (``⌀24`` with ``H7`` over ``g6``) comes
    out of the recogniser as one line of stray characters (``⌀2486``), or as the nominal and the upper class
    (``⌀46.00H7``). In a box taller than a text line, each way of ending the nominal one to four characters early
    is tried (two first; the nominal as read first where letters follow it, its rows read as cut and a
    character wider): the rows right of it are read apart, without pieces of a line through them
    (:func:`_fit_row`), and the reading is kept when they are a hole class over a shaft class. Where the rows
    can be found on the ink (:func:`_stack_on_ink`), they are tried first, cut where they stand, after as many
    characters of the reading as the nominal has glyphs (``⌀1147`` for ``⌀11`` with ``H7`` over ``f7``, its
    ``H`` read with too little confidence from the row the character shares cut)."""
    tries, quads = [], []
    for box in boxes:
        text = box.text.strip()
        if box.height < 1.15 * line or not _NOMINAL_THEN_SMALL.match(text) or _FITS.search(text):
            continue
        on_ink = _stack_on_ink(box, raster)
        if on_ink is not None and try_parse(nominal := _nominal_of(text, on_ink[0])) is not None:
            tries.append((box, nominal))
            quads.extend(on_ink[2:])
        if re.fullmatch(r"[⌀R]?\d+[.,]\d+", text):  # a well-formed decimal is read as drawn but for rows on the ink
            continue
        # two stacked classes leave at least two stray characters, mostly; where the reading turns from a
        # number to letters (``⌀50,00h``), the number as read is the nominal, tried first
        tail = re.fullmatch(r"[⌀R]?\d+(?:[.,]\d+)?\s?([A-Za-z]\S{0,3})", text)
        rests = (2, 3, 4, 1) if tail is None else (len(tail[1]),) + tuple(r for r in (2, 3, 4, 1) if r != len(tail[1]))
        for n, rest in enumerate(rests):
            nominal = text[:len(text) - rest].rstrip()
            if not re.fullmatch(r"[⌀R]?\d+(?:[.,]\d+)?", nominal) or try_parse(nominal) is None:
                continue
            # the nominal as read ends where the letters start; its rows may start a character earlier than
            # their share of the reading says (a decimal point is narrow), so they are read wider too
            for wider in ((0, 1) if tail is not None and n == 0 else (0,)):
                tries.append((box, nominal))
                quads.extend(_stack_quads(box, len(nominal) - wider, max(rest, 2) + wider))
    reads = reread(raster, quads, det_side=config.det_side)
    done: set[int] = set()
    for k, (box, nominal) in enumerate(tries):
        (upper, s_up), (lower, s_low) = reads[2 * k], reads[2 * k + 1]
        # a row read wider may hold the nominal's last digit before it (``0H7``)
        upper, lower = (re.sub(r"^[\d.,](?=[A-Za-z])", "", _fit_row(row)) for row in (upper, lower))
        if id(box) in done or min(s_up, s_low) < config.min_score:
            continue
        if re.fullmatch(r"[A-Z]{1,2}\d{1,2}", upper) and re.fullmatch(r"[a-z]{1,2}\d{1,2}", lower) \
                and try_parse(f"{nominal} {upper} {lower}") is not None:
            box.text = f"{nominal} {upper} {lower}"
            done.add(id(box))


def _stack_on_ink(box: TextBox, raster: np.ndarray) -> tuple[int, float, np.ndarray, np.ndarray] | None:
    """Where two rows of small lettering after a nominal start on the ink of ``box`` (a fit's classes, a
    tolerance's deviations): the number of the nominal's glyphs before them, where the nominal ends (px along
    the box) and the quads of the upper and lower row, each cut to its ink; None where the ink shows no such
    rows.

    The nominal's glyphs are the columns of ink from the text's start, each standing on the line, top and foot,
    of the one before (pieces of a broken glyph one above the other are one column; a decimal sign, under half
    a glyph's height, none; a ⌀ smaller than the digits one). After them, up to the text's end, comes a stack:
    glyphs of at least half the nominal's height above and below its middle, the two rows together taller than
    it, and no glyph on the nominal's line again. Where a line runs through the nominal's characters, its
    glyphs cannot be counted, and there is no answer."""
    bh = box.height
    margin = 0.1 * bh
    _, stats, _ = _lettering(crop_upright(raster, _region(box, above=margin, below=margin), pad=0.0), bh)
    if not len(stats):
        return None
    x, y, w, h = (stats[:, k].astype(float) for k in range(4))
    # no lines, specks, flat strokes (a line's stub, a minus) or a line's pieces (a ruling line's stubs where the
    # text interrupts it)
    flat = (h < 0.25 * w) & (h < 0.1 * bh)
    lettering = np.flatnonzero((w <= 0.6 * bh) & (h <= 0.9 * bh) & ((w >= 0.12 * bh) | (h >= 0.3 * bh)) & ~flat)
    # columns of ink along the text: components overlapping along it by half the narrower are one
    columns: list[list[float]] = []  # left, right, top, foot
    for k in lettering[np.argsort(x[lettering])]:
        last = columns[-1] if columns else None
        if last and min(last[1], x[k] + w[k]) - max(last[0], x[k]) >= 0.5 * min(w[k], last[1] - last[0]):
            last[1], last[2], last[3] = max(last[1], x[k] + w[k]), min(last[2], y[k]), max(last[3], y[k] + h[k])
        else:
            columns.append([x[k], x[k] + w[k], y[k], y[k] + h[k]])
    if len(columns) < 2:
        return None

    def on_line(column: list[float], top: float, foot: float) -> bool:
        return abs(column[2] - top) <= 0.2 * (foot - top) and abs(column[3] - foot) <= 0.2 * (foot - top)

    # the nominal's glyphs from the first glyph-sized column on (a line's stub may stand before the text), each
    # on the line of the one before (a line of text may slope in its box)
    first = next((k for k, c in enumerate(columns) if c[3] - c[2] >= 0.3 * bh), len(columns))
    if len(columns) - first < 2:
        return None
    top, foot = columns[first][2], columns[first][3]
    tall = foot - top
    nominal: list[list[float]] = []
    for column in columns[first:]:
        if column[3] - column[2] < 0.5 * tall:
            continue  # a decimal sign, a minus
        if not on_line(column, top, foot):
            break
        nominal.append(column)
        top, foot = column[2], column[3]
    tall = float(np.median([c[3] - c[2] for c in nominal]))
    # a ⌀ smaller than the digits (some fonts') right before them, on their line, is the nominal's too
    if first and columns[first - 1][3] - columns[first - 1][2] >= 0.5 * tall \
            and nominal[0][2] <= (columns[first - 1][2] + columns[first - 1][3]) / 2.0 <= nominal[0][3]:
        nominal.insert(0, columns[first - 1])
    start = nominal[-1][1]
    rest = [c for c in columns if c[0] >= start - 1]
    if not rest or any(on_line(c, top, foot) for c in rest):
        return None
    middle = (top + foot) / 2.0
    after = lettering[(x[lettering] >= start - 1) & (h[lettering] >= 0.25 * tall)]
    up = after[y[after] + h[after] / 2.0 < middle]
    low = after[y[after] + h[after] / 2.0 >= middle]
    if not len(up) or not len(low) or (h[up] < 0.45 * tall).all() or (h[low] < 0.45 * tall).all():
        return None
    up_top, up_bottom = float(y[up].min()), float((y[up] + h[up]).max())
    low_top, low_bottom = float(y[low].min()), float((y[low] + h[low]).max())
    if low_bottom - up_top < 1.15 * tall:
        return None  # one row of small lettering
    lines = np.flatnonzero((w > 1.5 * tall) & (x < start))
    if ((y[lines] < foot - 0.25 * tall) & (y[lines] + h[lines] > top + 0.25 * tall)).any():
        return None
    between = (up_bottom + low_top) / 2.0
    pad = 0.15 * (up_bottom - up_top)
    # each row from the nominal's end to its own last glyph (a lone 0 under a deviation is read alone)
    rows = [(up_top - pad, max(between, up_bottom), float((x[up] + w[up]).max())),
            (min(between, low_top), low_bottom + pad, float((x[low] + w[low]).max()))]
    upper_quad, lower_quad = (_region(box, before=-(start + 0.05 * tall), after=min(end + 0.3 * tall - box.width, 0.0),
                                      above=margin - row_top, below=row_bottom - margin - bh)
                              for row_top, row_bottom, end in rows)
    return len(nominal), start, upper_quad, lower_quad


def _nominal_of(text: str, glyphs: int) -> str:
    """The start of a reading holding ``glyphs`` characters, neither a decimal sign (a point is no glyph of its
    own size) nor a space counted, without its spaces (``17, 5`` in a monospaced font is ``17,5``).

    >>> _nominal_of("⌀4.517", 3), _nominal_of("⌀1147", 3), _nominal_of("17, 5 ±0; 02", 3)
    ('⌀4.5', '⌀11', '17,5')
    """
    count = 0
    for end, char in enumerate(text):
        if char not in ".," and not char.isspace():
            count += 1
        if count == glyphs:
            return re.sub(r"\s+", "", text[:end + 1])
    return re.sub(r"\s+", "", text)


_FITS = re.compile(r"[A-Z]{1,2}\d{1,2}\s*/?\s*[a-z]{1,2}\d{1,2}$")
# pieces of a line read before or after a row of small lettering (a centre line's dash through a fit class)
_LINE_PIECES = r"[\s\-_–—~′'`´|]*"


def _fit_row(reading: str) -> str:
    """A row of a stacked fit read apart, without the pieces of a line read before or after it and without
    spaces (``f7′-`` with a centre line's dash through it is ``f7``); a fit class holds none of them.

    >>> _fit_row("f7′-"), _fit_row("H7_"), _fit_row("- k 6")
    ('f7', 'H7', 'k6')
    """
    return re.sub(rf"^{_LINE_PIECES}|{_LINE_PIECES}$", "", reading).replace(" ", "")


_FIT_AFTER_SIZE = re.compile(r"\d\s?[A-Za-z]{1,2}\d{1,2}$")


def _run_together(text: str) -> tuple[str, str, float] | None:
    """Two numbers with equally many decimals read as one (``30.0015.00``, or ``15,0-40,0`` with a piece of
    dimension line between), or a dimension and a reference dimension in brackets beside it
    (``10.00±0.30(25)``): the two and where the first ends, as a share of the reading's length.

    >>> _run_together("30.0015.00"), _run_together("10.00±0.30(25)")
    (('30.00', '15.00', 0.5), ('10.00±0.30', '(25)', 0.714...))
    >>> _run_together("(25)"), _run_together("⌀10(H7)")
    (None, None)
    """
    text = text.strip()
    splits = [m for m in (re.fullmatch(rf"(\d+[.,]\d{{{k}}})\s*[-–—_~]?\s*(\d+[.,]\d{{{k}}})", text)
                          for k in (1, 2, 3)) if m]
    # a reference dimension is a whole text in brackets, never a bracketed part of one (``⌀10(H7)``)
    splits += [m for m in (re.fullmatch(r"([^()]*\d[^()]*?)\s*(\([^()]+\))", text),
                           re.fullmatch(r"(\([^()]+\))\s*([^()]*\d[^()]*)", text))
               if m and all(try_parse(part) is not None for part in (m[1], m[2]))
               and not re.fullmatch(r"\([A-Za-z]{1,2}\d{1,2}\)", m[2])]
    # two diameters with fit classes on a shaft's centre line, touching (``⌀72,00h7 064,00 m6``): a size never
    # starts with a 0 before a digit, so the second's ⌀ was read as one
    fits = re.fullmatch(r"(⌀\s?\d+(?:[.,]\d+)?\s?[A-Za-z]{1,2}\d{1,2})\s*[-–—_~]?\s*[⌀0](\d+(?:[.,]\d+)?"
                        r"(?:\s?[A-Za-z]{1,2}\d{1,2})?)", text)
    if fits and not splits and len(_digits(fits[2])) >= 2 and all(try_parse(part) is not None for part in (fits[1], "⌀" + fits[2])):
        return fits[1], "⌀" + fits[2], (fits.end(1) + fits.start(2) - 1) / 2.0 / len(text)
    if len(splits) != 1:
        return None
    m = splits[0]
    return m[1], m[2], (m.end(1) + m.start(2)) / 2.0 / len(text)


def _straightened(box: TextBox, slant: float = 5.0) -> TextBox:
    """``box`` itself where it reads within ``slant`` degrees of a right angle, else a box over its bounds
    reading along the nearest right angle (same text, score and source).

    >>> tilted = TextBox("55.00", np.array([[0, 20], [100, 0], [110, 50], [10, 70]], float), 0.9)
    >>> [round(v) for v in _straightened(tilted).bbox], round(_straightened(tilted).rotation)
    ([0, 0, 110, 70], 0)
    """
    turns = int(round(box.rotation / 90.0)) % 4
    off = abs((box.rotation - 90.0 * turns + 180.0) % 360.0 - 180.0)
    if off <= slant:
        return box
    x0, y0, x1, y1 = box.bbox
    corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float64)
    # reading up the page (90°) starts at the bottom left corner, and so on round
    quad = np.roll(corners, turns, axis=0)
    return TextBox(box.text, quad, box.score, box.source, box.upright_in_pass)


def _region(box: TextBox, before: float = 0.0, after: float = 0.0, above: float = 0.0,
            below: float = 0.0) -> np.ndarray:
    """A quad in ``box``'s own frame reaching ``before``/``after`` px past its start/end and ``above``/``below``
    px past its top/bottom."""
    origin, u, v = box.frame()
    start = origin - before * u - above * v
    length, tall = box.width + before + after, box.height + above + below
    return np.array([start, start + length * u, start + length * u + tall * v, start + tall * v])


def _glyph_before(box: TextBox, raster: np.ndarray, reach: float) -> bool:
    """Whether a character-sized glyph (:func:`_digit_sized`) starts within ``reach`` px before ``box``'s
    start and ends close to the first character in the box (a symbol the detection clipped; a dimension
    line's stub is too low, the last digit of a number beside it too far)."""
    h = box.height
    _, stats, char = _lettering(crop_upright(raster, _region(box, before=reach, above=0.2 * h, below=0.2 * h),
                                             pad=0.0), h)
    if char is None:
        return False
    glyphs = stats[_digit_sized(stats, char)]
    before, inside = glyphs[glyphs[:, 0] < reach - 0.1 * char], glyphs[glyphs[:, 0] >= reach - 0.1 * char]
    if not len(before) or not len(inside):
        return False
    return bool(((before[:, 0] + before[:, 2]) >= inside[:, 0].min() - 0.6 * char).any())


def _lettering(crop: np.ndarray, h: float) -> tuple[np.ndarray, np.ndarray, float | None]:
    """The ink components of a crop around a ``h`` px detection (label image, and their stats without the
    paper's) and the characters' height among them, or None without any (a box around slanted text, or one
    holding the dimension line, is far taller than its text; lines are taller still, specks smaller)."""
    count, labels, stats = _ink_components(crop)
    stats = stats[1:count]
    heights = stats[:, 3]
    characters = heights[(heights >= 0.3 * h) & (heights <= 1.2 * h)]
    return labels, stats, float(np.median(characters)) if len(characters) else None


def _digit_sized(stats: np.ndarray, char: float) -> np.ndarray:
    """Which ink components (:func:`_lettering` stats) are the size of a character: about as tall as the
    lettering and no wider than it (an arrow or a line is)."""
    heights, widths = stats[:, 3], stats[:, 2]
    return (heights >= 0.6 * char) & (heights <= 1.3 * char) & (widths <= 1.2 * char)


def _ones_where_narrow(reading: str, glyphs: np.ndarray) -> bool:
    """Whether a reading's digits are ones exactly where the digit glyphs on the ink (rows of ``left, top,
    width, height``) are narrow, under 0.8 of the widest: as many digits as glyphs, a 1 at each narrow one."""
    digits = re.sub(r"\D", "", reading)
    ordered = glyphs[np.argsort(glyphs[:, 0])]
    if len(digits) != len(ordered) or not len(ordered):
        return False
    narrow = ordered[:, 2] < 0.8 * ordered[:, 2].max()
    return all((d == "1") == bool(n) for d, n in zip(digits, narrow))


def _decimal_sign_with_no_room(boxes: list[TextBox], raster: np.ndarray) -> None:
    """A decimal sign the recogniser read where the ink leaves no room for one (``2.5`` for ``25``, a speck of
    the scan under the digits, or ``4.5°`` for ``45°``): where every character of a plain number (a ⌀, R or
    brackets around it; an angle's degree sign after it, no digit's size, not counted) is a glyph of its own on
    one line, the two digits either side of the sign standing closer than 0.28 of the
    lettering's height (a point and the room around it take 0.36 and more), the sign goes. Where a line
    crossing the text joins a digit (and its foot reads as the sign: ``2.2`` for ``22``), the glyphs are
    taken with the line painted out."""
    for box in boxes:
        m = re.fullmatch(r"([⌀R(]?)(\d+)[.,](\d+)(\)?|°)", box.text.strip())
        if box.source != "ocr" or not m:
            continue
        h = box.height
        region = _region(box, above=0.3 * h, below=0.3 * h)
        characters = sum(len(part) for part in m.groups()) - (m[4] == "°")  # a degree sign is no digit's size
        crop = crop_upright(raster, region, pad=0.0)
        _, stats, char = _lettering(crop, h)
        glyphs = stats[_digit_sized(stats, char)] if char is not None else stats[:0]
        if len(glyphs) != characters and (stats[:, 3] >= 0.9 * crop.shape[0]).any():
            # a line crossing the text (running out of the region) may have joined a digit and read as the sign
            _, stats, char = _lettering(crop_without_line_bands(raster, region, text_height=h), h)
            glyphs = stats[_digit_sized(stats, char)] if char is not None else stats[:0]
        if len(glyphs) != characters:
            continue
        glyphs = glyphs[np.argsort(glyphs[:, 0])]
        gaps = glyphs[1:, 0] - (glyphs[:-1, 0] + glyphs[:-1, 2])
        centres = glyphs[:, 1] + glyphs[:, 3] / 2.0
        if gaps.min() < 0 or np.abs(centres - np.median(centres)).max() > 0.25 * char:
            continue  # characters overlapping or off the line: another text's, or a stack's
        if gaps[len(m[1]) + len(m[2]) - 1] < 0.28 * char:
            box.text = f"{m[1]}{m[2]}{m[3]}{m[4]}"


# a line crossing between a size and its tolerance or fit, read as a bar or a dash: ``⌀38.0|±0.05``, ``⌀20-H7/h6``,
# ``⌀48|js6``
_LINE_MARK_BETWEEN = re.compile(r"(?<=\d)\s?(?:\|\s?(?=[±+\-]?\d|[A-Za-z]{1,2}\d)|-(?=[A-Za-z]{1,2}\d))")
# a line crossing a decimal sign, read as a bar beside it: ``⌀72|,00``
_LINE_MARK_BY_DECIMAL_SIGN = re.compile(r"(?<=\d)\|(?=[.,]\d)|(?<=\d[.,])\|(?=\d)")


def _line_marks_between_parts(boxes: list[TextBox]) -> None:
    """A line crossing between a size and its tolerance or fit class, read as a bar or a dash (``⌀38.0|±0.05``,
    ``⌀20-H7/h6``): where the reading does not parse and does with a blank there, the blank replaces it (a
    thread's ``M8-6H`` parses as read; a feature control frame's bars stand before letters). A bar beside a
    decimal sign (``⌀72|,00``) is a line crossing the sign, and goes."""
    for box in boxes:
        text = box.text
        if box.source != "ocr" or try_parse(text) is not None:
            continue
        spaced = _LINE_MARK_BY_DECIMAL_SIGN.sub("", _LINE_MARK_BETWEEN.sub(" ", text))
        if spaced != text and try_parse(spaced) is not None:
            box.text = spaced


def _line_ends_read_as_ones(boxes: list[TextBox], raster: np.ndarray) -> None:
    """An extension line or a dimension line's end beside a number, read as a ``1`` (``117,51`` for
    ``17,5``), or a dimension line's arrowheads read as ones (``113611`` for ``36``): ones (``1``) at either end of
    the reading are dropped when the ink there is a stroke running well above and below the lettering (a
    character is never taller than the digits beside it; one ``1``) or a line or arrow wider than a digit and
    lower (up to two), and the reading holds as many digits (and ``±``, ``⌀``) more than the digit-sized glyphs
    as such ones are dropped; with ink at both ends, as many at each."""
    for box in boxes:
        text = box.text.strip()
        if box.source != "ocr" or not re.fullmatch(r"[|Il!T]?1\S*\d|\d\S*1", text):
            continue
        h = box.height
        quad = _region(box, before=0.2 * h, after=0.2 * h, above=0.6 * h, below=0.6 * h)
        crop = crop_upright(raster, quad, pad=0.0)
        _, stats, char = _lettering(crop, h)
        if char is None:
            continue
        heights, widths = stats[:, 3], stats[:, 2]
        dashes = _in_columns(len(stats), _line_columns(stats, char))  # a dashed line's dash beside it: no digit
        glyphs = _digit_sized(stats, char) & ~dashes
        # (a ± or a ⌀ is drawn as tall as the digits: a glyph of the reading too)
        extra = len(re.sub(r"[^\d±⌀]", "", text)) - int(glyphs.sum())
        if not glyphs.any() or not 1 <= extra <= 4:
            continue
        left, right = stats[glyphs, 0].min(), (stats[glyphs, 0] + stats[glyphs, 2]).max()
        # a line, or a line with its arrowhead: never a character; or a thin stroke running out of the region
        # an arrowhead's width or more from the lettering (an extension line its arrowhead's junction cuts
        # short; a line through a 1 of the number stands closer)
        leaves = (stats[:, 1] == 0) | (stats[:, 1] + heights >= crop.shape[0])
        apart = (stats[:, 0] + widths <= left - char) | (stats[:, 0] >= right + char)
        lines = (heights >= 1.7 * char) | ((heights >= 1.3 * char) & (widths <= 0.35 * char) & leaves & apart) | dashes
        digit = float(np.median(heights[glyphs]))
        arrows = (widths > 1.2 * digit) & ((heights <= 0.75 * digit) | lines)  # an arrowhead, maybe on its line
        before, after = stats[:, 0] + widths <= left, stats[:, 0] >= right
        # a line reads as one 1, an arrow as up to two; with ink at both ends each end reads alike
        most_left = 2 if (arrows & before).any() else 1 if (lines & before).any() else 0
        most_right = 2 if (arrows & after).any() else 1 if (lines & after).any() else 0
        # (an extension line with its arrowhead may read as a T and a 1: the T counts, but is no digit)
        most_left = min(most_left, len(text) - len(text.lstrip("1|Il!T")))
        most_right = min(most_right, len(text) - len(text.rstrip("1")))
        cuts = [(k, m) for k in range(most_left + 1) for m in range(most_right + 1)
                if text[:k].count("1") + text[len(text) - m:].count("1") == extra]
        if len(cuts) > 1:
            even = [(k, m) for k, m in cuts if k == m]
            # an odd number of ones to drop: the ones the ink has narrow glyphs for stay (``181``: the ``1``
            # of ``18`` is narrow beside the 8)
            cuts = even or [(k, m) for k, m in cuts if _ones_where_narrow(text[k:len(text) - m], stats[glyphs])]
        readings = [recover_symbols(text[k:len(text) - m]) for k, m in cuts]
        readings = [r for r in readings if r and try_parse(r) is not None]
        if len(readings) == 1:
            box.text = readings[0]


def _line_columns(stats: np.ndarray, char: float) -> list[np.ndarray]:
    """The narrow strokes among ink components (rows of ``left, top, width, height``) that stand in a column
    reaching well above and below lettering ``char`` high (a line, or a dashed line's dashes), as one array
    of indices per column. Two commas of stacked limits, one over the other, are too short for their width;
    their ``1`` s, one over the other, each stand in a row of lettering (top and foot level with a wider
    character's).

    >>> row = [[30, 0, 14, 20], [50, 0, 14, 20]]
    >>> ones = np.array([[10, 0, 5, 20], [10, 30, 5, 20]] + row + [[x, 30, w, h] for x, _, w, h in row])
    >>> _line_columns(ones, 20.0)
    []
    >>> dashes = np.array([[10, -12, 5, 18], [10, 22, 5, 18]] + row)
    >>> [c.tolist() for c in _line_columns(dashes, 20.0)]
    [[0, 1]]
    """
    left, top, widths, heights = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
    narrow = np.flatnonzero((widths <= 0.35 * char) & (heights >= 0.5 * char) & (heights >= 2.5 * widths))
    middles = left + widths / 2.0
    lettering = (widths > 0.35 * char) & (heights >= 0.7 * char) & (heights <= 1.3 * char)
    bottoms = top + heights
    # each stroke level, top and foot, with a wider character of the lettering
    in_a_row = ((np.abs(top[:, None] - top[None, :]) <= 0.15 * char)
                & (np.abs(bottoms[:, None] - bottoms[None, :]) <= 0.15 * char) & lettering[None, :]).any(axis=1)
    columns, seen = [], set()
    for k in narrow:
        column = narrow[np.abs(middles[narrow] - middles[k]) <= 0.3 * char]
        if tuple(column) in seen or bottoms[column].max() - top[column].min() < 1.7 * char:
            continue
        seen.add(tuple(column))
        if len(column) >= 2 and in_a_row[column].all():
            continue  # ones of stacked rows
        columns.append(column)
    return columns


def _in_columns(count: int, columns: list[np.ndarray]) -> np.ndarray:
    """Which of ``count`` ink components are pieces of the lines' ``columns`` (:func:`_line_columns`), as a
    mask."""
    mask = np.zeros(count, bool)
    for column in columns:
        mask[column] = True
    return mask


def _lines_through_read_as_ones(boxes: list[TextBox], raster: np.ndarray) -> None:
    """A line crossing a number between two of its characters, read as a ``1`` (``⌀321.00`` for ``⌀32.00``
    with a centre line between the 2 and the point): where the ink holds one digit-sized glyph fewer than the
    reading has characters, and one stroke runs well above and below the lettering (or a dashed line's pieces
    in a column) between glyphs or through one, the reading's ``1`` at the stroke's place (or either side of
    the glyph it crosses) is dropped if the rest parses. Readings with signs, brackets or slashes (whose glyphs
    may or may not pass for characters) are left alone."""
    for box in boxes:
        text = box.text.strip()
        if box.source != "ocr" or "1" not in text[1:-1] or re.search(r"[^\w⌀.,\s]", text):
            continue
        h = box.height
        crop = crop_upright(raster, _region(box, above=0.6 * h, below=0.6 * h), pad=0.0)
        labels, stats, char = _lettering(crop, h)
        if char is None:
            continue
        left, top, widths, heights = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
        lines = _line_columns(stats, char)
        in_line = _in_columns(len(stats), lines)
        glyphs = _digit_sized(stats, char) & ~in_line
        characters = [c for c in text if c.isalnum() or c == "⌀"]
        if int(glyphs.sum()) != len(characters) - 1:
            continue
        starts, ends = left[glyphs], left[glyphs] + widths[glyphs]
        spans = {(int(left[c].min()), int((left[c] + widths[c]).max())) for c in lines}
        if len(spans) != 1:
            continue
        (a, b), = spans
        crossed = int(((starts < b) & (ends > a)).sum())  # a line through a glyph is read as a 1 beside it
        if crossed > 1:
            continue
        # a drawn 1 the line runs along, joined to other ink (a dimension line under it), is no glyph here:
        # beside the line, within the lettering, there must be no ink but the line's and the glyphs'
        band = slice(int(top[glyphs].min()), int((top[glyphs] + heights[glyphs]).max()))
        window = labels[band, max(0, a - 2):b + 2]
        explained = np.concatenate([[0], 1 + np.flatnonzero(in_line | glyphs)])
        if not np.isin(window, explained).all():
            continue
        # nor one lying right on the line (``110`` with a centre line along its second 1): the line's ink is
        # twice as wide over the lettering's rows (the 1's stroke) as above and below it
        line_ink = np.isin(labels[:, max(0, a - 2):b + 2], 1 + np.flatnonzero(in_line)).sum(axis=1)
        outside = np.concatenate([line_ink[:band.start], line_ink[band.stop:]])
        outside, over = outside[outside > 0], float(np.median(line_ink[band]))
        if outside.size and over >= max(2.0 * float(np.median(outside)), float(np.median(outside)) + 2.0):
            continue
        before = int((ends <= a).sum())
        places = [p for p in range(before, before + crossed + 1) if p < len(characters) and characters[p] == "1"]
        if not places:
            continue
        index = [k for k, c in enumerate(text) if c.isalnum() or c == "⌀"][places[0]]
        trimmed = recover_symbols(text[:index] + text[index + 1:])
        if try_parse(trimmed) is not None:
            box.text = trimmed


def _lines_read_as_lone_ones(boxes: list[TextBox], raster: np.ndarray) -> list[TextBox]:
    """Boxes reading nothing but ones whose ink is a piece of a line (an extension line's end, a dashed
    line's dash, an arrow): the stroke in the box runs on well past it, 1.6 of the box's height and more, along
    or across. A drawn 1 (or 11) ends where its box does. Returns the boxes left."""
    kept = []
    for box in boxes:
        if box.source != "ocr" or not re.fullmatch(r"1{1,2}", box.text.strip()):
            kept.append(box)
            continue
        h = box.height  # the region reaches one box height past it every way
        crop = crop_upright(raster, _region(box, before=h, after=h, above=h, below=h), pad=0.0)
        _, labels, stats = _ink_components(crop)
        core = labels[int(h):int(2 * h), int(h):int(h + box.width)]
        inside = [k for k in np.unique(core) if k != 0]
        if inside and all(max(stats[k, 2], stats[k, 3]) >= 1.6 * h for k in inside):
            continue
        kept.append(box)
    return kept


def _centre_marks_read_as_text(boxes: list[TextBox], raster: np.ndarray) -> list[TextBox]:
    """Boxes read with doubt as a few characters (``81``, ``811``) whose ink is a small circle quartered by its
    centre lines (a hole drawn with its centre mark, a leader's arrow at it): one piece of ink enclosing four
    holes of like size, which no character and no pair of touching ones (``88``, holes of two sizes or
    unlike) makes, and which fill one round region together (not holes strewn over lines crossing
    lettering). Returns the boxes left."""
    import cv2

    kept = []
    for box in boxes:
        text = box.text.strip()
        if box.source != "ocr" or box.score >= 0.9 or not 1 <= len(text) <= 3:
            kept.append(box)
            continue
        count, labels, stats = _ink_components(crop_upright(raster, box.quad, pad=0.1))
        biggest = 1 + int(np.argmax(stats[1:count, 4])) if count > 1 else None
        if biggest is not None:
            x, y, w, h = stats[biggest, :4]
            holes = sorted(_holes(labels[y:y + h, x:x + w] == biggest, 0.0), key=cv2.contourArea, reverse=True)
            areas = [cv2.contourArea(c) for c in holes]
            if (len(areas) >= 4 and areas[0] <= 1.4 * areas[3] and areas[3] >= (0.08 * box.height) ** 2
                    and sum(areas[:4]) >= 0.35 * _bounding_area(holes[:4])):
                log.debug("a centre mark read as %r dropped", text)
                continue
        kept.append(box)
    return kept


def _bounding_area(contours: list[np.ndarray]) -> float:
    """The area of the contours' joint bounding box, in px²."""
    points = np.concatenate([c.reshape(-1, 2) for c in contours])
    return float(np.prod(points.max(axis=0) - points.min(axis=0) + 1))


def _read_on_past_a_line(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> list[TextBox]:
    """A number the text detector cut short where a line crosses it (``125`` for ``125.00±0.30`` in a table's
    cell, a ruling line after the 5): where a line (a column inked over most of the region's height) stands
    at the end of a short reading and lettering goes on along its line right after it (across further lines),
    the text is read again up to its end with the lines painted out. The longer reading replaces the short
    one where it parses and begins with the same digits; boxes that held only what it added are dropped.
    Returns the boxes left."""
    def short(text: str) -> bool:
        return len(text) <= 6 and re.match(r"[⌀R]?\d", text) is not None

    candidates: list[tuple[TextBox, np.ndarray]] = []
    for box, _, labels, stats, char in _lone_lettering_around(boxes, raster, short, after=5.0, around=0.6):
        ruled = (labels > 0).mean(axis=0) >= 0.75  # columns a line crossing the text fills
        end = int(round(box.width))
        near = np.flatnonzero(ruled[max(0, end - int(0.6 * char)):end + int(0.6 * char)])
        if not near.size:
            continue
        x, y, w, gh = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
        own = (gh >= 0.6 * char) & (gh <= 1.3 * char) & (w <= 1.5 * char) & (x + w <= end + 0.2 * char)
        if not own.any():
            continue
        top, tall, wide = float(np.median(y[own])), float(np.median(gh[own])), float(np.median(w[own]))
        # lettering after the line: characters and signs on the text's line (no specks, no lines); characters
        # as tall and about as wide as the text's own (another text's, turned across this one, are not)
        pieces = np.flatnonzero((x >= end - 0.2 * char) & (y >= top - 0.3 * char) & (y + gh <= top + 1.4 * char)
                                & (gh >= 0.15 * char) & (w <= 1.5 * char))
        pieces = pieces[np.argsort(x[pieces])]
        reach = float(max(0, end - int(0.6 * char)) + near[-1] + 1)
        grown = False
        for k in pieces:
            bridged = ruled[int(reach):int(x[k])].any()
            if x[k] - reach > 1.0 * char and not (bridged and x[k] - reach <= 2.0 * char):
                break
            character = gh[k] >= 0.75 * tall  # not a sign or a decimal point
            if character and not (gh[k] <= 1.25 * tall and w[k] <= 1.35 * wide):
                break
            reach, grown = max(reach, float(x[k] + w[k])), grown or character
        if not grown:
            continue
        candidates.append((box, _reaching(box, reach + 0.2 * char)))
    dropped: set[int] = set()
    for box, quad, text, score in _read_again_without_lines(candidates, raster, config):
        longer = recover_symbols(text)
        digits, old = _digits(longer), _digits(box.text)
        if (score < config.min_score or len(longer) <= len(box.text.strip()) or try_parse(longer) is None
                or not digits.startswith(old[:1]) or len(digits) <= len(old)):
            continue
        _take_longer_reading(box, longer, quad, score, boxes, dropped)
    return [b for b in boxes if id(b) not in dropped]


def _decimals_past_the_box(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> list[TextBox]:
    """A size read without its decimals where the detection ended at its decimal point (a line or an arc
    crossing the digits after it: ``⌀16`` for ``⌀16.0``): where a reading of whole digits has a decimal
    point's speck on its baseline right after its last glyph, the text is read again on past it, with the lines
    painted out, over room for up to two decimals; the longer reading replaces the short one where it is the
    same digits, a decimal sign and one to three decimals. Returns the boxes left."""
    candidates: list[tuple[TextBox, np.ndarray]] = []
    whole = re.compile(r"[⌀R]?\d{1,4}").fullmatch
    for box, crop, _, stats, char in _lone_lettering_around(boxes, raster, whole, after=1.0, around=0.3):
        text = box.text.strip()
        x, y, w, gh = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
        own = (gh >= 0.6 * char) & (gh <= 1.3 * char) & (w <= 1.3 * char) & (x + w <= box.width + 0.2 * char) \
            & (y > 0) & (y + gh < crop.shape[0])  # a piece of a line runs out of the region
        if own.sum() < len(re.sub(r"\D", "", text)):
            continue
        last = int(np.argmax(np.where(own, x + w, -1)))
        top, bottom = y[last], y[last] + gh[last]
        foot = y + gh - bottom  # on the last glyph's baseline
        points = np.flatnonzero((w <= 0.35 * char) & (gh <= 0.35 * char) & (w >= 0.08 * char)
                                & (x >= x[last] + w[last] - 0.1 * char) & (x <= x[last] + w[last] + 0.5 * char)
                                & (foot >= -0.25 * (bottom - top)) & (foot <= 0.15 * (bottom - top)))
        if not points.size:
            continue
        candidates.append((box, _reaching(box, float(x[points[0]] + w[points[0]]) + 1.5 * char)))
    dropped: set[int] = set()
    for box, quad, text, score in _read_again_without_lines(candidates, raster, config):
        longer, short = _compact(text), box.text.strip()
        if short.startswith("⌀") and re.match(r"0?\d", longer):  # the ⌀ read as a 0, or lost, at the crop's edge
            longer = "⌀" + (longer[1:] if re.match(r"0\d", longer) else longer)
        if score >= config.min_score and re.fullmatch(re.escape(short) + r"[.,]\d{1,3}", longer):
            _take_longer_reading(box, longer, quad, score, boxes, dropped)
    return [b for b in boxes if id(b) not in dropped]


def _lone_lettering_around(boxes: list[TextBox], raster: np.ndarray, wanted: Callable[[str], Any], after: float,
                           around: float) -> Iterator[tuple[TextBox, np.ndarray, np.ndarray, np.ndarray, float]]:
    """For each recognised box not grouped whose reading ``wanted`` takes: the box, the crop of its region
    reaching ``after`` box heights past it and ``around`` above and below, and that crop's lettering
    (:func:`_lettering`: labels, stats, character height), where it has any."""
    for box in boxes:
        if box.source != "ocr" or box.members or not wanted(box.text.strip()):
            continue
        h = box.height
        crop = crop_upright(raster, _region(box, after=after * h, above=around * h, below=around * h), pad=0.0)
        labels, stats, char = _lettering(crop, h)
        if char is not None:
            yield box, crop, labels, stats, char


def _reaching(box: TextBox, reach: float) -> np.ndarray:
    """The box's quad with its end moved to ``reach`` px along it from its start."""
    quad = box.quad.astype(np.float64).copy()
    quad[[1, 2]] += (reach - box.width) * box.frame()[1]
    return quad


def _read_again_without_lines(candidates: list[tuple[TextBox, np.ndarray]], raster: np.ndarray,
                              config: ReaderConfig) -> list[tuple[TextBox, np.ndarray, str, float]]:
    """Each ``(box, quad)`` with the text under its quad read again, the lines crossing it painted out."""
    readings = reread(raster, [quad for _, quad in candidates], det_side=config.det_side, erase_lines=True)
    return [(box, quad, text, score) for (box, quad), (text, score) in zip(candidates, readings)]


def _take_longer_reading(box: TextBox, longer: str, quad: np.ndarray, score: float, boxes: list[TextBox],
                         dropped: set[int]) -> None:
    """``box`` reads ``longer`` over ``quad`` unless another box there holds text it does not (other text
    stands there); the boxes that held only part of it go to ``dropped``."""
    whole = TextBox(longer, quad, score, box.source, box.upright_in_pass)
    inside = [b for b in boxes if b is not box and b.source == "ocr" and not b.members and _overlap(b, whole) > 0.6]
    if any(_digits(b.text) not in _digits(longer) for b in inside):
        return
    box.text, box.quad, box.score = longer, quad, min(box.score, score)
    dropped.update(id(b) for b in inside)


def _read_back_past_a_line(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> list[TextBox]:
    """A number whose whole part a line crossing it at the decimal sign cut off (``,02`` for ``⌀72,02``, a
    centre line through the commas of stacked limits): where lettering stands along the reading's line right
    before it (each character within one character of the next, two where a line crosses the gap), the text
    is read again from the first of it, the lines painted out. The longer reading replaces the short one where
    it parses and ends with the same decimals; boxes that held only what it added are dropped. Returns the
    boxes left."""
    candidates, quads = [], []
    for box in boxes:
        text = box.text.strip()
        if box.source != "ocr" or box.members or not re.fullmatch(r"[.,]\d{1,3}", text):
            continue
        h = box.height
        back = 4.0 * h
        crop = crop_upright(raster, _region(box, before=back, above=0.3 * h, below=0.3 * h), pad=0.0)
        labels, stats, char = _lettering(crop, h)
        if char is None:
            continue
        x, y, w, gh = stats[:, 0], stats[:, 1], stats[:, 2], stats[:, 3]
        ruled = (labels > 0).mean(axis=0) >= 0.75  # columns a line crossing the text fills
        own = (gh >= 0.6 * char) & (gh <= 1.3 * char) & (w <= 1.5 * char)
        reach = back + 0.3 * char  # the reading's first digit may stand just inside the detection
        for k in sorted(np.flatnonzero(own & (x + w <= reach)), key=lambda k: -(x[k] + w[k])):
            gap = reach - (x[k] + w[k])
            bridged = ruled[int(x[k] + w[k]):int(max(reach, x[k] + w[k] + 1))].any()
            if gap > 1.0 * char and not (bridged and gap <= 2.0 * char):
                break
            reach = min(reach, float(x[k]))
        if reach >= back - 0.5 * char:
            continue  # no lettering before it
        u = box.frame()[1]
        quad = box.quad.astype(np.float64).copy()
        quad[[0, 3]] -= (back - reach + 0.2 * char) * u
        candidates.append((box, quad))
        quads.append(quad)
    dropped: set[int] = set()
    for (box, quad), (text, score) in zip(candidates, reread(raster, quads, det_side=config.det_side,
                                                          erase_lines=True)):
        longer = recover_symbols(text).strip()
        decimals = box.text.strip()
        if (score < config.min_score or try_parse(longer) is None or not longer.endswith(decimals[1:])
                or len(_digits(longer)) <= len(_digits(decimals)) or not re.search(r"\d[.,]\d", longer)):
            continue
        log.debug("read back past a line: %r -> %r", box.text, longer)
        _take_longer_reading(box, longer, quad, score, boxes, dropped)
    return [b for b in boxes if id(b) not in dropped]


def _diameter_read_apart(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> list[TextBox]:
    """A ⌀ read alone (``Q``) beside a number, a line crossing the text between or in them (``⌀14`` on a
    centre line read ``Q`` and ``4``; a single glyph's box is upright whichever way the text runs): the two
    are read again as one text from the ⌀ through the number, the way the number lies from the ⌀, the lines
    painted out. A reading of a ⌀ and the number's digits (and any the line hid) that parses replaces the
    number, and the ⌀'s box goes. Returns the boxes left."""
    glyphs = [b for b in boxes if b.source == "ocr" and not b.members
              and re.fullmatch(rf"[{DIAMETER_GLYPHS}Q]", b.text.strip())]
    numbers = [b for b in boxes if b.source == "ocr" and not b.members
               and re.fullmatch(r"\d+(?:[.,]\d+)?", b.text.strip()) and len(b.text.strip()) <= 6]
    candidates, quads = [], []
    for glyph in glyphs:
        h = glyph.height
        centre = glyph.quad.mean(axis=0)
        near = [n for n in numbers if np.linalg.norm(n.quad.mean(axis=0) - centre) < 3.0 * max(h, n.height)]
        if len(near) != 1:
            continue
        number = near[0]
        way = number.quad.mean(axis=0) - centre
        angle = np.degrees(np.arctan2(-way[1], way[0])) % 360.0
        snapped = round(angle / 90.0) * 90.0
        if abs((angle - snapped + 180.0) % 360.0 - 180.0) > 20.0:
            continue
        u = np.array([np.cos(np.radians(snapped)), -np.sin(np.radians(snapped))])
        v = np.array([-u[1], u[0]])
        corners = np.vstack([glyph.quad, number.quad])
        along, across = corners @ u, corners @ v
        pad = 0.15 * h
        a0, a1, c0, c1 = along.min() - pad, along.max() + pad, across.min() - pad, across.max() + pad
        quads.append(np.array([a0 * u + c0 * v, a1 * u + c0 * v, a1 * u + c1 * v, a0 * u + c1 * v]))
        candidates.append((glyph, number))
    dropped: set[int] = set()
    for (glyph, number), quad, (text, score) in zip(candidates, quads, reread(raster, quads, det_side=config.det_side,
                                                                               erase_lines=True)):
        reading = recover_symbols(text).strip()
        digits, read = _digits(number.text), _digits(reading)
        # the number's digits and one the line hid; or, read surely, as many (the line crossing a digit made
        # it read as another: ``46`` for ``⌀76``)
        if (score < config.min_score or not reading.startswith("⌀") or try_parse(reading) is None
                or not (digits in read and len(read) <= len(digits) + 1
                        or len(read) == len(digits) and score >= SURE_READING)):
            continue
        log.debug("⌀ read apart: %r and %r -> %r", glyph.text, number.text, reading)
        number.text, number.quad, number.score = reading, quad, min(number.score, score)
        dropped.add(id(glyph))
    return [b for b in boxes if id(b) not in dropped]


# a date (title blocks, revision tables): 2025-08-24, 24.08.2025
_DATE = re.compile(r"\b(?:\d{4}[-./]\d{2}[-./]\d{2}|\d{2}[-./]\d{2}[-./]\d{4})\b")


def _split_joined(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> list[TextBox]:
    """Texts on one line that the detector took as one box (``30.0015.00``, a chain ``(30,0) 15,0 40,0``, two
    diameters on a shaft's centre line ``⌀68.0 k6-058.00``): a reading that does not parse (or parses only with
    a deviation half its size) is cut at one of the two widest blank gaps along it (columns with no more ink
    than a dimension line along the text, a line crossing the text and running on past it aside), or at every
    such gap (up to three), and the pieces are read again. A gap is half the box's height wide, or, where a line
    crosses it, 0.8 of the lettering's (a stack beside a nominal makes the box tall). The first cut is kept
    whose pieces each parse as a dimension, or hold a stack whose rows are read later, and together read the
    same digits as the whole (:func:`_pieces_reading_the_whole`); no piece may be small rows only (a nominal's
    own stack), hold glyphs its reading leaves out (a depth symbol), or begin at a decimal sign. Words and dates
    are left alone. Without a gap, two numbers with equally many decimals run together (``30.0015.00``) are cut
    between them."""
    candidates, tallest = [], {}
    as_read: dict[int, tuple[str, str, float]] = {}  # two diameters with fit classes, touching
    for box in boxes:
        # (shorter where the reading itself holds two numbers apart: ``10 35``)
        wide = 2.5 if re.fullmatch(r"\d+(?:[.,]\d+)?\s+\d+(?:[.,]\d+)?", box.text.strip()) else 3.5
        if (box.source != "ocr" or box.width < wide * box.height or _parses_plausibly(box.text)
                or re.search(r"[A-Za-z]{3}", box.text) or _DATE.search(box.text)):  # notes and the title block
            continue
        crop = crop_upright(raster, box.quad, pad=0.0)
        ink = _ink_mask(crop)
        column = ink.sum(axis=0)
        blank = column <= 0.12 * ink.shape[0]
        inked = np.cumsum(~blank)
        # the lettering's height: lower than the box's, more so beside a stack (without characters apart, a
        # line running through them all, the usual share of the box)
        glyphs = _glyph_boxes(crop)
        letter = min(float(np.median(glyphs[:, 3])), ink.shape[0]) if len(glyphs) >= 3 else 0.7 * ink.shape[0]
        # the tallest characters' height (a nominal's beside its stack), an arrowhead on its extension line aside
        usual = glyphs[glyphs[:, 3] <= 1.4 * letter, 3] if len(glyphs) else glyphs[:, 3]
        tallest[id(box)] = float(np.median(usual[usual >= 0.7 * usual.max()])) if len(usual) else 0.0
        # a thin line crossing the gap (an extension line, running on past the text) does not close it; a 1 or
        # a depth symbol (↧) standing in the box does
        h = box.height
        crossing = _lines_across(raster, _region(box, above=0.5 * h, below=0.5 * h), h)[1]
        filled = np.flatnonzero(~blank)
        for run in np.split(filled, np.flatnonzero(np.diff(filled) > 1) + 1) if filled.size else []:
            across = crossing[np.clip(run, 0, crossing.size - 1)].any()
            if across and run.size <= max(3, 0.2 * ink.shape[0]) and 0 < run[0] and run[-1] < blank.size - 1:
                blank[run] = True
        cols = np.flatnonzero(~blank)
        if cols.size == 0:
            continue
        blank[:cols[0]] = blank[cols[-1] + 1:] = False  # margins are not gaps
        runs = np.split(np.flatnonzero(blank), np.flatnonzero(np.diff(np.flatnonzero(blank)) > 1) + 1)
        # a gap between two texts, not between a text and a stub of its dimension line (an arrowhead has
        # less ink than a text height's worth of columns)
        # the gap is measured in lettering heights where a line crosses it (a shoulder between two diameters on
        # a shaft, the stack beside one making the box tall), else in box heights (a word space is no gap)
        near = max(1, int(0.2 * letter))  # the line may run into the character beside the gap

        def text_on_both_sides(gap: np.ndarray) -> bool:  # a text's worth of ink, or two characters (a narrow 15)
            middles = glyphs[:, 0] + glyphs[:, 2] / 2
            before, after = glyphs[middles < gap[0]], glyphs[middles > gap[-1]]
            return ((inked[gap[0]] >= 1.0 * letter or _characters(before, letter) >= 2)
                    and (inked[-1] - inked[gap[-1]] >= 1.0 * letter or _characters(after, letter) >= 2))

        runs = [r for r in runs if r.size  # (no blank column at all: one empty run)
                and r.size >= (0.8 * letter if _any_near(crossing, r, near) else max(0.8 * letter, 0.5 * ink.shape[0]))
                and text_on_both_sides(r)]
        scale = box.width / ink.shape[1]
        widest = sorted(runs, key=len, reverse=True)
        for gap in widest[:2]:  # the two widest gaps, widest first
            candidates.append((box, [(gap[0] * scale, (gap[-1] + 1) * scale)]))
        if len(runs) >= 2:  # a chain of three or four texts: cut at every gap
            cuts = sorted((gap[0] * scale, (gap[-1] + 1) * scale) for gap in widest[:3])
            candidates.append((box, cuts))
        # no blank between them, or none where the cut belongs (extension lines, arrows): two numbers with the
        # same decimals run together are cut by their characters
        halves = _run_together(box.text)
        if halves is not None:
            cut = box.width * halves[2]
            candidates.append((box, [(cut, cut)]))
            if all(_FIT_AFTER_SIZE.search(half) for half in halves[:2]):
                as_read[id(box)] = halves
    if not candidates:
        return boxes
    quads = []
    for box, cuts in candidates:
        origin, u, _ = box.frame()
        q = box.quad.astype(np.float64)
        ends = [0.0, *(c for cut in cuts for c in cut), box.width]
        quads.extend(np.array([q[0] + a * u, q[0] + b * u, q[3] + b * u, q[3] + a * u])
                     for a, b in zip(ends[0::2], ends[1::2]))
    reads = iter(reread(raster, quads, det_side=config.det_side))
    quad_of = iter(quads)
    replaced: dict[int, list[TextBox]] = {}
    for box, cuts in candidates:
        pieces, whole, parsed = [], True, 0
        for _ in range(len(cuts) + 1):
            (text, score), quad = next(reads), next(quad_of)
            text = recover_symbols(text)
            parses = try_parse(text) is not None
            parsed += parses
            halves = None if parses else _run_together(text)
            # a stack (a nominal and two rows) read as one line does not parse: the rows are read later
            glyphs = _glyph_boxes(crop_upright(raster, quad, pad=0.0))
            if text.strip() and set(text.replace(" ", "")) <= _LINE_LIKE \
                    and not _characters(glyphs, tallest[id(box)]):
                continue  # an arrowhead and the line it stops at, past the text, read as a 1: no piece
            two_rows = _holds_two_rows(glyphs)
            stack = not parses and halves is None and re.search(r"\d", text) is not None and two_rows
            if score < config.min_score or (not parses and halves is None and not stack):
                whole = False
            elif two_rows and (text.strip()[:1] in "+-±" or glyphs[0, 3] < 0.85 * tallest[id(box)]):
                whole = False  # deviations stacked after their nominal (a piece of small rows only): one text
            elif not two_rows and _characters(glyphs, tallest[id(box)]) > len(re.sub(r"[\s.,:;]", "", text)):
                whole = False  # glyphs the reading leaves out (a depth symbol before the cut): one callout
            elif halves is None:
                pieces.append(TextBox(text, quad, score, box.source, box.upright_in_pass))
            else:  # a piece still holds two numbers with no blank between them: cut it by its characters
                pieces += _cut_by_characters(TextBox(text, quad, score, box.source, box.upright_in_pass), halves)
        log.debug("cut %r at %s: %s", box.text, cuts, [(p.text, p.score) for p in pieces] if whole else "rejected")
        # no cut at a decimal sign (a point or comma is hardly any ink); the pieces must read the same digits
        # as the whole did (no digit lost or made up at a cut)
        whole = whole and not any(re.search(re.escape(a.text[-2:]) + r"[.,]\s?" + re.escape(b.text[:1]), box.text)
                                  for a, b in zip(pieces, pieces[1:]) if a.text[-1:].isdigit() and b.text[:1].isdigit())
        texts = _pieces_reading_the_whole(box.text, [p.text for p in pieces]) if whole and parsed else None
        if texts is not None and id(box) not in replaced:
            for piece, text in zip(pieces, texts):
                piece.text = text
            replaced[id(box)] = pieces
    # two diameters with fit classes whose pieces read worse on their own (a ⌀ cut at the crop's edge, a centre
    # line through a decimal sign): the halves as the whole read them
    for box in boxes:
        if id(box) in as_read and id(box) not in replaced:
            replaced[id(box)] = _cut_by_characters(box, as_read[id(box)])
            log.debug("cut %r by its characters: %s", box.text, [p.text for p in replaced[id(box)]])
    return [piece for box in boxes for piece in replaced.get(id(box), [box])]


def _cut_by_characters(box: TextBox, halves: tuple[str, str, float]) -> list[TextBox]:
    """A box holding two texts read run together (:func:`_run_together`), cut where the first ends."""
    quad = box.quad
    middle = quad[0] + halves[2] * (quad[1] - quad[0])
    return [TextBox(halves[0], np.array([quad[0], middle, middle + quad[3] - quad[0], quad[3]]),
                    box.score, box.source, box.upright_in_pass),
            TextBox(halves[1], np.array([middle, quad[1], quad[2], middle + quad[3] - quad[0]]),
                    box.score, box.source, box.upright_in_pass)]


def _any_near(flags: np.ndarray, run: np.ndarray, near: int) -> bool:
    """Whether any of ``flags`` is set over the columns of ``run``, or within ``near`` columns of it."""
    return bool(flags[max(0, run[0] - near):run[-1] + 1 + near].any())


def _characters(glyphs: np.ndarray, tall: float) -> int:
    """How many of the glyphs (:func:`_glyph_boxes`) may be characters of lettering ``tall`` px high: half to
    1.3 times as tall, and no wider than 1.3 times their height (an arrowhead with its line's stub is not)."""
    if not len(glyphs):
        return 0
    w, h = glyphs[:, 2], glyphs[:, 3]
    return int(((h >= 0.5 * tall) & (h <= 1.3 * tall) & (w <= 1.3 * h)).sum())


def _parses_plausibly(text: str) -> bool:
    """Whether a reading parses as a dimension whose deviations are smaller than half its size (``⌀68.0
    k6-058.00``, two diameters joined by a centre line, parses with a deviation of -58), or as a roughness
    value of at most three significant digits, as all of ISO 1302's are (``Ra 6,3135`` is ``Ra 6,3`` run into
    a size after it).

    >>> _parses_plausibly("Ra 6,3"), _parses_plausibly("Ra 0,025"), _parses_plausibly("Ra 6,3135")
    (True, True, False)
    >>> _parses_plausibly("ra 6,3135")
    False
    """
    dim = try_parse(text)
    if dim is None:
        return False
    if dim.kind == "roughness":  # its value's digits as written (``0,4120``: four)
        return len(re.sub(r"\D", "", dim.nominal_text).lstrip("0")) <= 3
    deviation = max(abs(d) for d in (dim.upper_dev, dim.lower_dev, 0.0) if d is not None)
    return not (dim.nominal and deviation >= max(1.0, 0.5 * abs(dim.nominal)))


def _holds_two_rows(glyphs: np.ndarray) -> bool:
    """Whether characters (:func:`_glyph_boxes`) stand in two rows (somewhere along the line)."""
    if len(glyphs) < 3:
        return False
    centres = np.sort(glyphs[:, 1] + glyphs[:, 3] / 2.0)
    return float(np.diff(centres).max()) >= 0.6 * float(np.median(glyphs[:, 3]))


def _pieces_reading_the_whole(whole: str, pieces: list[str]) -> list[str] | None:
    """``pieces`` when they read the digits of ``whole``, else None. A ⌀ counts as the 0 it is read as, and one
    that starts a piece may be missing from the whole (read as a letter or lost beside the text before it):
    ``⌀60.00 f7052.00`` is ``⌀60.00 f7`` and ``⌀52.00``. A ⌀ the whole read (as a 0 after a line's dash:
    ``…-m6-072.00``) that a piece read again lost (a line crossing it) is put back: ``72.00`` is ``⌀72.00``."""
    def digits(text: str) -> str:
        return re.sub(r"\D", "", text.replace("⌀", "0"))

    target = digits(whole)
    options = []
    for p in pieces:
        own = [(digits(p), p)] + ([(digits(p.replace("⌀", "", 1)), p)] if "⌀" in p[:4] else [])
        if re.match(r"\d", p) and re.search(r"(?:^|[\s\-–—_~])[0⌀]\s?" + re.escape(p[:3]), whole) \
                and try_parse("⌀" + p) is not None:
            own.append(("0" + digits(p), "⌀" + p))
        options.append(own)
    for choice in itertools.product(*options):
        if "".join(d for d, _ in choice) == target:
            return [text for _, text in choice]
    return None


def _split_stacked_rows(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> list[TextBox]:
    """Two rows the detector took as one box come out of the recogniser as one garbled line: deviations
    stacked beside a nominal (``+0 02`` for ``+0,10`` over ``-0,02``), or limits with the ⌀ drawn before both
    (``(19.900`` for ``⌀150,00`` over ``149,95``). A signed reading without letters, or a number under 1
    (``0,102`` for ``0`` over ``-0,10``), in a box taller than a text line, or a reading with digits that does
    not parse in a box taller than one and a half lines, is read again row by row. Rows that are an upper and
    a lower deviation (:func:`_deviation_pair`), or two limits a few per cent apart, replace the box; grouping
    then gives them to their nominal or joins them. A plain size that parses (``⌀35.05`` for ``⌀36.05`` over
    ``35.98``) is read again too where its box is as tall and its ink stands in two rows."""
    line = float(np.median([b.height for b in boxes])) if boxes else 0.0

    def wanted(b: TextBox) -> bool:
        if b.source != "ocr" or re.search(r"[A-Za-z]{3}", b.text) or not re.search(r"\d", b.text):
            return False
        # a number under 1 standing alone ("0,102" for "0" over "-0,10") is as suspect as a signed one
        signed = (b.text.strip()[:1] in "+-±" and not re.search(r"[A-Za-z]", b.text)
                  or re.fullmatch(r"0[.,]\d+", b.text.strip()) is not None)
        count, plain = _counted_plain(b.text)
        # (a count's box, slanted to reach both rows beside its large count, may stand lower still)
        if b.height < (1.15 if count else 1.3 if signed or plain is not None else 1.6) * line:
            return False
        if signed or (try_parse(b.text) is None and b.height >= 1.6 * line):
            return True
        # a plain size read from two rows of limits (``⌀35.05`` for ``⌀36.05`` over ``35.98``): on the ink, and
        # with no other box on its other row (that one is grouped with it as read)
        return (plain is not None
                and not any(o is not b and _overlap(o, b) > 0.3 for o in boxes)
                and _holds_two_rows(_glyph_boxes(crop_upright(raster, b.quad, pad=0.0))))

    candidates = [b for b in boxes if wanted(b)]
    if not candidates:
        return boxes
    counts = [_counted_plain(b.text)[0] for b in candidates]
    # a count and a ⌀ drawn once before both rows: the rows are read from past them; a plain size's rows are
    # read where its ink stands (its box, slanted or low, may cut the upper row's tops)
    rows = [(_rows_past_glyphs_across(raster, b) if c else _rows_on_ink(raster, b) if try_parse(b.text) else None)
            or _row_quads(b) for b, c in zip(candidates, counts)]
    quads = [quad for pair in rows for quad in pair]
    reads = reread(raster, quads, det_side=config.det_side)
    replaced: dict[int, list[TextBox]] = {}
    failed = [k for k, box in enumerate(candidates)
              if not _rows_taken(box, counts[k], reads[2 * k:2 * k + 2], quads[2 * k:2 * k + 2], raster, config,
                                 replaced)]
    # rows a line crosses (a centre line through limits on a shaft's axis, joining the ⌀ to the upper row's
    # digits): read once more with the lines painted out
    again = reread(raster, [quad for k in failed for quad in quads[2 * k:2 * k + 2]], det_side=config.det_side,
                   erase_lines=True)
    for n, k in enumerate(failed):
        _rows_taken(candidates[k], counts[k], again[2 * n:2 * n + 2], quads[2 * k:2 * k + 2], raster, config,
                    replaced)
    return [piece for box in boxes for piece in replaced.get(id(box), [box])]


def _rows_taken(box: TextBox, count: re.Match | None, reads: list[tuple[str, float]], quads: list[np.ndarray],
                raster: np.ndarray, config: ReaderConfig, replaced: dict[int, list[TextBox]]) -> bool:
    """:func:`_split_stacked_rows` for one box whose two rows (under ``quads``) read ``reads``: a count's limits
    go into the box's reading; deviations or limits replace the box (in ``replaced``). Whether they did."""
    (upper, s_up), (lower, s_low) = reads
    upper, lower = _compact_rows(upper, lower)
    if min(s_up, s_low) < config.min_score:
        return False
    if count is not None:
        if _limit_pair(upper, lower) and "⌀" not in upper + lower and _decimals(upper) == _decimals(lower):
            box.text = unify_decimal_separator(f"{_count(count.group(0))}⌀{upper} {lower}")
            return True
        return False
    pair = _deviation_pair(upper, lower) if _deviation_rows(upper, lower, box.text) else None
    if pair is None and _limit_pair(upper, lower):
        # a ⌀ drawn once before both rows belongs to the limits' first, whichever row read it, as a ⌀ or as a
        # 0 before the digits (``0 56.05``: no limit is written with a leading 0)
        read_as_zero = [re.match(r"0\d", row) is not None for row in (upper, lower)]
        upper, lower = (row[1:] if zero else row for row, zero in zip((upper, lower), read_as_zero))
        drawn = "⌀" in upper + lower or box.text.strip().startswith("⌀") or any(read_as_zero)
        diameter = "⌀" if drawn else _diameter_spanning_rows(raster, box)
        rows = f"{upper.replace('⌀', '')} {lower.replace('⌀', '')}"
        upper, lower = unify_decimal_separator(rows).split(" ")  # one decimal sign, as the upper's
        pair = (diameter + upper, lower)
    if pair is None:
        return False
    replaced[id(box)] = [TextBox(text, quad, score, box.source, box.upright_in_pass)
                         for text, quad, score in zip(pair, quads, (s_up, s_low))]
    return True


def _rows_on_ink(raster: np.ndarray, box: TextBox) -> list[np.ndarray] | None:
    """The quads of the two rows of characters standing in ``box`` (:func:`_two_rows`; a ⌀ drawn once before
    both, as tall as the two, in neither), or None. A box slanted off its text's right angle (the detector's
    box around a ⌀ centred on two rows turns towards the ⌀, cutting the lower row's end) is looked at upright,
    over its bounds; a line's stub entering from the box's edge is no row."""
    box = _straightened(box)
    crop = crop_upright(raster, box.quad, pad=0.0)
    glyphs = _glyph_boxes(crop)
    if len(glyphs):
        tall = float(np.median(glyphs[:, 3]))
        at_edge = (glyphs[:, 1] <= 0) | (glyphs[:, 1] + glyphs[:, 3] >= crop.shape[0])
        glyphs = glyphs[~(at_edge & (glyphs[:, 2] < 0.3 * tall))]
    if len(glyphs) < 3:
        return None
    tall = float(np.median(glyphs[:, 3]))
    glyphs = glyphs[glyphs[:, 3] <= 1.3 * tall]
    origin, u, v = box.frame()
    # from just before the rows' first characters (the box may take in the end of the text before them)
    return _two_rows(glyphs, tall, origin, u, v, max(0.0, float(glyphs[:, 0].min()) - 0.3 * tall))


def _rows_past_glyphs_across(raster: np.ndarray, box: TextBox) -> tuple[np.ndarray, np.ndarray] | None:
    """The two rows of stacked limits after a count and a ⌀ drawn once before both: quads from the first
    glyph with another one above or below it to the box's end, centred on the glyph just before it (the ⌀)
    and reaching 1.4 of its height up and down (the detector's box may cut the lower row short); None where no
    glyphs stand stacked, or none before them."""
    box = _straightened(box)  # (a box slanted towards the count cuts the lower row's end)
    crop = crop_upright(raster, box.quad, pad=0.0)
    glyphs = _glyph_boxes(crop)
    left, right = glyphs[:, 0], glyphs[:, 0] + glyphs[:, 2]
    overlap = np.minimum(right[:, None], right[None, :]) - np.maximum(left[:, None], left[None, :])
    apart = ((glyphs[:, 1] + glyphs[:, 3])[:, None] <= glyphs[None, :, 1]) | \
        ((glyphs[:, 1] + glyphs[:, 3])[None, :] <= glyphs[:, None, 1])
    stacked = ((overlap >= 0.5 * np.minimum(glyphs[:, 2][:, None], glyphs[:, 2][None, :])) & apart).any(axis=1)
    if not stacked.any():
        return None
    start = left[stacked].min()
    before = glyphs[right <= start]
    if not len(before):
        return None
    scale = box.height / crop.shape[0]
    x = float(start) * box.width / crop.shape[1]
    last = before[np.argmax(before[:, 0] + before[:, 2])]  # the ⌀, the glyph nearest the rows
    centre, tall = (last[1] + last[3] / 2.0) * scale, last[3] * scale

    def row(y0: float, y1: float) -> np.ndarray:  # from x along the box to its end, y0 to y1 down it
        return _region(box, before=-x, above=-y0, below=y1 - box.height)

    return row(centre - 1.4 * tall, centre + 0.05 * tall), row(centre - 0.05 * tall, centre + 1.4 * tall)


def _ink_mask(crop: np.ndarray) -> np.ndarray:
    """Dark ink of an RGB or grey crop (Otsu), 1 on ink and 0 on paper."""
    import cv2

    gray = cv2.cvtColor(crop, cv2.COLOR_RGB2GRAY) if crop.ndim == 3 else crop
    return cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1]


def _ink_components(crop: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    """Dark ink of an RGB or grey crop (:func:`_ink_mask`) as 8-connected components: count, label image and
    stats."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(_ink_mask(crop), connectivity=8)
    return count, labels, stats


def _inked_across(crop: np.ndarray) -> bool:
    """Whether a column of an upright text crop is inked over nine tenths of its height (a line across it)."""
    ink = _ink_mask(crop)
    return bool(len(ink) and (ink.mean(axis=0) >= 0.9).any())


# how many times as tall as wide a character may stand when a 1 must count (a serif 1 on a scan)
_SLENDER_ONE = 4.5


def _glyph_boxes(crop: np.ndarray, least: float = 0.12, slender: float = 3.0) -> np.ndarray:
    """Ink components of an upright crop that may be characters (not line pieces nor specks, under ``least``
    of the crop's height; none more than ``slender`` times as tall as wide, or 3 times as wide as tall), as rows
    of ``left, top, width, height``, left to right."""
    count, labels, stats = _ink_components(crop)
    stats = stats[1:count, :4]
    w, h = stats[:, 2], stats[:, 3]
    glyphs = stats[(h <= slender * w) & (w <= 3 * h) & (h >= least * labels.shape[0]) & (w >= 2)
                   & (w < 0.8 * labels.shape[1]) & (h < 0.9 * labels.shape[0])]  # not lines or frames spanning the crop
    return glyphs[np.argsort(glyphs[:, 0])]


_ONE_DEVIATION = re.compile(r"(?P<nominal>(?:\d+\s*[xX×]\s*)?[⌀R]?\s?\d+(?:[.,]\d+)?)\s*(?P<rest>±?[+\-±]\s?\d\S*)")
# a nominal and its two stacked rows read as one line of digits: "52,0.0,02", "16,000,05", "⌀12.00.00.05";
# a row's 0 may come out as a degree sign ("5,00 º0,05")
_GARBLED_STACK = re.compile(r"(?:\d+\s*[xX×]\s*)?[⌀R]?\s?\d[\d\s.,;:'+\-±°º]*\d")
_NOMINAL = re.compile(r"(?:\d+\s*[xX×]\s*)?[⌀R]?\s?\d+(?:[.,]\d+)?")


def _stack_start(glyphs: np.ndarray) -> int | None:
    """Index of the first glyph of a stack of small characters that ends a line of glyphs (left to right),
    or None: every glyph from it on is under 0.85 of the line's tall characters, and there are two or more."""
    heights = glyphs[:, 3]
    tall = float(np.median(heights[heights >= 0.7 * heights.max()]))
    small = heights < 0.85 * tall
    # a row's character run into the comma or sign beside it is a little taller, with small ones either side
    small[1:-1] |= small[:-2] & small[2:] & (heights[1:-1] < 0.95 * tall)
    start = len(small)
    while start > 0 and small[start - 1]:
        start -= 1
    return start if 0 < start <= len(small) - 2 else None


def _two_rows(small: np.ndarray, tall: float, top: np.ndarray, u: np.ndarray, v: np.ndarray,
              cut: float, read_to: tuple[float, int] | None = None) -> list[np.ndarray] | None:
    """Small glyphs (``left, top, width, height`` in an upright crop whose corner is ``top`` on the page, read
    along ``u``, down ``v``) standing in two rows right of ``cut``: the rows' quads on the page, upper first,
    or None when they stand in one row. ``tall`` is the nominal's character height. With ``read_to`` (where
    the text's detection ends, and how many digits a row has as the line was read), the longer row (or both,
    as long) holding fewer digit-sized glyphs than that reaches on to the detection's end: a digit the scan
    left faint is no glyph on the ink."""
    centres = small[:, 1] + small[:, 3] / 2.0
    order = np.sort(centres)
    gaps = np.diff(order)
    if not gaps.size:
        return None
    split = int(np.argmax(gaps))
    if gaps[split] < 0.6 * float(np.median(small[:, 3])):
        return None
    middle = (order[split] + order[split + 1]) / 2.0
    quads = []
    # a row of signs alone reaches as far as the other: its characters a line joined into one piece with it
    # are no glyphs, and the row cut after its sign reads ``+`` (a stack's rows are written to the same decimals)
    farthest = float((small[:, 0] + small[:, 2]).max()) + 0.15 * tall
    for row in (small[centres < middle], small[centres >= middle]):
        signs = bool((row[:, 2] >= 0.85 * row[:, 3]).all())
        x1 = farthest if signs else float((row[:, 0] + row[:, 2]).max()) + 0.15 * tall
        if read_to is not None and x1 >= farthest - 0.3 * tall \
                and int((row[:, 3] >= 0.7 * row[:, 3].max()).sum()) < read_to[1]:
            x1 = max(x1, read_to[0])
        y0 = float(row[:, 1].min()) - 0.15 * tall
        y1 = float((row[:, 1] + row[:, 3]).max()) + 0.15 * tall
        quads.append(np.array([top + cut * u + y0 * v, top + x1 * u + y0 * v, top + x1 * u + y1 * v,
                               top + cut * u + y1 * v]))
    return quads


# a row of a stack read on its own, its sign or its other row lost ("0,05" for "0" over "-0,05"), or the
# decimals of one (".02"); a leading 0 may have come back as a ⌀ ("⌀0.20": both rows read as one line)
_PART_OF_A_STACK = re.compile(r"[+\-±⌀]?\s?0(?:[.,]\d+)?|[.,]\d+")


def _part_of_a_stack(reading: str) -> bool:
    """Whether a reading may be a row of a stack, or part of one (``0``, ``-0,02``, ``.02``), letters that
    look like digits counting as those digits (:func:`_lookalike_digits`: ``0.i0`` is ``0.10`` in italics).

    >>> _part_of_a_stack("0.i0"), _part_of_a_stack("-0,O5"), _part_of_a_stack("25"), _part_of_a_stack("0.iA")
    (True, True, False, False)
    """
    return bool(_PART_OF_A_STACK.fullmatch(_lookalike_digits(reading.strip())))


def _stack_piece(box: TextBox) -> bool:
    """Whether a box's reading may be a stack's row, part of one, or its rows read as one garbled line."""
    return _part_of_a_stack(box.text) or _garbled_rows(box.text) or _garbled_fit(box.text)


def _lookalike_digits(reading: str) -> str:
    """``reading`` with each letter that looks like a 1 (``i l I |``) or a 0 (``o O``) read as that digit where
    it stands next to a digit or a decimal sign. No ISO 286 fit letter is among them (I, L, O are not used).

    >>> _lookalike_digits("-0.i0"), _lookalike_digits("0,O5"), _lookalike_digits("js6"), _lookalike_digits("Ring")
    ('-0.10', '0,05', 'js6', 'Ring')
    """
    ones = re.sub(r"(?<=[\d.,])[iIl|]|[iIl|](?=[\d.,])", "1", reading)
    return re.sub(r"(?<=[\d.,])[oO]|[oO](?=[\d.,])", "0", ones)


def _garbled_rows(reading: str) -> bool:
    """Whether a reading may be the two rows of a stack read as one line: digits, no letters, and no
    dimension as read (``) 0,120`` for ``+0,20`` over ``-0,10``).

    >>> _garbled_rows(") 0,120"), _garbled_rows("0,05"), _garbled_rows("H7"), _garbled_rows("25")
    (True, False, False, False)
    """
    return (bool(re.search(r"\d", reading)) and not re.search(r"[A-Za-z]", reading)
            and try_parse(reading) is None)


def _garbled_fit(reading: str) -> bool:
    """Whether a reading may be a hole class over a shaft class read as one short line (``H76``, ``7k6``,
    ``H``): up to five letters, digits and slashes, a letter among them. Where such a box covers two rows
    beside a nominal, they join it only as a fit (``A4`` over deviations is other text).

    >>> _garbled_fit("H76"), _garbled_fit("7k6"), _garbled_fit("25"), _garbled_fit("SECTION")
    (True, True, False, False)
    """
    return bool(re.fullmatch(r"[A-Za-z\d/]{1,5}", reading.strip()) and re.search(r"[A-Za-z]", reading))


def _find_missed_stacks(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> list[TextBox]:
    """Stacked deviations or fit classes the text detector never boxed (``⌀6.6`` with ``H7`` over ``g6``
    beside it, read as ``⌀6.6``), or boxed as one row that lost its sign and the other row (``90,00`` and
    ``0,05`` for ``0`` over ``-0,05``): right after a lone nominal, small characters standing in two rows,
    close to its last character and clear of every other box but such a row (or the rows read as one garbled
    line, ``) 0,120`` for ``+0,20`` over ``-0,10``), are read row by row; an upper and a lower deviation
    (:func:`_deviation_pair`) or a hole over a shaft class join the nominal, and the row read alone goes."""
    candidates, quads = [], []
    for box in boxes:
        if box.source != "ocr" or box.members or _NOMINAL.fullmatch(box.text.strip()) is None:
            continue
        origin, u, v = box.frame()
        h = box.height
        measured = _nominal_lettering(box, raster)
        if measured is None:
            continue
        tall, end, drawn = measured
        top = origin + (end - 0.1 * tall) * u - 0.5 * h * v
        region = np.array([top, top + 4.0 * tall * u, top + 4.0 * tall * u + 2.0 * h * v, top + 2.0 * h * v])
        # glyphs as small as the rows' characters, however much taller than its lettering the box is
        glyphs = _glyph_boxes(crop_upright(raster, region, pad=0.0), least=min(0.12, 0.3 * tall / (2.0 * h)))
        small = glyphs[(glyphs[:, 3] < 0.85 * tall) & (glyphs[:, 3] >= 0.35 * tall)] if len(glyphs) else glyphs
        if len(small) < 2 or small[0, 0] > 1.5 * tall:
            continue  # nothing small close after the nominal
        gaps = np.diff(small[:, 0]) - small[:-1, 2]
        ends = np.flatnonzero(gaps > 0.8 * tall)
        small = small[:ends[0] + 1] if ends.size else small  # the stack ends at a wide gap
        rows = _two_rows(small, tall, top, u, v, max(0.0, float(small[:, 0].min()) - 0.1 * tall))
        if rows is None:
            continue
        covering = [b for b in boxes if b is not box and any(_overlap(TextBox("", q, 1.0), b) > 0.1 for q in rows)]
        if any(b.members or not (_stack_piece(b) or _FRAGMENT.fullmatch(b.text.strip())) for b in covering):
            continue  # another text stands there
        candidates.append((box, _drawn_part(box.text.strip(), drawn), rows, covering))
        quads.extend(rows)
    if not candidates:
        return boxes

    def joined_text(nominal: str, covering: list[TextBox], upper: tuple[str, float],
                    lower: tuple[str, float]) -> str | None:
        (upper, s_up), (lower, s_low) = upper, lower
        upper, lower = _compact_rows(upper, lower)
        if min(s_up, s_low) < config.min_score:
            return None
        if any(not _stack_piece(b) and _digits(b.text) not in _digits(upper + lower) for b in covering):
            return None  # a number read there that is no piece of the rows
        if _FITS.fullmatch(f"{upper} {lower}"):  # a hole class over a shaft class
            text = f"{nominal} {upper} {lower}"
        elif any(_garbled_fit(b.text) for b in covering):  # letters read there: deviations are not what stands
            return None
        elif _deviation_rows(upper, lower, nominal):
            text = _with_deviations(nominal, upper, lower)
        else:
            return None
        return text if text is not None and try_parse(recover_symbols(text)) is not None else None

    reads = reread(raster, quads, det_side=config.det_side)
    texts = [joined_text(nominal, covering, reads[2 * k], reads[2 * k + 1])
             for k, (_, nominal, _, covering) in enumerate(candidates)]
    # a line crossing the rows (an extension line through the stack) joins the characters it touches into
    # one piece of ink, which the rows' ends were not measured from: rows that make nothing are read again
    # with the line painted out and reaching a character height further
    again = [k for k, text in enumerate(texts) if text is None]
    longer = []
    for k in again:
        box = candidates[k][0]
        for quad in quads[2 * k:2 * k + 2]:
            q = quad.astype(np.float64).copy()
            q[[1, 2]] += 0.8 * box.height * box.frame()[1]
            longer.append(q)
    erased = reread(raster, longer, det_side=config.det_side, erase_lines=True)
    for n, k in enumerate(again):
        reads[2 * k:2 * k + 2] = erased[2 * n:2 * n + 2]
        box, nominal, _, covering = candidates[k]
        rows = longer[2 * n:2 * n + 2]
        texts[k] = joined_text(nominal, covering, reads[2 * k], reads[2 * k + 1])
        if texts[k] is not None:  # a piece of a row read on its own past where the rows were measured
            known = {id(b) for b in covering} | {id(box)}
            covering = covering + [b for b in boxes if id(b) not in known and not b.members
                                   and _part_of_a_stack(b.text)
                                   and any(_overlap(TextBox("", q, 1.0), b) > 0.1
                                           and _digits(b.text) in _digits(read) for q, (read, _) in
                                           zip(rows, reads[2 * k:2 * k + 2]))]
        candidates[k] = (box, nominal, rows, covering)
    joined: dict[int, TextBox] = {}
    dropped: set[int] = set()
    for k, ((box, _, rows, covering), text) in enumerate(zip(candidates, texts)):
        if text is None:
            continue
        s_up, s_low = reads[2 * k][1], reads[2 * k + 1][1]
        parts = [TextBox(t, q, s, box.source, box.upright_in_pass) for t, q, s in
                 zip(text.split()[-2:], rows, (s_up, s_low))]
        joined[id(box)] = TextBox(text, _union_quad(box, parts), min(box.score, s_up, s_low), box.source, True,
                                  [box] + parts)
        dropped.update(id(b) for b in covering)
    return [joined.get(id(b), b) for b in boxes if id(b) not in dropped]


def _nominal_lettering(box: TextBox, raster: np.ndarray) -> tuple[float, float, int] | None:
    """The height of a nominal's lettering, where its last character ends (px along the box) and how many
    characters it has, measured on the ink with a margin (a tight detection's characters fill its height), a 1
    too; where lines join its characters (fewer found than read), on the ink with the lines painted out.
    None where fewer than two characters stand."""
    h = box.height
    read = len(re.sub(r"[\s.,+\-±]", "", box.text))
    found = None
    for crop in (lambda: crop_upright(raster, box.quad, pad=0.2),
                 lambda: crop_without_line_bands(raster, padded_quad(box.quad, 0.2), text_height=h)):
        count, _, stats = _ink_components(crop())
        own = stats[1:count, :4]
        own = own[(own[:, 3] >= 0.3 * h) & (own[:, 3] <= 1.2 * h) & (own[:, 2] <= 1.5 * h)]
        if len(own) < 2:
            continue
        own[:, 0] -= int(round(0.2 * h))
        tall = float(np.median(own[own[:, 3] >= 0.75 * own[:, 3].max(), 3]))
        lettering = own[own[:, 3] >= 0.75 * tall]  # not a comma, nor a small row the box reached over
        end = float((lettering[:, 0] + lettering[:, 2]).max())  # the nominal's last character, on the ink
        if found is None or len(lettering) > found[2]:
            found = (tall, end, len(lettering))
        if found[2] >= read - 1:
            break
    return found


def _drawn_part(reading: str, drawn: int) -> str:
    """A nominal's reading cut to the ``drawn`` characters its line has on the ink, where the recogniser read
    two or more of the small characters after it into it (``⌀6,647`` for ``⌀6,6`` before ``H7`` over ``f7``)
    and the cut leaves a decimal number; otherwise the reading (one character more is as often two digits
    touching, counted as one).

    >>> _drawn_part("⌀6,647", 3), _drawn_part("⌀16,00", 4), _drawn_part("647", 1)
    ('⌀6,6', '⌀16,00', '647')
    """
    kept, count = [], 0
    for char in reading:
        count += char not in " .,"
        if count > drawn:
            break
        kept.append(char)
    cut = "".join(kept).rstrip(" .,")
    extra = len(re.sub(r"[\s.,]", "", reading)) - drawn
    return cut if extra >= 2 and re.fullmatch(r"[⌀R]?\d+[.,]\d+", cut) else reading


def _rows_after(glyphs: np.ndarray, drawn: int, top: np.ndarray, u: np.ndarray,
                v: np.ndarray, read_to: tuple[float, int] | None = None) -> tuple[float, list[np.ndarray]] | None:
    """Two rows of small characters after the first ``drawn`` glyphs of a line (:func:`_two_rows`, with its
    ``read_to``): where they begin along the line and their quads, or None."""
    if drawn < 1 or len(glyphs) < drawn + 2:
        return None
    heights = glyphs[:drawn, 3]
    tall = float(np.median(heights[heights >= 0.8 * heights.max()]))
    # a line joined some of the nominal's characters into its ink: the glyphs the reading counts run on into
    # the rows; their characters and signs (a ``+`` as wide as tall; a decimal comma, as small, is narrow) are
    # the rows'
    def row_glyph(w: float, gh: float) -> bool:
        return 0.5 * tall <= gh < 0.85 * tall or (0.3 * tall <= gh < 0.5 * tall and w >= 0.8 * gh)

    while drawn > 1 and row_glyph(*glyphs[drawn - 1, 2:4]):
        drawn -= 1
    rest = glyphs[drawn:]
    # an upper row's character joined to the lower row's by a stub of the dimension line between them
    joined = (rest[:, 3] > 1.3 * tall) & (rest[:, 3] < 2.0 * tall) & (rest[:, 2] < 1.2 * tall)
    if joined.any():
        x, y, w, h = rest[joined].T
        halves = np.concatenate([np.stack([x, y, w, h // 2], 1), np.stack([x, y + h - h // 2, w, h // 2], 1)])
        rest = np.concatenate([rest[~joined], halves])
        rest = rest[np.argsort(rest[:, 0], kind="stable")]
    small = rest[rest[:, 3] < 0.85 * tall]
    if len(small) < 2 or small[0, 0] < glyphs[drawn - 1, 0] + glyphs[drawn - 1, 2]:
        return None
    # the rows' signs are too small to be glyphs: the cut goes a sign's width before their first digits
    before = glyphs[glyphs[:, 0] < small[0, 0]]
    cut = max(float((before[:, 0] + before[:, 2]).max()) + 0.1 * tall,
              float(small[0, 0]) - 1.2 * float(np.median(small[:, 3])))
    rows = _two_rows(small, tall, top, u, v, cut, read_to)
    return (cut, rows) if rows is not None else None


def _stack_starts(as_read: str | None, glyphs: np.ndarray) -> list[int]:
    """Where the small characters of a stack may begin among a line's ``glyphs`` (left to right), most likely
    first: after the nominal's characters as read (decimal sign aside); where a run of small ones ends the line
    on the ink (the reading lost or doubled a character); and one glyph earlier where the nominal as read ends
    in a decimal 0 (the upper row's lone ``0`` read into it: ``⌀32.000.10`` for ``⌀32.00`` with ``0`` over
    ``-0.10``).

    >>> _stack_starts("⌀32.000", np.array([[0, 0, 20, 30]] * 5 + [[0, 0, 20, 60]] + [[0, 0, 10, 20]] * 2))
    [6, 5]
    """
    starts = [len(re.sub(r"[\s.,]", "", as_read))] if as_read else []
    ink_start = _stack_start(glyphs) if len(glyphs) >= 3 else None
    starts += [ink_start] if ink_start is not None and ink_start not in starts else []
    if as_read and re.search(r"[.,]\d+0$", as_read) and starts[0] - 1 not in starts:
        starts.append(starts[0] - 1)
    return starts


def _stack_rows_on_ink(glyphs: np.ndarray, as_read: str | None, top: np.ndarray, u: np.ndarray, v: np.ndarray,
                       read_to: tuple[float, int] | None = None):
    """The glyphs of a line holding a nominal and its stack (less an arrowhead beside the rows) and the rows
    after the nominal (:func:`_rows_after`, tried where :func:`_stack_starts` says, with its ``read_to``), or
    None for them."""
    if len(glyphs):  # an arrowhead on the dimension line beside the rows is no character
        glyphs = glyphs[glyphs[:, 2] <= 3.0 * float(np.median(glyphs[:, 2]))]
    starts = _stack_starts(as_read, glyphs)
    return glyphs, next((rows for rows in (_rows_after(glyphs, drawn, top, u, v, read_to) for drawn in starts)
                         if rows), None)


def _split_nominal_from_stack(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig,
                              only: set[int] | None = None) -> list[TextBox]:
    """Deviations stacked beside their nominal, taken into the nominal's box (the rows' own detections were
    duplicates of the bigger box, or were never made): a reading of a nominal and one deviation
    (``130.0-0.0300`` for ``130.0`` with ``+0.20`` over ``-0.03``), or a line of digits that does not parse
    (``52,0.0,02`` for ``⌀52,0`` with ``0`` over ``-0,02``), is checked on the ink, with room above and below
    the box. When smaller characters right of the nominal's stand in two rows, the rows are read one by one;
    an upper and a lower deviation (:func:`_deviation_pair`) replace the box's reading, with the nominal as
    read (read again alone when the reading, garbled, holds none, or one cut short: ``15, 00``), and grouping
    joins the three. Both rows' signs read into the line (``14,0 -+0,020``) make it garbled. A garbled line's
    rows are looked for again as columns of ink (:func:`_stack_on_ink`), tried where the glyph boxes' rows do
    not read as deviations (``200.00.20`` for ``200.0`` with ``+0.20`` over ``0``). ``only``: the ids of the
    boxes to look at, if not all."""
    candidates, quads = [], []
    for box in boxes:
        if box.source != "ocr" or (only is not None and id(box) not in only):
            continue
        text = box.text.strip()
        m = _ONE_DEVIATION.fullmatch(text)
        # one sign, or a ± glued to one (``27.5±+0.20``: the lower row's 0 read as the ±'s lower half)
        signs = len(re.findall(r"[+\-±]", m["rest"])) if m is not None else 0
        if m is not None and signs > 1 and not re.match(r"±[+\-]\d", m["rest"]) and try_parse(text) is None:
            m = None  # both rows' signs read into one line ("14,0 -+0,020"): garbled
        elif m is not None and signs != 1 and not re.match(r"±[+\-]\d", m["rest"]):
            continue
        garbled = m is None and _GARBLED_STACK.fullmatch(text) is not None and try_parse(text) is None
        if m is None and not garbled:
            continue
        origin, u, v = box.frame()
        w, h = box.width, box.height
        top = origin - 0.4 * h * v
        w += 0.5 * h  # the detection often ends inside the rows' last character
        grown = np.array([top, top + w * u, top + w * u + 1.8 * h * v, top + 1.8 * h * v])
        read_nominal = _NOMINAL.match(text) if garbled else m
        as_read = read_nominal.group(0 if garbled else "nominal") if read_nominal else None
        crop = crop_upright(raster, grown, pad=0.0)
        glyphs = _glyph_boxes(crop)
        if len(glyphs) < 0.6 * len(re.sub(r"[\s.,+\-±]", "", text)):  # a line through the text joins its glyphs
            crop = crop_without_line_bands(raster, grown, text_height=h)
            glyphs = _glyph_boxes(crop)
        # the one deviation read in the line tells how many digits a row holds
        read_to = (box.width, len(re.sub(r"\D", "", m["rest"]))) if m is not None else None
        glyphs, found = _stack_rows_on_ink(glyphs, as_read, top, u, v, read_to)
        if found is None and len(glyphs) and glyphs[:, 3].max() < 0.6 * h:
            # a box about both rows, much taller than its lettering: the rows' characters are no specks
            glyphs, found = _stack_rows_on_ink(_glyph_boxes(crop, 0.12 * glyphs[:, 3].max() / (0.6 * h)), as_read,
                                               top, u, v, read_to)
        findings = [(found, None)] if found is not None else []
        if garbled and (on_ink := _stack_on_ink(box, raster)) is not None:
            # rows the glyph boxes showed wrong or not at all (a monospaced font's dotted zeros, a broken glyph),
            # found as columns of ink, tried second: the nominal is as many characters of the reading as it has
            # glyphs
            findings.append(((on_ink[1], list(on_ink[2:])), _nominal_of(text, on_ink[0])))
        others = [b for b in boxes if b is not box]
        q = box.quad.astype(np.float64)
        for (cut, row_quads), drawn_nominal in findings:
            if any(_overlap(TextBox("", quad, 1.0), b) > 0.3 for quad in row_quads for b in others):
                continue  # a row has a box of its own: grouping joins them as usual
            nominal_quad = np.array([q[0], q[0] + cut * u, q[3] + cut * u, q[3]])
            nominal, fallback = as_read, None
            if drawn_nominal is not None:
                nominal = drawn_nominal if _NOMINAL.fullmatch(drawn_nominal) else None
            # the nominal as read in the line, where it ends before a blank or a sign (``15, 00``: read it alone)
            elif garbled and nominal and not re.match(r"\s|[+\-±]|$", text[len(nominal):]):
                nominal = None
            # more characters drawn before the rows than the reading holds (``100.0`` for ``100.00``): read it
            # alone
            elif nominal and _glyphs_before(cut, glyphs, raster, grown, h) > len(re.sub(r"[\s.,]", "", nominal)):
                nominal, fallback = None, nominal
            candidates.append((box, nominal, fallback, nominal_quad, row_quads))
            quads.extend(row_quads + ([nominal_quad] if nominal is None else []))
    if not candidates:
        return boxes
    reads = iter(reread(raster, quads, det_side=config.det_side))
    replaced: dict[int, list[TextBox]] = {}
    unread: list[tuple[TextBox, str, float, np.ndarray, list[np.ndarray]]] = []
    for box, nominal, fallback, nominal_quad, row_quads in candidates:
        rows = [next(reads), next(reads)]
        alone, s_alone = next(reads) if nominal is None else ("", 0.0)
        if id(box) in replaced:
            continue  # the rows the glyph boxes showed were read already
        score = box.score
        if nominal is None:  # read alone, clear of the rows
            nominal = re.sub(r"(?<=\d[.,])\s+(?=\d)", "", recover_symbols(alone))  # "15, 00": a wide comma
            score = s_alone
            if _NOMINAL.fullmatch(nominal) is None or s_alone < config.min_score:
                if fallback is None:
                    continue
                nominal, score = fallback, box.score
        pieces = _nominal_and_rows(box, nominal, score, nominal_quad, row_quads, rows, config)
        if pieces is not None:
            replaced[id(box)] = pieces
        elif score >= config.min_score:  # (a nominal read unsure stays so, whatever the rows read)
            unread.append((box, nominal, score, nominal_quad, row_quads))
    # rows a line crosses (``⌀03`` for ``-0.03`` under a centre line): read once more with the lines painted out
    reads = iter(reread(raster, [quad for *_, row_quads in unread for quad in row_quads], det_side=config.det_side,
                        erase_lines=True))
    for box, nominal, score, nominal_quad, row_quads in unread:
        pieces = _nominal_and_rows(box, nominal, score, nominal_quad, row_quads, [next(reads), next(reads)], config)
        if pieces is not None and id(box) not in replaced:
            replaced[id(box)] = pieces
    return [piece for box in boxes for piece in replaced.get(id(box), [box])]


def _nominal_and_rows(box: TextBox, nominal: str, score: float, nominal_quad: np.ndarray,
                      row_quads: list[np.ndarray], rows: list[tuple[str, float]],
                      config: ReaderConfig) -> list[TextBox] | None:
    """The nominal and the two rows of a stack read apart from ``box`` (:func:`_split_nominal_from_stack`) as
    three boxes, when the rows read (``rows``: text and score each) are an upper and a lower deviation; else
    None."""
    (upper, s_up), (lower, s_low) = rows
    upper, lower = _compact_rows(upper, lower)
    log.debug("stack beside %r: %r over %r", nominal, upper, lower)
    if min(s_up, s_low, score) < config.min_score or not _deviation_rows(upper, lower, box.text):
        return None
    pair = _deviation_pair(upper, lower)
    if pair is None:
        return None
    return [TextBox(nominal, nominal_quad, score, box.source, box.upright_in_pass)] + [
        TextBox(text, quad, s, box.source, box.upright_in_pass)
        for text, quad, s in zip(pair, row_quads, (s_up, s_low))]


def _glyphs_before(cut: float, glyphs: np.ndarray, raster: np.ndarray, quad: np.ndarray, h: float) -> int:
    """How many glyphs (:func:`_glyph_boxes` of the crop under ``quad``) end before ``cut``, or, where a line
    crossing the text joined one to it (``135.00`` with a line through its last 0), as many as stand there with
    the lines' bands painted out, if more."""
    drawn = int((glyphs[:, 0] + glyphs[:, 2] <= cut).sum())
    free = _glyph_boxes(crop_without_line_bands(raster, quad, text_height=h))
    return max(drawn, int((free[:, 0] + free[:, 2] / 2 <= cut).sum()))  # (a glyph the line cut may end past it)


def _keep_drawn_zeros(boxes: list[TextBox], raster: np.ndarray) -> None:
    """Grouping takes a nominal's last ``0`` for the lower deviation of a ``+0.10 / 0`` stack read into its box
    (``⌀40.000``) when the upper deviation starts above it. That holds when the reading has one character
    more than the nominal's line has on the ink; when it has as many (``97.50``: the two zeros ``0`` and
    lower ``0`` read as one), the nominal keeps its ``0``, the lower one stays when it is on the ink below the
    line, and is otherwise left to be read (:func:`_complete_deviations`)."""
    for box in boxes:
        if len(box.members) != 2:
            continue
        main, upper = box.members
        text, written = main.text.strip(), upper.text.strip()
        if not (text.endswith("0") and box.text.endswith(" 0") and written[:1] in "+±"
                and box.text.replace(" ", "") != f"{text}{written}".replace(" ", "")):
            continue
        crop = crop_upright(raster, main.quad, pad=0.0)
        glyphs = _glyph_boxes(crop)
        if len(glyphs) < 3:
            continue
        char = float(np.max(glyphs[:, 3]))
        top = float(np.median(glyphs[glyphs[:, 3] > 0.8 * char, 1]))
        on_line = (np.abs(glyphs[:, 1] - top) < 0.25 * char) & (glyphs[:, 3] > 0.8 * char)
        below = (glyphs[:, 1] >= top + 0.25 * char) & ~on_line
        read = len(re.sub(r"[\s.,]", "", text))
        drawn = _characters_on_line(crop, top, char)
        if drawn < read:  # a line across the text may join a glyph to it
            drawn = _characters_on_line(crop_without_line_bands(raster, main.quad), top, char)
        if drawn == read and below.any():  # a ± is never stacked: a + with the lower zero's top as its bar
            box.text = f"{text} +{written[1:].strip()} 0"
        elif drawn == read:
            box.text = f"{text} {written}"


def _characters_on_line(crop: np.ndarray, top: float, char: float) -> int:
    """How many characters of full height stand on the line whose tops are at ``top`` in an upright crop:
    narrow ones (a 1) count once, and a piece of ink as wide as several characters (two zeros touching) as
    many as it is wide."""
    count, _, stats = _ink_components(crop)
    x, y, w, h = stats[1:count, :4].T
    on_line = (np.abs(y - top) < 0.25 * char) & (h > 0.8 * char) & (h < 1.5 * char) & (w < 0.8 * crop.shape[1])
    if not on_line.any():
        return 0
    wide = w[on_line][w[on_line] >= 0.4 * char]
    pitch = float(np.median(wide)) if len(wide) else char
    return int(sum(max(1, round(width / pitch)) for width in w[on_line]))


def _row_offset(box: TextBox, row: TextBox) -> float | None:
    """How far ``box``'s centre stands below ``row``'s (in ``row``'s frame, px; negative: above) when the two
    could be stacked rows of one tolerance: read the same way, of like height, overlapping along the row."""
    turned = abs((row.rotation - box.rotation + 180.0) % 360.0 - 180.0)
    if box is row or turned > 10.0 or not 0.7 < box.height / row.height < 1.4:
        return None
    (ax0, ay0), (ax1, ay1) = row.local(box.quad).min(axis=0), row.local(box.quad).max(axis=0)
    if min(ax1, row.width) - max(ax0, 0.0) <= 0.5 * min(ax1 - ax0, row.width):
        return None
    return (ay0 + ay1) / 2.0 - row.height / 2.0


def _restore_lost_sign(boxes: list[TextBox], sign: str) -> None:
    """A stacked deviation that lost its sign reads as a bare ``0.10``: a number below 1 standing right above a
    lower deviation (``sign`` ``+``: a line crossing the ``+``), or right below an upper one (``sign`` ``-``: a
    line along it, a scan that dropped the short stroke), the two a deviation pair once signed, gets ``sign``.
    A non-zero deviation is always written signed; a ``-`` (one short stroke) is lost far more easily than a
    ``+`` (two crossing strokes), and an upper ``+`` over a lower ``-`` is the commonest pair."""
    other = "-" if sign == "+" else "+"
    partners = [b for b in boxes if re.fullmatch(rf"\{other}\s?\d+[.,]\d+", b.text.strip())]
    for box in boxes:
        bare = box.text.strip()
        if not re.fullmatch(r"0[.,]\d+", bare):
            continue
        for partner in partners:
            offset = _row_offset(box, partner)
            if offset is None:
                continue
            apart = offset if sign == "-" else -offset  # how far it stands on its side of the partner
            written = partner.text.strip().replace(" ", "")
            pair = (sign + bare, written) if sign == "+" else (written, sign + bare)
            if 0.6 * partner.height < apart < 1.9 * partner.height and _deviation_pair(*pair) is not None:
                box.text = sign + bare
                break


def _reach_back(box: TextBox, reach: float) -> None:
    """Move ``box``'s start edge by ``reach`` px along its reading direction (negative: back over a glyph
    standing before it)."""
    if reach == 0:
        return
    q = box.quad.astype(np.float64)
    u = box.frame()[1]
    box.quad = np.array([q[0] + reach * u, q[1], q[2], q[3] + reach * u])


#: what the recogniser reads a ⌀ as when a line runs through it
_ROUND_GLYPHS = set("⌀ØøΦφ∅0OoQDθ")
#: a box holding only a count and a ⌀ (or what a ⌀ is read as; its ring and slash read apart, ``⌀0``)
_COUNT_AND_DIAMETER = re.compile(rf"\s*(?:\d+\s*[xX×])?\s*[{re.escape(''.join(sorted(_ROUND_GLYPHS)))}]{{0,2}}\s*")


def _diameter_glyph_before_stacks(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> list[TextBox]:
    """A ⌀ drawn once before stacked limits, centred on the pair or standing on its lower line, that no
    reading kept (detected alone and read ``∅``, swallowed by a count's box, or not found at all): the nearest
    glyph on the ink just before the pair, about as wide as tall, centred between the two lines or on the
    lower one, is read on its own; a diameter sign (read, or seen as a slashed circle, :func:`_slashed_circle`:
    the recogniser reads a lone ⌀ as ``e`` or ``Q``) makes the pair a diameter. A count (``4x``) read just
    before it joins too; a box that held only the ⌀ is dropped. Limits already read with their ⌀ get their
    count the same way."""
    # limits, or limits whose ⌀ a reading already gave (their count may still be missing)
    limits = re.compile(r"⌀?\d+[.,]\d+ \d+[.,]\d+")
    left_to_look = [b for b in boxes if b.source == "ocr" and limits.fullmatch(b.text.strip())]
    dropped: set[int] = set()
    uncounted: list[tuple[TextBox, np.ndarray]] = []
    # a line through the ⌀ (the dimension line between the rows, an outline it stands against) makes one piece
    # of ink of them: the stacks no glyph was found before are looked at again with the lines painted out
    for erased in (False, True):
        candidates = [(box, *glyph) for box in left_to_look for glyph in _glyphs_before_rows(box, raster, erased)]
        reads = reread(raster, [c[-1] for c in candidates], det_side=config.det_side, erase_lines=erased)
        done: set[int] = set()
        for (box, left, middle, slashed, quad), (glyph, score) in zip(candidates, reads):
            diameter = glyph.strip() in DIAMETER_GLYPHS and score >= config.min_score
            round_between = middle and glyph.strip() in _ROUND_GLYPHS
            # read surely as two digits or more, the glyph is a row's first digit (the rows start apart: ``99,90``
            # under ``100,00``), however round it is: a ⌀ is one glyph; so it is read as a digit with no round
            # stroke a ⌀ could be taken for (the ``7`` of ``74,90`` standing before ``75,02`` in italics)
            digits = re.fullmatch(r"\d{2,}|[1-57][.,]?", glyph.strip()) is not None and score >= config.min_score
            if id(box) in done or digits or not (slashed or diameter or round_between) \
                    or _read_in_other_text(quad, box, boxes):
                continue
            done.add(id(box))
            _join_diameter(box, left, boxes, dropped)
            if not re.match(r"\d+x", box.text):  # a count no box holds: read at the ⌀'s height just before it
                size, u = float(np.linalg.norm(quad[3] - quad[0])), box.frame()[1]
                uncounted.append((box, np.array([quad[0] - 2.5 * size * u, quad[0], quad[3],
                                                 quad[3] - 2.5 * size * u])))
        left_to_look = [b for b in left_to_look if id(b) not in done]
    for (box, quad), (text, score) in zip(uncounted, reread(raster, [q for _, q in uncounted],
                                                           det_side=config.det_side)):
        count = _count_alone(text)
        if count and score >= config.min_score:
            box.text = f"{count}{box.text}"
            _reach_back(box, float(box.local(quad)[:, 0].min()))
    return [b for b in boxes if id(b) not in dropped]


def _inside(point: np.ndarray, box: TextBox) -> bool:
    """Whether a page point lies in ``box``."""
    x, y = box.local(point[None])[0]
    return bool(0 <= x <= box.width and 0 <= y <= box.height)


def _read_in_other_text(quad: np.ndarray, box: TextBox, boxes: list[TextBox]) -> bool:
    """Whether the glyph under ``quad`` was read as part of another text than ``box`` (a digit of the next
    dimension is no ⌀ of this one); a box holding only a count (``4x``) and a ⌀, or what a ⌀ is read as
    (``Q``), is read apart for that, and so is one lying on the limits themselves (a misreading of their row
    that took the ⌀ in)."""
    centre = quad.mean(axis=0)
    for other in boxes:
        if other is box or _COUNT_AND_DIAMETER.fullmatch(other.text) \
                or _overlap(other, box) > 0.3:
            continue
        if _inside(centre, other):
            return True
    return False


def _glyphs_before_rows(box: TextBox, raster: np.ndarray, erased: bool) -> list[tuple[float, bool, bool, np.ndarray]]:
    """The three glyphs nearest the rows of the stacked limits in ``box`` that may be a ⌀ drawn before them
    (with the lines painted out when ``erased``), nearest first: where each starts (px along the box, negative
    before it), whether it stands centred between the rows, whether it is a slashed circle, and its quad."""
    import cv2

    origin, u, v = box.frame()
    h = box.height
    # the rows' lettering: its character height and where the two rows stand in the box (a detection may be
    # far taller than the stack)
    own = _glyph_boxes(crop_upright(raster, box.quad, pad=0.0))
    if len(own) >= 4:
        char = float(np.median(own[:, 3]))
        rows_top, rows_bottom = float(own[:, 1].min()), float((own[:, 1] + own[:, 3]).max())
        # where the rows' digits start: a box grown over the ⌀ (a wider reading of one row) starts before it
        on_a_row = np.abs(own[:, 1] + own[:, 3] / 2.0 - (rows_top + rows_bottom) / 2.0) > 0.35 * char
        inside = max(1.2 * char, float(own[on_a_row, 0].min()) if on_a_row.any() else 0.0)
    else:
        char, rows_top, rows_bottom, inside = 0.45 * h, 0.0, h, 0.54 * h
    lead = 2.6 * char  # room for a ⌀ (and a gap) before the rows
    start = origin - lead * u + (rows_top - 0.2 * char) * v
    tall = rows_bottom - rows_top + 0.4 * char
    reach = lead + inside + 0.3 * char  # a ⌀ may stand inside the detection, before the rows' first digits
    strip = np.array([start, start + reach * u, start + reach * u + tall * v, start + tall * v])
    crop = crop_without_lines(raster, strip, text_height=char) if erased else crop_upright(raster, strip, pad=0.0)
    glyphs = np.array([_without_line_stubs(crop, g) for g in _glyph_boxes(crop)]).reshape(-1, 4)
    # a ⌀ may reach into the pair's box; it stands centred on the pair, or on one of its rows
    centre = glyphs[:, 1] + glyphs[:, 3] / 2.0 if len(glyphs) else np.zeros(0)
    fits = [g for g, c in zip(glyphs, centre) if 0.5 * char <= g[3] <= 2.6 * char
            and 0.35 * g[3] <= g[2] <= 1.3 * g[3] and 0.45 * char <= c <= tall - 0.45 * char
            and g[0] + g[2] / 2.0 <= lead + inside]
    found = []
    for x, y, w, gh in (tuple(int(t) for t in g) for g in fits[-3:][::-1]):  # one may be a digit of the pair
        count, labels, stats = _ink_components(crop[y:y + gh, x:x + w])
        largest = 1 + int(np.argmax(stats[1:count, cv2.CC_STAT_AREA])) if count > 1 else 0
        pad = 0.15 * gh
        corner = start + (x - pad) * u + (y - pad) * v
        quad = np.array([corner, corner + (w + 2 * pad) * u, corner + (w + 2 * pad) * u + (gh + 2 * pad) * v,
                         corner + (gh + 2 * pad) * v])
        # centred between the rows, a round glyph can only be the ⌀ (a digit or letter stands on a row)
        middle = abs(y + gh / 2.0 - tall / 2.0) <= 0.35 * char
        glyph = labels == largest
        if largest:  # to its ink (a lowercase-sized ⌀ may be known by its strokes alone, :func:`_slashed_ring`)
            ys, xs = np.nonzero(glyph)
            glyph = glyph[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
        found.append((x - lead, middle, bool(largest) and (_slashed_circle(glyph) or _slashed_ring(glyph)), quad))
    return found


def _without_line_stubs(crop: np.ndarray, glyph: np.ndarray) -> np.ndarray:
    """A glyph (``left, top, width, height`` in ``crop``) wider than a ⌀ may be one joined by a line to its
    sides (a centre line through it and on through the next digits, painted out only where no stroke crosses
    it, or not at all): its first run of columns inked over a third of its height and more, the line's stubs
    before and after it cut off; other glyphs are returned as they are."""
    x, y, w, h = (int(t) for t in glyph)
    if w <= 1.3 * h:
        return glyph
    _, labels, _ = _ink_components(crop[y:y + h, x:x + w])
    inked = np.flatnonzero((labels > 0).sum(axis=0) >= h / 3.0)
    if not inked.size:
        return glyph
    breaks = np.flatnonzero(np.diff(inked) > 1)
    first, last = inked[0], inked[breaks[0]] if breaks.size else inked[-1]
    return np.array([x + first, y, last - first + 1, h])


def _join_diameter(box: TextBox, left: float, boxes: list[TextBox], dropped: set[int]) -> None:
    """Give stacked limits the ⌀ found ``left`` px along them (negative: before them), with a count read in a
    box of its own just before it; the box reaches back over both, and a box that held only the ⌀ or the
    count goes to ``dropped``."""
    h = box.height
    text, reach = "⌀" + box.text.strip().lstrip("⌀"), left
    for other in boxes:
        turned = abs((other.rotation - box.rotation + 180.0) % 360.0 - 180.0)
        if other is box or id(other) in dropped or turned > 10.0:
            continue
        x, y = box.local(other.quad.mean(axis=0)[None])[0]
        stripped = other.text.strip()
        if not -0.2 * h <= y <= 1.2 * h:
            continue
        if left - 0.2 * h <= x <= 0.1 * h and len(stripped) == 1 and stripped in DIAMETER_GLYPHS:
            dropped.add(id(other))  # the ⌀ read on its own
        count = re.fullmatch(r"(\d+\s*[xX×])\s*(?:[⌀ØøΦφ∅][0Oo]?)?", stripped)  # its ring read again: ⌀0
        if count and left - 2.5 * h <= x < left + 0.3 * h:
            text = f"{_count(count[1])}{text}"
            reach = min(reach, float(box.local(other.quad)[:, 0].min()))
            dropped.add(id(other))
    _reach_back(box, reach)
    box.text = text


def _diameter_spanning_rows(raster: np.ndarray, box: TextBox) -> str:
    """``⌀`` when the first glyph of a two-row box spans both rows (taller than 1.7 of the other glyphs)
    and is not narrow (a bracket is), else ``""``: a ⌀ drawn once before stacked limits."""
    import cv2

    count, labels, stats = _ink_components(crop_upright(raster, box.quad, pad=0.0))
    w, h = stats[1:count, cv2.CC_STAT_WIDTH], stats[1:count, cv2.CC_STAT_HEIGHT]
    # glyphs, not pieces of lines (a leader's shoulder, a dimension line) nor specks
    glyphs = stats[1:count][(np.maximum(w, h) <= 3 * np.minimum(w, h)) & (h >= 0.1 * labels.shape[0])]
    if len(glyphs) < 3:
        return ""
    first = glyphs[np.argmin(glyphs[:, cv2.CC_STAT_LEFT])]
    height, width = first[cv2.CC_STAT_HEIGHT], first[cv2.CC_STAT_WIDTH]
    tall = height >= 1.7 * np.median(glyphs[:, cv2.CC_STAT_HEIGHT])
    return "⌀" if tall and 0.35 * height <= width <= 1.3 * height else ""


def _limit_pair(upper: str, lower: str) -> bool:
    """Whether two rows are the upper and lower limit of one size (decimals, a few per cent apart)."""
    numbers = [re.fullmatch(r"⌀?(\d+[.,]\d+)", t) for t in (upper, lower)]
    if not all(numbers):
        return False
    high, low = (float(m[1].replace(",", ".")) for m in numbers)
    return high > low and high - low <= 0.05 * high


_PLAIN = re.compile(r"^(?P<diameter>⌀)?\s?(?P<number>\d+[.,](?P<decimals>\d+))$")


def _limit_row(text: str) -> tuple[re.Match | None, re.Match | None]:
    """A reading of one row of stacked limits, made with the crop reaching back over a ⌀ (and a count) drawn
    before the stack: the count and the :data:`_PLAIN` number, any one glyph before it being the ⌀ (a speck
    before it aside)."""
    text = _compact(text)
    count = re.match(r"\d+[xX×](?=\D?\d)", text)
    text = text[count.end():] if count else text
    return count, _PLAIN.match(re.sub(r"^[.,'`]?[^\d\s⌀]\s?(?=\d)", "⌀", text))


def _other_limit(own: re.Match, other: re.Match, above: bool) -> bool:
    """Whether ``other`` (a :data:`_PLAIN` match read ``above`` or below the limit ``own``) is its other limit:
    as many decimals, within 5 %, the upper limit above.

    >>> low = _PLAIN.match("8.98")
    >>> _other_limit(low, _PLAIN.match("9.02"), True), _other_limit(low, _PLAIN.match("9.0"), True)
    (True, False)
    """
    upper, lower = (other, own) if above else (own, other)
    return len(other["decimals"]) == len(own["decimals"]) and _limit_pair(upper["number"], lower["number"])


def _counted_plain(text: str) -> tuple[re.Match | None, re.Match | None]:
    """A count (``4x``) and the :data:`_PLAIN` number after it, as a lone limit may be read.

    >>> count, number = _counted_plain("4x ⌀4,55")
    >>> count.group(0), number["number"], _counted_plain("R5.00")[1]
    ('4x ', '4,55', None)
    """
    count = re.match(r"\d+\s?[xX×]\s?(?=⌀)", text.strip())
    return count, _PLAIN.match(text.strip()[count.end():] if count else text.strip())


def _find_missed_limits(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig,
                        gray: np.ndarray) -> list[TextBox]:
    """Stacked limits whose other line the text detector missed or misread (``⌀9,00`` over ``8,98``, only
    ``8,98`` found): the line height above and below each lone number is read (reaching back for a ⌀ drawn
    before the stack); a number there with as many decimals, within 5 % and on the right side of it,
    completes the limits (the reading's last digits may be the number, where the crop's start cut into the
    glyphs before it: ``199.02`` for ``4xØ9.02``), and a reading of that same line (``16.15`` with an
    extension line taken for a 1) is dropped. Returns the boxes left."""
    lone = [b for b in boxes if b.source == "ocr" and not b.members and _counted_plain(b.text)[1]]
    quads = []
    for box in lone:
        origin, u, v = box.frame()
        h = box.height
        for shift in (-1.05 * h, 1.05 * h):
            q = box.quad.astype(np.float64) + shift * v
            q[[0, 3]] -= 0.9 * h * u
            quads.append(q if _looks_like_text(crop_upright(gray, q, pad=0.0)) else None)
    wanted = [q for q in quads if q is not None]
    found = iter(reread(raster, wanted, det_side=config.det_side))
    reads = [next(found) if q is not None else ("", 0.0) for q in quads]
    # a line crossing the other row (a centre line through a diameter): rows that read as no number are read
    # again with it painted out
    again = [k for k, (text, score) in enumerate(reads) if quads[k] is not None and (score < config.min_score or
             _limit_row(text)[1] is None)]
    for k, reading in zip(again, reread(raster, [quads[k] for k in again], det_side=config.det_side,
                                        erase_lines=True)):
        reads[k] = reading

    def fitting_row(own: dict, text: str, above: bool):
        count, other = _limit_row(text)
        # the crop's start cut into the glyphs before the number ("199.02" for "4xØ9.02"): its digits last
        tails = [_PLAIN.fullmatch(text.strip()[-n:]) for n in range(len(own["number"]), len(text.strip()))]
        rows = ([(count, other)] if other else []) + [(None, t) for t in tails if t and t["number"][0] != "0"]
        return next(((c, o) for c, o in rows if _other_limit(own, o, above)), None)

    # a row read as a number that does not fit (a line through a digit: "150.00" over "159.90") may hold one
    # that does among the recogniser's other likely readings of it (its CTC n-best)
    counted = [_counted_plain(b.text) for b in lone]  # a lone box's text changes only at its own turn below
    # the other limit each row read holds, if any (rows above the lone limit at even places)
    fits = {k: fitting_row(counted[k // 2][1], text, k % 2 == 0) for k, (text, score) in enumerate(reads)
            if quads[k] is not None and score >= config.min_score and counted[k // 2][1] is not None}
    unfit = [k for k, found in fits.items() if found is None and _limit_row(reads[k][0])[1] is not None]
    others = dict(zip(unfit, reread_alternatives(raster, [quads[k] for k in unfit], det_side=config.det_side)))
    absorbed: set[int] = set()
    for k, box in enumerate(lone):
        own_count, own = counted[k]
        if id(box) in absorbed or own is None:
            continue
        for j, ((text, score), above, region) in enumerate(zip(reads[2 * k:2 * k + 2], (True, False),
                                                               quads[2 * k:2 * k + 2])):
            if score < config.min_score:
                continue
            found = fits[2 * k + j]
            for alternative, share in others.get(2 * k + j, []):
                if found is not None or share < _LIKELY_READING:
                    break
                found = fitting_row(own, recover_symbols(alternative), above)
            if found is None:
                continue
            count, other = found
            count = own_count or count
            upper, lower = (other, own) if above else (own, other)
            diameter = "⌀" if own["diameter"] or other["diameter"] else ""
            box.text = unify_decimal_separator(
                f"{_count(count.group(0) if count else None)}{diameter}{upper['number']} {lower['number']}")
            origin, u, v = box.frame()
            box.quad = _grown(box.quad, v * (-1.05 if above else 1.05) * box.height)
            digits, line_read = re.sub(r"\D", "", other["number"]), TextBox("", region, 1.0)
            # (the very number, read on a row box the ⌀ made taller, may stand partly outside the line read)
            absorbed.update(id(b) for b in boxes if b is not box and b.source == "ocr" and (
                _overlap(b, line_read) > 0.5 and digits in re.sub(r"\D", "", b.text)
                or _overlap(b, line_read) > 0.25 and digits == re.sub(r"\D", "", b.text)))
            break
    return [b for b in boxes if id(b) not in absorbed]


def _complete_deviations(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> list[TextBox]:
    """A nominal grouped with one signed deviation lacks the other (ISO 129 gives both, but for ±): the
    small ``0`` under a ``+0.02`` (or the row over a ``-0.05``) is often not detected. The deviation's own
    line height below (above) it is read, as it stands and with the lines crossing it painted out; a
    deviation there completes the tolerance when the whole parses with upper > lower, and a box read there on
    its own (the row without its sign) is dropped. (A fit class missing its other row: :func:`_complete_fits`.)"""
    wanted: list[tuple[TextBox, TextBox, bool]] = []
    quads, dropped = [], set()
    for box in boxes:
        parts = [m for m in box.members[1:] if is_deviation(m.text) and m.text.strip()[:1] in "+-"]
        tokens = box.text.split()
        # one deviation in the text as it stands (a repair may already have supplied the other)
        if box.source != "ocr" or len(box.members) != 2 or len(parts) != 1 or \
                sum(is_deviation(t) for t in tokens[1:]) != 1 or tokens[-1] != parts[0].text.strip():
            continue
        part = parts[0]
        below = part.text.strip().startswith("+")
        _, _, v = part.frame()
        quads.append(part.quad.astype(np.float64) + (1.0 if below else -1.0) * part.height * v)
        wanted.append((box, part, below))

    def deviation(text: str, score: float) -> str | None:
        text = _compact(text)
        return text if score >= config.min_score and is_deviation(text) else None

    found = [deviation(*reading) for reading in reread(raster, quads, det_side=config.det_side)]
    # an extension line crossing the small row: the rows not read are read again with it painted out
    again = [k for k, text in enumerate(found) if text is None]
    erased = reread(raster, [quads[k] for k in again], det_side=config.det_side, erase_lines=True)
    for k, reading in zip(again, erased):
        found[k] = deviation(*reading)
    for (box, part, below), quad, text in zip(wanted, quads, found):
        if text is None:
            continue
        nominal = box.text.strip()[:-len(part.text.strip())].strip()
        upper, lower = (part.text.strip(), text) if below else (text, part.text.strip())
        merged = _with_deviations(nominal, upper, lower)
        if merged is not None:
            box.text = merged
            row = TextBox(text, quad, 1.0)
            digits = re.sub(r"\D", "", text)
            dropped.update(id(b) for b in boxes if b is not box and digits and re.sub(r"\D", "", b.text) == digits
                           and _overlap(b, row) >= 0.5)
    return [b for b in boxes if id(b) not in dropped]


def _complete_fits(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> None:
    """A nominal grouped with one fit class written small above its middle (a hole class, ``⌀32`` with ``H7``
    over an ``h6`` never detected) or below it (a shaft class) gets the other row read, a row below (above)
    it: a fit class of the other kind there completes the fit. A fit class written on the nominal's line is
    left as it is."""
    wanted, quads, both, both_quads = [], [], [], []
    for box in boxes:
        if box.source != "ocr" or len(box.members) != 2 or not is_fit_class(box.members[1].text):
            continue
        nominal, part = box.members
        fit = part.text.strip()
        if box.text.replace(" ", "") != (nominal.text + fit).replace(" ", ""):
            continue
        if part.height > 0.85 * nominal.height:  # one box about both rows, read as one of them
            rows = _rows_on_ink(raster, part)
            if rows is not None:
                both.append((box, nominal.text.strip(), fit))
                both_quads.extend(rows)
            continue
        y = float(nominal.local(part.quad.mean(axis=0)[None, :])[0, 1]) - nominal.height / 2
        if abs(y) < 0.15 * nominal.height or (y < 0) != fit[:1].isupper():
            continue
        _, _, v = part.frame()
        quads.append(part.quad.astype(np.float64) + (1.0 if y < 0 else -1.0) * part.height * v)
        wanted.append((box, nominal.text.strip(), fit))
    reads = reread(raster, quads + both_quads, det_side=config.det_side)

    def complete(box: TextBox, nominal: str, upper: str, lower: str) -> None:
        if _FITS.fullmatch(f"{upper} {lower}") and try_parse(f"{nominal} {upper} {lower}") is not None:
            box.text = f"{nominal} {upper} {lower}"

    for (box, nominal, fit), (text, score) in zip(wanted, reads):
        other = _fit_row(_compact(text))
        if score < config.min_score or not is_fit_class(other) or other[:1].isupper() == fit[:1].isupper():
            continue
        complete(box, nominal, *((fit, other) if fit[:1].isupper() else (other, fit)))
    rows = reads[len(quads):]
    for (box, nominal, fit), (upper, s_up), (lower, s_low) in zip(both, rows[::2], rows[1::2]):
        upper, lower = _fit_row(_compact(upper)), _fit_row(_compact(lower))
        # a hole class over a shaft class, one of them the class read for the box
        if min(s_up, s_low) >= config.min_score and upper[:1].isupper() and lower[:1].islower() \
                and fit in (upper, lower):
            complete(box, nominal, upper, lower)


_SHAFT_CLASS_ON_THE_LINE = re.compile(rf"(?P<nominal>{_NOMINAL.pattern})\s?(?P<fit>[a-z]{{1,2}}\d{{1,2}})")


def _hole_class_over_a_small_shaft_class(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> None:
    """A shaft class read on its nominal's line (``⌀40 k6``) in characters clearly smaller than the nominal's is
    the lower row of a stacked fit whose hole class above it (``H7``) the detector left out: the row over the
    class's characters is read, and a hole class there, with no other box on it, completes the fit (the box
    reaching up over it). A class written on the line as tall as the nominal is left as it is."""
    wanted, quads = [], []
    for box in boxes:
        m = _SHAFT_CLASS_ON_THE_LINE.fullmatch(box.text.strip())
        if box.source != "ocr" or box.members or m is None:
            continue
        h = box.height
        region = _region(box, after=0.3 * h, above=0.8 * h)
        crop = crop_upright(raster, region, pad=0.0)
        glyphs = _glyph_boxes(crop, least=0.15 * h / crop.shape[0])
        if len(glyphs) < 3:
            continue
        # the line's characters stand on one baseline, that of the nominal's tall ones
        bottoms = glyphs[:, 1] + glyphs[:, 3]
        tall = float(glyphs[:, 3].max())
        baseline = float(np.median(bottoms[glyphs[:, 3] >= 0.85 * tall]))
        line = glyphs[np.abs(bottoms - baseline) <= 0.15 * tall]
        start = _stack_start(line) if len(line) >= 3 else None
        if start is None or start == 0 or len(line) - start < 2:
            continue
        row = line[start:]
        small = float(np.median(row[:, 3]))
        x0, x1, top = float(row[:, 0].min()), float((row[:, 0] + row[:, 2]).max()), float(row[:, 1].min())
        # the hole class's characters: as small, over the shaft class's
        over = glyphs[(glyphs[:, 1] + glyphs[:, 3] <= top + 0.3 * small) & (glyphs[:, 3] >= 0.6 * small)
                      & (glyphs[:, 3] <= 1.4 * small) & (glyphs[:, 0] + glyphs[:, 2] >= x0 - 0.3 * small)
                      & (glyphs[:, 0] <= x1 + 0.3 * small)]
        if not len(over):
            continue
        # as wide as the shaft class at least (a scan may break a character of the hole class into specks)
        ox0, oy0 = min(float(over[:, 0].min()), x0) - 0.3 * small, float(over[:, 1].min()) - 0.2 * small
        ox1 = max(float((over[:, 0] + over[:, 2]).max()), x1) + 0.3 * small
        oy1 = float((over[:, 1] + over[:, 3]).max()) + 0.2 * small
        _, u, v = box.frame()
        quad = np.array([region[0] + x * u + y * v for x, y in ((ox0, oy0), (ox1, oy0), (ox1, oy1), (ox0, oy1))])
        if any(_overlap(TextBox("", quad, 1.0), other) > 0.3 for other in boxes if other is not box):
            continue  # a box of its own stands there: grouping has had its say
        wanted.append((box, m["nominal"].strip(), m["fit"], quad))
        quads.append(quad)
    for (box, nominal, fit, quad), (text, score) in zip(wanted, reread(raster, quads, det_side=config.det_side)):
        upper = _fit_row(_compact(text))
        joined = f"{nominal} {upper} {fit}"
        # (a hole class over the shaft class: upper case, as _FITS has it)
        if score >= config.min_score and is_fit_class(upper) and _FITS.fullmatch(f"{upper} {fit}") \
                and try_parse(joined) is not None:
            log.debug("hole class over %r: %r", box.text, upper)
            box.text = joined
            box.quad = _union_quad(box, [TextBox("", quad, 1.0)])


def _diameter_before_limits(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> None:
    """A ⌀ (and a count, ``4x⌀``) drawn once before a pair of stacked limits, as tall as the stack, is
    often detected with neither line: each line is read again with the crop reaching back over where the
    ⌀ stands, and a diameter-like glyph (after a count or not) before that line's own number is kept. A glyph
    that may as well be a digit or a letter (``0``, ``O``, ``a``…) must still be read with the crop reaching
    back half as far: a ⌀ stands close to its number, the last 0 of a number beside it (``15,0  44,95``)
    does not."""
    limits = [b for b in boxes if b.source == "ocr" and re.fullmatch(r"\d+[.,]\d+ \d+[.,]\d+", b.text.strip())]

    def rows(box: TextBox, reach: float) -> list[np.ndarray]:
        q = box.quad.astype(np.float64)
        middle_left, middle_right = (q[0] + q[3]) / 2, (q[1] + q[2]) / 2
        back = reach * box.height * box.frame()[1]
        return [np.array([q[0] - back, q[1], middle_right, middle_left - back]),
                np.array([middle_left - back, middle_right, q[2], q[3] - back])]

    reads = reread(raster, [q for box in limits for q in rows(box, 0.9)], det_side=config.det_side)
    found: list[tuple[TextBox, str, int, bool]] = []
    for k, box in enumerate(limits):
        for row, (number, (text, score)) in enumerate(zip(box.text.split(), reads[2 * k:2 * k + 2])):
            m = re.fullmatch(r"(\d+\s*[xX×]\s*)?([⌀ØøΦφ∅0OQ@$¢a])\s?" + re.escape(number), text.strip())
            if m and score >= config.min_score:
                found.append((box, _count(m.group(1)), row, m.group(2) in "⌀ØøΦφ∅"))
                break
    doubtful = [(box, count, row) for box, count, row, sure in found if not sure]
    near = reread(raster, [rows(box, 0.45)[row] for box, _, row in doubtful],
                  det_side=config.det_side) if doubtful else []
    close = {id(box) for (box, _, _), (text, score) in zip(doubtful, near)
             if score >= config.min_score and re.match(r"(?:\d+\s*[xX×]\s*)?[⌀ØøΦφ∅0OQ@$¢a]\s?\d", text.strip())}
    for box, count, _, sure in found:
        if sure or id(box) in close:
            box.text = f"{count}⌀{box.text.strip()}"


def _looks_like_text(crop: np.ndarray) -> bool:
    """Whether a grey crop may hold a line of text rather than blank paper or a solid block: ink in at
    least a fifth of its columns (a line half in the crop, its start a gap reaching back for a ⌀, counts), and
    fewer than a third of its rows inked almost end to end."""
    if crop.size == 0:
        return False
    ink = crop < min(200, int(np.median(crop)) - 40)
    cols = ink.mean(axis=0)
    return float((cols > 0.1).mean()) >= 0.2 and float((ink.mean(axis=1) > 0.8).mean()) < 0.3


def _grown(quad: np.ndarray, offset: np.ndarray) -> np.ndarray:
    """``quad`` extended by ``offset`` on the side it points to (its top edge when it points up)."""
    q = quad.astype(np.float64).copy()
    side = [0, 1] if float(offset @ (q[0] - q[3])) > 0 else [2, 3]
    q[side] += offset
    return q


def _find_frames_around(boxes: list[TextBox], layout: PageLayout) -> None:
    """Feature control frames the page-wide cell search missed (broken scan strokes, lines crossing or
    running along a frame): each horizontal number not yet in a frame is checked for a compartment around
    it, locally (:func:`~drawinglab.read.layout.frame_around`). So is each number in a frame found, whose end
    compartments (a symbol's, a datum's) or walls a line broken by the scan may have left out: a frame found
    around it that holds the one found and reaches further, or has more compartments, replaces it."""
    if layout.ink is None:
        return
    for box in boxes:
        if not re.search(r"\d", box.text) or min(box.rotation, 360.0 - box.rotation) > 5.0:
            continue
        holding = next(((f, cells) for f, cells in layout.gdt_frames if layout.in_box(box.bbox, f, 0.5)), None)
        found = frame_around(layout.ink, box.bbox, 0.8 * box.height)
        if found is None:
            continue
        if holding is not None:
            (frame, cells), (around, walled) = holding, found
            further = around[2] - around[0] > frame[2] - frame[0] + 0.5 * box.height
            # more walls, none of them a line crossing the frame (running on above or below it)
            walls = [c[0] for c in walled[1:]]
            more = len(walled) > len(cells) and not any(
                runs_past(layout.ink, int(round(x)), int(round(around[1])), int(round(around[3])), int(box.height), 2,
                          0.8) for x in walls)
            if not layout.in_box(frame, around, 0.8) or not (further or more):
                continue
        # it replaces any part of it the page-wide search found (its datum cells, say)
        layout.gdt_frames = [f for f in layout.gdt_frames if not layout.in_box(f[0], found[0], 0.8)]
        layout.gdt_frames.append(found)


def _characters_inside(ink: np.ndarray, cell: tuple[float, float, float, float]) -> int:
    """How many character-sized ink components stand wholly inside ``cell``, clear of its walls (a cell cut
    across the text by the text's own strokes has its characters touching the cut)."""
    import cv2

    x0, y0, x1, y1 = (int(round(c)) for c in cell)
    edge = max(2, int(0.08 * (y1 - y0)))
    inside = (ink[y0 + edge:y1 - edge + 1, x0 + edge:x1 - edge + 1] > 0).astype(np.uint8)
    if inside.size == 0:
        return 0
    # a line crossing the cell from wall to wall (a dimension line through a basic box) is no character
    inside[:, cv2.dilate(inside.all(axis=0).astype(np.uint8)[None], np.ones((1, 3), np.uint8))[0] > 0] = 0
    inside[cv2.dilate(inside.all(axis=1).astype(np.uint8)[:, None], np.ones((3, 1), np.uint8))[:, 0] > 0] = 0
    count, _, stats, _ = cv2.connectedComponentsWithStats(inside, connectivity=8)
    left, top, width, height = (stats[1:count, k] for k in range(4))
    clear = (left > 0) & (top > 0) & (left + width < inside.shape[1]) & (top + height < inside.shape[0])
    return int((clear & (height >= 0.3 * inside.shape[0])).sum())


def _holes(mask: np.ndarray, min_share: float) -> list[np.ndarray]:
    """The contours of the paper one glyph's ink encloses, each at least ``min_share`` of the glyph's box."""
    import cv2

    contours, hierarchy = cv2.findContours(mask.astype(np.uint8), cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    area = min_share * mask.size
    return [c for c, link in zip(contours, hierarchy[0]) if link[3] >= 0 and cv2.contourArea(c) >= area]


def _slashed_circle(mask: np.ndarray) -> bool:
    """Whether one glyph's ink is a ⌀: about as wide as tall, with two holes of like size, one up and left of
    the other (a circle cut by its slash). An 8 or a B has its holes one above the other; two touching digits
    (``60``) are wide and their holes differ."""
    import cv2

    h, w = mask.shape
    if not 0.5 * h <= w <= 1.3 * h:  # some fonts' ⌀ is a flat ellipse whose slash runs past it
        return False
    holes = _holes(mask, 0.03)  # a slash running past the circle and thick strokes leave small holes
    if len(holes) != 2:
        return False
    areas = [cv2.contourArea(c) for c in holes]
    moments = [cv2.moments(c) for c in holes]
    (x1, y1), (x2, y2) = ((m["m10"] / m["m00"] / w, m["m01"] / m["m00"] / h) for m in moments)
    if x1 > x2:
        (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
    return max(areas) <= 1.6 * min(areas) and x2 - x1 >= 0.15 and y2 - y1 >= 0.05


def _ink_at(mask: np.ndarray, fx: float, fy: float, reach: int = 0) -> bool:
    """Whether a glyph's ink reaches within ``reach`` px of the point at fractions ``fx``, ``fy`` of its box."""
    h, w = mask.shape
    x, y = int(round(fx * (w - 1))), int(round(fy * (h - 1)))
    return bool(mask[max(0, y - reach):y + reach + 1, max(0, x - reach):x + reach + 1].any())


def _slashed_ring(mask: np.ndarray) -> bool:
    """Whether one glyph's ink is a ring with a slash from its lower left to its upper right, told by its
    strokes rather than its holes (:func:`_slashed_circle`): a small ⌀ on a scan (a lowercase-sized one, as
    some fonts draw it) often has a hole closed or opened by blur. Ink on all four sides of the ring and
    along the slash, paper in the two halves it cuts and in the two corners it leaves. Not enough alone: on
    blurred, noisy renderings of the matplotlib fonts it also takes some ``7``, ``2``, ``%`` and most ``z``;
    callers hold it to glyphs smaller than the digits beside them and to no other text's box."""
    h, w = mask.shape
    if not 0.7 * h <= w <= 1.4 * h:
        return False

    def inked(x0: float, x1: float, y0: float, y1: float) -> bool:
        return bool(mask[int(y0 * h):max(int(y0 * h) + 1, int(np.ceil(y1 * h))),
                         int(x0 * w):max(int(x0 * w) + 1, int(np.ceil(x1 * w)))].any())

    ring = (inked(0, 0.2, 0.25, 0.75) and inked(0.8, 1, 0.25, 0.75) and inked(0.25, 0.75, 0, 0.2)
            and inked(0.25, 0.75, 0.8, 1))
    slash = np.mean([_ink_at(mask, t, 1 - t) for t in np.linspace(0.3, 0.7, 9)]) >= 0.8
    halves = not _ink_at(mask, 0.3, 0.3) and not _ink_at(mask, 0.7, 0.7)
    corners = not _ink_at(mask, 0.0, 0.0) and not _ink_at(mask, 1.0, 1.0)
    return ring and slash and halves and corners


def _size_without_diameter(box: TextBox) -> str | None:
    """The reading of an OCR box (brackets aside) where it is a number with no ⌀ that would still read as a
    dimension with one before it, else None."""
    core = box.text.strip().strip("[]")
    if box.source != "ocr" or not re.match(r"\d", core) or "°" in core or try_parse("⌀" + core) is None:
        return None
    return core


def _diameter_glyph_first(boxes: list[TextBox], raster: np.ndarray) -> None:
    """A ⌀ the recogniser left out (it reads some fonts' slashed circle as nothing): a number whose first
    glyph on the ink, as tall as the text, is a slashed circle (:func:`_slashed_circle`) gets its ⌀ back when
    the result still reads as a dimension."""
    for box in boxes:
        core = _size_without_diameter(box)
        if core is None:
            continue
        h = box.height
        quad = _region(box, before=0.3 * h)  # the ⌀ may stand just outside the detection
        crop = crop_upright(raster, quad, pad=0.0)
        left = _leading_slashed_circle(crop, h)
        if left is None and _inked_across(crop):  # a line across the text (an extension line) joined the ⌀ to
            free = crop_without_line_bands(raster, quad, text_height=h)  # the digit after it
            left = _slashed_circle_a_glyph_more(free, core, h)
            if left is None:
                left = _slashed_circle_a_line_runs_along(box, core, raster)
        if left is None:
            continue
        origin, u, v = box.frame()
        glyph = origin + (left - 0.3 * h + 0.2 * h) * u + 0.5 * h * v  # in the glyph, near its start
        if left < 0.3 * h and any(_inside(glyph, other) for other in boxes if other is not box):
            continue  # outside the detection, a letter of the text before it (the z of ``Rz 2.5``)
        if left >= 0.2 * h and _diameter_read_as_first_digit(crop, core, left):  # (a ⌀ inside the detection)
            box.text = box.text.replace(core, "⌀" + core[1:], 1)
            continue
        box.text = box.text.replace(core, "⌀" + core, 1)
        _reach_back(box, min(0.0, left - 0.3 * h))  # a ⌀ outside the detection: the box takes it in


def _diameter_read_as_first_digit(crop: np.ndarray, core: str, left: float) -> bool:
    """Whether the slashed circle starting at ``left`` in a number's crop is the number's first digit as
    read (``911`` for ``⌀11``: a ⌀ read as a 9, 8, 6 or 0): the crop holds from there no more glyphs than the
    reading has digits, and the reading without that digit is still a dimension behind a ⌀."""
    digits = re.sub(r"\D", "", core)
    if core[:1] not in "0689" or len(digits) < 2 or try_parse("⌀" + core[1:]) is None:
        return False
    glyphs = _glyph_boxes(crop, slender=_SLENDER_ONE)
    glyphs = glyphs[glyphs[:, 0] + glyphs[:, 2] > left + 1] if len(glyphs) else glyphs
    return 0 < len(glyphs) <= len(digits)


def _slashed_circle_a_line_runs_along(box: TextBox, core: str, raster: np.ndarray) -> float | None:
    """Where a ⌀ starts before a (grouped) box's nominal that a line runs along, its band painting out part of
    the circle too: on the nominal's own lettering with the lines taken out, strokes kept where they touch
    them, the first glyph a slashed circle, a glyph more than the nominal's digits, within the text's first
    character (a digit a line crosses further on is none); else None. Measured as :func:`_diameter_glyph_first`
    measures it, from 0.3 of the box's height before the box."""
    nominal = box.members[0] if box.members else box
    h = nominal.height
    free = crop_without_lines(raster, _region(nominal, before=0.3 * h), text_height=h)
    left = _slashed_circle_a_glyph_more(free, nominal.text if box.members else core, h)
    return left - 0.3 * h + 0.3 * box.height if left is not None and left <= 0.8 * h else None


def _slashed_circle_a_glyph_more(free: np.ndarray, reading: str, h: float) -> float | None:
    """Where a crop with its lines painted out starts with a slashed circle (:func:`_leading_slashed_circle`)
    that is a glyph more than the ``reading``'s digits (a lone 8 lying on its side has two holes too); else
    None."""
    if len(_glyph_boxes(free)) <= len(re.sub(r"\D", "", reading)):
        return None
    return _leading_slashed_circle(free, h)


# a size with a fit or a symmetric tolerance, or a limit, as one box reads it: what a ⌀ may stand before
_PLAIN_SIZE = re.compile(r"\d+(?:[.,]\d+)?(?:\s?±\s?\d+(?:[.,]\d+)?"
                         r"|\s?[A-Za-z]{1,2}\d{1,2}(?:/[A-Za-z]{1,2}\d{1,2})?)?")


def _diameter_read_before(boxes: list[TextBox], raster: np.ndarray, config: ReaderConfig) -> None:
    """A ⌀ the recogniser left out where a line runs through it, or just outside the detection: a number that
    would still read as a dimension with a ⌀ is read again from a crop reaching back over the glyph before it,
    with the lines through it taken out; where that reads the same number behind a ⌀ (or what a ⌀ is read as:
    ``ø``, ``0``; before a lone digit only a diameter glyph), also inside a basic dimension's box (its walls
    read as brackets), it gets its ⌀."""
    candidates = []
    for box in boxes:
        core = _size_without_diameter(box)
        nominal = box.members[0] if box.members else box
        if core is not None and _PLAIN_SIZE.fullmatch(nominal.text.strip()):
            candidates.append((box, core, nominal))
    if not candidates:
        return

    def key(text: str) -> str:  # a decimal sign a line runs through reads as any of them
        return re.sub(r"[.,:;]", ".", _compact(text))

    def unboxed(text: str) -> str:  # a basic dimension's box, its walls read as brackets or bars
        return re.sub(r"^\s*[\[|]\s*(.*?)\s*[\]|]\s*$", r"\1", text)

    quads = [nominal.quad for _, _, nominal in candidates]
    readings = reread(raster, quads, extend_left=0.6, det_side=config.det_side, erase_lines=True)
    for (box, core, nominal), (text, score) in zip(candidates, readings):
        # before a lone digit, a round glyph read as a 0 may be any circle's arc: the ⌀ must be read as one
        lone_digit = re.fullmatch(r"\d", nominal.text.strip()) is not None
        if lone_digit and not re.match(rf"\s*[{DIAMETER_GLYPHS}]", text):
            continue
        inside = unboxed(text)
        if key(inside) == key("⌀" + nominal.text) and score >= config.min_score:
            log.debug("⌀ before %r: read %r", box.text, text)
            box.text = box.text.replace(core, "⌀" + core, 1)
            # inside a basic dimension's box the box stays where it was: its wall stands just before the ⌀
            _reach_back(box, 0.0 if inside != text else -0.5 * nominal.height)


def _leading_slashed_circle(crop: np.ndarray, h: float) -> float | None:
    """Where the first glyph of a text crop starts, if it is a slashed circle (:func:`_slashed_circle`) as
    tall as the text; else None. Failing that, it is looked for again with a line along the text through the
    ⌀ (a dimension or centre line) taken out and the strokes it crossed joined again, but not inside a basic
    dimension's box."""
    import cv2

    count, labels, stats = _ink_components(crop)
    found = _first_glyph_slashed_circle(count, labels, stats, h)
    if found is not None:
        return found
    before_labels, before_stats = labels, stats
    ink = _lines_along_taken_out((labels > 0).astype(np.uint8), h)
    if ink is None:
        return None
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    found = _first_glyph_slashed_circle(count, labels, stats, h)
    if found is None:
        return None
    # a basic dimension's box is no line through a ⌀ (its walls, joined to the first digit once the lines along
    # are out, make a slashed circle of it): before, the ink there enclosed paper wider than any glyph
    first = before_labels[:, int(found):int(found + 0.3 * h) + 1]
    for k in np.unique(first[first > 0]):
        x, y, w, gh = before_stats[k, :4]
        if any(cv2.boundingRect(c)[2] > 0.7 * h for c in _holes(before_labels[y:y + gh, x:x + w] == k, 0.0)):
            return None
    return found


def _lines_along_taken_out(ink: np.ndarray, h: float) -> np.ndarray | None:
    """An ink mask of lettering ``h`` px tall without the lines along it (one and a half times its height or
    longer), the glyph strokes such a line cut joined again across it; None where no line runs along."""
    import cv2

    along = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, max(3, int(1.5 * h))), np.uint8))
    if not along.any():
        return None
    thickness = int(np.clip(np.median(along.sum(axis=0)[along.any(axis=0)]), 1, max(1, 0.15 * h)))
    return cv2.morphologyEx(ink & (1 - along), cv2.MORPH_CLOSE, np.ones((thickness + 2, 1), np.uint8))


def _first_glyph_slashed_circle(count: int, labels: np.ndarray, stats: np.ndarray, h: float) -> float | None:
    """Where the first glyph among ink components starts, if it is a slashed circle as tall as the text."""
    # the lettering's height from its characters: a box around slanted text, or one holding the dimension
    # line under it, is much taller than the text (and a ⌀ in some fonts is smaller than a digit)
    heights = stats[1:count, 3]
    tall = heights[heights >= 0.3 * h]
    text_height = min(h, float(np.median(tall))) if len(tall) else h
    # as tall as the text, and neither a stroke (a 1, a basic box's wall) nor a frame or line around it
    glyphs = [k for k in range(1, count) if 0.55 * text_height <= stats[k, 3] <= 1.3 * text_height
              and 0.35 * stats[k, 3] <= stats[k, 2] <= 1.5 * stats[k, 3]]
    if not glyphs:
        return None
    first = min(glyphs, key=lambda k: stats[k, 0])
    x, y, w, gh = stats[first, :4]
    mask = labels[y:y + gh, x:x + w] == first
    if _slashed_circle(mask):
        return float(x)
    # a ⌀ smaller than the digits may be known by its strokes alone: no digit is that small, but the lower
    # part of one broken in two (an italic 2 whose top arc the threshold cut off) may be, with ink over it
    others = np.arange(1, count) != first
    over = (others & (stats[1:count, 0] < x + w) & (stats[1:count, 0] + stats[1:count, 2] > x)
            & (stats[1:count, 1] + stats[1:count, 3] <= y + 2) & (stats[1:count, 1] >= y - text_height)
            & (stats[1:count, 4] >= 4))
    small = gh <= 0.85 * text_height and not over.any()
    return float(x) if small and _slashed_ring(mask) else None


def _degree_sign_after(boxes: list[TextBox], raster: np.ndarray) -> None:
    """An angle's degree sign the recogniser left out or read as a 0 (``45`` or ``450`` for ``45°``): a small
    ring (at most 0.6 of the character height, enclosing paper) standing at the top of the lettering right
    after the number's last digit, found on the ink with the lines crossing it painted out (an angle's
    leader often runs into it). A box about as wide as tall around a slanted number may lie diagonal to the
    text: there the lettering's top line may slope up to 45° in it."""
    for box in boxes:
        text = box.text.strip()
        if box.source != "ocr" or not re.fullmatch(r"\d{1,3}(?:[.,]\d+)?", text):
            continue
        h = box.height
        quad = _region(box, after=0.6 * h, above=0.2 * h)  # the ring may stand above a tight detection
        lettering = _lettering(crop_without_lines(raster, quad, text_height=h), h)
        if lettering[2] is None:
            continue
        found = _degree_ring(box, text, lettering)
        if found is None and 0.6 <= box.width / max(box.height, 1.0) <= 1.7:
            found = _degree_ring(box, text, lettering, steepest=1.0)
        if found is not None:
            box.text, box.quad = found


def _degree_ring(box: TextBox, text: str, lettering: tuple[np.ndarray, np.ndarray, float],
                 steepest: float = 0.4) -> tuple[str, np.ndarray] | None:
    """The angle a number ``box`` reads with the degree sign found after it (:func:`_degree_sign_after`) in
    ``lettering`` (:func:`_lettering` of the crop after the box), the lettering's top line sloping at most
    ``steepest`` in the box, and the box's quad taking the ring in; or None."""
    u = box.frame()[1]
    labels, stats, char = lettering
    heights = stats[:, 3]
    tall = np.flatnonzero((heights >= 0.7 * char) & (heights <= 1.3 * char) & (stats[:, 2] <= 1.2 * heights))
    if not len(tall):
        return None
    # the number's characters: the run of them from the first on, up to a gap a character wide (a line
    # standing beyond the text is no digit)
    tall = tall[np.argsort(stats[tall, 0])]
    gaps = stats[tall[1:], 0] - (stats[tall[:-1], 0] + stats[tall[:-1], 2])
    wide = np.flatnonzero(gaps > char)
    tall = tall[:wide[0] + 1] if len(wide) else tall
    digits = len(tall)
    # the lettering's top line, which may slope in the crop (a box turned a little off the text)
    lefts, tops = stats[tall, 0].astype(np.float64), stats[tall, 1].astype(np.float64)
    slope = float(np.clip(np.polyfit(lefts, tops, 1)[0], -steepest, steepest)) if len(set(lefts)) >= 2 else 0.0
    top_at = float(np.min(tops - slope * lefts))
    last = float((stats[tall, 0] + stats[tall, 2]).max())
    rings = [stats[k] for k, (x, y, w, gh, _) in enumerate(stats)
             if 0.2 * char <= gh <= 0.6 * char and 0.6 * gh <= w <= 1.6 * gh
             and y <= top_at + slope * x + 0.25 * char
             and last - 0.1 * char <= x <= last + 0.5 * char and _holes(labels[y:y + gh, x:x + w] == k + 1, 0.05)]
    if not rings:  # a ring a curve or a leader runs into is no component of its own: its hole still is
        rings = [hole for hole in _paper_holes(labels > 0)
                 if 0.12 * char <= hole[3] <= 0.4 * char and 0.5 * hole[3] <= hole[2] <= 2.0 * hole[3]
                 and hole[1] + hole[3] / 2 <= top_at + slope * hole[0] + 0.35 * char
                 and last <= hole[0] <= last + 0.6 * char]
    if not rings:  # a ring the scan broke open (a c): paper at its middle, and it ends the lettering
        rings = [stats[k] for k, (x, y, w, gh, area) in enumerate(stats)
                 if 0.25 * char <= gh <= 0.6 * char and 0.6 * gh <= w <= 1.6 * gh and area <= 0.7 * w * gh
                 and y <= top_at + slope * x + 0.25 * char and last - 0.1 * char <= x <= last + 0.5 * char
                 and _open_ring(labels[y:y + gh, x:x + w] == k + 1)]
        # (a stack's + sign has its row after it; a 0 the scan broke in two has its lower half under it)
        foot = float((stats[tall, 1] + stats[tall, 3]).max())
        rings = [r for r in rings if not any(r[0] + r[2] < x <= r[0] + r[2] + 0.8 * char and gh >= 0.25 * char
                                             for x, _, _, gh, _ in stats)
                 and not any(x < r[0] + r[2] and x + w > r[0] and r[1] + r[3] <= y < foot and gh >= 0.15 * char
                             for x, y, w, gh, _ in stats)]
    number = re.sub(r"\D", "", text)
    if len(rings) != 1:
        return None
    # the ring read as a last 0: one digit more in the reading than on the ink
    angle = text[:-1] + "°" if text.endswith("0") and len(number) == digits + 1 else text + "°"
    if len(re.sub(r"\D", "", angle)) != digits or try_parse(angle) is None:
        return None
    ring = rings[0]
    far = float(ring[0] + ring[2])
    q = box.quad.astype(np.float64)
    if far > box.width:  # the box takes the ring in (its top edge stays)
        q = np.array([q[0], q[0] + far * u, q[3] + far * u, q[3]])
    return angle, q


def _open_ring(mask: np.ndarray) -> bool:
    """Whether a small glyph's ink is a ring, closed or broken open: paper at its middle (a + sign, an
    arrowhead or a dot is inked there) and ink around it."""
    h, w = mask.shape
    middle = mask[h // 3:h - h // 3, w // 3:w - w // 3]
    return middle.size > 0 and float(middle.mean()) < 0.25 and float(mask.mean()) >= 0.2


def _paper_holes(ink: np.ndarray) -> np.ndarray:
    """Paper the ink encloses (4-connected, touching no edge of the mask), as rows of ``left, top, width,
    height``."""
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats((~ink).astype(np.uint8), connectivity=4)
    height, width = ink.shape
    x, y, w, h = (stats[:, k] for k in range(4))
    inside = (x > 0) & (y > 0) & (x + w < width) & (y + h < height)
    return stats[inside, :4]


def _lines_across(raster: np.ndarray, region: np.ndarray, h: float) -> tuple[np.ndarray, np.ndarray, int]:
    """Straight lines crossing text ``h`` px tall in ``region`` (a box's quad grown by half a text height above
    and below): the region's ink mask, a mask of the columns such lines take (inked through the text's rows,
    less a fifth of the height either side, as a detection is looser than its text, and on for the half
    height above or below: no character reaches past its text), and that margin in px. A column takes the
    ink of its neighbours too: a line may lean; and a dashed centre line's gap between two dashes may fall in
    the text's rows (a sixth of its height at most; a third where the line runs on both above and below it),
    and above or below the text, a fourth of the half height (a centre line's gap by the text)."""
    import cv2

    pad = int(round(0.5 * h))
    count, labels, _ = _ink_components(crop_upright(raster, region, pad=0.0))
    ink = (labels > 0).astype(np.uint8)
    top, bottom = pad + int(round(0.2 * h)), ink.shape[0] - pad - int(round(0.2 * h)) - 1
    leaning = cv2.dilate(ink, np.ones((1, 3), np.uint8))
    gaps = (leaning[top:bottom + 1] == 0).sum(axis=0) if bottom >= top else np.full(ink.shape[1], ink.shape[0])
    above = leaning[top - pad:top].mean(axis=0) >= 0.75 if top >= pad else np.zeros(ink.shape[1], bool)
    below = (leaning[bottom + 1:bottom + 1 + pad].mean(axis=0) >= 0.75 if bottom + pad < ink.shape[0]
             else np.zeros(ink.shape[1], bool))
    # a line running on both above and below the text may leave a longer gap in it: a centre line's gap, dot
    # and gap (ISO 128: about 3.5 line widths) falling in the text's rows
    return ink, (gaps <= h / 6.0) & (above | below) | (gaps <= h / 3.0) & above & below, pad


def _page_decimal_sign(boxes: list[TextBox]) -> str | None:
    """The decimal sign most of the page's readings use, or None where none shows one."""
    signs = [sign for b in boxes for sign in re.findall(r"\d([.,])\d", b.text)]
    return max(set(signs), key=signs.count) if signs else None


def _plus_over_zero(boxes: list[TextBox], raster: np.ndarray) -> None:
    """``25,0 +0,05`` over ``0`` read as ``25,0±0,05``: the plus over the lower row's 0 looks like a ``±``.
    On the ink a ``±`` has a bar under its plus; here a small glyph enclosing paper (a 0) stands right under
    a small glyph, the first of the deviation, in the row above."""
    for box in boxes:
        m = re.fullmatch(r"(?P<nominal>.*\d)\s?±\s?(?P<dev>\d+[.,]\d+)", box.text.strip())
        if box.source != "ocr" or box.members or m is None or try_parse(m["nominal"]) is None:
            continue
        h = box.height
        crop = crop_upright(raster, _region(box, above=0.3 * h, below=0.3 * h), pad=0.0)
        count, labels, stats = _ink_components(crop)
        stats = stats[1:count]
        # a deviation's characters: well under the detection's height (the nominal may be one with a line)
        small = [k for k in range(len(stats)) if 0.15 * h <= stats[k, 3] <= 0.6 * h and stats[k, 2] <= 0.6 * h]

        def beside(j: int, k: int) -> bool:  # two glyphs in one row
            return min(stats[j, 1] + stats[j, 3], stats[k, 1] + stats[k, 3]) - max(stats[j, 1], stats[k, 1]) \
                >= 0.5 * min(stats[j, 3], stats[k, 3])

        stacked = False
        for k in small:
            x, y, w, gh = stats[k, :4]
            if stacked or not _holes(labels[y:y + gh, x:x + w] == k + 1, 0.05):
                continue
            for j in small:
                overlap = min(x + w, stats[j, 0] + stats[j, 2]) - max(x, stats[j, 0])
                if j == k or not 0.7 * gh <= stats[j, 3] <= 1.4 * gh or overlap < 0.5 * min(w, stats[j, 2]) \
                        or stats[j, 1] + stats[j, 3] > y + 0.15 * gh:
                    continue
                row = [i for i in small if i != j and beside(i, j) and stats[i, 0] > stats[j, 0]]
                alone = not any(i != k and beside(i, k) and stats[i, 0] > x for i in small)
                # the plus starts the row of the deviation's digits; the 0 under it stands alone in its row
                stacked = stacked or (len(row) >= 2 and alone)
        if stacked:
            box.text = f"{m['nominal']} +{m['dev']} 0"


def _halves_split_by_a_line(boxes: list[TextBox], raster: np.ndarray) -> list[TextBox]:
    """A number the text detector cut in two where a line crosses its decimal sign (``80`` and ``00`` for
    ``80.00``, ``90`` and ``0°`` for ``90.0°``): a box of digits followed on its own line, less than half a text
    height on, by one whose digits start with a 0 (no number does), with a line crossing the gap between them,
    is one number again, with the page's decimal sign (a point where the page shows none). Works on the raw
    readings."""
    separator = _page_decimal_sign(boxes) or "."
    dropped: set[int] = set()
    for left in boxes:
        if left.source != "ocr" or id(left) in dropped or not re.fullmatch(r"[⌀ØøR]?\d{1,4}", left.text.strip()):
            continue
        h = left.height
        for right in boxes:
            if right is left or right.source != "ocr" or id(right) in dropped \
                    or not re.fullmatch(r"0(?:\d{1,3}°?|°)", right.text.strip()) \
                    or not 0.75 * h <= right.height <= 1.33 * h:
                continue
            start, middle = left.local(right.quad[[0, 3]].mean(axis=0)[None])[0]
            if not left.width <= start <= left.width + 0.5 * h or abs(middle - h / 2) > 0.25 * h:
                continue
            gap = _region(left, before=-left.width, after=start - left.width, above=0.5 * h, below=0.5 * h)
            if not _lines_across(raster, gap, h)[1].any():
                continue
            left.text = f"{left.text.strip()}{separator}{right.text.strip()}"
            left.quad = _union_quad(left, [right])
            dropped.add(id(right))
            break
    return [b for b in boxes if id(b) not in dropped]


def _leading_zero(text: str) -> bool:
    """A radius or diameter whose digits start with a 0 and no decimal sign after it (``R0160``): no drawing
    writes one."""
    return bool(re.match(r"[⌀R]0\d", text))


def _impossible_number(text: str) -> bool:
    """A reading no drawing writes: an angle of 360° or more, a size with a fit class past ISO 286's table
    (3150 mm: ``⌀3410 h7`` for ``⌀34.0 h7`` with a line through the point), or a :func:`_leading_zero` size."""
    dim = try_parse(text)
    return (dim is not None and (dim.kind == "angle" and dim.nominal >= 360
                                 or dim.fit is not None and dim.nominal is not None and dim.nominal > 3150)
            or _leading_zero(text))


def _decimal_sign_under_line(boxes: list[TextBox], raster: np.ndarray) -> None:
    """A decimal sign hidden under a line crossing the text. Where the reading without it is impossible
    (:func:`_impossible_number`: ``9010°`` or ``900°`` for ``90.0°``, ``R0160`` for ``R0.60``), the line read
    as a ``1`` next to where it crosses becomes the decimal sign, or the sign goes in where it crosses. Where
    the reading is possible (``6000`` for ``60,00``), the blank the line crosses must be a decimal sign's
    width (0.4 of the lettering height and more: digits stand closer) and every glyph on the ink must be read,
    so the sign goes in after the glyphs left of the line (or for the 1 read there where the ink has no glyph
    for it: the line itself, ``(47100)``). The decimal sign is the one the page's other
    numbers use; the result must be a possible reading. The line read as a bar between the digits (``14|00``)
    is the decimal sign where one line crosses the text."""
    import cv2

    separator = _page_decimal_sign(boxes)
    if separator is None:
        return
    for box in boxes:
        text = box.text.strip()
        # the line itself read where it hides the sign, as a bar between the digits (``14|00`` for ``14,00``)
        # (``⌀48|0 p6``, ``15|00 ±0,05``)
        barred = re.fullmatch(r"([⌀R]?\d{1,3})[|!](\d{1,3}(?:\s?[A-Za-z]{1,2}\d{1,2}|\s?±\s?\d+[.,]\d+)?)", text)
        # a reference dimension's brackets around it too: ``(5200)`` for ``(52.00)``
        m = re.fullmatch(r"(?P<open>\(?)(?P<lead>[⌀R]?)(?P<digits>\d{3,5})(?P<suffix>°|\s?[A-Za-z]{1,2}\d{1,2})?"
                         r"(?P<close>\)?)", text)
        if box.source != "ocr" or box.members or not (barred or m and bool(m["open"]) == bool(m["close"])):
            continue
        h = box.height
        ink, across, pad = _lines_across(raster, _region(box, above=0.5 * h, below=0.5 * h), h)
        runs = np.flatnonzero(np.diff(np.concatenate([[0], across.astype(np.int8), [0]])))
        if len(runs) != 2:  # one line crossing the text
            continue
        if barred:
            if try_parse(repaired := f"{barred[1]}{separator}{barred[2]}") is not None:
                box.text = repaired
            continue
        impossible = _impossible_number(text)
        # lines along (a dimension line through the text) before the crossing line cuts them short
        without_along = _lines_along_taken_out(ink, h)
        ink = ink if without_along is None else without_along
        crossed = ink.copy()
        ink[:, runs[0]:runs[1]] = 0
        inked = np.flatnonzero(ink[pad:ink.shape[0] - pad].any(axis=0))
        if not len(inked) or not inked[0] < runs[0] < inked[-1]:
            continue
        lead, digits, suffix = m["open"] + m["lead"], m["digits"], (m["suffix"] or "") + m["close"]
        if impossible:
            # the characters stand about evenly along the ink: the one the line crosses, counted from the start
            share = (runs[0] + runs[1] - 1) / 2 - inked[0]
            at = share / max(inked[-1] - inked[0], 1) * len(text.replace(" ", "")) - len(lead)
            ones = [k for k in range(1, len(digits) - 1) if digits[k] == "1" and abs(k + 0.5 - at) <= 1.0]
            if ones:
                candidates = [digits[:k] + separator + digits[k + 1:] for k in ones]
            else:
                k = int(round(at))
                candidates = [digits[:k] + separator + digits[k:]] if 1 <= k <= len(digits) - 1 else []
        else:
            bracketed = bool(m["open"])
            band, characters = ink[pad:ink.shape[0] - pad], len(text.replace(" ", "")) - 2 * bracketed
            k = _glyphs_before_a_wide_blank(band, runs[0], runs[1], characters, bracketed)
            k = None if k is None else k - len(m["lead"])
            candidates = [digits[:k] + separator + digits[k:]] if k and 1 <= len(digits) - k <= 3 else []
            # the line itself read as a 1 there (``(47100)``): no glyph on the ink, nor a stroke along the line
            # (a 1 the line runs through is one: ``115``)
            if not candidates and "1" in digits and not _stroke_along_line(crossed, runs[0], runs[1], pad, h):
                k = _glyphs_before_a_wide_blank(band, runs[0], runs[1], characters - 1, bracketed)
                k = None if k is None else k - len(m["lead"])
                if k and k < len(digits) and digits[k] == "1" and 1 <= len(digits) - k - 1 <= 3:
                    candidates = [digits[:k] + separator + digits[k + 1:]]
        for number in candidates:
            repaired = lead + number + suffix
            if try_parse(repaired) is not None and not _impossible_number(repaired):
                box.text = repaired
                break


def _stroke_along_line(ink: np.ndarray, start: int, stop: int, pad: int, h: float) -> bool:
    """Whether a stroke runs along the line crossing a text at columns ``start:stop`` of its region's ink (the
    text's rows ``pad`` px in from the top and bottom): in the text's rows the run of ink through the line is
    wider than the line is above and below them (a slanted 1 crossing it joins it), by half the line's width
    and 2 px at least. Glyphs standing apart from the line do not count.

    >>> ink = np.zeros((60, 40), np.uint8); ink[:, 18:21] = 1
    >>> _stroke_along_line(ink, 18, 21, 15, 30.0)
    False
    >>> ink[15:45, 20:24] = 1  # a 1's stroke beside the line, touching it
    >>> _stroke_along_line(ink, 18, 21, 15, 30.0)
    True
    """
    middle = (start + stop) // 2
    mask = ink > 0

    def run_through(row: np.ndarray) -> int:  # the inked run holding the line's middle column, 0 if none
        if not row[middle]:
            return 0
        left = middle - int(np.argmin(row[middle::-1])) if not row[:middle + 1].all() else -1
        right = middle + int(np.argmin(row[middle:])) if not row[middle:].all() else len(row)
        return right - left - 1

    widths = np.array([run_through(row) for row in mask])
    outside = np.concatenate([widths[:pad], widths[len(widths) - pad:]])
    inside = widths[pad + int(0.2 * h):len(widths) - pad - int(0.2 * h)]
    outside = outside[outside > 0]
    if not outside.size or not inside.size:
        return False
    line = float(np.median(outside))
    return float(np.median(inside)) >= max(line + 2.0, 1.5 * line)


def _glyphs_before_a_wide_blank(band: np.ndarray, start: int, stop: int, characters: int,
                                brackets: bool = False) -> int | None:
    """How many glyphs of a line of lettering (a mask, lines taken out) stand before the blank holding
    columns ``start:stop``, where that blank is a decimal sign's width or more (0.4 of the lettering height)
    and the lettering holds ``characters`` glyphs, none of those beside the columns cut short by them; else
    None. With ``brackets``, the lettering stands in round brackets (narrow glyphs taller than the digits),
    which count neither way."""
    import cv2

    count, _, stats, _ = cv2.connectedComponentsWithStats(band.astype(np.uint8), connectivity=8)
    stats = _glyphs_joined_across(stats[1:count])  # a faint stroke the scan lost cut a 2 in two
    stats = stats[stats[:, 2] <= 2 * stats[:, 3]]  # a piece of a line is no glyph (italics are wide)
    if not len(stats):
        return None
    char = float(np.median(stats[stats[:, 3] >= 0.5 * stats[:, 3].max(), 3]))
    # lettering-sized, less slivers of an arrowhead or a stroke the line's removal cut off beside it
    sliver = (stats[:, 2] < 0.3 * char) & (stats[:, 0] + stats[:, 2] >= start - 1) & (stats[:, 0] <= stop + 1)
    glyphs = stats[(stats[:, 3] >= 0.6 * char) & (stats[:, 3] <= 1.3 * char) & ~sliver]
    if brackets:
        glyphs = glyphs[(glyphs[:, 3] < 1.1 * char) | (glyphs[:, 2] > 0.5 * char)]
    # a glyph the columns crossed, cut short where they were taken out (a slanted 1 filling a line's break for
    # the text): the line ran through a glyph, not a blank
    cut = (glyphs[:, 0] + glyphs[:, 2] >= start - 1) & (glyphs[:, 0] <= stop + 1) & (glyphs[:, 3] < 0.85 * char)
    if cut.any():
        return None
    covered = np.zeros(band.shape[1], bool)
    for x, _, w, _, _ in glyphs:
        covered[x:x + w] = True
    left, right = start, stop
    while left > 0 and not covered[left - 1]:
        left -= 1
    while right < len(covered) and not covered[right]:
        right += 1
    if right - left < 0.4 * char or len(glyphs) != characters:
        return None
    return int((glyphs[:, 0] + glyphs[:, 2] <= left).sum())


def _glyphs_joined_across(stats: np.ndarray) -> np.ndarray:
    """Ink components of one line of lettering (rows of ``left, top, width, height, area``), those standing one
    above the other (sharing half the narrower one's width) joined into one: a glyph the scan broke where a
    thin stroke crosses it.

    >>> _glyphs_joined_across(np.array([[90, 9, 17, 14, 93], [10, 9, 18, 28, 200], [90, 26, 17, 10, 93]])).tolist()
    [[10, 9, 18, 28, 200], [90, 9, 17, 27, 186]]
    """
    if not len(stats):
        return stats.reshape(-1, 5)
    tallest = float(stats[:, 3].max())
    char = float(np.median(stats[stats[:, 3] >= 0.6 * tallest, 3]))
    joined: list[list[int]] = []
    for x, y, w, h, a in sorted(stats.tolist()):
        for g in joined:
            gap = max(y - (g[1] + g[3]), g[1] - (y + h))
            union = max(y + h, g[1] + g[3]) - min(y, g[1])  # no taller than a glyph: not two rows' pieces
            if min(h, g[3]) >= 0.2 * tallest and 0 <= gap <= 0.25 * tallest and union <= 1.15 * char \
                    and min(x + w, g[0] + g[2]) - max(x, g[0]) >= 0.5 * min(w, g[2]):
                x0, y0 = min(x, g[0]), min(y, g[1])
                g[:] = [x0, y0, max(x + w, g[0] + g[2]) - x0, max(y + h, g[1] + g[3]) - y0, g[4] + a]
                break
        else:
            joined.append([x, y, w, h, a])
    return np.array(joined, dtype=np.int64).reshape(-1, 5)


def _fit_to_lettering(boxes: list[TextBox], raster: np.ndarray) -> None:
    """A detection far longer than its reading (``12`` boxed with the dimension line and arrowheads either
    side) is cut to the characters on the ink: the glyphs at least half as tall as the tallest, with a tenth
    of the text height to spare (an arrowhead with its line, wider than tall, is no character); and to their
    rows where it reached far above or below them."""
    for box in boxes:
        text = box.text.strip()
        # a character is about 0.75 of the box's height wide, a decimal sign far less
        characters = len(text.replace(" ", "")) - 0.6 * len(re.findall(r"[.,]", text))
        if box.source != "ocr" or not text or box.width < 1.3 * 0.75 * box.height * characters:
            continue
        crop = crop_upright(raster, box.quad, pad=0.0)
        glyphs = _glyph_boxes(crop, slender=_SLENDER_ONE)
        glyphs = glyphs[glyphs[:, 2] <= 1.3 * glyphs[:, 3]] if len(glyphs) else glyphs  # not an arrowhead's line
        if len(glyphs):  # nor an extension line with its arrowhead, running out of a box far taller than the text
            leaving = (glyphs[:, 1] <= 0) | (glyphs[:, 1] + glyphs[:, 3] >= crop.shape[0])
            glyphs = glyphs[~(leaving & (glyphs[:, 3] >= 0.5 * crop.shape[0]))]
        if not len(glyphs):
            continue
        # nor an arrowhead joined to the extension line it stops at, far taller than the lettering
        sized = glyphs[glyphs[:, 3] >= 0.3 * box.height, 3]
        if len(sized):
            glyphs = glyphs[glyphs[:, 3] <= 1.4 * np.percentile(sized, 50, method="lower")]
        glyphs = glyphs[glyphs[:, 3] >= 0.5 * glyphs[:, 3].max()]
        pad = 0.1 * box.height
        start = max(0.0, float(glyphs[:, 0].min()) - pad)
        end = min(box.width, float((glyphs[:, 0] + glyphs[:, 2]).max()) + pad)
        lettering = min(box.height, 1.5 * float(glyphs[:, 3].max()))
        if end - start < 0.35 * lettering * characters:
            continue  # too short for the reading: the glyphs found are not all of it
        origin, u, v = box.frame()
        q = box.quad.astype(np.float64)
        box.quad = np.array([q[0] + start * u, q[0] + end * u, q[3] + end * u, q[3] + start * u])
        # and to their rows, where the box reached far above or below them (its arrowheads' lines)
        top = max(0.0, float(glyphs[:, 1].min()) - pad)
        bottom = min(box.height, float((glyphs[:, 1] + glyphs[:, 3]).max()) + pad)
        if bottom - top < 0.6 * box.height:
            q = box.quad
            box.quad = np.array([q[0] + top * v, q[1] + top * v, q[1] + bottom * v, q[0] + bottom * v])


def _top_runs_on(ink: np.ndarray, cell: tuple[float, float, float, float], text_height: float) -> bool:
    """Whether the top line of ``cell`` runs on past both walls: a dimension line above the text, with a
    leader's shoulder below and lines at both ends, closes a cell too. (A box's bottom may run on: ISO sets
    the box on its dimension line; and another line may meet a box's top corner on one side.)"""
    x0, y0, x1, _ = (int(round(c)) for c in cell)
    return all(_line_runs_on(ink, y0, x0, x1, text_height, side) for side in (-1, 1))


def _line_runs_on(ink: np.ndarray, y: int, x0: int, x1: int, text_height: float, side: int) -> bool:
    """Whether the line along row ``y`` of ``ink`` runs on past ``x0`` (``side`` -1) or ``x1`` (+1): inked along
    most of the text height beyond it, past a small gap."""
    band, reach, gap = max(2, int(0.08 * text_height)), int(text_height), max(2, int(0.2 * text_height))
    a, b = (x0 - reach, x0 - gap) if side < 0 else (x1 + gap, x1 + reach)
    a, b = max(0, a), min(ink.shape[1], b)
    return b > a and float((ink[max(0, y - band):y + band + 1, a:b] > 0).any(axis=0).mean()) > 0.6


# a surface roughness parameter written before its value (ISO 21920-1, ISO 4287)
_ROUGHNESS_PARAMETER = re.compile(r"R(?:a|z|q|t|p|v|max)")


def _roughness_read_as_radius(boxes: list[TextBox], raster: np.ndarray) -> None:
    """A roughness ``Rz 4`` or ``Rz 25`` read as a radius (``R24``: the small z read as a 2; ``R25``: the z run
    into the R). Told on the ink, the lines painted out: right after the R, a glyph of the lowercase's height
    on the line's foot, as wide as a letter, then a blank (the z read as the 2: the value is what follows
    it); or the R's glyph two characters wide, its right part that low, then a blank (the value is the
    reading after the R). A radius's digits stand as tall as its R."""
    for box in boxes:
        reading = box.text.strip()
        if box.source != "ocr" or box.members or not re.fullmatch(r"R\d+(?:[.,]\d+)?", reading):
            continue
        crop = crop_without_line_bands(raster, box.quad, text_height=box.height)
        count, labels, stats = _ink_components(crop)
        order = [k for k in np.argsort(stats[1:count, 0]) + 1 if stats[k, 3] >= 0.12 * crop.shape[0]]
        if len(order) < 3:
            continue
        heights = stats[order, 3]
        tall = float(np.median(heights[heights >= 0.7 * heights.max()]))
        order = [k for k in order if max(stats[k, 2], stats[k, 3]) >= 0.35 * tall]  # no specks
        if len(order) < 3:
            continue
        (x0, y0, w0, h0), (x1, y1, w1, h1) = stats[order[0], :4], stats[order[1], :4]
        if not 0.8 * tall <= h0 <= 1.3 * tall:
            continue

        def small_letter(top: float, bottom: float) -> bool:  # a lowercase letter on the R's line
            return top >= y0 + 0.25 * tall and abs(bottom - (y0 + h0)) <= 0.2 * tall

        z_apart = (small_letter(y1, y1 + h1) and w1 >= 0.3 * tall and h1 <= 0.8 * tall
                   and stats[order[2], 0] - (x1 + w1) >= 0.25 * tall and re.match(r"R2\d", reading) is not None)
        digit_width = float(np.median(stats[order[1:], 2]))
        right = labels[y0:y0 + h0, x0 + int(0.65 * w0):x0 + w0] == order[0]
        z_run_in = (w0 >= 1.6 * digit_width and right.any() and small_letter(y0 + np.flatnonzero(right.any(axis=1))[0],
                                                                            y0 + h0)
                    and x1 - (x0 + w0) >= 0.25 * tall)
        if z_apart or z_run_in:
            value = reading[2:] if z_apart else reading[1:]
            log.debug("roughness read as a radius: %r is Rz %s", reading, value)
            box.text = f"Rz {value}"


def _roughness_values_apart(boxes: list[TextBox]) -> list[TextBox]:
    """A roughness value read in a box of its own (``2.5`` beside ``Rz``): a number starting within a
    character or two of a box reading a roughness parameter alone, on its line, joins it (``Rz 2.5``), a
    surface's roughness and no size. Returns the boxes left."""
    parameters = [b for b in boxes if _ROUGHNESS_PARAMETER.fullmatch(b.text.strip())]
    dropped: set[int] = set()
    for parameter in parameters:
        h = parameter.height
        char = parameter.width / max(len(parameter.text.strip()), 1)
        for value in boxes:
            if value is parameter or id(value) in dropped or value.members \
                    or not re.fullmatch(r"\d+(?:[.,]\d+)?", value.text.strip()):
                continue
            centre = parameter.local(value.quad.mean(axis=0)[None])[0]
            begins = float(parameter.local(value.quad).min(axis=0)[0])
            if (abs(value.rotation - parameter.rotation) % 360 < 10 and abs(centre[1] - h / 2) < 0.4 * h
                    and parameter.width - char <= begins <= parameter.width + 2 * char):
                parameter.text = f"{parameter.text.strip()} {value.text.strip()}"
                parameter.quad = _union_quad(parameter, [value])
                parameter.score = min(parameter.score, value.score)
                dropped.add(id(value))
                break
    return [b for b in boxes if id(b) not in dropped]


def _basic_dimensions_unfound(boxes: list[TextBox], layout: PageLayout, raster: np.ndarray,
                              config: ReaderConfig) -> list[TextBox]:
    """Basic dimensions the text detector found nothing in (its box's walls close around a short number and
    hide it: ``[12]``, ``[8]``): paper enclosed by a rectangle of ink, 0.6 to 2 detection heights across and up
    to eight times as long, holding ink of its own but no text box, away from the sheet's edges,
    tables and feature control frames, is read inside its walls, along its length (both ways up where it stands
    upright). A reading that parses as a size with no tolerance, read surely, becomes a box there; grouping and
    :func:`_mark_basic_dimensions` take it from there. Returns the boxes found."""
    import cv2

    ocr = [b for b in boxes if b.source == "ocr"]
    if layout.ink is None or not ocr:
        return []
    char = float(np.median([b.height for b in ocr]))
    # (a scan's box may leave its corner a pixel open)
    contours, hierarchy = cv2.findContours(cv2.dilate(layout.ink, np.ones((3, 3), np.uint8)), cv2.RETR_CCOMP,
                                           cv2.CHAIN_APPROX_SIMPLE)
    if hierarchy is None:
        return []
    bounds = np.array([b.bbox for b in boxes]) if boxes else np.zeros((0, 4))
    found: list[tuple[tuple[float, ...], np.ndarray, bool]] = []
    for contour, link in zip(contours, hierarchy[0]):
        if link[3] < 0:  # paper enclosed by ink: a hole
            continue
        x, y, w, h = cv2.boundingRect(contour)
        short, long = min(w, h), max(w, h)
        if not (0.6 * char <= short <= 2.0 * char and long <= 8 * short) or cv2.contourArea(contour) < 0.85 * w * h:
            continue
        cell = (float(x), float(y), float(x + w), float(y + h))
        if layout.near_edge(cell) or layout.in_gdt_frame(cell) \
                or any(layout.in_box(cell, table, 0.5) for table in layout.tables):
            continue
        inner = layout.ink[y + 2:y + h - 2, x + 2:x + w - 2]
        if not inner.size or not 0.04 <= float((inner > 0).mean()) <= 0.5:
            continue
        if len(bounds):  # a text box reaching into it (text crossing a part's outlines is no box's)
            across = (np.clip(bounds[:, 2], x, x + w) - np.clip(bounds[:, 0], x, x + w)) \
                * (np.clip(bounds[:, 3], y, y + h) - np.clip(bounds[:, 1], y, y + h))
            areas = np.minimum((bounds[:, 2] - bounds[:, 0]) * (bounds[:, 3] - bounds[:, 1]), w * h)
            if (across > 0.2 * np.maximum(areas, 1.0)).any():
                continue
        corners = np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], dtype=np.float64)
        # read along its length, and up and down the page where it stands upright (a box around one digit is
        # taller than wide too)
        for turns in ((0, 1, 3) if h > 1.2 * w else (0,)):
            found.append((cell, np.roll(corners, turns, axis=0), turns > 0))
    if not found:
        return []
    reads = reread(raster, [quad for _, quad, _ in found], det_side=config.det_side)
    best: dict[tuple[float, ...], tuple[TextBox, bool]] = {}
    for (cell, quad, turned), (text, score) in zip(found, reads):
        core = recover_symbols(text).strip().strip("[]|I").strip()
        dim = try_parse(core) if re.search(r"\d", core) else None
        if dim is None or dim.upper is not None or dim.lower is not None or score < 0.8:  # (no detection vouches)
            continue
        # lettering reads level on drawings where it can: a reading along the page holds (a lone 8 reads as
        # surely turned)
        if cell not in best or (turned and best[cell][1] and score > best[cell][0].score):
            best[cell] = (TextBox(core, quad, score, "ocr"), turned)
    if best:
        log.debug("basic dimensions no text box held: %s", [b.text for b, _ in best.values()])
    return [b for b, _ in best.values()]


def _mark_basic_dimensions(boxes: list[TextBox], layout: PageLayout) -> None:
    """A dimension drawn in a box of its own is a basic (theoretically exact) dimension (canonical ``[..]``);
    the recogniser reads the box's walls as ``[``, ``|`` or not at all, so the box is looked for on the ink
    (:func:`~drawinglab.read.layout.box_around`) around each number outside a feature control frame."""
    if layout.ink is None:
        return
    for box in boxes:
        core = box.text.strip().strip("[]|I").strip()
        if not re.search(r"\d", core) or layout.in_gdt_frame(box.bbox):
            continue
        dim = try_parse(core)
        if dim is None or dim.upper is not None or dim.lower is not None or dim.reference:
            continue  # a toleranced or reference dimension is never basic
        if re.fullmatch(r"\[.*\]|\|.*\|", box.text.strip()):  # both walls read
            box.text, box.boxed = core, True
            continue
        turn = min(box.rotation % 180.0, 180.0 - box.rotation % 180.0)
        digits = len(re.sub(r"\D", "", core))
        if turn <= 5.0:
            found = _box_drawn_around(layout.ink, box.bbox, box.height, digits)
        elif abs(turn - 90.0) <= 5.0:  # vertical text: the same search on the page turned on its side
            (y0, x0, y1, x1) = box.bbox
            found = _box_drawn_around(layout.ink.T, (x0, y0, x1, y1), box.height, digits)
        else:  # slanted text (a callout along a leader): the same search around it, turned upright; the box
            # may lean a few degrees off the detection's direction, too much for its walls to stay in a band,
            # and hug the text closer than a slanted detection's height suggests
            found = None
            centre = box.quad.mean(axis=0)
            for tilt in (0.0, -2.0, 2.0, -4.0, 4.0):
                turn_by = np.deg2rad(tilt)
                rotation = np.array([[np.cos(turn_by), -np.sin(turn_by)], [np.sin(turn_by), np.cos(turn_by)]])
                quad = (box.quad - centre) @ rotation.T + centre
                ink = (crop_upright(layout.ink, quad, pad=1.0) > 127).astype(np.uint8) * 255  # one crop per tilt
                in_crop = (box.height, box.height, box.height + box.width, 2.0 * box.height)  # the text's bounds
                found = _box_drawn_around(ink, in_crop, box.height, digits) \
                    or _box_drawn_around(ink, in_crop, 0.9 * box.height, digits)
                if found is not None:
                    break
        if found is not None:  # the text keeps the characters drawn; the box is the basic flag
            box.text, box.boxed = core, True


def _box_drawn_around(ink: np.ndarray, bbox: tuple[float, float, float, float], height: float,
                      digits: int) -> tuple[float, float, float, float] | None:
    """A basic dimension's box around the upright text ``height`` px tall in ``bbox`` on ``ink``
    (:func:`~drawinglab.read.layout.box_around`), with no line running on from its top; or, where the
    detection holds the box's walls too (drawn close, or joined by dimension lines running into them), looked
    for again from inside and kept only when it hugs the text within the detection, with each of the text's
    ``digits`` standing clear inside it. None where there is none."""
    x0, y0, x1, y1 = bbox
    found = box_around(ink, (x0, y0, x1, y1), 0.8 * height)
    if found is not None and not _top_runs_on(ink, found, height):
        return found
    slack = 0.15 * height
    for share in (0.1, 0.2, 0.3):
        inset = share * min(x1 - x0, y1 - y0)
        inner = box_around(ink, (x0 + inset, y0 + inset, x1 - inset, y1 - inset), 0.8 * height,
                           within=(x0 - slack, y0 - slack, x1 + slack, y1 + slack))
        # from inside, the strokes of a 0 make walls too: every digit must stand clear inside the box, and
        # each wall run from the top line to the bottom one (a 1's stroke, a line crossing the text, is shorter)
        if inner is not None and inner[0] >= x0 - slack and inner[1] >= y0 - slack \
                and inner[2] <= x1 + slack and inner[3] <= y1 + slack \
                and _characters_inside(ink, inner) >= digits and not _top_runs_on(ink, inner, height) \
                and _walls_closed(ink, inner):
            return inner
    return _paper_cell_around(ink, bbox, height)


def _paper_cell_around(ink: np.ndarray, bbox: tuple[float, float, float, float],
                       height: float) -> tuple[float, float, float, float] | None:
    """A box drawn around the text in ``bbox`` found by the paper it closes in: the paper between the text's
    characters, walled in by straight ink on all four sides close around them. It finds the boxes the ruling
    line search does not: drawn so tight that a character touches a wall, or inside a detection much wider
    than the box (a slanted callout). The box (left, top, right, bottom on ``ink``) or None; not a cell whose
    top line runs on past both walls (a dimension line over the text) nor one whose top and bottom lines
    both run on past a wall (a compartment of a feature control frame).

    >>> import cv2
    >>> ink = np.zeros((120, 220), np.uint8)
    >>> _ = cv2.rectangle(ink, (40, 30), (150, 75), 255, 2)
    >>> _ = cv2.putText(ink, "86", (60, 68), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 255, 3)
    >>> np.allclose(_paper_cell_around(ink, (35, 25, 155, 80), 50), (41, 31, 149, 74), atol=2)  # on its walls
    True
    >>> _ = cv2.line(ink, (150, 30), (215, 30), 255, 2); _ = cv2.line(ink, (150, 75), (215, 75), 255, 2)
    >>> _paper_cell_around(ink, (35, 25, 155, 80), 50) is None   # a compartment
    True
    """
    import cv2

    x0, y0, x1, y1 = (int(round(v)) for v in bbox)
    reach = max(4, int(round(height)))
    wx0, wy0 = max(0, x0 - reach), max(0, y0 - reach)
    window = ink[wy0:y1 + reach + 1, wx0:x1 + reach + 1] > 0
    if window.shape[0] < 8 or window.shape[1] < 8:
        return None
    # a scanned wall may have a gap a few pixels wide; a tight box's characters touching its top and bottom
    # cut the paper inside it in pieces, each closed in: the cell is all of them (with the glyphs' holes)
    gap = max(5, int(0.2 * height))
    closed = cv2.morphologyEx(window.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((gap, 1), np.uint8)) \
        | cv2.morphologyEx(window.astype(np.uint8), cv2.MORPH_CLOSE, np.ones((1, gap), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(1 - closed, connectivity=4)
    paper = labels[max(0, y0 - wy0):y1 - wy0 + 1, max(0, x0 - wx0):x1 - wx0 + 1]
    inside = np.bincount(paper.ravel(), minlength=count)
    px, py, pw, ph, area = (stats[:, k] for k in range(5))
    pieces = (inside >= 0.5 * area) & (px > 0) & (py > 0) & (px + pw < window.shape[1]) & (py + ph < window.shape[0])
    pieces[0] = False
    if not pieces.any():
        return None
    left, top = int(px[pieces].min()), int(py[pieces].min())
    right, bottom = int((px + pw)[pieces].max()), int((py + ph)[pieces].max())
    # the walls: the first line out from that paper inked along the whole cell (four fifths of it: a scan's gap)
    rows, cols = window.shape
    reach_in = max(3, int(0.4 * height))

    def first_inked(positions: range, cover) -> int | None:
        return next((p for p in positions if cover(p) >= 0.8), None)

    def across(y: int) -> float:
        return float(window[max(0, y - 1):y + 2, left:right].any(axis=0).mean())

    def down(x: int) -> float:
        return float(window[top:bottom, max(0, x - 1):x + 2].any(axis=1).mean())

    walls = (first_inked(range(left - 1, max(-1, left - 1 - reach_in), -1), down),
             first_inked(range(top - 1, max(-1, top - 1 - reach_in), -1), across),
             first_inked(range(right, min(cols, right + reach_in)), down),
             first_inked(range(bottom, min(rows, bottom + reach_in)), across))
    if any(wall is None for wall in walls):
        return None
    left, top, right, bottom = walls
    width, tall = right - left, bottom - top
    # the characters: ink standing inside the detection, smaller than the cell (its walls are not)
    n, _, glyphs, _ = cv2.connectedComponentsWithStats(window.astype(np.uint8), connectivity=8)
    gx, gy, gw, gh = (glyphs[1:n, k] for k in range(4))
    mx, my = gx + gw / 2 + wx0, gy + gh / 2 + wy0
    character = (mx > x0) & (mx < x1) & (my > y0) & (my < y1) & (gh >= 0.25 * tall) & (gh < 0.95 * tall) \
        & (gw < 1.5 * tall)
    if not character.any():
        return None
    glyph = float(np.median(gh[character]))
    within = (gx >= left) & (gy >= top) & (gx + gw <= right + 1) & (gy + gh <= bottom + 1)
    if (character & ~within & (gh >= 0.5 * glyph)).any():
        return None  # a character outside the cell: the paper closed in by a glyph's own strokes
    if not glyph <= tall <= 2.0 * glyph or width > 1.5 * max(x1 - x0, y1 - y0):
        return None
    found = (float(wx0 + left), float(wy0 + top), float(wx0 + right), float(wy0 + bottom))
    return None if _a_frames_compartment(ink, found, glyph) or _top_runs_on(ink, found, glyph) else found


def _a_frames_compartment(ink: np.ndarray, cell: tuple[float, float, float, float], text_height: float) -> bool:
    """Whether the top and bottom lines of ``cell`` both run on past one of its walls, as a feature control
    frame's do into the next compartment."""
    x0, y0, x1, y1 = (int(round(c)) for c in cell)
    return any(all(_line_runs_on(ink, y, x0, x1, text_height, side) for y in (y0, y1)) for side in (-1, 1))


def _walls_closed(ink: np.ndarray, cell: tuple[float, float, float, float], share: float = 0.85) -> bool:
    """Whether both side walls of ``cell`` (left, top, right, bottom on ``ink``) are inked over ``share`` of
    the rows between its top and bottom lines (a column either side of each wall counts: walls lean)."""
    left, top, right, bottom = (int(round(v)) for v in cell)
    rows = ink[top:bottom + 1] > 0
    if rows.shape[0] < 3:
        return False
    return all(rows[:, max(0, x - 2):x + 3].any(axis=1).mean() >= share for x in (left, right))


_LIKELY_READING = 0.02  # share of the recogniser's probability an other reading of a crop needs to be taken


def _likeliest_reading_that_parses(boxes: list[TextBox]) -> None:
    """A reading of dimension-like text the grammar does not take (``1.55.0``, ``14月.0``, ``⌀72.Q0``), left
    as read by every repair, becomes the likeliest other reading of its crop the recogniser gave (its CTC
    n-best, :func:`~drawinglab.read.ocr.ctc_nbest`) that parses as a dimension (``155.0``, ``140.0``,
    ``⌀72.00``), when that holds at least :data:`_LIKELY_READING` of the probability. A sign after a digit
    is left alone, and so are two numbers apart: that is a stack read as one line (``⌀64.100 +0:03``,
    ``90,00 0,20``), which no single line reads right; so is a stroke between digits (``42|00``): a line
    crossing there may hide a decimal sign, which no reading without the stroke (``4200``) has. For the same
    reason no reading that brings in a sign is taken (``⌀44,00-0,10`` for ``⌀44,000,10``: a stack's rows)."""
    for box in boxes:
        if not box.alternatives or box.text != recover_symbols(box.read_as) or try_parse(box.text) is not None \
                or re.search(r"\d.*[+\-±]|\d[|!/Il]\d|\d\s+\d", box.text):
            continue
        for text, share in box.alternatives:
            text = recover_symbols(text).strip()
            if share < _LIKELY_READING:
                break
            if try_parse(text) is not None and not is_deviation(text) and not re.search(r"[+\-±]", text):
                box.text = text
                break


def read_page(page: Page, config: ReaderConfig | None = None, image: np.ndarray | None = None):
    """Read a page; returns a pandas DataFrame with :data:`COLUMNS` (see module doc).

    ``image`` overrides the raster the OCR sees (e.g. a preprocessed page of the same size).
    """
    import pandas as pd

    config = config or ReaderConfig()
    raster = page.image if image is None else image
    gray = page.gray if image is None else (image if image.ndim == 2 else page.gray)
    text_maps: list[np.ndarray] = []
    # the page's ruling lines need no text: they are found on a second thread while the text models run (whose
    # Python steps leave a core idle), so the layout takes little time of its own on two cores
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="drawinglab-layout") as background:
        ruled = background.submit(ruled_page, gray)
        ocr_boxes = recognise(raster, config.det_side, tuple(config.rotations), config.min_score,
                              erase_lines=config.erase_lines, min_text_px=config.min_text_px,
                              line_free_look=config.line_free_look, text_maps=text_maps, bent_text=config.bent_text)
        ruled = ruled.result()
    if config.doubted_look:
        ocr_boxes = _read_texts_the_detector_doubted(ocr_boxes, raster, text_maps, config)
    ocr_boxes = _read_around_fragments(ocr_boxes, raster, config)
    ocr_boxes = _read_lone_lettering(ocr_boxes, raster, gray, config)
    if page.has_vector_layer and config.use_pdf_text and page.text_spans:
        boxes = _merge_pdf_and_ocr(_pdf_boxes(page), ocr_boxes)
    else:
        boxes = ocr_boxes
    heights = [b.height for b in boxes if b.source == "ocr" or b.height > 0]
    layout = analyze(gray, float(np.median(heights)) if heights else None, ruled)
    boxes = boxes + _basic_dimensions_unfound(boxes, layout, raster, config)
    boxes = _halves_split_by_a_line(boxes, raster)
    for box in boxes:
        if box.source == "ocr":
            box.text = recover_symbols(box.text)
    _line_marks_between_parts(boxes)
    _line_ends_read_as_ones(boxes, raster)
    _lines_through_read_as_ones(boxes, raster)
    boxes = _lines_read_as_lone_ones(boxes, raster)
    boxes = _centre_marks_read_as_text(boxes, raster)
    _plus_over_zero(boxes, raster)
    _decimal_sign_with_no_room(boxes, raster)
    boxes = _split_joined(boxes, raster, config)
    boxes = _split_stacked_rows(boxes, raster, config)
    boxes = _split_nominal_from_stack(boxes, raster, config)
    _restore_lost_sign(boxes, "+")
    _restore_lost_sign(boxes, "-")
    _second_looks([b for b in boxes if b.source == "ocr"], raster, config)
    before = {id(b): b.text for b in boxes}
    boxes = _read_on_past_a_line(boxes, raster, config)
    boxes = _decimals_past_the_box(boxes, raster, config)
    boxes = _read_back_past_a_line(boxes, raster, config)
    boxes = _diameter_read_apart(boxes, raster, config)
    # a number read on past a line may have taken in a stack beside it as one garbled deviation
    grown = {id(b) for b in boxes if before.get(id(b), b.text) != b.text}
    if grown:
        boxes = _split_nominal_from_stack(boxes, raster, config, only=grown)
    _likeliest_reading_that_parses(boxes)  # before grouping: a nominal read right takes its fit class
    _decimal_sign_under_line(boxes, raster)  # before grouping: limits and stacks compare decimals
    _find_frames_around(boxes, layout)
    if config.group:
        _shaft_classes_read_as_digits(boxes)  # before grouping, which joins a fit class to its size
        boxes = group_stacks(boxes)
        _keep_drawn_zeros(boxes, raster)
        boxes = _find_missed_stacks(boxes, raster, config)
        boxes = _find_missed_limits(boxes, raster, config, gray)
        _complete_fits(boxes, raster, config)
        _hole_class_over_a_small_shaft_class(boxes, raster, config)
        boxes = _complete_deviations(boxes, raster, config)
        _diameter_before_limits(boxes, raster, config)
        boxes = _diameter_glyph_before_stacks(boxes, raster, config)
    _diameter_glyph_first(boxes, raster)  # a nominal grouped with its stack too
    _diameter_read_before(boxes, raster, config)
    _degree_sign_after([b for b in boxes if not b.members], raster)
    _roughness_read_as_radius(boxes, raster)
    boxes = _roughness_values_apart(boxes)
    _mark_basic_dimensions(boxes, layout)
    _fit_to_lettering([b for b in boxes if not b.members and not b.boxed], raster)
    boxes = _pieces_read_twice(boxes)
    gdt_records = _gdt_records(boxes, layout, gray, config)
    rows = []
    for box in boxes:
        # OCR readings were repaired (recover_symbols) before grouping; grouped parts agree on one separator
        text = unify_decimal_separator(box.text) if box.source == "ocr" and box.members else box.text
        dim = try_parse(f"[{text}]" if box.boxed else text)
        gdt, after_symbol = _frame_record(box, layout, gdt_records)
        category = _categorise(box, text, dim, layout, after_symbol)
        rows.append(_row(box, text, dim, category, gdt if category == "gdt" else None))
    return pd.DataFrame(rows, columns=COLUMNS)


def _row(box: TextBox, text: str, dim, category: str, gdt: dict[str, Any] | None = None) -> dict[str, Any]:
    """One row of the reader's table (:data:`COLUMNS`)."""
    if category == "dimension" and box.source == "ocr":
        text = iso_spacing(text)
    x0, y0, x1, y1 = box.bbox
    record = dim.to_record() if dim is not None and category == "dimension" else {}
    return {
        "text": text, "canonical": record.get("canonical"), "kind": record.get("kind"),
        "nominal": record.get("nominal"), "upper": record.get("upper"), "lower": record.get("lower"),
        "upper_dev": record.get("upper_dev"), "lower_dev": record.get("lower_dev"), "fit": record.get("fit"),
        "qty": record.get("qty"), "basic": bool(record.get("basic", False)),
        "polygon": [[round(float(x), 1), round(float(y), 1)] for x, y in box.quad],
        "x0": x0, "y0": y0, "x1": x1, "y1": y1, "rotation": round(box.rotation, 1),
        "confidence": round(float(box.score), 4), "category": category, "source": box.source, "gdt": gdt,
    }


def warm_up(config: ReaderConfig | None = None) -> float:
    """Read a small generated page once with ``config``, so that the one-off work of a process's first read
    (buffers and kernels the backends prepare on first use, thread pools) is not timed with a first drawing.
    The text models load here if :func:`~drawinglab.read.ocr.load_models` has not loaded them. Returns the
    seconds it took.

    Measured on a 2-core machine: Adapterplatte read first in a process took 3.0-3.5 s, read first after this
    (0.5 s) 2.4-3.6 s, read again 2.0-2.6 s: the backend still sizes its buffers to the first page-sized input
    (the detector's first pass over that page took 563 ms, again 257 ms).

    >>> warm_up() > 0.0
    True
    """
    import time

    import cv2

    from ..ingest import load

    start = time.perf_counter()
    image = np.full((600, 1000, 3), 255, np.uint8)
    for k, text in enumerate(("25.4", "12 H7", "R5", "45", "100")):
        cv2.putText(image, text, (60 + 170 * k, 150 + 60 * k), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    turned = np.full((80, 260, 3), 255, np.uint8)
    cv2.putText(turned, "80 +0.1", (10, 55), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    image[150:410, 880:960] = cv2.rotate(turned, cv2.ROTATE_90_COUNTERCLOCKWISE)  # a vertical dimension
    cv2.line(image, (40, 500), (960, 500), (0, 0, 0), 2)
    cv2.putText(image, "60.00", (420, 515), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)  # a line through it
    read_page(load(image)[0], config)
    return time.perf_counter() - start


def read_regions(page: Page, boxes, config: ReaderConfig | None = None, image: np.ndarray | None = None,
                 angles=None):
    """Read the text inside given regions of a page — e.g. a detector's boxes that :func:`read_page` found no
    text in (text crossed by an arc, which the text detector does not box). Each region is read as one line,
    along its longer side (a tall region reads bottom to top, as vertical dimensions do), the same symbol
    repairs applied; ``angles`` (one bool per region, e.g. a detector's angular boxes) marks regions known to
    hold an angle, where a bare number lost its small degree sign. Returns a table with :data:`COLUMNS`, one
    row per region, in the regions' order; ``category`` is ``dimension`` when the text parses as one, else
    ``other`` (empty text: nothing read).

    Example:
        >>> import cv2, numpy as np
        >>> import drawinglab
        >>> image = np.full((120, 400, 3), 255, np.uint8)
        >>> _ = cv2.putText(image, "42.5", (60, 80), cv2.FONT_HERSHEY_SIMPLEX, 1.5, (0, 0, 0), 3)
        >>> page = drawinglab.load(image)[0]
        >>> read_regions(page, [[50, 30, 200, 95]])[["text", "category"]].values.tolist()
        [['42.5', 'dimension']]
    """
    import pandas as pd

    config = config or ReaderConfig()
    raster = page.image if image is None else image
    quads = []
    for x0, y0, x1, y1 in np.asarray(boxes, dtype=np.float64).reshape(-1, 4):
        if y1 - y0 > 1.3 * (x1 - x0):  # reading upwards: the text's top-left is the region's bottom-left
            quads.append(np.array([[x0, y1], [x0, y0], [x1, y0], [x1, y1]]))
        else:
            quads.append(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]))
    angles = [False] * len(quads) if angles is None else list(angles)
    rows = []
    for quad, angle, (text, score) in zip(quads, angles, reread(raster, quads, det_side=config.det_side)):
        text = recover_symbols(text) if score >= config.min_score else ""
        if angle and re.fullmatch(r"\d+(?:[.,]\d+)?", text):
            text += "°"
        dim = try_parse(text) if text else None
        category = "dimension" if dim is not None and dim.kind != "roughness" else "other"
        rows.append(_row(TextBox(text, quad, float(score)), text, dim, category))
    return pd.DataFrame(rows, columns=COLUMNS)


__all__ = ["read_page", "read_regions", "warm_up", "ReaderConfig", "COLUMNS", "TextBox", "recognise",
           "deduplicate", "recover_symbols", "group_stacks", "analyze", "PageLayout"]
