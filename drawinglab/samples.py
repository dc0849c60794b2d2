"""Small, self-made sample drawings (a vector PDF and rasters of it) for the demo and tests.

The synthetic-drawing generator supersedes these for training and evaluation; these exist so a
fresh checkout has something real to ingest, with known content.

Example:
    >>> import tempfile, pathlib
    >>> from drawinglab.samples import write_sample_pdf
    >>> path = write_sample_pdf(pathlib.Path(tempfile.mkdtemp()) / "plate.pdf")
    >>> path.suffix
    '.pdf'
"""
from __future__ import annotations

import math
from pathlib import Path


from ._io import atomic_path

#: texts placed on the sample plate (dimension annotations), in drawing order
SAMPLE_DIMENSIONS = ["200", "120", "4x Ø10 H7", "25±0.1", "R5", "Ø40 +0.05 0", "(60)"]
SAMPLE_TITLE = {"title": "ADAPTER PLATE", "number": "DL-0001", "material": "S235JR", "scale": "1:1",
                "general_tolerance": "ISO 2768-m"}

_BLACK = (0, 0, 0)


def _arrow(page, tip, direction, size=6.0):
    import pymupdf

    dx, dy = direction
    n = math.hypot(dx, dy)
    dx, dy = dx / n, dy / n
    left = (tip[0] - size * dx + size * 0.3 * dy, tip[1] - size * dy - size * 0.3 * dx)
    right = (tip[0] - size * dx - size * 0.3 * dy, tip[1] - size * dy + size * 0.3 * dx)
    page.draw_polyline([pymupdf.Point(*left), pymupdf.Point(*tip), pymupdf.Point(*right)], color=_BLACK,
                       fill=_BLACK, width=0.3, closePath=True)


def _hdim(page, x0, x1, y_feature, y_line, text, fontsize=10):
    """Horizontal dimension: extension lines, dimension line with arrows, text above the line."""
    import pymupdf

    for x in (x0, x1):
        page.draw_line(pymupdf.Point(x, y_feature - 2), pymupdf.Point(x, y_line - 3), color=_BLACK, width=0.35)
    page.draw_line(pymupdf.Point(x0, y_line), pymupdf.Point(x1, y_line), color=_BLACK, width=0.35)
    _arrow(page, (x0, y_line), (-1, 0))
    _arrow(page, (x1, y_line), (1, 0))
    width = pymupdf.get_text_length(text, fontname="helv", fontsize=fontsize)
    page.insert_text(pymupdf.Point((x0 + x1) / 2 - width / 2, y_line - 2.5), text, fontname="helv",
                     fontsize=fontsize)


def _vdim(page, y0, y1, x_feature, x_line, text, fontsize=10):
    """Vertical dimension with the text rotated 90° (reading from below)."""
    import pymupdf

    for y in (y0, y1):
        page.draw_line(pymupdf.Point(x_feature - 2, y), pymupdf.Point(x_line - 3, y), color=_BLACK, width=0.35)
    page.draw_line(pymupdf.Point(x_line, y0), pymupdf.Point(x_line, y1), color=_BLACK, width=0.35)
    _arrow(page, (x_line, y0), (0, -1))
    _arrow(page, (x_line, y1), (0, 1))
    width = pymupdf.get_text_length(text, fontname="helv", fontsize=fontsize)
    page.insert_text(pymupdf.Point(x_line - 2.5, (y0 + y1) / 2 + width / 2), text, fontname="helv",
                     fontsize=fontsize, rotate=90)


def write_sample_pdf(path: str | Path) -> Path:
    """Write a one-page A4-landscape vector drawing of a plate with holes, dimensions and a title block."""
    import pymupdf

    path = Path(path)
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)  # A4 landscape in points
    # border and zone markers
    page.draw_rect(pymupdf.Rect(20, 20, 822, 575), color=_BLACK, width=1.0)
    for i in range(8):
        x = 20 + (i + 0.5) * 802 / 8
        page.insert_text(pymupdf.Point(x - 3, 16), str(i + 1), fontname="helv", fontsize=8)
    for j, letter in enumerate("ABCD"):
        y = 20 + (j + 0.5) * 555 / 4
        page.insert_text(pymupdf.Point(8, y + 3), letter, fontname="helv", fontsize=8)
    # title block
    tb = pymupdf.Rect(562, 495, 822, 575)
    page.draw_rect(tb, color=_BLACK, width=0.7)
    for y in (515, 535, 555):
        page.draw_line(pymupdf.Point(562, y), pymupdf.Point(822, y), color=_BLACK, width=0.35)
    page.draw_line(pymupdf.Point(692, 515), pymupdf.Point(692, 575), color=_BLACK, width=0.35)
    page.insert_text(pymupdf.Point(568, 510), SAMPLE_TITLE["title"], fontname="hebo", fontsize=12)
    page.insert_text(pymupdf.Point(568, 529), f"No. {SAMPLE_TITLE['number']}", fontname="helv", fontsize=8)
    page.insert_text(pymupdf.Point(698, 529), f"Material {SAMPLE_TITLE['material']}", fontname="helv", fontsize=8)
    page.insert_text(pymupdf.Point(568, 549), f"Scale {SAMPLE_TITLE['scale']}", fontname="helv", fontsize=8)
    page.insert_text(pymupdf.Point(698, 549), SAMPLE_TITLE["general_tolerance"], fontname="helv", fontsize=8)
    page.insert_text(pymupdf.Point(568, 569), "Sheet 1/1", fontname="helv", fontsize=8)
    page.insert_text(pymupdf.Point(698, 569), "2026-11-24", fontname="helv", fontsize=8)
    # the part: a 200 x 120 plate drawn at 1 mm = 2 pt, four holes, a central bore
    ox, oy, s = 140.0, 150.0, 2.0
    page.draw_rect(pymupdf.Rect(ox, oy, ox + 200 * s, oy + 120 * s), color=_BLACK, width=1.0)
    for hx, hy in ((25, 25), (175, 25), (25, 95), (175, 95)):
        page.draw_circle(pymupdf.Point(ox + hx * s, oy + hy * s), 5 * s, color=_BLACK, width=0.8)
    centre = pymupdf.Point(ox + 100 * s, oy + 60 * s)
    page.draw_circle(centre, 20 * s, color=_BLACK, width=0.8)
    for d in ((-26, 0, 26, 0), (0, -26, 0, 26)):  # centre lines
        page.draw_line(pymupdf.Point(centre.x + d[0] * s, centre.y + d[1] * s),
                       pymupdf.Point(centre.x + d[2] * s, centre.y + d[3] * s), color=_BLACK, width=0.25,
                       dashes="[8 2 1 2] 0")
    _hdim(page, ox, ox + 200 * s, oy, oy - 30, SAMPLE_DIMENSIONS[0])
    _vdim(page, oy, oy + 120 * s, ox, ox - 30, SAMPLE_DIMENSIONS[1])
    page.draw_line(pymupdf.Point(ox + 25 * s + 4, oy + 25 * s - 4), pymupdf.Point(ox + 60 * s, oy - 8),
                   color=_BLACK, width=0.35)
    page.insert_text(pymupdf.Point(ox + 60 * s + 2, oy - 6), SAMPLE_DIMENSIONS[2], fontname="helv", fontsize=10)
    _hdim(page, ox, ox + 25 * s, oy + 120 * s, oy + 120 * s + 25, SAMPLE_DIMENSIONS[3])
    page.insert_text(pymupdf.Point(ox + 200 * s + 8, oy + 120 * s - 4), SAMPLE_DIMENSIONS[4], fontname="helv",
                     fontsize=10)
    page.insert_text(pymupdf.Point(centre.x + 22 * s, centre.y - 22 * s), SAMPLE_DIMENSIONS[5], fontname="helv",
                     fontsize=10)
    _hdim(page, ox + 25 * s, ox + 175 * s, oy + 120 * s, oy + 120 * s + 50, SAMPLE_DIMENSIONS[6])
    page.insert_text(pymupdf.Point(40, 560), "NOTES: 1. BREAK ALL SHARP EDGES. 2. UNTOLERANCED DIMENSIONS ISO 2768-m.",
                     fontname="helv", fontsize=8)
    with atomic_path(path) as tmp:
        doc.save(tmp, garbage=3, deflate=True)
    doc.close()
    return path


#: the bundled samples: (name, seed, sheet, style)
SAMPLES = [("sample_a3_clean_1", 1001, "A3", "clean"), ("sample_a3_scan_2", 1002, "A3", "scan"),
           ("sample_a4_clean_3", 1003, "A4", "clean"), ("sample_a4_scan_4", 1004, "A4", "scan"),
           ("sample_a3_scan_5", 1005, "A3", "scan"), ("sample_a2_clean_6", 1006, "A2", "clean")]


def write_samples(folder: str | Path, dpi: int = 200) -> list[Path]:
    """Write the bundled samples: synthetic drawings as vector PDF, raster (PNG clean, JPEG scan) and
    ground truth JSON side by side, so the evaluator finds each raster's truth beside it."""
    from ._io import write_json
    from .synth import encode_image, generate

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, seed, sheet, style in SAMPLES:
        page = generate(seed, sheet, dpi, style, name=name)
        ext = ".jpg" if page.jpeg_quality else ".png"
        ok, buf = encode_image(page, png_level=9)
        with atomic_path(folder / f"{name}{ext}") as tmp:
            tmp.write_bytes(buf.tobytes())
        with atomic_path(folder / f"{name}.pdf") as tmp:
            tmp.write_bytes(page.pdf)
        page.gt["image"] = f"{name}{ext}"
        write_json(folder / f"{name}.json", page.gt, indent=None)
        written += [folder / f"{name}{ext}", folder / f"{name}.pdf", folder / f"{name}.json"]
    return written
