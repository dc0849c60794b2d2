"""Raster text detection and recognition with RapidOCR (its ONNX models ship inside the wheel; nothing is
downloaded), run in two passes (page upright and turned 90°) so vertical dimension text is read along its
own direction; duplicate readings of the same text are merged. The models run on OpenVINO where it is
installed, else on onnxruntime (:func:`backend`)."""
from __future__ import annotations

import logging
import math
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from ..dimensions import try_parse
from ..errors import DrawingLabError

log = logging.getLogger(__name__)

SURE_READING = 0.95  # recognition score above which a reading gets no second look (turned back, lines painted out)
TURN_SURE = 0.99  # a crop the direction classifier turned, read at least this well, keeps its turn unchecked
TURN_TIE = 0.02  # readings of a crop turned and as cut this close in score are a tie


@dataclass
class TextBox:
    """A piece of text on the page: content, quad (4×2, px, reading order: top-left, top-right,
    bottom-right, bottom-left), confidence, and where it came from (``ocr`` or ``pdf-text``)."""

    text: str
    quad: np.ndarray
    score: float
    source: str = "ocr"
    upright_in_pass: bool = True
    members: list["TextBox"] = field(default_factory=list)
    boxed: bool = False  # drawn in a box of its own: a basic dimension
    # where the recogniser's reading does not parse: the likelier other readings of the same crop and their
    # shares of the probability (:func:`ctc_nbest`), most likely first, and the reading they stand beside
    alternatives: tuple[tuple[str, float], ...] = ()
    read_as: str = ""
    shape_scored: bool = False  # boxed only where the detector's score over its region held (:func:`_bent_text`)

    @property
    def rotation(self) -> float:
        """Reading direction in degrees counter-clockwise (0 = left to right, 90 = bottom to top)."""
        (x0, y0), (x1, y1) = self.quad[0], self.quad[1]
        return math.degrees(math.atan2(-(y1 - y0), x1 - x0)) % 360.0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (float(self.quad[:, 0].min()), float(self.quad[:, 1].min()), float(self.quad[:, 0].max()),
                float(self.quad[:, 1].max()))

    @property
    def width(self) -> float:
        return float(np.linalg.norm(self.quad[1] - self.quad[0]))

    @property
    def height(self) -> float:
        return float(np.linalg.norm(self.quad[3] - self.quad[0]))

    def frame(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Origin (top-left), reading unit vector and downward unit vector of the text's own frame."""
        u = self.quad[1] - self.quad[0]
        u = u / (np.linalg.norm(u) or 1.0)
        v = np.array([-u[1], u[0]])
        return self.quad[0].astype(np.float64), u, v

    def local(self, points: np.ndarray) -> np.ndarray:
        """Points expressed in this box's frame (x along the reading direction, y downwards)."""
        origin, u, v = self.frame()
        d = np.asarray(points, dtype=np.float64) - origin
        return np.stack([d @ u, d @ v], axis=-1)


def _model_dir() -> str:
    import rapidocr

    return os.path.join(os.path.dirname(rapidocr.__file__), "models")


BACKENDS = ("openvino", "openvino-f32", "onnxruntime")
_backend: str | None = None


def set_backend(name: str | None) -> None:
    """Run the OCR models with ``name`` from now on (one of :data:`BACKENDS`; ``None``: the default, see
    :func:`backend`). Engines made for another backend stay loaded for when it comes back.

    >>> set_backend("onnxruntime"); backend()
    'onnxruntime'
    >>> set_backend(None)
    """
    global _backend
    if name is not None and name not in BACKENDS:
        raise DrawingLabError(f"unknown OCR backend {name!r}; use one of {', '.join(BACKENDS)}")
    _backend = name


def backend() -> str:
    """The backend the OCR models run on: the one :func:`set_backend` chose, else the environment variable
    ``DRAWINGLAB_OCR_BACKEND``, else ``openvino`` where OpenVINO is installed and runs bfloat16 on this CPU
    (:func:`openvino_precision`) and ``onnxruntime`` elsewhere.

    ``openvino`` runs at the precision OpenVINO picks for the CPU (bfloat16 on CPUs with bfloat16
    instructions: recognition and detection about twice as fast as onnxruntime there; float32 elsewhere,
    as fast as onnxruntime once loaded, but its models take longer to load and to meet each new input size);
    ``openvino-f32`` holds float32; ``onnxruntime`` is RapidOCR's own float32 session.
    """
    name = _backend or os.environ.get("DRAWINGLAB_OCR_BACKEND") or ""
    if name:
        if name not in BACKENDS:
            raise DrawingLabError(f"DRAWINGLAB_OCR_BACKEND={name!r} is no OCR backend; use one of "
                                  f"{', '.join(BACKENDS)}")
        return name
    return "openvino" if openvino_precision() == "bf16" else "onnxruntime"


@lru_cache(maxsize=1)
def openvino_precision() -> str | None:
    """The precision OpenVINO runs models at on this CPU unless told otherwise (``bf16``, ``f32``), or
    ``None`` where OpenVINO is not installed.

    >>> openvino_precision() in ("bf16", "f32", "f16", None)
    True
    """
    try:
        core = _openvino_core()
    except ImportError:
        return None
    return core.get_property("CPU", "INFERENCE_PRECISION_HINT").get_type_name()


@lru_cache(maxsize=1)
def _openvino_core():
    """The one OpenVINO runtime core the backend's models and queries share."""
    import openvino as ov

    return ov.Core()


class _OpenVINOModel:
    """An ONNX model compiled by OpenVINO for the CPU, called as RapidOCR calls its sessions (the input array
    in, the first output out, as an array of its own: OpenVINO's output buffer is refilled by the next call)."""

    def __init__(self, path: str, float32: bool):
        core = _openvino_core()
        config = {"PERFORMANCE_HINT": "LATENCY"}
        if float32:
            config["INFERENCE_PRECISION_HINT"] = "f32"
        compiled = core.compile_model(core.read_model(path), "CPU", config)
        self.precision = compiled.get_property("INFERENCE_PRECISION_HINT").get_type_name()  # bf16, f32
        self._request = compiled.create_infer_request()

    def __call__(self, tensor: np.ndarray) -> np.ndarray:
        self._request.infer([np.ascontiguousarray(tensor, dtype=np.float32)])
        return self._request.get_output_tensor(0).data.copy()


def describe_backend() -> str:
    """The OCR backend in words, with its version and, for OpenVINO, the precision it runs at (for reports).

    >>> describe_backend().split()[0] in ("openvino", "onnxruntime")
    True
    """
    name = backend()
    if name == "onnxruntime":
        import onnxruntime

        return f"onnxruntime {onnxruntime.__version__} (float32)"
    import openvino

    engine = _engine(_ENGINE_SIDE, 0.5, 1.6, name)
    precision = getattr(engine._load_rec_model().session, "precision", "?")
    return f"openvino {openvino.__version__.split('-')[0]} (CPU, {precision})"


_REC_BATCH = 8  # crops the recogniser reads in one call
_CLS_BATCH = 6  # crops the direction classifier turns in one call (RapidOCR's default)


@lru_cache(maxsize=8)
def _engine(det_side: int, box_thresh: float, unclip: float, backend_name: str):
    try:
        from rapidocr import RapidOCR
    except ImportError as exc:  # pragma: no cover - dependency missing
        raise DrawingLabError(f"rapidocr is not installed ({exc}); pip install rapidocr") from None
    models = _model_dir()
    params: dict[str, Any] = {
        "Global.log_level": "error",
        "Global.max_side_len": 100_000,
        "Global.min_side_len": 0,
        "Det.model_path": os.path.join(models, "PP-OCRv6_det_small.onnx"),
        "Rec.model_path": os.path.join(models, "PP-OCRv6_rec_small.onnx"),
        "Cls.model_path": os.path.join(models, "ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
        "Det.limit_type": "max",
        "Det.limit_side_len": det_side,
        "Det.box_thresh": box_thresh,
        "Det.unclip_ratio": unclip,
        "Cls.cls_batch_num": _CLS_BATCH,
        "Rec.rec_batch_num": _REC_BATCH,  # measured fastest on 2 cores (1.23 s vs 1.47 s at 16 for 78 crops)
        # RapidOCR turns onnxruntime's memory arena off; with it, every batch of a new crop width stops paying
        # for fresh buffers (Adapterplatte reader-only, best of 3 in two runs: 4.1-4.4 s → 3.6-4.0 s)
        "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
    }
    for key in ("Det.model_path", "Rec.model_path", "Cls.model_path"):
        if not os.path.exists(params[key]):
            raise DrawingLabError(f"RapidOCR model missing from the installed wheel: {params[key]}")
    engine = RapidOCR(params=params)
    if backend_name.startswith("openvino"):
        # RapidOCR's own OpenVINO session would look for the recogniser's characters where an ONNX model has
        # none and download them: its onnxruntime parts are loaded (characters from the model) and their
        # sessions swapped for OpenVINO's
        for part, load in (("Det", engine._load_det_model), ("Cls", engine._load_cls_model),
                           ("Rec", engine._load_rec_model)):
            load().session = _OpenVINOModel(params[f"{part}.model_path"], float32=backend_name == "openvino-f32")
    return engine


_ENGINE_SIDE = 2048


def _engine_for(det_side: int, box_thresh: float = 0.5, unclip: float = 1.6):
    """The engine for a detection at ``det_side``: the one engine of the default side where the detector's
    own pieces are at hand (:func:`_detect_passes` sizes the page itself, so a window of any size needs no
    engine of its own, whose models would load again), else one made for that side."""
    name = backend()
    engine = _engine(_ENGINE_SIDE, float(box_thresh), float(unclip), name)
    return engine if _detector(engine) is not None else _engine(int(det_side), float(box_thresh), float(unclip), name)


def _overlap(a: TextBox, b: TextBox) -> float:
    """Intersection over the smaller box, on the rotated quads (axis-aligned bounds would swallow
    small text beside a diagonal dimension)."""
    from shapely.geometry import Polygon

    ax0, ay0, ax1, ay1 = a.bbox
    bx0, by0, bx1, by1 = b.bbox
    if ax0 > bx1 or bx0 > ax1 or ay0 > by1 or by0 > ay1:
        return 0.0
    pa, pb = Polygon(a.quad), Polygon(b.quad)
    if not pa.is_valid:
        pa = pa.buffer(0)
    if not pb.is_valid:
        pb = pb.buffer(0)
    smaller = min(pa.area, pb.area)
    return float(pa.intersection(pb).area / smaller) if smaller > 0 else 0.0


def _detect(engine, image: np.ndarray) -> list[np.ndarray]:
    result = engine(image, use_det=True, use_cls=False, use_rec=False)
    boxes = getattr(result, "boxes", None)
    return [] if boxes is None else [np.asarray(b, dtype=np.float64) for b in boxes]


def _detector(engine):
    """RapidOCR's text detector (network, normalisation and DB post-processing), loaded on first use."""
    if getattr(engine, "text_det", None) is None:
        engine(np.full((32, 32, 3), 255, np.uint8), use_det=True, use_cls=False, use_rec=False)
    det = getattr(engine, "text_det", None)
    parts = ("mean", "std", "session", "postprocess_op")
    return det if det is not None and all(hasattr(det, p) for p in parts) else None


def _detection_size(height: int, width: int, det_side: int) -> tuple[int, int]:
    """The network's input size for a page, as RapidOCR computes it (longest side ``det_side``, multiples of 32)."""
    ratio = min(1.0, det_side / max(height, width))
    return max(32, int(round(int(height * ratio) / 32) * 32)), max(32, int(round(int(width * ratio) / 32) * 32))


def _bent_text(postprocess, probability: np.ndarray, shape: tuple[int, int],
               quads: list[np.ndarray]) -> list[np.ndarray]:
    """Boxes around text the detector's box score turned down for its shape alone: a nominal and the stack
    beside it, one region bent into a step, fills a small share of the rectangle around it, so the mean over
    that rectangle (the score RapidOCR uses) falls under the threshold where the mean over the region itself
    (its slow score) does not. The quads of such regions that stand apart from ``quads``."""
    mode = postprocess.score_mode
    try:
        postprocess.score_mode = "slow"
        slow, _ = postprocess(probability, shape)
    finally:
        postprocess.score_mode = mode
    taken = [TextBox("", q, 1.0) for q in quads]
    found = []
    for quad in slow:
        quad = np.asarray(quad, dtype=np.float64)
        if any(_overlap(TextBox("", quad, 1.0), t) > 0.0 for t in taken):  # it meets a box found already
            continue
        box = TextBox("", quad, 1.0)
        if box.rotation % 90.0 <= 20.0 or box.rotation % 90.0 >= 70.0:
            # the rectangle hugging a step leans a little; the text in it stands upright in the pass
            (x0, y0), (x1, y1) = quad.min(axis=0), quad.max(axis=0)
            box = TextBox("", np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]]), 1.0)
        if box.width >= 1.2 * box.height:  # a line of text, not a blot (an arrowhead with a speck in it)
            found.append(box.quad)
    return found


def _detect_passes(engine, image: np.ndarray, det_side: int, rotations: tuple[int, ...],
                   text_maps: list[np.ndarray] | None = None, bent_text: bool = False) -> list[TextBox]:
    """Text quads found on the page upright and turned 90° clockwise, in page coordinates.

    Same boxes as RapidOCR's own detection call, with the normalisation done in float32 (RapidOCR's runs in
    float64 and took a fifth of the detection time). The turned pass turns the shrunk page (turning the full
    page first took 0.1-0.25 s a read of Adapterplatte; the shrunk pixels differ by a grey level here and
    there, which moves a few boxes: on 150 synthetic scans 1338 texts read right, not 1339). With
    ``text_maps`` (a list), each pass's text probability map, turned back upright at the detector's scale, is
    appended to it.
    """
    return _detect_passes_many(engine, [image], [det_side], rotations, text_maps, bent_text)[0]


def _detect_passes_many(engine, images: list[np.ndarray], det_sides: list[int], rotations: tuple[int, ...],
                        text_maps: list[np.ndarray] | None = None, bent_text: bool = False) -> list[list[TextBox]]:
    """:func:`_detect_passes` on each image at its own ``det_sides``, the detector called once for all the
    passes whose inputs have one shape (a batch gives each input the boxes a call of its own gives it)."""
    import cv2

    for rotation in rotations:
        if rotation not in (0, 90):
            raise DrawingLabError(f"unsupported OCR pass rotation {rotation}; use 0 and/or 90")
    det = _detector(engine)
    passes = [(n, rotation) for n in range(len(images)) for rotation in rotations]
    if det is None:  # another RapidOCR layout: its own call, same boxes, slower
        quads = [_detect(engine, _bgr(images[n] if rotation == 0 else cv2.rotate(images[n], cv2.ROTATE_90_CLOCKWISE)))
                 for n, rotation in passes]
        bent: list[list[np.ndarray]] = [[] for _ in passes]
    else:
        mean = np.asarray(det.mean, np.float32).reshape(1, 1, 3) * 255.0
        scale = 1.0 / (np.asarray(det.std, np.float32).reshape(1, 1, 3) * 255.0)
        tensors = []
        for n, image in enumerate(images):
            h, w = image.shape[:2]
            upright = _bgr(cv2.resize(image, _detection_size(h, w, int(det_sides[n]))[::-1]))
            turned = cv2.rotate(upright, cv2.ROTATE_90_CLOCKWISE) if 90 in rotations else None
            views = [upright if rotation == 0 else turned for rotation in rotations]
            tensors += [_normalised(view, mean, scale) for view in views]
        probabilities = _in_batches_by_shape(det.session, tensors)
        quads, bent = [], []
        for (n, rotation), probability in zip(passes, probabilities):
            h, w = images[n].shape[:2]
            shape = (h, w) if rotation == 0 else (w, h)
            found, _ = det.postprocess_op(probability, shape)
            quads.append([np.asarray(q, dtype=np.float64) for q in found])
            bent.append(_bent_text(det.postprocess_op, probability, shape, quads[-1]) if bent_text else [])
            if text_maps is not None:
                text_map = np.asarray(probability, dtype=np.float32)[0, 0]
                text_maps.append(text_map if rotation == 0 else cv2.rotate(text_map, cv2.ROTATE_90_COUNTERCLOCKWISE))
    boxes: list[list[TextBox]] = [[] for _ in images]
    for (n, rotation), found, shape_scored in zip(passes, quads, bent):
        h = images[n].shape[0]
        for k, quad in enumerate(found + shape_scored):
            # in the turned pass, (x', y') on the turned page is (y', h - 1 - x') on the page
            back = quad if rotation == 0 else np.stack([quad[:, 1], h - 1 - quad[:, 0]], axis=1)
            boxes[n].append(TextBox("", back, 1.0, upright_in_pass=_upright(quad), shape_scored=k >= len(found)))
    return boxes


def _in_batches_by_shape(model, tensors: list[np.ndarray], most: int | None = None) -> list[np.ndarray]:
    """``model`` run on each tensor (a batch of one), tensors of one shape stacked into one call (``most`` in a
    call at most); the outputs in the tensors' order, each a batch of one. For models that read each input of a
    batch as alone (the text detector and recogniser: outputs checked bitwise equal).

    >>> tensors = [np.ones((1, 2)), np.zeros((1, 3)), np.full((1, 2), 2.0)]
    >>> calls = []
    >>> [t.tolist() for t in _in_batches_by_shape(lambda x: calls.append(x.shape) or x * 10, tensors)], calls
    ([[[10.0, 10.0]], [[0.0, 0.0, 0.0]], [[20.0, 20.0]]], [(2, 2), (1, 3)])
    >>> _ = _in_batches_by_shape(lambda x: calls.append(x.shape) or x, tensors, most=1); calls[2:]
    [(1, 2), (1, 2), (1, 3)]
    """
    by_shape: dict[tuple[int, ...], list[int]] = {}
    for k, tensor in enumerate(tensors):
        by_shape.setdefault(tuple(tensor.shape), []).append(k)
    out: list[np.ndarray] = [np.empty(0)] * len(tensors)
    for group in by_shape.values():
        step = most or len(group)
        for start in range(0, len(group), step):
            chunk = group[start:start + step]
            results = model(tensors[chunk[0]] if len(chunk) == 1 else np.concatenate([tensors[k] for k in chunk]))
            for n, k in enumerate(chunk):
                out[k] = results[n:n + 1]
    return out


def _normalised(view: np.ndarray, mean: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """The detector's input: ``(view - mean) * scale`` in float32, channels first, one channel at a time into
    the tensor (the same values as the whole-image arithmetic, without its three page-sized temporaries).

    >>> view = np.random.default_rng(0).integers(0, 256, (4, 5, 3), dtype=np.uint8)
    >>> mean, scale = np.float32([[[120, 115, 100]]]), np.float32([[[0.017, 0.018, 0.0175]]])
    >>> whole = ((view.astype(np.float32) - mean) * scale).transpose(2, 0, 1)[None]
    >>> bool(np.array_equal(_normalised(view, mean, scale), whole))
    True
    """
    tensor = np.empty((1, 3) + view.shape[:2], np.float32)
    for c in range(3):
        np.subtract(view[:, :, c], mean.flat[c], out=tensor[0, c], dtype=np.float32)
        tensor[0, c] *= scale.flat[c]
    return tensor


def detection_side(image: np.ndarray, det_side: int = 2048, min_text_px: float = 0.0,
                   max_side: int = 4096) -> int:
    """Longest side of the page as the text detector sees it: ``det_side``, or more where the page's larger
    lettering (:func:`~drawinglab.preprocess.estimate_text_height`, ``p90``, measured at half size) would come
    out under ``min_text_px`` tall there (the detector misses small, thin lettering on a big sheet shrunk to
    ``det_side``); never past ``max_side`` nor the page's own size.

    >>> import cv2
    >>> page = np.full((1200, 4000), 255, np.uint8)
    >>> for i in range(40):
    ...     _ = cv2.putText(page, "8", (100 + 60 * i, 600), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    >>> detection_side(page, 2048), detection_side(page, 2048, min_text_px=16) > 2048
    (2048, True)
    """
    longest = max(image.shape[:2])
    if min_text_px <= 0 or longest <= det_side:
        return int(det_side)
    measured = _larger_lettering_height(image)
    if not measured:
        return int(det_side)
    wanted = longest * min_text_px / measured
    return int(min(max(det_side, wanted), max_side, longest))


def _larger_lettering_height(image: np.ndarray) -> float | None:
    """The page's larger lettering's height in px (:func:`~drawinglab.preprocess.estimate_text_height`,
    ``p90``, measured at half size for speed), or None without enough lettering."""
    import cv2

    from ..preprocess import estimate_text_height

    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    half = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    measured = estimate_text_height(half, min_height=3, statistic="p90")
    return 2.0 * measured if measured else None


def _texts_missed(found: list[TextBox], larger: list[TextBox], overlap: float = 0.5, most: int = 1) -> list[TextBox]:
    """Boxes of a second look at the page that may stand beside the first look's: where the first found
    nothing (none of its boxes covers ``overlap`` of the smaller: small lettering the shrunk page lost), or up
    to ``most`` boxes (one: the same text, which deduplication settles); not a box over more of the first
    look's (a larger look runs neighbouring texts into one line more often)."""
    if not found:
        return larger
    bounds = np.array([b.bbox for b in found])
    return [box for box in larger
            if sum(_overlap(box, found[k]) >= overlap for k in _bounds_meeting(bounds, box)) <= most]


def page_without_long_lines(image: np.ndarray, length: int) -> np.ndarray:
    """The page with its straight horizontal, vertical and 45° lines (outlines, centre lines' dashes,
    dimension lines, hatching) at least ``length`` px long painted over with paper, for the text detector:
    lettering a line runs through, or that stands in hatching, is found there where the lines hid it.
    Character strokes are shorter than a character is tall, so a ``length`` well over the lettering's height
    leaves the lettering (less the ink a line ran along).

    >>> import cv2
    >>> page = np.full((100, 300), 255, np.uint8)
    >>> _ = cv2.line(page, (0, 50), (299, 50), 0, 2)
    >>> _ = cv2.putText(page, "42", (120, 65), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    >>> clean = page_without_long_lines(page, 60)
    >>> bool((clean[50, :100] > 128).all()), bool((clean[:, 120:170] < 128).any())
    (True, True)
    """
    import cv2

    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    length = max(3, int(length))
    diagonal = np.eye(max(3, int(round(length / math.sqrt(2.0)))), dtype=np.uint8)
    lines = np.zeros_like(ink)
    for element in (np.ones((1, length), np.uint8), np.ones((length, 1), np.uint8), diagonal,
                    np.ascontiguousarray(diagonal[::-1])):
        lines |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, element)
    lines = cv2.dilate(lines, np.ones((3, 3), np.uint8))  # a scanned line's blurred border
    clean = image.copy()
    clean[lines > 0] = np.median(image[ink == 0], axis=0) if (ink == 0).any() else 255
    return clean


def _bounds_meeting(bounds: np.ndarray, box: TextBox) -> np.ndarray:
    """Indices of the rows of ``bounds`` (x0, y0, x1, y1 each) that meet ``box``'s bounding box: the only boxes
    whose polygons can overlap it."""
    x0, y0, x1, y1 = box.bbox
    return np.flatnonzero((bounds[:, 0] <= x1) & (x0 <= bounds[:, 2]) & (bounds[:, 1] <= y1) & (y0 <= bounds[:, 3]))


def recognise(image: np.ndarray, det_side: int = 2048, rotations: tuple[int, ...] = (0, 90),
              min_score: float = 0.5, box_thresh: float = 0.5, unclip: float = 1.6,
              erase_lines: bool = True, min_text_px: float = 0.0, line_free_look: bool = False,
              text_maps: list[np.ndarray] | None = None, bent_text: bool = False) -> list[TextBox]:
    """Detect and read all text on an RGB or grey page; returns de-duplicated :class:`TextBox` es.

    Text is detected on the page as it is and turned 90° clockwise (vertical dimension text is then
    upright); overlapping detections keep the one upright in its pass, and each piece of text is recognised
    once, from a crop warped upright along its own reading direction (the direction classifier settles 180°),
    with the lines crossing it painted out when ``erase_lines`` (:func:`crop_without_lines`). A reading that
    looks like dimension text but does not parse keeps the recogniser's other likely readings of its crop
    (``TextBox.alternatives``, :func:`ctc_nbest`) for the reader to choose from. The detector sees the page
    shrunk to ``det_side``; where the page's lettering would come out under ``min_text_px`` there, it looks
    again at a larger size (:func:`detection_side`) and adds the boxes that look found where the first found
    nothing or the same text (:func:`_texts_missed`). With ``text_maps`` (a list), the page-wide passes' text
    probability maps are appended to it (:func:`_detect_passes`).
    """
    engine = _engine_for(int(det_side), float(box_thresh), float(unclip))
    found = _detect_passes(engine, image, int(det_side), tuple(rotations), text_maps, bent_text)
    side = detection_side(image, int(det_side), min_text_px)
    if side != int(det_side):
        found += _texts_missed(found, _detect_passes(engine, image, side, tuple(rotations)))
        log.debug("small lettering: looked again at %d px", side)
    line_free: set[int] = set()
    if line_free_look:
        missed = _texts_missed(found, _detect_passes(engine, _page_for_line_free_look(image), int(det_side),
                                                     tuple(rotations)), most=0)
        line_free = {id(box) for box in missed}
        found += missed
    boxes, rivals = deduplicate_with_rivals(found)
    if not boxes:
        return []
    crops = [_reading_crop(image, box) for box in boxes]
    as_cut = list(crops)
    crops, cls = engine.cls_and_rotate(crops)
    turned = [k for k, half in enumerate(_half_turned(cls)) if half]
    rec = engine.recognize_txt(list(crops))
    texts, scores = [str(t) for t in rec.txts], [float(s) for s in rec.scores]
    # the direction classifier is unsure on short numbers: a turned crop that reads with any doubt keeps its
    # turn only when it reads better than the crop as cut, which the text detector's pass found the right
    # way up (:func:`_turn_kept`)
    doubtful = [k for k in turned if scores[k] < TURN_SURE]
    unturned = engine.recognize_txt([as_cut[k] for k in doubtful]) if doubtful else None
    as_cut_wins = set()
    for n, k in enumerate(doubtful):
        if not _turn_kept((texts[k], scores[k]), (str(unturned.txts[n]), float(unturned.scores[n]))):
            texts[k], scores[k] = str(unturned.txts[n]), float(unturned.scores[n])
            as_cut_wins.add(k)
    for k in turned:
        if k not in as_cut_wins:
            boxes[k].quad = boxes[k].quad[[2, 3, 0, 1]]
    kept_turn = set(turned) - as_cut_wins  # their quads turned with their crops
    read_from = [crops[k] if k in kept_turn else as_cut[k] for k in range(len(boxes))]
    _read_rivals_of_the_unread(engine, image, boxes, rivals, read_from, texts, scores, min_score)
    _read_square_boxes_turned(engine, boxes, read_from, texts, scores, min_score)
    first_texts = list(texts)
    if erase_lines:
        _read_without_lines(engine, image, boxes, texts, scores, min_score)
    unparsed = [k for k, text in enumerate(texts) if text == first_texts[k] and scores[k] >= min_score
                and _wants_alternatives(text)]
    for k, alternatives in zip(unparsed, alternative_readings(engine, [read_from[k] for k in unparsed])):
        boxes[k].alternatives, boxes[k].read_as = tuple(alternatives), texts[k]
    out = []
    for box, text, score in zip(boxes, texts, scores):
        box.text, box.score = text, score
        if _reading_kept(box, min_score, id(box) in line_free):
            out.append(box)
    return out


def _reading_kept(box: TextBox, min_score: float, line_free: bool = False) -> bool:
    """Whether a read box is kept: sure enough, not blank, and not a lone character found only with the lines
    taken out (``line_free``) or boxed only by the score over its region (:func:`_bent_text`): an arrowhead
    left alone, read as a 4."""
    lone = len(box.text.strip()) < 2 and (line_free or box.shape_scored)
    return box.score >= min_score and bool(box.text.strip()) and not lone


def _page_for_line_free_look(image: np.ndarray) -> np.ndarray:
    """The page without lines over one and a half times as long as its larger lettering is tall
    (:func:`page_without_long_lines`, :func:`_larger_lettering_height`)."""
    measured = _larger_lettering_height(image)
    return page_without_long_lines(image, int(round(1.5 * measured)) if measured else max(image.shape) // 60)


def _turn_kept(turned: tuple[str, float], as_cut: tuple[str, float]) -> bool:
    """Whether a crop the direction classifier turned keeps its turn, from its readings (text, score) turned
    and as cut: a clearly better reading turned does; in a tie (scores within ``TURN_TIE``) the reading with
    more characters wins (the other lost some), and with as many, the detector's way up.

    >>> _turn_kept(("4X 06.6", 0.97), ("4×0.6", 0.68)), _turn_kept(("30", 0.782), ("300", 0.779))
    (True, False)
    >>> _turn_kept(("35", 0.94), ("3", 0.93)), _turn_kept(("006", 0.96), ("90.0°", 0.95))
    (True, False)
    """
    (text, score), (cut_text, cut_score) = turned, as_cut
    if score >= TURN_SURE or cut_score < score - TURN_TIE:
        return True
    if cut_score > score + TURN_TIE:
        return False
    return len(text.replace(" ", "")) > len(cut_text.replace(" ", ""))


def _half_turned(cls) -> list[bool]:
    """Which crops RapidOCR's direction classifier (its ``cls_and_rotate`` result) found upside down, surely."""
    return ["180" in str(label) and score > 0.9 for label, score in cls.cls_res]


def _reading_crop(image: np.ndarray, box: TextBox) -> np.ndarray:
    """The text under ``box`` cut out upright for the recogniser; a crop still tall after warping reads along
    the box's short side: it is turned a quarter, the quad with it."""
    crop = _bgr(crop_upright(image, box.quad, pad=0.0))
    if crop.shape[0] > 1.3 * crop.shape[1]:
        crop = np.ascontiguousarray(np.rot90(crop))
        box.quad = box.quad[[1, 2, 3, 0]]
    return crop


def _read_rivals_of_the_unread(engine, image: np.ndarray, boxes: list[TextBox], rivals: dict[int, list[TextBox]],
                               crops: list[np.ndarray], texts: list[str], scores: list[float],
                               min_score: float) -> None:
    """A kept box that reads as nothing (or below ``min_score``), or with doubt, gives way to the one box it
    kept out (:func:`deduplicate_with_rivals`) where that box stands across it, fills under half its length,
    and reads (with certainty, against a doubtful reading): a text with a line running through it, or arrows,
    above and below is also detected in the turned pass as one tall vertical "text", which is longer and wins,
    and then reads as nothing, or as the line's pieces with doubt (``30`` between arrows as ``下10011``). Where
    it kept out more than one, they are pieces of it (a vertical text boxed upright a piece at a time; two
    stacked rows of a vertical fit, ``H7`` beside ``k6``, boxed across as one and each on its own): the kept
    box stays. Updates ``boxes``, ``crops``, ``texts`` and ``scores`` in place."""
    def unread(k: int) -> bool:
        return scores[k] < min_score or not texts[k].strip()

    def across(kept: TextBox, rival: TextBox) -> bool:
        turn = abs(kept.rotation - rival.rotation) % 180.0
        along = kept.local(rival.quad)[:, 0]
        return 60.0 < turn < 120.0 and float(along.max() - along.min()) < 0.5 * kept.width

    tried = [(k, rivals[k][0]) for k in sorted(rivals)
             if (unread(k) or scores[k] < SURE_READING) and len(rivals[k]) == 1 and across(boxes[k], rivals[k][0])]
    if not tried:
        return
    cut = [_reading_crop(image, rival) for _, rival in tried]
    turned, cls = engine.cls_and_rotate(list(cut))
    upside_down = _half_turned(cls)
    rec = engine.recognize_txt([turned[n] if flip else cut[n] for n, flip in enumerate(upside_down)])
    for n, (k, rival) in enumerate(tried):
        text, score = str(rec.txts[n]), float(rec.scores[n])
        better = score > scores[k] if unread(k) else score >= max(SURE_READING, scores[k] + 0.3)
        if text.strip() and score >= min_score and better:
            rival.quad = rival.quad[[2, 3, 0, 1]] if upside_down[n] else rival.quad
            boxes[k], crops[k] = rival, turned[n] if upside_down[n] else cut[n]
            texts[k], scores[k] = text, score


def _wants_alternatives(text: str) -> bool:
    """Whether a reading looks like dimension text the grammar does not take (``1.55.0``, ``14月.0``): a
    short run of two or more digits with few letters, not a deviation or a fit class read apart from its
    nominal (those are pieces of a stack, put together later)."""
    from .group import is_deviation, recover_symbols

    text = recover_symbols(text).strip()
    return (len(re.findall(r"\d", text)) >= 2 and len(re.findall(r"[A-Za-z]", text)) <= 2 and len(text) <= 16
            and try_parse(text) is None and not is_deviation(text)
            and not re.fullmatch(r"[A-Za-z]{1,2}\d{1,2}(?:\s*/\s*[A-Za-z]{1,2}\d{1,2})?", text))


def ctc_nbest(probs: np.ndarray, charset: list[str], beam: int = 24, prune: float = 0.002,
              n: int = 12) -> list[tuple[str, float]]:
    """The ``n`` likeliest readings of one crop from the recogniser's per-step character probabilities
    (``T × len(charset)``, the CTC blank at index 0), by prefix beam search: each with its share of the
    probability the beam keeps, likeliest first. Characters below ``prune`` at a step are not tried there.

    >>> p = np.array([[0.1, 0.6, 0.3], [0.8, 0.1, 0.1]])  # blank, "a", "b"
    >>> [(text, round(share, 2)) for text, share in ctc_nbest(p, ["", "a", "b"])]
    [('a', 0.55), ('b', 0.28), ('', 0.08), ('ab', 0.06), ('ba', 0.03)]
    """
    beams: dict[tuple[int, ...], tuple[float, float]] = {(): (1.0, 0.0)}  # prefix: (ends in blank, does not)
    for step in np.asarray(probs, dtype=np.float64):
        tried = [c for c in np.flatnonzero(step > prune) if c != 0]
        grown: dict[tuple[int, ...], list[float]] = {}
        for prefix, (blank, last) in beams.items():
            here = grown.setdefault(prefix, [0.0, 0.0])
            here[0] += (blank + last) * step[0]
            if prefix:
                here[1] += last * step[prefix[-1]]  # the last character held on
            for c in tried:
                # a repeat of the last character is a new one only after a blank
                gain = blank * step[c] if prefix and prefix[-1] == c else (blank + last) * step[c]
                if gain > 0.0:
                    grown.setdefault(prefix + (int(c),), [0.0, 0.0])[1] += gain
        kept = sorted(grown.items(), key=lambda item: -sum(item[1]))[:beam]
        total = sum(sum(v) for _, v in kept) or 1.0
        beams = {prefix: (v[0] / total, v[1] / total) for prefix, v in kept}
    ranked = sorted(beams.items(), key=lambda item: -sum(item[1]))[:n]
    return [("".join(charset[c] for c in prefix), float(sum(v))) for prefix, v in ranked]


def alternative_readings(engine, crops: list[np.ndarray]) -> list[list[tuple[str, float]]]:
    """The likeliest readings of each crop (:func:`ctc_nbest`), each crop padded to its own width only (a batch
    pads crops to its widest, which moves the probabilities); crops of one padded width, most of them the
    recogniser's least width, are recognised together (the same probabilities, in one call)."""
    rec = engine._load_rec_model()
    height, width = rec.rec_image_shape[1:3]
    inputs = [rec.resize_norm_img(crop, max(crop.shape[1] / max(crop.shape[0], 1), width / height))[np.newaxis]
              .astype(np.float32) for crop in crops]
    return [ctc_nbest(probs[0], rec.postprocess_op.character)
            for probs in _in_batches_by_shape(rec.session, inputs, most=_REC_BATCH)]


def _read_square_boxes_turned(engine, boxes: list[TextBox], crops: list[np.ndarray], texts: list[str],
                              scores: list[float], min_score: float) -> None:
    """A box about as wide as tall (a number of two or three digits) gives no reading direction: the pass that
    kept it may have it a quarter turn off (``80`` read ``08`` across its digits). One that read with doubt
    (but well enough to be kept: a box read as nothing, an arrowhead, stays unread) is read turned a quarter
    either way too, and a clearly better, different reading of as many characters wins, its box turned with it
    (the same text read turned, a symmetric ``8``, leaves the box as it was); a reading of digits wins over
    symbols (``∞``: an ``8`` on its side) when it merely reads better; one of more characters (read across,
    ``C2`` came out ``3``) when it reads surely and much better; one of fewer when it reads surely and much
    better and the reading across only added strokes at its ends (``61`` for a ``6`` on its side, the line
    beside it read as a ``1``). Where the two turns read about as well (``6`` one way, ``9`` the other), the
    box reading upwards wins: dimension text is read from the drawing's foot or its right side.
    Updates ``boxes``' quads, ``texts`` and ``scores`` in place."""
    square = [k for k, crop in enumerate(crops) if min_score <= scores[k] < SURE_READING and texts[k].strip()
              and max(crop.shape[:2]) <= 1.25 * min(crop.shape[:2])]
    if not square:
        return
    turns = [np.ascontiguousarray(np.rot90(crops[k], t)) for k in square for t in (1, -1)]
    rec = engine.recognize_txt(turns)
    orders = ([1, 2, 3, 0], [3, 0, 1, 2])  # a quarter turn back, and forward
    for n, k in enumerate(square):
        both = [float(rec.scores[2 * n]), float(rec.scores[2 * n + 1])]
        t = int(np.argmax(both))
        if abs(both[0] - both[1]) <= TURN_TIE:
            t = min((0, 1), key=lambda turn: abs(TextBox("", boxes[k].quad[orders[turn]], 1.0).rotation - 90.0))
        text, score = str(rec.txts[2 * n + t]), float(rec.scores[2 * n + t])
        length, length_as_read = len(text.replace(" ", "")), len(texts[k].replace(" ", ""))
        # a symbol that is a digit on its side (``∞`` for an ``8``): the digit need only read better
        margin = 0.0 if re.search(r"\d", text) and not re.search(r"[\dA-Za-z]", texts[k]) else 0.1
        # read across, a short text may lose characters (``3`` for ``C2``): read turned, more of them, surely
        more = length > length_as_read and score >= max(SURE_READING, scores[k] + 0.3)
        # or gain a stroke at an end: a line beside a glyph on its side, read as a 1
        strokes = re.fullmatch(rf"[1Il|]{{0,2}}{re.escape(text.strip())}[1Il|]{{0,2}}", texts[k].strip())
        fewer = length < length_as_read and bool(text.strip()) and strokes is not None \
            and score >= max(SURE_READING, scores[k] + 0.1)
        if (length == length_as_read or more or fewer) and text.strip() != texts[k].strip() \
                and score >= scores[k] + margin:
            texts[k], scores[k] = text, score
            boxes[k].quad = boxes[k].quad[orders[t]]


def _unparsed_number(text: str) -> bool:
    """A reading with digits that the dimension grammar does not take (``$.00``: a line through the 5)."""
    return bool(re.search(r"\d", text)) and try_parse(text) is None


#: glyphs a ⌀ is drawn or read as (fonts and the recogniser differ)
DIAMETER_GLYPHS = "⌀ØøΦφ∅"
_LINE_LIKE = set("1|Il!T-_—–/\\")


def _plausibly_line_free(before: str, after: str) -> bool:
    """Whether ``after`` (read with the crossing lines painted out) may replace ``before``: characters may
    change, but the only ones it may simply lose are those a line reads as (``1``, ``|``, ``-``); painting
    out a line that runs along a stroke loses a real digit, ⌀ or decimal point instead.

    >>> _plausibly_line_free("12|50", "12.50"), _plausibly_line_free("122.00-1", "22.00")
    (True, True)
    >>> _plausibly_line_free("159.98", "159.9"), _plausibly_line_free("60,00", "6000")
    (False, False)
    >>> _plausibly_line_free("0", "10"), _plausibly_line_free("15,00 +0,02", "15,00 +0;02")
    (False, False)
    >>> _plausibly_line_free("Φ6.15]", "[6.15]")  # a leading ⌀ is not a line
    False
    """
    if not after.strip() or after == before:
        return False
    if len(re.findall(r"\d[.,]\d", after)) < len(re.findall(r"\d[.,]\d", before)):
        return False
    if before.lstrip()[:1] in DIAMETER_GLYPHS and after.lstrip()[:1] not in DIAMETER_GLYPHS:
        return False  # a leading ⌀ is never a line
    rest = iter(before)
    if all(ch in rest for ch in after):  # after is before with characters taken out
        return all(ch in _LINE_LIKE for ch in (Counter(before) - Counter(after)).elements())
    rest = iter(after)
    if all(ch in rest for ch in before):  # characters added: a line does not appear where lines were erased
        return not all(ch in _LINE_LIKE for ch in (Counter(after) - Counter(before)).elements())
    return True


def _read_without_lines(engine, image: np.ndarray, boxes: list[TextBox], texts: list[str], scores: list[float],
                        min_score: float) -> None:
    """Text crossed by a line is read again from three crops with the line taken out
    (:func:`line_free_variants`). A reading two or more of the four (the first among them) agree on, more
    than on any other, replaces the first; a variant counts only when it keeps every decimal sign, loses only
    characters a line reads as, adds none of them and turns no character into a 1 (taking a line out takes a
    stroke with it: a 4 becomes a 1). Failing that, text that read with doubt (or as digits the grammar does
    not take) takes the surest of the line-free readings that scores better than the first, is plausibly the
    same text, and parses where the first does (the two crops other than the painted-over one count only
    with a reading that parses, and where none of the three reads as the first did). A crop that gave no
    reading stays unread: painted-out line junctions look like characters.
    Updates ``texts`` and ``scores`` in place."""
    from .group import recover_symbols

    def key(text: str) -> str:
        return recover_symbols(text).replace(" ", "")

    crossed = []
    for k, box in enumerate(boxes):
        # dimension text only (digits, short): notes and title block text are long, and read well enough
        if scores[k] < min_score or not re.search(r"\d", texts[k]) or len(texts[k]) > 20:
            continue
        lines = _lines_through_text(image, box.quad)  # the quad is in reading order by now
        if lines is not None:
            crossed.append((k, lines))
    if not crossed:
        return
    # the line painted over first: where that reads as the first did, the first holds two of the four votes
    # and no other reading can outvote it, so the other two crops need neither making nor reading
    first_look = engine.recognize_txt([_bgr(_painted_over(lines)) for _, lines in crossed])
    erased = [(str(t), float(sc)) for t, sc in zip(first_look.txts, first_look.scores)]
    disputed = [n for n, (k, _) in enumerate(crossed) if key(erased[n][0]) != key(texts[k])]
    second_look = engine.recognize_txt([_bgr(make(crossed[n][1])) for n in disputed
                                        for make in (_painted_along, _inpainted)]) if disputed else None
    others = {n: [(str(second_look.txts[2 * i + j]), float(second_look.scores[2 * i + j])) for j in (0, 1)]
              for i, n in enumerate(disputed)}
    for n, (k, _) in enumerate(crossed):
        first = texts[k]
        votes: dict[str, list[tuple[str, float]]] = {key(first): [(first, scores[k])]}
        for text, score in [erased[n]] + others.get(n, []):
            if text.strip() and _acceptable_without_lines(first, text):
                votes.setdefault(key(text), []).append((text, score))
        ranked = sorted(votes.values(), key=len, reverse=True)
        if len(ranked[0]) >= 2 and (len(ranked) == 1 or len(ranked[0]) > len(ranked[1])) \
                and key(ranked[0][0][0]) != key(first):
            texts[k], scores[k] = max(ranked[0], key=lambda r: r[1])
            continue
        # (never a reading the grammar takes for one it does not: ``⌀66,00 $7`` for ``⌀66,00-f7``); of the
        # crops with the lines taken out, the one read surest (a line's remains read as a 1 in one, ``910``,
        # and not in another, ``90°``), the two other than the painted-over one only with a reading that parses
        # and where no line-free crop reads as the first did (``038`` for ``⌀38`` in one: the line through the 8
        # took its waist)
        if not (scores[k] < SURE_READING or _unparsed_number(first)):
            continue
        confirmed = any(key(text) == key(first) for text, _ in [erased[n]] + others.get(n, []))
        ranked = sorted([(*erased[n], True)] + [(*r, False) for r in others.get(n, []) if not confirmed],
                        key=lambda r: r[1], reverse=True)
        first_parses = try_parse(recover_symbols(first)) is not None
        for text, score, painted_over in ranked:
            if score <= scores[k] or not _plausibly_line_free(first, text):
                continue
            parses = try_parse(recover_symbols(text)) is not None
            if (painted_over or parses) and (parses or not first_parses):
                texts[k], scores[k] = text, score
                break


def _acceptable_without_lines(before: str, after: str) -> bool:
    """Whether a reading made with the lines taken out may count against the first: as
    :func:`_plausibly_line_free`, with no character turned into a 1 where the two are as long, and none
    added but a degree sign (a line hid it; taking lines out makes no characters, their remains do).

    >>> _acceptable_without_lines("⌀34.09±0.30", "⌀34.00±0.30"), _acceptable_without_lines("45.0°", "15.0°")
    (True, False)
    >>> _acceptable_without_lines("80", "810"), _acceptable_without_lines("50.00", "50:00")
    (False, False)
    >>> _acceptable_without_lines("45", "45°"), _acceptable_without_lines("60,00 +0010", "60,00-+00010")
    (True, False)
    """
    if after == before:
        return True
    if not _plausibly_line_free(before, after):
        return False
    added = Counter(after.replace(" ", "")) - Counter(before.replace(" ", ""))
    if len(after.replace(" ", "")) > len(before.replace(" ", "")) and set(added) - {"°"}:
        return False
    return not (len(after) == len(before) and any(a != "1" and b == "1" for a, b in zip(before, after)))


def _bgr(crop: np.ndarray) -> np.ndarray:
    """An RGB or grey crop in the channels RapidOCR expects (BGR, as cv2.imread gives); only crops and the
    shrunk page are converted, never the full page."""
    import cv2

    return cv2.cvtColor(crop, cv2.COLOR_GRAY2BGR) if crop.ndim == 2 else np.ascontiguousarray(crop[..., ::-1])


def _upright(quad: np.ndarray) -> bool:
    """Whether a quad reads roughly left to right in its own pass (not a tall, sideways reading)."""
    width = np.linalg.norm(quad[1] - quad[0])
    height = np.linalg.norm(quad[3] - quad[0])
    return width >= 0.9 * height or len(quad) != 4


def deduplicate(boxes: list[TextBox], overlap: float = 0.5) -> list[TextBox]:
    """Keep one box per piece of text: upright-in-pass detections first, then the longer box."""
    return deduplicate_with_rivals(boxes, overlap)[0]


def deduplicate_with_rivals(boxes: list[TextBox],
                            overlap: float = 0.5) -> tuple[list[TextBox], dict[int, list[TextBox]]]:
    """:func:`deduplicate`, and for each kept box (by its index among those kept) the boxes it alone kept out
    that were upright in their own pass too: the same text seen by the other pass, or the text and a line
    through it taken for one vertical text, the longer box winning."""
    order = sorted(boxes, key=lambda b: (not b.upright_in_pass, -b.width, -len(b.text.strip()), -b.score))
    kept: list[TextBox] = []
    rivals: dict[int, list[TextBox]] = {}
    kept_bounds = np.empty((len(order), 4))
    for box in order:
        # only boxes whose bounds meet this one's can overlap it (the polygon test is the slow part)
        beaten_by = [k for k in _bounds_meeting(kept_bounds[:len(kept)], box) if _overlap(box, kept[k]) >= overlap]
        if not beaten_by:
            kept_bounds[len(kept)] = box.bbox
            kept.append(box)
        elif len(beaten_by) == 1 and box.upright_in_pass:
            rivals.setdefault(int(beaten_by[0]), []).append(box)
    return kept, rivals


def crop_upright(image: np.ndarray, quad: np.ndarray, pad: float = 0.15) -> np.ndarray:
    """The text under ``quad`` warped to an upright strip (reading left to right), with a little margin."""
    import cv2

    q = np.asarray(quad, dtype=np.float32)
    width, height = float(np.linalg.norm(q[1] - q[0])), float(np.linalg.norm(q[3] - q[0]))
    if width < 2 or height < 2:
        return np.zeros((4, 4, 3), np.uint8)
    src = padded_quad(q, pad).astype(np.float32)
    w, h = int(round(width + 2 * pad * height)), int(round(height + 2 * pad * height))
    dst = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    return cv2.warpPerspective(image, cv2.getPerspectiveTransform(src, dst), (w, h), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_REPLICATE)


def padded_quad(quad: np.ndarray, pad: float) -> np.ndarray:
    """``quad`` grown by ``pad`` times its height on every side (the region :func:`crop_upright` cuts out).

    >>> padded_quad(np.array([[0, 0], [10, 0], [10, 2], [0, 2]], float), 0.5).tolist()
    [[-1.0, -1.0], [11.0, -1.0], [11.0, 3.0], [-1.0, 3.0]]
    """
    q = np.asarray(quad, dtype=np.float64)
    u, v = q[1] - q[0], q[3] - q[0]
    width, height = float(np.linalg.norm(u)), float(np.linalg.norm(v))
    m = pad * height
    du, dv = u / max(width, 1e-9) * m, v / max(height, 1e-9) * m
    return np.array([q[0] - du - dv, q[1] + du - dv, q[2] + du + dv, q[3] - du + dv])


def crop_without_lines(image: np.ndarray, quad: np.ndarray, pad: float = 0.0, reach: float = 1.0,
                       length: float = 1.5, text_height: float | None = None) -> np.ndarray:
    """:func:`crop_upright` with the straight lines that cross or touch the text painted over with paper.

    Extension, dimension and ruling lines run on past the text; character strokes do not. The text is cut
    out with a margin of ``reach`` text heights, and ink that an opening with a ``length`` text heights long
    horizontal or vertical line keeps is a line, not lettering (the tallest character is one text height).
    The text height is the quad's smaller side unless given (a region holding more than one line of text).

    Example:
        >>> import cv2, numpy as np
        >>> page = np.full((200, 300, 3), 255, np.uint8)
        >>> _ = cv2.putText(page, "25", (100, 120), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
        >>> _ = cv2.line(page, (128, 0), (128, 199), (0, 0, 0), 2)   # an extension line through the text
        >>> quad = np.array([[95, 85], [160, 85], [160, 125], [95, 125]], float)
        >>> def crossed(crop):  # a column inked from top to bottom
        ...     return bool((crop.min(axis=2) < 128).all(axis=0).any())
        >>> crossed(crop_upright(page, quad, pad=0.0)), crossed(crop_without_lines(page, quad))
        (True, False)
    """
    return _erase_lines(image, quad, pad, reach, length, text_height)[0]


def _erase_lines(image: np.ndarray, quad: np.ndarray, pad: float = 0.0, reach: float = 1.0,
                 length: float = 1.5, text_height: float | None = None) -> tuple[np.ndarray, bool]:
    """:func:`crop_without_lines`, and whether any line was painted out."""
    found = _line_mask(image, quad, pad, reach, length, text_height)
    if isinstance(found, np.ndarray):
        return found, False
    return _painted_over(found), True


def _paper(wide: np.ndarray, ink: np.ndarray):
    """The median colour of the crop's paper (where ``ink`` is 0), per channel; white where all is ink.

    >>> wide = np.random.default_rng(1).integers(0, 256, (30, 40, 3), dtype=np.uint8)
    >>> ink = np.where(np.random.default_rng(2).random((30, 40)) < 0.3, 255, 0).astype(np.uint8)
    >>> bool(np.array_equal(_paper(wide, ink), np.median(wide[ink == 0], axis=0)))
    True
    """
    import cv2

    if wide.dtype != np.uint8:
        paper = wide[ink == 0]
        return np.median(paper, axis=0) if len(paper) else 255
    # histograms of the paper's pixels, without gathering them first (the crop's copy took most of the time)
    mask = (ink == 0).view(np.uint8)
    channels = 1 if wide.ndim == 2 else wide.shape[2]
    counts = [cv2.calcHist([wide], [c], mask, [256], [0, 256]).ravel() for c in range(channels)]
    if not counts[0].sum():
        return 255
    middle = [_median_of_counts(c) for c in counts]
    return np.array(middle) if wide.ndim == 3 else middle[0]


def _median_of_counts(counts: np.ndarray) -> float:
    """The median of values 0-255 given how often each occurs (the mean of the two middle ones for an even
    count)."""
    below = np.cumsum(counts)
    n = int(round(float(below[-1])))
    low = int(np.searchsorted(below, (n - 1) // 2 + 1))  # the ((n-1)//2)-th smallest, counting from 0
    high = int(np.searchsorted(below, n // 2 + 1))
    return (low + high) / 2.0


def _line_mask(image: np.ndarray, quad: np.ndarray, pad: float = 0.0, reach: float = 1.0, length: float = 1.5,
               text_height: float | None = None):
    """The lines crossing the text under ``quad``: the crop with ``reach`` box heights of margin, its ink, the
    lines' ink to paint out, the slices of the text's own crop and the text height; or only the text's crop
    when no line crosses it."""
    import cv2

    q = np.asarray(quad, dtype=np.float64)
    if text_height is None:
        text_height = min(float(np.linalg.norm(q[1] - q[0])), float(np.linalg.norm(q[3] - q[0])))
    box_height = float(np.linalg.norm(q[3] - q[0]))
    if text_height < 4 or box_height < 2:
        return crop_upright(image, q, pad=pad)
    wide = crop_upright(image, q, pad=reach + pad)
    gray = cv2.cvtColor(wide, cv2.COLOR_RGB2GRAY) if wide.ndim == 3 else wide
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    span = max(3, int(round(length * text_height)))
    margin = int(round(reach * box_height))
    inner = (slice(margin, wide.shape[0] - margin), slice(margin, wide.shape[1] - margin))
    edge = max(2, int(round(0.06 * text_height)))  # a scanned line's ragged, blurred border
    erase = _straight_lines(ink, span, edge, vertical=True) | _straight_lines(ink, span, edge, vertical=False)
    # lines at other angles (an angle's arc, a leader): turned level, found the same way, turned back
    found = cv2.HoughLinesP(ink, 1, np.pi / 180, threshold=max(span // 2, 3), minLineLength=span, maxLineGap=edge)
    angles = set()
    for x0, y0, x1, y1 in ([] if found is None else found.reshape(-1, 4)):
        angle = math.degrees(math.atan2(float(y1 - y0), float(x1 - x0))) % 180.0
        if min(angle % 90.0, 90.0 - angle % 90.0) > 4.0:
            angles.add(int(round(angle / 3.0)) * 3)
    h, w = ink.shape
    for angle in sorted(angles):
        turn = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        cos, sin = abs(turn[0, 0]), abs(turn[0, 1])
        size = (int(h * sin + w * cos) + 2, int(h * cos + w * sin) + 2)
        turn[0, 2] += size[0] / 2 - w / 2
        turn[1, 2] += size[1] / 2 - h / 2
        level = _straight_lines(cv2.warpAffine(ink, turn, size, flags=cv2.INTER_NEAREST), span, edge, vertical=False)
        erase |= cv2.warpAffine(level, cv2.invertAffineTransform(turn), (w, h), flags=cv2.INTER_NEAREST)
    if not erase[inner].any():
        return np.ascontiguousarray(wide[inner])
    return wide, ink, erase, inner, text_height


def crop_without_line_bands(image: np.ndarray, quad: np.ndarray, text_height: float | None = None) -> np.ndarray:
    """:func:`crop_upright` with each horizontal or vertical line crossing the text painted over along its
    whole band, save where a stroke crosses it: characters a line joined stand apart again, each whole (for
    counting glyphs; :func:`crop_without_lines` keeps the line where strokes touch it)."""
    found = _line_mask(image, quad, text_height=text_height)
    return found if isinstance(found, np.ndarray) else _painted_along(found)


def line_free_variants(image: np.ndarray, quad: np.ndarray) -> list[np.ndarray]:
    """Three crops of the text under ``quad`` with the straight lines crossing it taken out in three ways, or
    none when no line crosses its lettering: painted over where no stroke crosses them
    (:func:`crop_without_lines`), painted over along their whole band save where a stroke leaves it on both
    sides, and in-painted from the strokes around them. Each way fails on some texts; readings two of them
    agree on are seldom wrong."""
    lines = _lines_through_text(image, quad)
    return [] if lines is None else [_painted_over(lines), _painted_along(lines), _inpainted(lines)]


def _lines_through_text(image: np.ndarray, quad: np.ndarray):
    """:func:`_line_mask` of the text under ``quad`` where a line crosses its lettering, else None (a line
    along the box's edge, a dimension line under the text, leaves the lettering alone)."""
    found = _line_mask(image, quad)
    if isinstance(found, np.ndarray):
        return None
    _, _, erase, (rows, cols), _ = found
    middle = slice(rows.start + (rows.stop - rows.start) // 5, rows.stop - (rows.stop - rows.start) // 5)
    return found if erase[middle, cols].any() else None


def _painted_over(lines) -> np.ndarray:
    """The text's crop with the lines painted over where no stroke crosses them."""
    wide, ink, erase, inner, _ = lines
    painted = wide.copy()
    painted[erase > 0] = _paper(wide, ink)
    return np.ascontiguousarray(painted[inner])


def _painted_along(lines) -> np.ndarray:
    """The text's crop with each horizontal or vertical line painted over along its whole band, save where a
    stroke leaves the band on both sides (:func:`_strokes_across`)."""
    import cv2

    wide, ink, _, inner, text_height = lines
    painted = wide.copy()
    paper = _paper(wide, ink)
    span, edge = max(3, int(round(1.5 * text_height))), max(1, int(round(0.03 * text_height)))
    for vertical in (False, True):
        line = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((span, 1) if vertical else (1, span), np.uint8))
        if not line.any():
            continue
        band = cv2.dilate(line, np.ones((1, 2 * edge + 1) if vertical else (2 * edge + 1, 1), np.uint8)) > 0
        keep = _strokes_across(band.T, ink.T > 0).T if vertical else _strokes_across(band, ink > 0)
        painted[band & ~keep] = paper
    return np.ascontiguousarray(painted[inner])


def _inpainted(lines) -> np.ndarray:
    """The text's crop with the lines in-painted from the strokes around them."""
    import cv2

    wide, _, erase, inner, _ = lines
    mask = cv2.dilate(erase, np.ones((3, 3), np.uint8))
    return np.ascontiguousarray(cv2.inpaint(np.ascontiguousarray(wide), mask, 3, cv2.INPAINT_TELEA)[inner])


def _strokes_across(band: np.ndarray, ink: np.ndarray, gap: int = 2) -> np.ndarray:
    """The parts of a horizontal line's ``band`` where a stroke crosses it: columns of each band piece with ink
    within ``gap`` px above its top and below its bottom."""
    import cv2

    keep = np.zeros_like(band)
    count, labels = cv2.connectedComponents(band.astype(np.uint8), connectivity=8)
    height = ink.shape[0]
    below_rows = np.vstack([np.zeros((1, ink.shape[1]), np.int32), np.cumsum(ink, axis=0, dtype=np.int32)])
    for k in range(1, count):
        ys, xs = np.nonzero(labels == k)
        order = np.argsort(xs, kind="stable")
        xs, ys = xs[order], ys[order]
        cols, start = np.unique(xs, return_index=True)
        top, bottom = np.minimum.reduceat(ys, start), np.maximum.reduceat(ys, start)
        above = below_rows[top, cols] - below_rows[np.maximum(top - gap, 0), cols] > 0
        under = below_rows[np.minimum(bottom + 1 + gap, height), cols] - below_rows[bottom + 1, cols] > 0
        crossing = np.zeros(band.shape[1], bool)
        crossing[cols[above & under]] = True
        keep |= (labels == k) & crossing[None, :]
    return keep


def _straight_lines(ink: np.ndarray, span: int, edge: int, vertical: bool) -> np.ndarray:
    """Ink of horizontal (or vertical) lines at least ``span`` px long, except where a stroke crosses them."""
    import cv2

    line = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((span, 1) if vertical else (1, span), np.uint8))
    if not line.any():
        return line

    def across(size: int) -> np.ndarray:  # a structuring element across the line
        return np.ones((1, size) if vertical else (size, 1), np.uint8)

    near = cv2.dilate(line, across(2 * edge + 1))
    # ink just beside the line (past its border) and joined to it is a character stroke or a decimal point
    # crossing it: there the line stays, so the character keeps its stroke. A stroke along the line a blank
    # apart (the walls of a 0 a centre line runs through) crosses nothing.
    flank = _grown_within(line, ink, across(3), 2 * edge) & ~near
    # ink touching the line for more than a fifth of its span along it (a 0's wall beside an extension line
    # run between two digits) is a stroke along the line, which keeps its ink off the line when the line goes
    flank = _short_along(flank, span // 5, vertical)
    # the line's whole width where a stroke crosses it
    crossed = _grown_within(cv2.dilate(flank, across(6 * edge + 1)) & line, line, across(3), 4 * edge)
    return line & ~crossed


def _short_along(flank: np.ndarray, longest: int, vertical: bool) -> np.ndarray:
    """``flank`` without its pieces longer than ``longest`` px along the line (vertical or horizontal).

    >>> flank = np.zeros((9, 4), np.uint8); flank[0:2, 0] = 255; flank[1:9, 3] = 255
    >>> np.nonzero(_short_along(flank, 4, vertical=True))
    (array([0, 1]), array([0, 0]))
    """
    import cv2

    count, labels, stats, _ = cv2.connectedComponentsWithStats(flank, connectivity=8)
    length = stats[:, cv2.CC_STAT_HEIGHT if vertical else cv2.CC_STAT_WIDTH]
    short = length <= longest
    short[0] = False
    return np.where(short[labels], flank, 0).astype(flank.dtype)


def _grown_within(seed: np.ndarray, mask: np.ndarray, element: np.ndarray, steps: int) -> np.ndarray:
    """``seed`` grown by ``element`` at most ``steps`` times, never outside ``mask`` (a bounded geodesic dilation).

    >>> row = np.array([[255, 255, 0, 255, 255, 255]], np.uint8)
    >>> _grown_within(np.array([[0, 0, 0, 0, 255, 0]], np.uint8), row, np.ones((1, 3), np.uint8), 5).tolist()
    [[0, 0, 0, 255, 255, 255]]
    """
    import cv2

    grown = seed & mask
    for _ in range(steps):
        wider = cv2.dilate(grown, element) & mask
        if np.array_equal(wider, grown):
            break
        grown = wider
    return grown


def detect(image: np.ndarray, det_side: int = 2048, rotations: tuple[int, ...] = (0, 90)) -> list[TextBox]:
    """Text boxes found on an RGB or grey image (shrunk to ``det_side``), de-duplicated, without reading them
    (their text empty): for a look whose readings :func:`reread` takes in one batch."""
    return deduplicate(_detect_passes(_engine_for(int(det_side)), image, int(det_side), tuple(rotations)))


def detect_in_windows(windows: list[np.ndarray], rotations: tuple[int, ...] = (0, 90)) -> list[list[TextBox]]:
    """:func:`detect` on each of several small images at its own size, the detector called once for all the
    passes of one input shape (the same boxes as a call each, sooner)."""
    if not windows:
        return []
    sides = [max(window.shape[:2]) for window in windows]
    found = _detect_passes_many(_engine_for(_ENGINE_SIDE), windows, sides, tuple(rotations))
    return [deduplicate(boxes) for boxes in found]


def load_models() -> float:
    """Load the reader's text models now, and run the direction classifier and the recogniser on blank crops
    at every batch size they are called with at the usual crop width (OpenVINO prepares its kernels for each
    new input shape on first use, 20-40 ms a shape on 2 cores; a read's last, partial batches take most
    sizes), so that timing a first drawing does not time this one-off work too. Returns the seconds it took.
    Without it the models load on first use.

    >>> load_models() >= 0.0
    True
    """
    import time

    start = time.perf_counter()
    engine = _engine_for(_ENGINE_SIDE)
    _detector(engine)  # each part loads on its first call
    blank = np.full((48, 96, 3), 255, np.uint8)
    for size in range(1, _CLS_BATCH + 1):
        engine.cls_and_rotate([blank] * size)
    for size in range(1, _REC_BATCH + 1):
        engine.recognize_txt([blank] * size)  # padded to the usual width
    return time.perf_counter() - start


def baseline(image: np.ndarray, det_side: int = 2048) -> list[TextBox]:
    """RapidOCR's own pipeline, one call on the page as it is (detection at ``det_side``, direction classifier,
    recognition), with the models and settings the reader uses: the reference the reader's speed is measured
    against (``drawinglab bench read``). No turned pass, no line removal, no repairs."""
    result = _engine_for(int(det_side))(_bgr(image), use_det=True, use_cls=True, use_rec=True)
    boxes = getattr(result, "boxes", None)
    if boxes is None:
        return []
    return [TextBox(str(t), np.asarray(q, dtype=np.float64), float(sc))
            for q, t, sc in zip(boxes, result.txts, result.scores)]


def reread(image: np.ndarray, quads: list[np.ndarray], flip: bool = False, extend_left: float = 0.0,
           det_side: int = 2048, extend_right: float = 0.0, erase_lines: bool = False) -> list[tuple[str, float]]:
    """Recognise the text under each quad again, in one batch, without detection: turned 180° when
    ``flip``, or with the crop extended backwards by ``extend_left`` text heights (a leading symbol the
    detector clipped) or forwards by ``extend_right`` (a trailing one, e.g. a degree sign), with the lines
    crossing the text painted out when ``erase_lines`` (:func:`crop_without_lines`)."""
    if not quads:
        return []
    crops = _reread_crops(image, quads, flip, extend_left, extend_right, erase_lines)
    rec = _engine_for(int(det_side)).recognize_txt(crops)
    return [(str(t), float(sc)) for t, sc in zip(rec.txts, rec.scores)]


def reread_alternatives(image: np.ndarray, quads: list[np.ndarray], det_side: int = 2048,
                        erase_lines: bool = False) -> list[list[tuple[str, float]]]:
    """The likeliest readings of the text under each quad (:func:`ctc_nbest`), cropped as :func:`reread`
    crops it: for a repair that knows what it is looking for (a limit within a few per cent of another)."""
    if not quads:
        return []
    return alternative_readings(_engine_for(int(det_side)),
                                _reread_crops(image, quads, erase_lines=erase_lines))


def _reread_crops(image: np.ndarray, quads: list[np.ndarray], flip: bool = False, extend_left: float = 0.0,
                  extend_right: float = 0.0, erase_lines: bool = False) -> list[np.ndarray]:
    import cv2

    crops = []
    for quad in quads:
        q = np.asarray(quad, dtype=np.float64).copy()
        if extend_left or extend_right:
            u = q[1] - q[0]
            u = u / (np.linalg.norm(u) or 1.0)
            height = float(np.linalg.norm(q[3] - q[0]))
            q[[0, 3]] -= u * extend_left * height
            q[[1, 2]] += u * extend_right * height
        crop = _bgr(crop_without_lines(image, q, pad=0.1) if erase_lines else crop_upright(image, q, pad=0.1))
        crops.append(cv2.rotate(crop, cv2.ROTATE_180) if flip else crop)
    return crops
