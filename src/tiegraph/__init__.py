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
from .calibration import Calibration, calibrate
from .dedupe import merge_contacts, possible_duplicates
from .dormant import dormant_ties, keep_in_touch
from .drafts import draft
from .exceptions import (
    AmbiguousError,
    ConfigError,
    DataError,
    NoPathError,
    NotFoundError,
    TiegraphError,
)
from .importing import ImportReport, import_into
from .io.folder import NetworkData, check_folder, read_folder, write_folder
from .io.google import read_google
from .io.ics import read_ics
from .io.linkedin import read_linkedin, read_linkedin_export
from .io.log import read_log
from .io.vcard import read_vcard
from .leads import job_leads
from .outreach import ask_outcomes, asks, funnel
from .paths import Chain, Chains, Hop, intro_paths, introducers, reachable_orgs
from .sample import SAMPLE_AS_OF, sample_folder
from .settings import Settings
from .strength import StrengthParams
from .ties import tie_table
from .todos import todo

__version__ = "0.1.0"

__all__ = [
    "SAMPLE_AS_OF",
    "AmbiguousError",
    "Calibration",
    "Chain",
    "Chains",
    "ConfigError",
    "DataError",
    "Hop",
    "ImportReport",
    "NetworkData",
    "NoPathError",
    "NotFoundError",
    "Settings",
    "StrengthParams",
    "TiegraphError",
    "ask_outcomes",
    "asks",
    "build_graph",
    "calibrate",
    "check_folder",
    "dormant_ties",
    "draft",
    "funnel",
    "import_into",
    "intro_paths",
    "introducers",
    "job_leads",
    "keep_in_touch",
    "load_network",
    "merge_contacts",
    "possible_duplicates",
    "reachable_orgs",
    "read_folder",
    "read_google",
    "read_ics",
    "read_linkedin",
    "read_linkedin_export",
    "read_log",
    "read_vcard",
    "sample_folder",
    "tie_table",
    "todo",
    "write_folder",
]
