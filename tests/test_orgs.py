"""Organisation names: normalising, aliases, acronyms, near spellings, suggestions."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tiegraph.exceptions import NotFoundError
from tiegraph.orgs import OrgIndex, org_acronym, org_key

LONG = "American Federation of State, County and Municipal Employees"


def index(with_aliases: bool = True) -> OrgIndex:
    orgs = pd.DataFrame(
        {
            "name": [LONG, "Service Employees International Union", "Working Families Party"],
            "aliases": ["AFSCME", "SEIU", "WFP"],
        }
    )
    if not with_aliases:
        orgs["aliases"] = ""
    return OrgIndex(orgs, names=["Acme Inc", "Acme Industries", "Civic Data Lab"])


@pytest.mark.parametrize(
    ("name", "key"),
    [("The Acme Corp., Inc.", "acme"), ("AFSCME", "afscme"), ("Ben & Jerry's", "ben and jerrys"),
     ("Société Générale SA", "societe generale")],
)  # fmt: skip
def test_org_key(name, key):
    assert org_key(name) == key


def test_org_acronym():
    assert org_acronym(LONG) == "afscme"
    assert org_acronym("Working Families Party") == "wfp"
    assert org_acronym("Acme") == ""


@pytest.mark.parametrize("with_aliases", [True, False])
@pytest.mark.parametrize("name", ["AFSCME", "afscme", LONG, LONG.upper(), " A.F.S.C.M.E. "])
def test_resolve_aliases_and_acronyms(name, with_aliases):
    assert index(with_aliases).resolve(name) == LONG


def test_resolve_an_acronym_when_only_the_acronym_is_known():
    idx = OrgIndex(names=["AFSCME"])
    assert idx.resolve(LONG) == "AFSCME"


def test_resolve_near_spelling_of_one_organisation():
    assert index().resolve("Servce Employees Internatonal Union") == (
        "Service Employees International Union"
    )
    assert index().resolve("Civic Data Labs") == "Civic Data Lab"


def test_unknown_or_ambiguous_names_suggest_the_closest():
    msg = "unknown organisation 'AFSME'; did you mean: AFSCME, Acme Inc, Acme Industries?"
    with pytest.raises(NotFoundError, match=re.escape(msg)):
        index().resolve("AFSME")
    msg = "unknown organisation 'Acme Ind'; did you mean: Acme Inc, Acme Industries?"
    with pytest.raises(NotFoundError, match=re.escape(msg)):
        index().resolve("Acme Ind")  # near two organisations: no guess
    with pytest.raises(NotFoundError, match=re.escape("unknown organisation 'Teamsters'")):
        index().resolve("Teamsters")
    assert index().suggest("Working Families") == ["Working Families Party"]


def test_legal_suffixes_are_ignored():
    assert index().resolve("ACME") == "Acme Inc"
    assert index().canonical("acme inc.") == "Acme Inc"
