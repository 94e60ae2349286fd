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
from tiegraph.orgs import OrgIndex


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


def test_every_posting_says_why():
    """One posting per case; acme_graph's best chain to Acme is me-a-p-q (0.729, Quinn there)."""
    G = acme_graph()
    G.add_node("w", name="Wes", affiliations=(_aff("Far Co"),))
    G.add_edge("z", "w", strength=0.9)  # me-c-z-w: three hops
    G.add_node("o", name="Olu", affiliations=(_aff("OEC"),))  # nobody reaches Olu
    G.add_node("h", name="Hal", affiliations=(_aff("Ohio Environmental Council"),))
    G.add_edge("b", "h", strength=0.5)
    G.add_node("v", name="Vic", affiliations=(_aff("Acme", end="2019-12-31"), _aff("Vane")))
    G.add_edge("me", "v", strength=0.3)
    G.graph["orgs"] = OrgIndex(
        pd.DataFrame({"name": ["Empty Ltd"], "aliases": [""]}),
        names=["Acme", "Far Co", "OEC", "Ohio Environmental Council", "Vane"],
    )
    jobs = pd.DataFrame(
        {"org": ["acme", "Far Co", "Nowhere Inc", "Empty Ltd", "OEC", "Vane", "Bolt"]}
    )
    leads = job_leads(G, jobs, max_hops=2)
    why = dict(zip(leads["org"], leads["why"], strict=True))
    assert why == {
        "acme": "ask Bname: Xena is there",  # me-b-x 0.48 within 2 hops
        "Far Co": "no chain to anyone at Far Co: none within max_hops=2, min_strength=0.01; "
        "raise max_hops to 3",
        "Nowhere Inc": "organisation not known: nobody in your network is or was at Nowhere Inc",
        "Empty Ltd": "nobody in your network is or was at Empty Ltd",
        "OEC": "'OEC' could be OEC or Ohio Environmental Council: list the one you mean in "
        "orgs.csv",
        "Vane": "you know Vic, who is there",
        "Bolt": "organisation not known: nobody in your network is or was at Bolt",
    }
    assert leads["why"].str.len().min() > 0
    G.remove_edge("b", "x")  # the best chain to Acme in 2 hops now ends at a former member
    G.remove_edge("a", "x")
    row = job_leads(G, jobs, max_hops=2).set_index("org").loc["acme"]
    assert row["chain"] == "Me → Bname → Yuri (left Mar 2025)" and not row["current"]
    assert row["why"] == "ask Bname: Yuri was there (left Mar 2025)"
    G.remove_edge("b", "y")  # now Vic (0.3 direct), who left in Dec 2019
    row = job_leads(G, jobs, max_hops=2).set_index("org").loc["acme"]
    assert row["chain"] == "Me → Vic (left Dec 2019)"
    assert row["why"] == "you know Vic, who was there (left Dec 2019)"


def test_sample_postings_nobody_can_reach_say_why():
    G = tiegraph.load_network(tiegraph.sample_folder(), as_of=tiegraph.SAMPLE_AS_OF)
    leads = job_leads(G)
    assert leads["why"].str.len().min() > 0
    out = leads[leads["score"].isna()]
    assert set(out["organisation"]) == {"Stonebridge Capital", "Riverton Transit Authority"}
    assert set(out["why"]) == {
        "nobody in your network is or was at Stonebridge Capital",
        "nobody in your network is or was at Riverton Transit Authority",
    }
    afscme = leads[leads["org"] == "AFSCME"].iloc[0]
    assert afscme["why"] == "ask Jordan Ellis: Ruth Adeyemi was there (left Dec 2019)"
