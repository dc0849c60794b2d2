"""Tiles for full-resolution detection, and merging tile detections into one set for the page.

A page is first brought to the detector's scale (its characters as tall as in training, see
:func:`drawinglab.preprocess.estimate_text_height`), then cut into overlapping square tiles. With an
overlap wider than most annotations, every such annotation lies whole in some tile; boxes that touch an
inner tile border are fragments: dropped when a whole detection of the same class covers them, otherwise
joined with their fragments from neighbouring tiles (an annotation larger than the overlap, such as a
notes block, only ever appears cut).

Example:
    >>> from drawinglab.detect.tiling import tile_grid
    >>> tile_grid(1000, 600, tile=640, overlap=160).tolist()
    [[0, 0, 640, 600], [360, 0, 1000, 600]]
"""
from __future__ import annotations

import numpy as np

from ..detections import Detections, box_ioa

__all__ = ["tile_grid", "cut_tile", "inner_edge_mask", "merge_tile_detections"]


def _starts(length: int, tile: int, stride: int) -> list[int]:
    if length <= tile:
        return [0]
    starts = list(range(0, length - tile, stride))
    starts.append(length - tile)
    return starts


def tile_grid(width: int, height: int, tile: int = 640, overlap: int = 160) -> np.ndarray:
    """Tile boxes ``[x0, y0, x1, y1]`` (K×4, int) covering a ``width``×``height`` image.

    Tiles are ``tile`` pixels square and overlap by at least ``overlap``; the last row and column are
    aligned with the image's edge, so no tile leaves the image (a side shorter than ``tile`` gives one
    tile of that length, padded by :func:`cut_tile`).
    """
    if tile <= 0 or not 0 <= overlap < tile:
        raise ValueError(f"need tile > 0 and 0 <= overlap < tile, got tile={tile}, overlap={overlap}")
    stride = tile - overlap
    boxes = [[x, y, min(x + tile, width), min(y + tile, height)]
             for y in _starts(height, tile, stride) for x in _starts(width, tile, stride)]
    return np.asarray(boxes, dtype=np.int64)


def cut_tile(image: np.ndarray, box, tile: int, fill: int = 255) -> np.ndarray:
    """The ``tile``×``tile`` crop at ``box``, padded with ``fill`` (paper white) where the image ends."""
    x0, y0, x1, y1 = (int(v) for v in box)
    crop = image[y0:y1, x0:x1]
    if crop.shape[0] == tile and crop.shape[1] == tile:
        return np.ascontiguousarray(crop)
    out = np.full((tile, tile) + image.shape[2:], fill, dtype=image.dtype)
    out[:crop.shape[0], :crop.shape[1]] = crop
    return out


def inner_edge_mask(xyxy: np.ndarray, tile_box, width: int, height: int, margin: float = 2.0) -> np.ndarray:
    """True for boxes within ``margin`` px of a border of ``tile_box`` that is not the image's border."""
    x0, y0, x1, y1 = (float(v) for v in tile_box)
    xyxy = np.asarray(xyxy, dtype=np.float64).reshape(-1, 4)
    mask = np.zeros(len(xyxy), dtype=bool)
    if x0 > 0:
        mask |= xyxy[:, 0] <= x0 + margin
    if y0 > 0:
        mask |= xyxy[:, 1] <= y0 + margin
    if x1 < width:
        mask |= xyxy[:, 2] >= x1 - margin
    if y1 < height:
        mask |= xyxy[:, 3] >= y1 - margin
    return mask


def _span_iou(a0: np.ndarray, a1: np.ndarray) -> np.ndarray:
    """Pairwise 1-D IoU of intervals ``[a0, a1]``."""
    inter = (np.minimum(a1[:, None], a1[None, :]) - np.maximum(a0[:, None], a0[None, :])).clip(0)
    union = np.maximum(a1[:, None], a1[None, :]) - np.minimum(a0[:, None], a0[None, :])
    return inter / np.maximum(union, 1e-9)


def _join_fragments(frags: Detections, aligned: float) -> Detections:
    """Union same-class fragments that intersect and line up across the cut (1-D IoU ≥ ``aligned`` of their
    extents along the other axis: pieces of one box cut by a vertical border share its top and bottom),
    transitively."""
    n = len(frags)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    b = frags.xyxy.astype(np.float64)
    touching = box_ioa(b, b) > 0
    lined_up = (_span_iou(b[:, 1], b[:, 3]) >= aligned) | (_span_iou(b[:, 0], b[:, 2]) >= aligned)
    for i in range(n):
        for j in range(i + 1, n):
            if frags.class_id[i] == frags.class_id[j] and touching[i, j] and lined_up[i, j]:
                parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    xyxy, conf, cls = [], [], []
    for members in groups.values():
        boxes = frags.xyxy[members]
        xyxy.append([boxes[:, 0].min(), boxes[:, 1].min(), boxes[:, 2].max(), boxes[:, 3].max()])
        conf.append(float(frags.confidence[members].max()))
        cls.append(int(frags.class_id[members[0]]))
    return Detections(np.asarray(xyxy), np.asarray(conf), np.asarray(cls), frags.names)


def merge_tile_detections(per_tile: list[Detections], tiles: np.ndarray, width: int, height: int,
                          iou: float = 0.45, margin: float = 2.0, covered: float = 0.5,
                          join_aligned: float = 0.7) -> Detections:
    """Merge detections of every tile (already in image coordinates) into one set for the image.

    Whole boxes (not touching an inner tile border) go through class-aware NMS at ``iou``; fragments
    are dropped when a kept whole box of their class holds ``covered`` of their area, and the rest are
    joined across tiles (:func:`_join_fragments`) before a final NMS.
    """
    if len(per_tile) != len(tiles):
        raise ValueError(f"{len(per_tile)} detection sets for {len(tiles)} tiles")
    whole_parts, frag_parts = [], []
    for dets, box in zip(per_tile, tiles):
        if len(dets) == 0:
            continue
        edge = inner_edge_mask(dets.xyxy, box, width, height, margin)
        whole_parts.append(dets[~edge])
        frag_parts.append(dets[edge])
    names = {k: v for d in per_tile for k, v in d.names.items()}
    whole = Detections.merge(whole_parts).with_nms(iou) if whole_parts else Detections.empty(names)
    frags = Detections.merge(frag_parts) if frag_parts else Detections.empty(names)
    if len(frags) and len(whole):
        inside = box_ioa(frags.xyxy, whole.xyxy)
        same = frags.class_id[:, None] == whole.class_id[None, :]
        frags = frags[~((inside >= covered) & same).any(axis=1)]
    if len(frags):
        frags = _join_fragments(frags, join_aligned)
    merged = Detections.merge([whole, frags]).with_nms(iou)
    merged.names = names or merged.names
    order = np.argsort(-merged.confidence, kind="stable")
    return merged[order]
