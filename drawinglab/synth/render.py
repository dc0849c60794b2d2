"""Turn a composed drawing into a vector PDF, a raster page and its ground truth (pixels)."""
from __future__ import annotations

import copy
from typing import Any

import numpy as np

from ..dimensions import parse_to_record
from .annotate import CLASS_ID, Annotation
from .canvas import MM
from .generator import Drawing

SCHEMA = "drawinglab.synth/1"


def to_pdf(drawing: Drawing, only_text: bool = False) -> bytes:
    """The drawing as a one-page vector PDF (text as real text, fonts embedded); ``only_text`` leaves out
    everything but the text (used to check that labels enclose the text's ink)."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page(width=drawing.width_mm * MM, height=drawing.height_mm * MM)
    canvas = drawing.canvas
    if only_text:
        canvas = copy.copy(canvas)
        canvas.ops = [op for op in drawing.canvas.ops if op[0] == "text"]
    canvas.commit(page)
    page.clean_contents()
    doc.subset_fonts()
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def rasterize(pdf: bytes, dpi: float) -> np.ndarray:
    """Render the PDF's first page to uint8 RGB at ``dpi``."""
    import pymupdf

    with pymupdf.open("pdf", pdf) as doc:
        zoom = float(dpi) / 72.0
        pix = doc[0].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False, colorspace=pymupdf.csRGB)
        return np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[..., :3].copy()


def _px(points, scale: float) -> list[list[float]]:
    return [[round(p[0] * scale, 2), round(p[1] * scale, 2)] for p in points]


def annotation_record(ann: Annotation, index: int, scale: float, general: str | None) -> dict[str, Any]:
    poly = _px(ann.polygon(0.25), scale)
    xs = [p[0] for p in poly]
    ys = [p[1] for p in poly]
    parsed = None
    if ann.parse_text is not None:
        record = parse_to_record(ann.parse_text)
        parsed = record if record["ok"] else {"ok": False, "error": record["error"]}
    rec = {
        "id": index,
        "class_name": ann.cls,
        "class_id": CLASS_ID.get(ann.cls, -1),
        "text": ann.text,
        "parse_text": ann.parse_text,
        "parsed": parsed,
        "rotation": round(ann.rotation % 360.0, 3),
        "bbox": [round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2)],
        "polygon": poly,
        "runs": [{"text": r.text, "size_px": round(r.size * scale, 2), "rotation": round(r.rotation % 360, 3),
                  "polygon": _px(r.polygon, scale)} for r in ann.runs],
    }
    rec.update(ann.meta)
    return rec


def ground_truth(drawing: Drawing, dpi: float, width_px: int, height_px: int) -> dict[str, Any]:
    """Every annotation and primitive of the drawing in raster pixels (see docs/synth_schema.md)."""
    scale = dpi / 25.4
    prims = []
    for p in drawing.canvas.primitives:
        q = dict(p)
        for key in ("points", "polygon"):
            if key in q:
                q[key] = _px(q[key], scale)
        if "center" in q:
            q["center"] = [round(q["center"][0] * scale, 2), round(q["center"][1] * scale, 2)]
            q["radius"] = round(q["radius"] * scale, 2)
        if "width" in q:
            q["width"] = round(q["width"] * scale, 2)
        prims.append(q)
    return {
        "schema": SCHEMA,
        "seed": drawing.seed,
        "sheet": drawing.sheet,
        "dpi": dpi,
        "width": width_px,
        "height": height_px,
        "style": "clean",
        "part": drawing.part,
        "scale": drawing.scale,
        "font": drawing.meta["font"],
        "decimal": drawing.meta["decimal"],
        "general_tolerance": drawing.meta["general"],
        "title_block": drawing.title_block,
        "annotations": [annotation_record(a, i, scale, drawing.meta["general"])
                        for i, a in enumerate(drawing.annotations)],
        "primitives": prims,
        "transform": None,
    }
