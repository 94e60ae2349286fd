"""Organisation names: normalising, aliases, acronyms, near spellings, suggestions."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tiegraph.exceptions import AmbiguousError, NotFoundError
from tiegraph.orgs import (
    OrgIndex,
    OrgLookup,
    OrgMatch,
    org_acronym,
    org_key,
    org_match,
    suggest_aliases,
)

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


# --------------------------------------------------------------------------- org_match
OEC = "Ohio Environmental Council"


@pytest.mark.parametrize(
    ("a", "b", "score", "reasons"),
    [
        ("Acme Corp.", "ACME, Inc.", 1.0, ["same name"]),  # legal suffixes
        ("The Nature Conservancy", "Nature Conservancy", 1.0, ["same name"]),
        ("Société Générale SA", "Societe Generale", 1.0, ["same name"]),
        # acronyms of any length, with or without the small words
        ("OEC", OEC, 0.9, [f"acronym (OEC = {OEC})"]),
        ("GM", "General Motors", 0.9, ["acronym (GM = General Motors)"]),
        ("AFSCME", LONG, 0.9, [f"acronym (AFSCME = {LONG})"]),
        ("A.F.S.C.M.E.", LONG, 0.9, [f"acronym (A.F.S.C.M.E. = {LONG})"]),
        (
            "NAACP",
            "National Association for the Advancement of Colored People",
            0.9,
            ["acronym (NAACP = National Association for the Advancement of Colored People)"],
        ),
        ("BoA", "Bank of America", 0.9, ["acronym (BoA = Bank of America)"]),  # "of" counted
        (
            "AFL-CIO",
            "American Federation of Labor and Congress of Industrial Organizations",
            0.9,
            [
                "acronym (AFL-CIO = American Federation of Labor and Congress of "
                "Industrial Organizations)"
            ],
        ),
        (
            "ACLU Ohio",
            "American Civil Liberties Union of Ohio",
            0.9,
            ["acronym (ACLU Ohio = American Civil Liberties Union of Ohio)"],
        ),
        # X of Y = X Y
        ("ACLU of Ohio", "ACLU Ohio", 0.95, ["'of'/'the' ignored (ACLU Ohio = ACLU of Ohio)"]),
        # chapters, locals and districts: the number must agree
        (
            "SEIU 1199",
            "SEIU District 1199 WV/KY/OH",
            0.85,
            ["local chapter (SEIU 1199 = SEIU District 1199 WV/KY/OH)"],
        ),
        ("SEIU Local 1199", "SEIU 1199", 0.85, ["local chapter (SEIU 1199 = SEIU Local 1199)"]),
        (
            "SEIU Local 1199",
            "Service Employees International Union Local 1199",
            0.9,
            ["acronym (SEIU Local 1199 = Service Employees International Union Local 1199)"],
        ),
        (
            "UAW Region 2B",
            "United Auto Workers Region 2B",
            0.9,
            ["acronym (UAW Region 2B = United Auto Workers Region 2B)"],
        ),
        # typos
        ("Ohio Enviromental Council", OEC, 0.88, ["similar (0.98)"]),
        ("Civic Data Labs", "Civic Data Lab", 0.87, ["similar (0.97)"]),
    ],
)
def test_org_match(a, b, score, reasons):
    assert org_match(a, b) == OrgMatch(score, reasons)
    assert org_match(b, a) == OrgMatch(score, reasons)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("SEIU 1199", "SEIU 32BJ"),  # different locals
        ("Teamsters Local 117", "Teamsters Local 174"),
        ("SEIU", "SEIU 1199"),  # the union and one of its locals
        ("SEIU 1199 NY", "SEIU 1199 WV/KY/OH"),  # same number, different regions
        (OEC, "Ohio Environmental Council Action Fund"),
        ("Acme", "Acme Industries"),
        ("University of Michigan", "Michigan State University"),
        ("ACLU", "ACLA"),  # too short for a typo
        ("中国银行", "中国工商银行"),
        ("", OEC),
    ],
)
def test_org_match_none(a, b):
    assert org_match(a, b) is None


def test_org_key_keeps_other_scripts():
    assert org_key("中国银行") == "中国银行"
    assert org_key("Газпром") == "газпром"
    assert org_key("中国银行") != org_key("中国工商银行")


def test_org_match_knows_aliases_in_orgs_csv():
    idx = index()
    assert org_match("WFP", "Working Families Party", known=idx) == OrgMatch(
        1.0, ["alias in orgs.csv"]
    )


# --------------------------------------------------------------------------- lookup
def test_lookup_says_how():
    idx = index()
    assert idx.lookup(LONG) == OrgLookup(LONG, "exact", LONG, (LONG,))
    assert idx.lookup("afscme") == OrgLookup(LONG, "alias", "afscme", (LONG,))
    found = index(with_aliases=False).lookup("AFSCME")
    assert (found.name, found.how) == (LONG, "acronym")
    assert found.message == f"taking 'AFSCME' as '{LONG}'"
    found = idx.lookup("Civic Data Labs")
    assert (found.name, found.how) == ("Civic Data Lab", "fuzzy")
    assert idx.lookup("WFP").message == ""  # an alias is silent


def test_lookup_of_a_one_person_acronym_next_to_the_long_name_is_ambiguous():
    idx = OrgIndex(names=["OEC", OEC], sizes={"OEC": 1, OEC: 14})
    msg = (
        f"ambiguous organisation 'OEC': OEC (1 member) or {OEC} (14 members); "
        "if they are one, list one among the other's aliases in orgs.csv; "
        "if not, add the one you mean to orgs.csv"
    )
    with pytest.raises(AmbiguousError, match=re.escape(msg)) as exc:
        idx.lookup("OEC")
    assert exc.value.candidates == ["OEC", OEC]
    assert isinstance(exc.value, LookupError)
    with pytest.raises(AmbiguousError, match=re.escape(f"'{OEC}': {OEC} (14 members) or OEC")):
        idx.resolve(OEC)  # the long name typed exactly: ambiguous the other way too


def test_orgs_csv_decides_the_ambiguous_case():
    one = pd.DataFrame({"name": [OEC], "aliases": ["OEC"]})
    idx = OrgIndex(one, names=["OEC", OEC])
    assert idx.lookup("OEC") == OrgLookup(OEC, "alias", "OEC", (OEC,))
    two = pd.DataFrame({"name": ["OEC"], "aliases": [""]})  # the user says OEC is its own
    idx = OrgIndex(two, names=["OEC", OEC])
    assert idx.lookup("OEC") == OrgLookup("OEC", "exact", "OEC", ("OEC",))


def test_lookup_of_a_chapter_and_of_an_acronym_with_its_typo():
    idx = OrgIndex(names=["SEIU District 1199 WV/KY/OH", "SEIU 32BJ", OEC])
    found = idx.lookup("SEIU 1199")
    assert (found.name, found.how) == ("SEIU District 1199 WV/KY/OH", "fuzzy")
    assert idx.lookup("OEC").how == "acronym"
    idx = OrgIndex(names=[OEC, "Ohio Enviromental Council"])
    with pytest.raises(AmbiguousError):
        idx.lookup("OEC")


# --------------------------------------------------------------------------- suggest_aliases
def test_suggest_aliases():
    names = [
        "OEC",
        OEC,
        OEC,
        "Ohio Enviromental Council",
        "ACLU of Ohio",
        "ACLU Ohio",
        "SEIU District 1199 WV/KY/OH",
        "SEIU 1199",
        "SEIU 32BJ",
        "Acme",
        "Acme Inc.",
    ]
    assert suggest_aliases(names) == [
        ("ACLU of Ohio", "ACLU Ohio", "'of'/'the' ignored (ACLU Ohio = ACLU of Ohio)"),
        (OEC, "OEC", f"acronym (OEC = {OEC})"),
        (OEC, "Ohio Enviromental Council", "similar (0.98)"),
        (
            "SEIU District 1199 WV/KY/OH",
            "SEIU 1199",
            "local chapter (SEIU 1199 = SEIU District 1199 WV/KY/OH)",
        ),
    ]


def test_suggest_aliases_leaves_out_what_orgs_csv_says_and_keeps_its_names():
    orgs = pd.DataFrame({"name": ["OEC"], "aliases": ["Ohio Env. Council"]})
    known = OrgIndex(orgs)
    got = suggest_aliases(["OEC", "Ohio Env. Council", OEC, "Working Families"], known)
    assert got == [("OEC", OEC, f"acronym (OEC = {OEC})")]
