"""Dimension graphics grouped with their text: the dimension-class strokes that touch each other form one
group (a dimension line with its arrows and extension lines), and each dimension row of the reader's table
takes the group whose ink lies nearest its text.

Example:
    >>> import numpy as np, pandas as pd
    >>> from drawinglab.segment import Segmenter
    >>> from drawinglab.synth import generate
    >>> page = generate(5, sheet="A4", dpi=150)
    >>> seg = Segmenter().segment(page.image)
    >>> groups = dimension_groups(seg)
    >>> int(groups.max()) > 3          # several dimensions' graphics on the sheet
    True
"""
from __future__ import annotations

import numpy as np

from .labels import CLASSES

__all__ = ["dimension_groups", "attach_dimension_graphics", "GRAPHICS_COLUMNS"]

GRAPHICS_COLUMNS = ["dim_group", "dim_strokes", "dim_gx0", "dim_gy0", "dim_gx1", "dim_gy1"]
_DIMENSION = CLASSES.index("dimension")


def dimension_groups(seg) -> np.ndarray:
    """Group id of every stroke (−1 for strokes not classed ``dimension``): connected components of the
    dimension strokes over their touch/junction edges."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    s = seg.strokes
    n = len(seg.classes)
    is_dim = seg.classes == _DIMENSION
    groups = np.full(n, -1, np.int64)
    if not is_dim.any():
        return groups
    e = s.junction_edges
    keep = is_dim[e[0]] & is_dim[e[1]] if e.size else np.zeros(0, bool)
    graph = coo_matrix((np.ones(int(keep.sum())), (e[0][keep], e[1][keep])), shape=(n, n))
    _, comp = connected_components(graph, directed=False)
    ids = np.unique(comp[is_dim], return_inverse=True)[1]
    groups[is_dim] = ids
    return groups


def attach_dimension_graphics(table, seg, reach: float = 1.5, categories=("dimension", "gdt")):
    """``table`` (the reader's rows, page-pixel boxes ``x0 y0 x1 y1``) with :data:`GRAPHICS_COLUMNS`: for each
    row of ``categories`` the group of dimension strokes with the most ink within ``reach`` lettering heights
    of its box, leaving out groups inside the box (its own glyphs); ``dim_group`` −1 where none. Also that
    group's stroke count and its box in page pixels."""
    from scipy.spatial import cKDTree

    from .vectorize import WORK_TEXT_HEIGHT

    out = table.copy()
    out["dim_group"] = -1
    out["dim_strokes"] = 0
    for col in GRAPHICS_COLUMNS[2:]:
        out[col] = np.nan
    if out.empty:
        return out
    s = seg.strokes
    groups = dimension_groups(seg)
    on_dim = groups[s.px_id] >= 0
    if not on_dim.any():
        return out
    # sample points of the dimension strokes, in page pixels
    pts = np.column_stack([s.px_x[on_dim], s.px_y[on_dim]]) / s.scale
    pgroup = groups[s.px_id[on_dim]]
    tree = cKDTree(pts)
    n_groups = int(groups.max()) + 1
    gbox = np.tile([np.inf, np.inf, -np.inf, -np.inf], (n_groups, 1))
    np.minimum.at(gbox[:, 0], pgroup, pts[:, 0])
    np.minimum.at(gbox[:, 1], pgroup, pts[:, 1])
    np.maximum.at(gbox[:, 2], pgroup, pts[:, 0])
    np.maximum.at(gbox[:, 3], pgroup, pts[:, 1])
    count = np.bincount(groups[groups >= 0], minlength=n_groups)
    margin = reach * WORK_TEXT_HEIGHT / s.scale
    for i, row in out.iterrows():
        if row.get("category") not in categories or not np.isfinite([row.x0, row.y0, row.x1, row.y1]).all():
            continue
        cx, cy = (row.x0 + row.x1) / 2, (row.y0 + row.y1) / 2
        radius = np.hypot(row.x1 - row.x0, row.y1 - row.y0) / 2 + margin
        near = np.asarray(tree.query_ball_point((cx, cy), radius), np.int64)
        if len(near) == 0:
            continue
        p = pts[near]
        dx = np.maximum(np.maximum(row.x0 - p[:, 0], p[:, 0] - row.x1), 0)
        dy = np.maximum(np.maximum(row.y0 - p[:, 1], p[:, 1] - row.y1), 0)
        near = near[np.hypot(dx, dy) <= margin]
        # the lettering itself is dimension-class too: groups lying within the text box are its glyphs
        pad = 0.5 * WORK_TEXT_HEIGHT / s.scale
        inside = ((gbox[:, 0] >= row.x0 - pad) & (gbox[:, 1] >= row.y0 - pad)
                  & (gbox[:, 2] <= row.x1 + pad) & (gbox[:, 3] <= row.y1 + pad))
        near = near[~inside[pgroup[near]]]
        if len(near) == 0:
            continue
        g = int(np.bincount(pgroup[near]).argmax())
        out.at[i, "dim_group"] = g
        out.at[i, "dim_strokes"] = int(count[g])
        out.loc[i, GRAPHICS_COLUMNS[2:]] = gbox[g]
    return out
