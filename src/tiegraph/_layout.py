"""Positions for a large map: a vectorised Fruchterman-Reingold layout, owner at the centre.

Above :data:`tiegraph.viz.PHYSICS_MAX` people the browser's physics is too
slow to settle, so the map's positions are computed here and physics is off.

References
----------
.. [1] T. M. J. Fruchterman and E. M. Reingold, "Graph drawing by
   force-directed placement", Software: Practice and Experience 21(11), 1991.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["fruchterman_reingold", "positions"]


def positions(
    shown: list[str], edges: list[tuple[str, str, dict[str, Any]]], me: str, *, seed: int
) -> dict[str, tuple[float, float]]:
    """Return page coordinates of ``shown``: strong ties pull harder, the owner at (0, 0)."""
    index = {n: i for i, n in enumerate(shown)}
    src = np.array([index[u] for u, _, _ in edges], dtype=np.int64)
    dst = np.array([index[v] for _, v, _ in edges], dtype=np.int64)
    w = np.array([float(d.get("strength", 0.5)) for _, _, d in edges], dtype=np.float32)
    x, y = fruchterman_reingold(len(shown), src, dst, 0.2 + w, seed=seed)
    if me in index:
        x -= x[index[me]]
        y -= y[index[me]]
    scale = 45.0 * math.sqrt(len(shown))
    return {n: (float(x[i]) * scale, float(y[i]) * scale) for i, n in enumerate(shown)}


def fruchterman_reingold(
    n: int,
    src: np.ndarray,
    dst: np.ndarray,
    weight: np.ndarray,
    *,
    iterations: int = 50,
    seed: int = 1,
    block: int = 1024,
) -> tuple[np.ndarray, np.ndarray]:
    """Force-directed positions in the unit square: dense repulsion in row blocks, float32.

    Examples
    --------
    >>> import numpy as np
    >>> x, y = fruchterman_reingold(2, np.array([0]), np.array([1]), np.array([1.0]))
    >>> bool(abs(x[0] - x[1]) + abs(y[0] - y[1]) > 0)
    True
    """
    rng = np.random.default_rng(seed)
    x = rng.random(n, dtype=np.float32)
    y = rng.random(n, dtype=np.float32)
    if n < 2:
        return x * 0, y * 0
    k2 = np.float32(1.0 / n)
    k = np.float32(math.sqrt(1.0 / n))
    temp = 0.1
    cool = temp / (iterations + 1)
    eps = np.float32(1e-6)
    for _ in range(iterations):
        fx = np.empty(n, dtype=np.float32)
        fy = np.empty(n, dtype=np.float32)
        for start in range(0, n, block):
            stop = min(start + block, n)
            dx = x[start:stop, None] - x[None, :]
            dy = y[start:stop, None] - y[None, :]
            d2 = dx * dx
            d2 += dy * dy
            np.maximum(d2, eps, out=d2)
            np.divide(k2, d2, out=d2)
            fx[start:stop] = (dx * d2).sum(axis=1)
            fy[start:stop] = (dy * d2).sum(axis=1)
        if len(src):
            ex = x[src] - x[dst]
            ey = y[src] - y[dst]
            pull = np.sqrt(ex * ex + ey * ey) * weight / k
            ax = ex * pull
            ay = ey * pull
            fx += (np.bincount(dst, ax, n) - np.bincount(src, ax, n)).astype(np.float32)
            fy += (np.bincount(dst, ay, n) - np.bincount(src, ay, n)).astype(np.float32)
        length = np.sqrt(fx * fx + fy * fy)
        np.maximum(length, eps, out=length)
        step = np.minimum(length, np.float32(temp)) / length
        x += fx * step
        y += fy * step
        temp -= cool
    return x - x.mean(), y - y.mean()
