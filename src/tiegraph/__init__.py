"""tiegraph: analytics of one person's professional network.

Load a network folder into a NetworkX graph, see who can introduce you to an
organisation, and find the relationships that went quiet.

>>> import tiegraph
>>> G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
>>> G.number_of_nodes() > 100
True
"""

from __future__ import annotations

from .build import build_graph, load_network
from .exceptions import ConfigError, DataError, NoPathError, NotFoundError, TiegraphError
from .io.folder import NetworkData, check_folder, read_folder, write_folder
from .sample import SAMPLE_AS_OF, sample_folder
from .settings import Settings

__version__ = "0.1.0"

__all__ = [
    "SAMPLE_AS_OF",
    "ConfigError",
    "DataError",
    "NetworkData",
    "NoPathError",
    "NotFoundError",
    "Settings",
    "TiegraphError",
    "build_graph",
    "check_folder",
    "load_network",
    "read_folder",
    "sample_folder",
    "write_folder",
]
