"""Make the README's pictures from the sample network: the map (headless Chromium) and a figure.

Run: ``/tmp/venv/bin/python docs/img/make_images.py`` (needs /usr/bin/chromium).
Writes ``docs/img/network.png`` and ``docs/img/tie_strength.png``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "tests"))

import tiegraph  # noqa: E402
from tiegraph import plots, viz  # noqa: E402


def _shrink(path: Path) -> None:
    """Re-save a screenshot with a 128-colour palette: a third of the size, same look."""
    from PIL import Image

    with Image.open(path) as im:
        small = im.convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main() -> int:
    """Write the two pictures."""
    from _chromium import MAP_READY, Chromium

    from tiegraph.paths import intro_paths

    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    target = G.graph["targets"][0] if G.graph["targets"] else None
    chains = intro_paths(G, org=target, k=3) if target else None
    net = viz.network(G, highlight=chains, height="calc(100vh - 64px)")
    with tempfile.TemporaryDirectory() as tmp:
        page = viz.save(net, Path(tmp) / "network.html")
        with Chromium(width=1200, height=800) as c:
            c.open(page)
            c.js(MAP_READY, await_promise=True)
            c.drain(1.0)
            c.screenshot(HERE / "network.png")
    _shrink(HERE / "network.png")
    who = max(G["me"], key=lambda n: (G["me"][n]["n_interactions"], n))
    fig = plots.tie_strength_over_time(G, who)
    fig.savefig(HERE / "tie_strength.png", dpi=80)
    print("wrote", HERE / "network.png", "and", HERE / "tie_strength.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
