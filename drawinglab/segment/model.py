"""Stroke graph and a small GraphSAGE (pure torch) that classifies strokes as contour/dimension/text/other.

Edges join strokes that meet at a skeleton junction and each stroke's ``k`` nearest neighbours (centroids),
both ways. A SAGE layer (Hamilton et al. 2017, mean aggregator) computes ``W_self·h + W_nbr·mean(h_nbrs)``;
three of them with a linear head. torch_geometric is not needed for this.
"""
from __future__ import annotations

import numpy as np

__all__ = ["build_edges", "StrokeSAGE"]


def build_edges(strokes, k: int = 6) -> np.ndarray:
    """Edge index (2 × E, both directions, no duplicates or self loops) of the stroke graph."""
    from scipy.spatial import cKDTree

    n = len(strokes)
    parts = [strokes.junction_edges]
    if n > 1:
        kk = min(k + 1, n)
        _, nbr = cKDTree(strokes.centroid).query(strokes.centroid, k=kk)
        src = np.repeat(np.arange(n), kk - 1)
        parts.append(np.stack([src, nbr[:, 1:].ravel()]))
    edges = np.concatenate(parts, axis=1) if parts else np.zeros((2, 0), np.int64)
    edges = np.concatenate([edges, edges[::-1]], axis=1)
    edges = edges[:, edges[0] != edges[1]]
    return np.unique(edges, axis=1).astype(np.int64)


def _torch():
    import torch

    return torch


class StrokeSAGE(_torch().nn.Module):
    """GraphSAGE over stroke features: standardised inputs → 3 SAGE layers (ReLU, dropout) → class logits."""

    def __init__(self, in_features: int, hidden: int = 64, classes: int = 4, layers: int = 3, dropout: float = 0.1):
        torch = _torch()
        super().__init__()
        self.register_buffer("mean", torch.zeros(in_features))
        self.register_buffer("std", torch.ones(in_features))
        dims = [in_features] + [hidden] * layers
        self.self_lin = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(dims, dims[1:]))
        self.nbr_lin = torch.nn.ModuleList(torch.nn.Linear(a, b, bias=False) for a, b in zip(dims, dims[1:]))
        self.head = torch.nn.Linear(hidden + in_features, classes)
        self.dropout = dropout
        self.config = {"in_features": in_features, "hidden": hidden, "classes": classes, "layers": layers,
                       "dropout": dropout}

    def forward(self, x, edges):
        torch = _torch()
        x = (x - self.mean) / self.std
        src, dst = edges[0], edges[1]
        deg = torch.zeros(len(x), device=x.device).index_add_(0, dst, torch.ones_like(dst, dtype=x.dtype))
        inv = (1.0 / deg.clamp(min=1.0)).unsqueeze(1)
        h = x
        for lin_s, lin_n in zip(self.self_lin, self.nbr_lin):
            agg = torch.zeros_like(h).index_add_(0, dst, h[src]) * inv
            h = torch.relu(lin_s(h) + lin_n(agg))
            h = torch.nn.functional.dropout(h, self.dropout, self.training)
        return self.head(torch.cat([h, x], dim=1))
