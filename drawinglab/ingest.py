"""Ingest: PDFs (raster + vector layer) and raster images into :class:`~drawinglab.page.Page` objects.

Example:
    >>> import numpy as np, drawinglab
    >>> img = np.full((100, 200), 255, np.uint8); img[40:60, 20:180] = 0
    >>> [page] = drawinglab.load(img)
    >>> page.size, page.image.dtype.name
    ((200, 100), 'uint8')
"""
from __future__ import annotations

import logging
import math
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import numpy as np

from .errors import (ConfigError, CorruptFile, DrawingLabError, EmptyDrawing, EncryptedPDF, InputNotFound,
                     TooLarge, UnsupportedFormat)
from .page import Page, TextSpan, VectorPath

log = logging.getLogger(__name__)

DEFAULT_DPI = 300
DEFAULT_MAX_PIXELS = 250_000_000
#: a page is blank when fewer than this many pixels differ from its background by more than BLANK_LEVELS
BLANK_MIN_INK_PIXELS = 16
BLANK_LEVELS = 48

IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp"}
PDF_EXTENSIONS = {".pdf"}

_MAGIC = [
    (b"%PDF", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"II+\x00", "tiff"),
    (b"MM\x00+", "tiff"),
    (b"BM", "bmp"),
]
_EXT_FORMAT = {".pdf": "pdf", ".png": "png", ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff",
               ".tiff": "tiff", ".bmp": "bmp", ".webp": "webp"}

_PIL_LOCK = threading.Lock()

#: file suffixes drawinglab reads
DRAWING_SUFFIXES = PDF_EXTENSIONS | IMAGE_EXTENSIONS


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders expanded to the drawings they hold (sorted by name)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in DRAWING_SUFFIXES))
        else:
            out.append(p)
    return out


def sniff_format(path: str | Path) -> str:
    """Return the file's format from its magic bytes (``pdf``, ``png``, ``jpeg``, ``tiff``, ``bmp``,
    ``webp``), falling back to the extension; raise :class:`UnsupportedFormat` or :class:`CorruptFile`."""
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(1024)
    ext = path.suffix.lower()
    if not head:
        raise EmptyDrawing("file is empty (0 bytes)", path)
    # PDFs may carry junk before the header; the spec allows it within the first 1024 bytes.
    if b"%PDF" in head:
        return "pdf"
    for magic, fmt in _MAGIC:
        if head.startswith(magic):
            if ext in _EXT_FORMAT and _EXT_FORMAT[ext] != fmt:
                log.warning("%s: extension says %s but content is %s; reading it as %s",
                            path, _EXT_FORMAT[ext], fmt, fmt)
            return fmt
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if ext in _EXT_FORMAT:
        raise CorruptFile(f"not a valid {_EXT_FORMAT[ext].upper()} file (unrecognised header bytes)", path)
    raise UnsupportedFormat(
        f"unknown format (extension {ext or 'none'!r}, unrecognised header); "
        f"readable: {', '.join(sorted(PDF_EXTENSIONS | IMAGE_EXTENSIONS))}", path)


def load(source: str | Path | np.ndarray, dpi: float = DEFAULT_DPI, pages: int | Iterable[int] | None = None,
         *, password: str | None = None, max_pixels: int = DEFAULT_MAX_PIXELS, vector: bool = True,
         allow_blank: bool = False) -> list[Page]:
    """Load a drawing into a list of pages.

    Args:
        source: path to a PDF or raster image (PNG, JPEG, TIFF incl. multi-page, BMP, WebP), or a
            NumPy array (grey, RGB or RGBA; uint8, uint16, float in 0..1, or bool).
        dpi: rasterisation resolution for PDF pages. Images keep their pixels; their DPI is read
            from the file when it records one.
        pages: 0-based page index or indices to load; ``None`` loads all.
        password: opens an encrypted PDF.
        max_pixels: refuse pages larger than this (decompression-bomb guard).
        vector: for PDFs, also extract text spans and vector paths.
        allow_blank: return blank pages instead of raising :class:`EmptyDrawing`.

    Raises:
        DrawingLabError: one of its subclasses, naming the file and the reason.
    """
    return list(iter_pages(source, dpi, pages, password=password, max_pixels=max_pixels, vector=vector,
                           allow_blank=allow_blank))


def iter_pages(source: str | Path | np.ndarray, dpi: float = DEFAULT_DPI,
               pages: int | Iterable[int] | None = None, *, password: str | None = None,
               max_pixels: int = DEFAULT_MAX_PIXELS, vector: bool = True,
               allow_blank: bool = False) -> Iterator[Page]:
    """Like :func:`load` but yields pages one at a time (large PDFs stay out of memory)."""
    if isinstance(source, np.ndarray):
        page = _page_from_array(source, max_pixels=max_pixels)
        _check_blank(page, allow_blank)
        yield page
        return
    if not isinstance(source, (str, Path)):
        raise UnsupportedFormat(f"cannot load an object of type {type(source).__name__}; "
                                "give a path or a NumPy array")
    path = Path(source)
    if not path.exists():
        raise InputNotFound("no such file", path)
    if not path.is_file():
        raise InputNotFound("not a regular file", path)
    fmt = sniff_format(path)
    if fmt == "pdf":
        it = _iter_pdf(path, dpi, pages, password=password, max_pixels=max_pixels, vector=vector)
    else:
        it = _iter_image(path, pages, max_pixels=max_pixels)
    for page in it:
        _check_blank(page, allow_blank)
        yield page


def _select(pages: int | Iterable[int] | None, n: int, path: Path) -> list[int]:
    if pages is None:
        return list(range(n))
    wanted = [pages] if isinstance(pages, (int, np.integer)) else list(pages)
    out = []
    for i in wanted:
        j = int(i) + n if int(i) < 0 else int(i)
        if not 0 <= j < n:
            raise ConfigError(f"page index {i} out of range: the file has {n} page(s)", path)
        out.append(j)
    return out


def _check_blank(page: Page, allow_blank: bool) -> None:
    if allow_blank:
        return
    gray = page.gray
    hist = np.bincount(gray.ravel(), minlength=256)
    background = int(np.searchsorted(np.cumsum(hist), gray.size / 2))
    lo, hi = max(background - BLANK_LEVELS, 0), min(background + BLANK_LEVELS, 255)
    ink = int(hist[:lo].sum() + hist[hi + 1:].sum())
    if ink < BLANK_MIN_INK_PIXELS:
        where = f"page {page.page_index + 1}" if page.kind == "pdf" else "image"
        raise EmptyDrawing(f"{where} is blank ({ink} ink pixels)", page.source)


# --------------------------------------------------------------------------- PDF

def _iter_pdf(path: Path, dpi: float, pages, *, password, max_pixels, vector) -> Iterator[Page]:
    import pymupdf

    if not (dpi and dpi > 0):
        raise ConfigError(f"dpi must be positive, got {dpi!r}", path)
    try:
        doc = pymupdf.open(path)
    except pymupdf.FileDataError as exc:
        raise CorruptFile(f"cannot open PDF ({exc})", path) from None
    except Exception as exc:  # PyMuPDF raises plain RuntimeErrors for many damaged files
        raise CorruptFile(f"cannot open PDF ({type(exc).__name__}: {exc})", path) from None
    with doc:
        if doc.needs_pass:
            if password is None:
                raise EncryptedPDF("PDF is encrypted; pass password=... (CLI: --password)", path)
            if not doc.authenticate(password):
                raise EncryptedPDF("wrong password for encrypted PDF", path)
        if doc.page_count == 0:
            raise EmptyDrawing("PDF has no pages", path)
        zoom = dpi / 72.0
        for index in _select(pages, doc.page_count, path):
            try:
                pdf_page = doc.load_page(index)
                rect = pdf_page.rect
                w, h = math.ceil(rect.width * zoom), math.ceil(rect.height * zoom)
                if w * h > max_pixels:
                    raise TooLarge(f"page {index + 1} would be {w}x{h} px at {dpi:g} dpi "
                                   f"({w * h / 1e6:.0f} MP > limit {max_pixels / 1e6:.0f} MP)", path)
                if w == 0 or h == 0:
                    raise EmptyDrawing(f"page {index + 1} has zero size", path)
                matrix = pdf_page.rotation_matrix * pymupdf.Matrix(zoom, zoom)
                pix = pdf_page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False,
                                          colorspace=pymupdf.csRGB)
                image = np.frombuffer(pix.samples, np.uint8).reshape(pix.height, pix.width, pix.n)[..., :3].copy()
                transform = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
                spans = _pdf_text_spans(pdf_page, transform) if vector else []
                paths = _pdf_paths(pdf_page, transform) if vector else []
            except DrawingLabError:
                raise
            except Exception as exc:
                raise CorruptFile(f"page {index + 1} cannot be rendered ({type(exc).__name__}: {exc})", path) from None
            yield Page(image=image, source=str(path), page_index=index, dpi=float(dpi), transform=transform,
                       kind="pdf", original_mode="PDF", text_spans=spans, paths=paths)


def _apply(transform, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = transform
    return a * x + c * y + e, b * x + d * y + f


def _bbox_of(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _pdf_text_spans(pdf_page, transform) -> list[TextSpan]:
    import pymupdf

    a, b, c, d, _, _ = transform
    spans: list[TextSpan] = []
    data = pdf_page.get_text("dict", flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP)
    for block in data.get("blocks", []):
        for line in block.get("lines", []):
            dx, dy = line.get("dir", (1.0, 0.0))
            # direction in raster pixels (y down); rotation counter-clockwise as seen on screen
            rx, ry = a * dx + c * dy, b * dx + d * dy
            rotation = round(math.degrees(math.atan2(-ry, rx)), 3) % 360.0
            for span in line.get("spans", []):
                text = span.get("text", "")
                if not text.strip():
                    continue
                try:
                    quad = pymupdf.recover_span_quad(line["dir"], span)
                    corners = [quad.ul, quad.ur, quad.lr, quad.ll]
                except Exception:
                    r = pymupdf.Rect(span["bbox"])
                    corners = [r.tl, r.tr, r.br, r.bl]
                pts = tuple(_apply(transform, p.x, p.y) for p in corners)
                spans.append(TextSpan(text=text, font=span.get("font", ""), size=float(span.get("size", 0.0)),
                                      rotation=rotation, bbox=_bbox_of(pts), quad=pts))
    return spans


def _is_dashed(dashes: str | None) -> bool:
    """PyMuPDF writes a solid line's dash pattern as ``"[] 0"``."""
    return bool(dashes) and dashes.split("]")[0].strip("[ ") != ""


def _pdf_paths(pdf_page, transform) -> list[VectorPath]:
    zoom = math.hypot(transform[0], transform[1])
    out: list[VectorPath] = []
    for drawing in pdf_page.get_drawings():
        items = []
        pts_all = []
        for item in drawing.get("items", []):
            kind = item[0]
            if kind == "re":
                r = item[1]
                raw = [r.tl, r.tr, r.br, r.bl]
            elif kind == "qu":
                q = item[1]
                raw = [q.ul, q.ur, q.lr, q.ll]
            else:
                raw = list(item[1:])
            pts = tuple(_apply(transform, p.x, p.y) for p in raw)
            pts_all.extend(pts)
            items.append((kind, pts))
        if not items:
            continue
        stroke = drawing.get("color")
        fill = drawing.get("fill")
        out.append(VectorPath(items=tuple(items), bbox=_bbox_of(pts_all),
                              stroke=None if stroke is None else tuple(stroke),
                              fill=None if fill is None else tuple(fill),
                              width=float(drawing.get("width") or 0.0) * zoom,
                              dashed=_is_dashed(drawing.get("dashes"))))
    return out


# --------------------------------------------------------------------------- images

@contextmanager
def _pillow_pixel_limit(limit: int):
    """Pillow's own bomb guard (89 MP) is below ours; we check sizes ourselves before decoding."""
    from PIL import Image

    with _PIL_LOCK:
        saved = Image.MAX_IMAGE_PIXELS
        Image.MAX_IMAGE_PIXELS = limit
        try:
            yield
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def _iter_image(path: Path, pages, *, max_pixels) -> Iterator[Page]:
    import warnings

    from PIL import Image, UnidentifiedImageError

    with _pillow_pixel_limit(max_pixels), warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            img = Image.open(path)
        except Image.DecompressionBombError as exc:
            raise TooLarge(f"image exceeds the pixel limit ({exc})", path) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise CorruptFile(f"cannot decode image ({exc})", path) from None
    with img:
        n_frames = getattr(img, "n_frames", 1)
        for index in _select(pages, n_frames, path):
            try:
                img.seek(index)
            except EOFError:
                raise CorruptFile(f"frame {index + 1} missing", path) from None
            w, h = img.size
            if w * h > max_pixels:
                raise TooLarge(f"image is {w}x{h} px ({w * h / 1e6:.0f} MP > limit {max_pixels / 1e6:.0f} MP)", path)
            if w == 0 or h == 0:
                raise EmptyDrawing("image has zero size", path)
            mode = img.mode
            try:
                img.load()
                rgb = _pil_to_rgb(img)
            except (OSError, SyntaxError, ValueError) as exc:
                raise CorruptFile(f"cannot decode image data ({exc})", path) from None
            dpi = _pil_dpi(img)
            scale = (dpi or 72.0) / 72.0
            yield Page(image=rgb, source=str(path), page_index=index, dpi=dpi,
                       transform=(scale, 0.0, 0.0, scale, 0.0, 0.0), kind="image", original_mode=mode)


def _pil_dpi(img) -> float | None:
    dpi = img.info.get("dpi")
    if not dpi:
        return None
    try:
        value = float(dpi[0] if isinstance(dpi, (tuple, list)) else dpi)
    except (TypeError, ValueError):
        return None
    return round(value, 1) if value > 1 else None


def _pil_to_rgb(img) -> np.ndarray:
    from PIL import Image

    mode = img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I", "F"):
        return to_rgb_uint8(np.asarray(img))
    if mode in ("RGBA", "LA", "PA", "RGBa", "La") or (mode == "P" and "transparency" in img.info):
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.asarray(Image.alpha_composite(white, rgba).convert("RGB")).copy()
    if mode == "RGB":
        return np.asarray(img).copy()
    return np.asarray(img.convert("RGB")).copy()


def to_rgb_uint8(array: np.ndarray) -> np.ndarray:
    """Convert a grey/RGB/RGBA array of uint8, uint16, int, bool or float (0..1) to uint8 RGB.

    16-bit values are scaled by 255/65535; floats are taken as 0..1 (values above 1 as 0..255);
    alpha is composited onto white.
    """
    arr = np.asarray(array)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[..., 0]
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)):
        raise UnsupportedFormat(f"array of shape {arr.shape} is not an image (need HxW, HxWx3 or HxWx4)")
    if arr.dtype == np.bool_:
        arr = np.where(arr, 255, 0).astype(np.uint8)
    elif arr.dtype == np.uint8:
        pass
    elif arr.dtype.kind in "ui":
        top = 65535.0 if arr.dtype == np.uint16 or arr.max(initial=0) > 255 else 255.0
        arr = np.clip(np.rint(arr.astype(np.float64) * (255.0 / top)), 0, 255).astype(np.uint8)
    elif arr.dtype.kind == "f":
        finite = np.nan_to_num(arr.astype(np.float64), nan=1.0)
        top = 1.0 if finite.max(initial=0.0) <= 1.0 else 255.0
        arr = np.clip(np.rint(finite * (255.0 / top)), 0, 255).astype(np.uint8)
    else:
        raise UnsupportedFormat(f"array dtype {arr.dtype} is not an image type")
    if arr.ndim == 2:
        return np.repeat(arr[..., None], 3, axis=2)
    if arr.shape[2] == 4:
        alpha = arr[..., 3:4].astype(np.uint16)
        rgb = (arr[..., :3].astype(np.uint16) * alpha + 255 * (255 - alpha) + 127) // 255
        return rgb.astype(np.uint8)
    return np.ascontiguousarray(arr)


def _page_from_array(array: np.ndarray, *, max_pixels: int) -> Page:
    if array.size == 0:
        raise EmptyDrawing("array is empty")
    h, w = array.shape[:2]
    if w * h > max_pixels:
        raise TooLarge(f"array is {w}x{h} px ({w * h / 1e6:.0f} MP > limit {max_pixels / 1e6:.0f} MP)")
    return Page(image=to_rgb_uint8(array), source="<array>", kind="array", original_mode=str(array.dtype))
