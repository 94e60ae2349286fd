"""Job leads: postings ranked by the best introduction chain."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from test_paths import _aff, acme_graph

import tiegraph
from tiegraph.exceptions import ConfigError
from tiegraph.leads import LEAD_COLUMNS, job_leads


def test_job_leads_sorted_by_chain_score():
    G = acme_graph()
    G.add_node("r", name="Ria", affiliations=(_aff("Bolt"),))
    G.add_edge("c", "r", strength=0.5)
    jobs = pd.DataFrame({"org": ["Bolt", "Nowhere Inc", "ACME"], "title": ["A", "B", "C"]})
    leads = job_leads(G, jobs)
    assert leads["title"].tolist() == ["C", "A", "B"]
    assert leads["organisation"].tolist() == ["Acme", "Bolt", "Nowhere Inc"]
    assert leads["score"].tolist()[:2] == pytest.approx([0.729, 0.1])
    assert np.isnan(leads["score"].iloc[2])
    assert leads["introducer"].tolist()[:2] == ["a", "c"]
    assert leads["contact"].tolist()[:2] == ["q", "r"]
    assert leads["hops"].tolist()[:2] == [3, 2]
    assert leads.index.tolist() == [2, 0, 1]  # the postings' own index
    assert set(LEAD_COLUMNS) <= set(leads.columns)
    assert len(job_leads(G, jobs, max_hops=2)) == 3  # nothing dropped


def test_job_leads_default_to_the_graph_jobs_and_limits_apply():
    G = acme_graph()
    G.graph["jobs"] = pd.DataFrame({"org": ["acme"], "title": ["Organizer"]})
    leads = job_leads(G, exclude=["a"], max_hops=2)
    assert leads["chain"].tolist() == ["Me → Bname → Xena"]
    with pytest.raises(
        ConfigError, match=re.escape("job_leads: max_hops must be a whole number >= 1, not 0")
    ):
        job_leads(G, max_hops=0)
    del G.graph["jobs"]
    assert len(job_leads(G)) == 0


def test_sample_job_leads():
    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    leads = job_leads(G)
    assert len(leads) == len(G.graph["jobs"])
    afscme = leads[leads["organisation"].str.startswith("American Federation")]
    assert len(afscme) >= 3 and afscme["score"].notna().all()
    scores = leads["score"].dropna().tolist()
    assert scores == sorted(scores, reverse=True)
