"""Generate the bundled sample network folder, ``data/sample/`` (deterministic).

    python scripts/make_sample.py [--out FOLDER]

The story
---------
Alex Rivera (id ``me``) volunteered on Maya Chen's city-council campaign from July 2024 until
the election in November 2025, and is now job hunting in the labour movement. The network is
looked at as of 2026-06-30 (``tiegraph.SAMPLE_AS_OF``); interactions run from 2024-07 to 2026-06.
Every name is made up.

Who is who (ids in brackets):

- **Campaign staff** of "Chen for Council" (``dana-okafor`` the field director, ``marcus-bell``
  the campaign manager, and others): weekly in-person contact and team meetings during the
  campaign. The campaign ended in November 2025, so most of these ties went quiet.
- **Union organisers** at SEIU, AFSCME and the Fair Wages Coalition, **advocacy** people
  (tenants' union, voter access, legal aid, health clinic) and people at **firms**.
- **AFSCME** ("American Federation of State, County and Municipal Employees" in ``orgs.csv``,
  alias ``AFSCME``; a target in ``network.toml``). Alex knows nobody there well:
  ``lee-nakamura`` and ``tom-becker`` are weak direct contacts (LinkedIn only); the others are
  second-degree (``direct`` = no). Chains to AFSCME:

  - 2 hops: ``me`` - ``dana-okafor`` (strong, but dormant since Dec 2025) - ``keisha-brown``
    (AFSCME political director; Dana and Keisha talk monthly);
  - 2 hops: ``me`` - ``priya-raman`` (SEIU organiser, steady monthly) - ``lee-nakamura``;
  - 2 hops: ``me`` - ``sofia-alvarez`` (formerly at AFSCME until 2025-03, now at the Working
    Families Party: a *former* affiliation) is herself a former member;
  - 3 hops: ``me`` - ``jordan-ellis`` (close friend, weekly) - ``ruth-adeyemi`` (Fair Wages
    Coalition) - ``omar-haddad`` (AFSCME).

- **Dormant ties** (strong, then quiet 6-18 months before 2026-06-30):
  ``dana-okafor`` (campaign field director; knows AFSCME's political director: the best one to
  revive), ``marcus-bell`` (campaign manager), ``grace-obi`` (campaign data lead),
  ``hector-ruiz`` (campaign volunteer coordinator), ``nadia-petrova`` (quiet since the
  2025-02 tenant drive; her network is mostly people Alex doesn't know), ``samuel-osei``
  (former colleague at Harbor Logistics, quiet since 2025-01), ``elena-marsh`` (voter access
  project, quiet since 2025-06), ``tariq-hassan`` (legal aid, quiet since 2025-04),
  ``beatriz-costa`` (campaign canvass captain), ``olivia-grant`` (union trainer, quiet since
  2025-08, knows two SEIU people).
- **Keep in touch**: strong ties with a monthly rhythm whose last contact was about a month
  before 2026-06-30: ``priya-raman``, ``zoe-lindqvist``, ``ken-watanabe``, ``amara-diallo``,
  ``luis-moreno``.
- **Steady ties**: ``jordan-ellis`` (weekly), ``rosa-jimenez``, ``will-turner`` (fortnightly).
- Introductions record how Alex met most contacts ("2024 canvass", "Labor Day picnic 2025",
  ...), including some "A introduced B to C" rows.
- ``jobs.csv``: 40 postings at a dozen organisations, the organisation written several ways
  ("AFSCME", "afscme", the long name); some at organisations nobody in the network reaches.
  Five have a ``status``: two applications, an interview, one of interest, one closed.
- **The job search** (``[search]`` in ``network.toml``) started on 2026-03-02; ``asks.csv``
  holds its asks in every state, dated only where the rest of the story already has
  evidence, so the graph is the same with or without them:

  - told: ``jordan-ellis``, ``will-turner``, ``rosa-jimenez``, ``luis-moreno`` (March 2026);
  - ``dana-okafor`` gave three names (asked 2026-02-20; ``ana-okonkwo``, ``kamal-garcia`` and
    ``valentina-zulu`` were introduced through her in Feb-Mar) and ``hector-ruiz`` one
    (``emma-novak``, 2026-03-29): done;
  - ``marcus-bell``, a reference (2026-03-15): no reply; ``tom-becker`` (AFSCME, a weak tie),
    an informational meeting (2026-04-10): no reply;
  - ``ken-watanabe``, an informational meeting about the Working Families Party: done on
    2026-05-30 (his last call), and nothing logged since: a thank-you is owed;
  - ``sofia-alvarez``, a referral for a Working Families Party posting: declined (2026-05-20);
  - ``priya-raman``, an introduction to ``lee-nakamura`` at AFSCME (2026-05-29, due
    2026-06-12): open, and overdue by 2026-06-30;
  - ``zoe-lindqvist``, names at Civic Data Lab (2026-06-20, due 2026-07-04): open, not due yet.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

from tiegraph import schema as S
from tiegraph.ids import unique_id
from tiegraph.io._text import atomic_write
from tiegraph.io.folder import NetworkData, table_from_rows, write_folder
from tiegraph.settings import Settings

SEED = 20260630
START = date(2024, 7, 1)
END = date(2026, 6, 27)  # the last day with an interaction

AFSCME = "American Federation of State, County and Municipal Employees"
ORGS = [
    (AFSCME, "AFSCME"),
    ("Service Employees International Union", "SEIU"),
    ("Working Families Party", "WFP"),
    ("Chen for Council", "Maya Chen campaign"),
    ("Fair Wages Coalition", ""),
    ("Metro Tenants Union", ""),
    ("Voter Access Project", "VAP"),
    ("Open Door Legal Aid", ""),
    ("Northside Health Clinic", ""),
    ("Harbor Logistics Inc.", "Harbor Logistics"),
    ("Brightline Consulting LLC", "Brightline"),
    ("Civic Data Lab", ""),
    ("Lakeside Public Schools", ""),
    ("Green Valley Alliance", ""),
    ("Coastal Credit Union", ""),
    ("United Nurses Guild", ""),
    ("Office of Councilmember Chen", ""),
]

# (id, name, org, title, group, direct)
KEY_PEOPLE = [
    ("dana-okafor", "Dana Okafor", "Chen for Council", "Field Director", "dormant", True),
    ("marcus-bell", "Marcus Bell", "Chen for Council", "Campaign Manager", "dormant", True),
    ("grace-obi", "Grace Obi", "Chen for Council", "Data Lead", "dormant", True),
    ("hector-ruiz", "Héctor Ruiz", "Chen for Council", "Volunteer Coordinator", "dormant", True),
    ("beatriz-costa", "Beatriz Costa", "Chen for Council", "Canvass Captain", "dormant", True),
    ("nadia-petrova", "Nadia Petrova", "Metro Tenants Union", "Lead Organizer", "dormant", True),
    ("samuel-osei", "Samuel Osei", "Harbor Logistics Inc.", "Operations Manager", "dormant", True),
    ("elena-marsh", "Elena Marsh", "Voter Access Project", "Program Director", "dormant", True),
    ("tariq-hassan", "Tariq Hassan", "Open Door Legal Aid", "Staff Attorney", "dormant", True),
    ("olivia-grant", "Olivia Grant", "United Nurses Guild", "Member Trainer", "dormant", True),
    ("priya-raman", "Priya Raman", "SEIU", "Organizer", "keep", True),
    ("zoe-lindqvist", "Zoë Lindqvist", "Civic Data Lab", "Data Scientist", "keep", True),
    ("ken-watanabe", "Ken Watanabe", "Working Families Party", "State Director", "keep", True),
    ("amara-diallo", "Amara Diallo", "Northside Health Clinic", "Community Liaison", "keep", True),
    ("luis-moreno", "Luis Moreno", "Fair Wages Coalition", "Policy Analyst", "keep", True),
    ("jordan-ellis", "Jordan Ellis", "Brightline Consulting LLC", "Consultant", "steady", True),
    (
        "rosa-jimenez",
        "Rosa Jiménez",
        "Office of Councilmember Chen",
        "Chief of Staff",
        "steady",
        True,
    ),
    ("will-turner", "Will Turner", "Lakeside Public Schools", "Teacher", "steady", True),
    ("sofia-alvarez", "Sofía Álvarez", "Working Families Party", "Field Organizer", "steady", True),
    ("ruth-adeyemi", "Ruth Adeyemi", "Fair Wages Coalition", "Coalition Director", "second", False),
    ("keisha-brown", "Keisha Brown", "AFSCME", "Political Director", "second", False),
    ("lee-nakamura", "Lee Nakamura", "AFSCME", "Political Action Rep", "weak", True),
    ("tom-becker", "Tom Becker", "afscme", "Communications Associate", "weak", True),
    ("omar-haddad", "Omar Haddad", AFSCME, "Research Analyst", "second", False),
    ("ines-ferreira", "Inês Ferreira", "AFSCME", "Organizing Director", "second", False),
    ("paul-kim", "Paul Kim", "AFSCME", "Legislative Aide", "second", False),
]

FIRST = [
    "Aaliyah",
    "Abdul",
    "Adaeze",
    "Aiko",
    "Alejandro",
    "Ana",
    "Andrés",
    "Anika",
    "Arjun",
    "Aylin",
    "Bao",
    "Bianca",
    "Camila",
    "Carlos",
    "Chidi",
    "Chloé",
    "Cyrus",
    "Daniela",
    "Darius",
    "Deepa",
    "Diego",
    "Emeka",
    "Emma",
    "Esperanza",
    "Fatima",
    "Felix",
    "Freya",
    "Gabriel",
    "Hana",
    "Hiroshi",
    "Ibrahim",
    "Ingrid",
    "Isaac",
    "Jamal",
    "Javier",
    "Jin",
    "Joaquín",
    "Kaia",
    "Kamal",
    "Lakshmi",
    "Leila",
    "Liam",
    "Lucía",
    "Malik",
    "Mateo",
    "Mei",
    "Miguel",
    "Mina",
    "Nia",
    "Noor",
    "Oskar",
    "Pedro",
    "Quinn",
    "Rafael",
    "Rania",
    "Ravi",
    "Renée",
    "Sana",
    "Santiago",
    "Selin",
    "Tanvir",
    "Thandiwe",
    "Valentina",
    "Víctor",
    "Yara",
    "Yusuf",
]
LAST = [
    "Abara",
    "Achebe",
    "Bergström",
    "Castillo",
    "Chowdhury",
    "Dahl",
    "Delgado",
    "Eze",
    "Fernández",
    "Fischer",
    "García",
    "Gupta",
    "Haddad",
    "Ibarra",
    "Iyer",
    "Jansen",
    "Kaur",
    "Kowalski",
    "Laurent",
    "Lindgren",
    "Mahlangu",
    "Mendoza",
    "Mwangi",
    "Nguyen",
    "Novak",
    "Núñez",
    "Okonkwo",
    "Ortega",
    "Park",
    "Patel",
    "Quispe",
    "Reyes",
    "Rossi",
    "Saito",
    "Santos",
    "Schmidt",
    "Silva",
    "Tanaka",
    "Torres",
    "Umar",
    "Valdez",
    "Vargas",
    "Wójcik",
    "Yilmaz",
    "Zhang",
    "Zulu",
]
# organisations of the generated rest of the network, with how many people each
FILL_ORGS = [
    ("SEIU", 10),
    ("Fair Wages Coalition", 7),
    ("Metro Tenants Union", 10),
    ("Voter Access Project", 8),
    ("Open Door Legal Aid", 6),
    ("Northside Health Clinic", 7),
    ("Harbor Logistics Inc.", 10),
    ("Brightline Consulting LLC", 8),
    ("Civic Data Lab", 7),
    ("Lakeside Public Schools", 8),
    ("Green Valley Alliance", 8),
    ("Coastal Credit Union", 6),
    ("United Nurses Guild", 7),
    ("Working Families Party", 7),
    ("Chen for Council", 9),
    ("AFSCME", 3),
]
TITLES = {
    "SEIU": ["Organizer", "Researcher", "Member Coordinator"],
    "AFSCME": ["Organizer", "Field Representative"],
    "Chen for Council": ["Field Organizer", "Canvasser", "Digital Organizer"],
}
DEFAULT_TITLES = ["Coordinator", "Manager", "Analyst", "Associate", "Director", "Specialist"]
CONTEXTS = [
    "2024 canvass",
    "Labor Day picnic 2024",
    "Labor Day picnic 2025",
    "phone bank, Oct 2024",
    "tenants' rights forum",
    "union hall open house",
    "city budget hearing",
    "Chen for Council kickoff",
    "voter registration drive",
    "coalition retreat 2025",
]
JOB_TITLES = [
    "Field Organizer",
    "Political Action Representative",
    "Research Analyst",
    "Communications Coordinator",
    "Member Engagement Specialist",
    "Policy Associate",
    "Data Analyst",
    "Campaign Coordinator",
    "Legislative Aide",
    "Volunteer Manager",
]
LOCATIONS = ["Riverton", "Riverton (hybrid)", "Remote", "Lakeside", "State capital"]


def _d(day: date) -> str:
    return day.isoformat()


def _rhythm(rng: random.Random, first: date, last: date, every: int, jitter: int = 3) -> list[date]:
    """Dates from ``first`` to ``last`` roughly every ``every`` days (never past ``last``)."""
    out = []
    day = first
    while day <= last:
        out.append(day)
        day = day + timedelta(days=every + rng.randint(-jitter, jitter))
    if out and out[-1] != last:
        out.append(last)
    return out


def build(seed: int = SEED) -> NetworkData:  # noqa: C901 - the sample story, told in order
    """Return the sample network's tables."""
    rng = random.Random(seed)
    contacts: list[dict[str, str]] = []
    intros: list[dict[str, str]] = []
    inter: list[dict[str, str]] = []
    affs: list[dict[str, str]] = []
    group: dict[str, str] = {}

    def contact(
        pid: str,
        name: str,
        org: str,
        title: str,
        *,
        direct: bool,
        since: date | None,
        closeness: int | None = None,
        tags: str = "",
        email: str = "",
    ) -> None:
        contacts.append(
            {
                S.ID: pid,
                S.NAME: name,
                S.ORG: org,
                S.TITLE: title,
                S.EMAIL: email,
                S.TAGS: tags,
                S.CLOSENESS: "" if closeness is None else str(closeness),
                S.DIRECT: "" if direct else "no",
                S.SINCE: _d(since) if since else "",
                S.SOURCE: "sample",
                S.NOTES: "",
            }
        )

    def meet(day: date, who: list[str], channel: str, notes: str = "", by: str = "") -> None:
        inter.append(
            {
                S.DATE: _d(day),
                S.WITH: S.LIST_SEP.join(who),
                S.BY: by,
                S.CHANNEL: channel,
                S.NOTES: notes,
            }
        )

    # key people ------------------------------------------------------------------
    closeness = {
        "dana-okafor": 5,
        "marcus-bell": 4,
        "jordan-ellis": 5,
        "priya-raman": 4,
        "grace-obi": 4,
        "nadia-petrova": 4,
        "zoe-lindqvist": 3,
        "rosa-jimenez": 3,
        "lee-nakamura": 1,
        "samuel-osei": 4,
    }
    first_met = {  # when Alex first met each key direct contact (matches the schedules below)
        "dana-okafor": date(2024, 7, 6),
        "marcus-bell": date(2024, 7, 8),
        "grace-obi": date(2024, 7, 15),
        "hector-ruiz": date(2024, 7, 20),
        "beatriz-costa": date(2024, 8, 3),
        "nadia-petrova": date(2024, 9, 14),
        "samuel-osei": date(2020, 3, 2),
        "elena-marsh": date(2024, 9, 21),
        "tariq-hassan": date(2024, 10, 2),
        "olivia-grant": date(2024, 10, 12),
        "priya-raman": date(2024, 8, 30),
        "zoe-lindqvist": date(2024, 11, 2),
        "ken-watanabe": date(2025, 1, 18),
        "amara-diallo": date(2025, 2, 8),
        "luis-moreno": date(2025, 3, 1),
        "jordan-ellis": date(2019, 6, 1),
        "rosa-jimenez": date(2024, 7, 8),
        "will-turner": date(2022, 9, 1),
        "sofia-alvarez": date(2025, 4, 5),
        "lee-nakamura": date(2025, 9, 1),
        "tom-becker": date(2025, 2, 14),
    }
    for pid, name, org, title, grp, direct in KEY_PEOPLE:
        group[pid] = grp
        first_day = first_met[pid] if direct else None
        tags = (
            "campaign"
            if org == "Chen for Council"
            else ("union" if "AFSCME" in org or org in ("SEIU", AFSCME) else "")
        )
        email = f"{pid.split('-')[0]}@example.org" if direct and rng.random() < 0.5 else ""
        contact(
            pid,
            name,
            org,
            title,
            direct=direct,
            since=first_day,
            closeness=closeness.get(pid),
            tags=tags,
            email=email,
        )

    # the rest of the network --------------------------------------------------------
    used = {name for _, name, *_ in KEY_PEOPLE}
    fill: list[tuple[str, str]] = []  # (id, org)
    for org, count in FILL_ORGS:
        for _ in range(count):
            while True:
                name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                if name not in used:
                    used.add(name)
                    break
            pid = unique_id(name, {c[S.ID] for c in contacts})
            direct = rng.random() < 0.55 and org != "AFSCME"
            title = rng.choice(TITLES.get(org, DEFAULT_TITLES))
            contact(
                pid,
                name,
                org,
                title,
                direct=direct,
                since=START + timedelta(days=rng.randint(0, 600)) if direct else None,
                closeness=rng.choice([None, None, None, 2, 3]) if direct else None,
            )
            group[pid] = "fill-direct" if direct else "fill-second"
            fill.append((pid, org))

    # introductions -------------------------------------------------------------------
    def intro(person: str, via: str, day: date, context: str, to: str = "") -> None:
        intros.append(
            {S.PERSON: person, S.MET_THROUGH: via, S.TO: to, S.DATE: _d(day), S.CONTEXT: context}
        )

    intro("dana-okafor", "", date(2024, 7, 6), "Chen for Council kickoff")
    intro("marcus-bell", "dana-okafor", date(2024, 7, 8), "Chen for Council kickoff")
    intro("grace-obi", "marcus-bell", date(2024, 7, 15), "campaign data team")
    intro("hector-ruiz", "dana-okafor", date(2024, 7, 20), "2024 canvass")
    intro("beatriz-costa", "hector-ruiz", date(2024, 8, 3), "2024 canvass")
    intro("priya-raman", "dana-okafor", date(2024, 8, 30), "Labor Day picnic 2024")
    intro("nadia-petrova", "", date(2024, 9, 14), "tenants' rights forum")
    intro("elena-marsh", "grace-obi", date(2024, 9, 21), "voter registration drive")
    intro("tariq-hassan", "nadia-petrova", date(2024, 10, 2), "tenants' rights forum")
    intro("olivia-grant", "priya-raman", date(2024, 10, 12), "union hall open house")
    intro("zoe-lindqvist", "grace-obi", date(2024, 11, 2), "phone bank, Oct 2024")
    intro("ken-watanabe", "marcus-bell", date(2025, 1, 18), "coalition retreat 2025")
    intro("amara-diallo", "", date(2025, 2, 8), "city budget hearing")
    intro("luis-moreno", "jordan-ellis", date(2025, 3, 1), "coalition retreat 2025")
    intro("sofia-alvarez", "ken-watanabe", date(2025, 4, 5), "union hall open house")
    intro("lee-nakamura", "priya-raman", date(2025, 9, 1), "Labor Day picnic 2025")
    intro("rosa-jimenez", "marcus-bell", date(2025, 12, 10), "Chen for Council victory party")
    # "A introduced B to C": links between other people
    intro(
        "keisha-brown", "ken-watanabe", date(2024, 6, 1), "state labor convention", to="dana-okafor"
    )
    intro(
        "omar-haddad",
        "luis-moreno",
        date(2025, 5, 10),
        "wage-theft report launch",
        to="ruth-adeyemi",
    )
    for pid, _org in fill:
        if group[pid] == "fill-direct" and rng.random() < 0.45:
            via = rng.choice([p for p, *_ in KEY_PEOPLE[:19]])
            intro(pid, via, START + timedelta(days=rng.randint(10, 650)), rng.choice(CONTEXTS))

    # interactions with Alex ------------------------------------------------------------
    campaign_end = date(2025, 11, 8)
    quiet = {  # dormant ties: (first, last, every, channels)
        "dana-okafor": (date(2024, 7, 6), date(2025, 12, 3), 6, ["in_person", "call"]),
        "marcus-bell": (date(2024, 7, 8), campaign_end, 9, ["in_person", "call", "message"]),
        "grace-obi": (date(2024, 7, 15), campaign_end, 10, ["in_person", "video"]),
        "hector-ruiz": (date(2024, 7, 20), date(2025, 10, 25), 8, ["in_person", "message"]),
        "beatriz-costa": (date(2024, 8, 3), date(2025, 9, 27), 12, ["in_person"]),
        "nadia-petrova": (date(2024, 9, 14), date(2025, 2, 22), 7, ["in_person", "call"]),
        "samuel-osei": (date(2024, 7, 2), date(2025, 1, 17), 5, ["in_person", "message"]),
        "elena-marsh": (date(2024, 9, 21), date(2025, 6, 14), 10, ["call", "email"]),
        "tariq-hassan": (date(2024, 10, 2), date(2025, 4, 9), 9, ["in_person", "call"]),
        "olivia-grant": (date(2024, 10, 12), date(2025, 8, 16), 11, ["in_person", "video"]),
    }
    for pid, (first, last, every, channels) in quiet.items():
        for day in _rhythm(rng, first, last, every):
            meet(day, [pid], rng.choice(channels))
    keep = {  # monthly, last contact about a month before SAMPLE_AS_OF
        "priya-raman": (date(2024, 9, 2), date(2026, 5, 29), ["call", "in_person"]),
        "zoe-lindqvist": (date(2024, 11, 4), date(2026, 5, 26), ["video", "in_person"]),
        "ken-watanabe": (date(2025, 1, 20), date(2026, 5, 30), ["call"]),
        "amara-diallo": (date(2025, 2, 10), date(2026, 5, 27), ["in_person", "call"]),
        "luis-moreno": (date(2025, 3, 3), date(2026, 5, 31), ["video", "call"]),
    }
    for pid, (first, last, channels) in keep.items():
        for day in _rhythm(rng, first, last, 30, jitter=2):
            meet(day, [pid], rng.choice(channels))
    steady = {
        "jordan-ellis": (date(2024, 7, 1), END, 7, ["in_person", "call", "message"]),
        "rosa-jimenez": (date(2025, 12, 10), date(2026, 6, 22), 14, ["in_person", "email"]),
        "will-turner": (date(2024, 7, 12), date(2026, 6, 19), 14, ["call", "message"]),
        "sofia-alvarez": (date(2025, 4, 5), date(2026, 6, 12), 21, ["call", "video"]),
    }
    for pid, (first, last, every, channels) in steady.items():
        for day in _rhythm(rng, first, last, every):
            meet(day, [pid], rng.choice(channels))
    # campaign team meetings, weekly until the election
    team = ["dana-okafor", "marcus-bell", "grace-obi", "hector-ruiz"]
    for day in _rhythm(rng, date(2024, 7, 10), date(2025, 11, 5), 14, jitter=0):
        meet(day, rng.sample(team, 3), "in_person", "campaign team meeting")
    # weak direct AFSCME contacts: a single social-media reaction
    meet(date(2025, 9, 3), ["lee-nakamura"], "social")
    # the rest: a few interactions each, some with a short regular stretch
    for pid, _org in fill:
        if group[pid] != "fill-direct":
            continue
        n = rng.choice([1, 1, 2, 3, 4, 6])
        first = START + timedelta(days=rng.randint(0, 650))
        for i in range(n):
            day = min(first + timedelta(days=i * rng.randint(10, 40)), END)
            meet(day, [pid], rng.choice(["message", "email", "call", "in_person", "social"]))

    # ties between other people (the `by` column) -------------------------------------
    def between(a: str, b: str, first: date, last: date, every: int, channel: str) -> None:
        for day in _rhythm(rng, first, last, every, jitter=4):
            meet(day, [b], channel, by=a)

    between("dana-okafor", "keisha-brown", date(2024, 7, 1), date(2026, 6, 10), 30, "call")
    between("priya-raman", "lee-nakamura", date(2024, 8, 1), date(2026, 6, 15), 21, "in_person")
    between("jordan-ellis", "ruth-adeyemi", date(2024, 9, 1), date(2026, 6, 1), 20, "call")
    between("ruth-adeyemi", "omar-haddad", date(2025, 5, 10), date(2026, 6, 20), 25, "in_person")
    between("luis-moreno", "ruth-adeyemi", date(2025, 3, 1), date(2026, 6, 5), 14, "in_person")
    between("marcus-bell", "ken-watanabe", date(2024, 7, 1), date(2026, 5, 1), 45, "call")
    between("keisha-brown", "ines-ferreira", date(2024, 7, 1), date(2026, 6, 20), 10, "in_person")
    between("ines-ferreira", "paul-kim", date(2024, 7, 1), date(2026, 6, 20), 10, "in_person")
    between("olivia-grant", "priya-raman", date(2024, 10, 12), date(2026, 3, 1), 40, "call")
    # dormant people's own networks, mostly outside Alex's active one
    outsiders = [pid for pid, _ in fill if group[pid] == "fill-second"]
    for pid in ("nadia-petrova", "samuel-osei", "elena-marsh", "tariq-hassan", "dana-okafor"):
        k = 6 if pid == "nadia-petrova" else 3
        for other in rng.sample(outsiders, k):
            between(
                pid,
                other,
                START + timedelta(days=rng.randint(0, 200)),
                date(2026, 6, 1) - timedelta(days=rng.randint(0, 120)),
                35,
                "call",
            )
    # second-degree people know someone Alex knows
    directs = [pid for pid, _ in fill if group[pid] == "fill-direct"]
    for pid in outsiders:
        friend = rng.choice(directs)
        between(
            friend,
            pid,
            START + timedelta(days=rng.randint(0, 300)),
            START + timedelta(days=rng.randint(350, 700)),
            rng.choice([20, 40, 60]),
            rng.choice(["call", "in_person", "message"]),
        )

    # affiliations (job histories) --------------------------------------------------------
    def aff(person: str, org: str, title: str, start: str, end: str = "") -> None:
        affs.append({S.PERSON: person, S.ORG: org, S.TITLE: title, S.START: start, S.END: end})

    aff("sofia-alvarez", "AFSCME", "Organizer", "2021-02-01", "2025-03-31")
    aff("sofia-alvarez", "Working Families Party", "Field Organizer", "2025-04-01")
    aff("samuel-osei", "Harbor Logistics Inc.", "Operations Manager", "2019-05-01")
    aff("me", "Harbor Logistics Inc.", "Dispatcher", "2020-01-06", "2024-06-28")
    aff("dana-okafor", "Chen for Council", "Field Director", "2024-06-01", "2025-11-30")
    aff("dana-okafor", "SEIU", "Organizer", "2019-01-01", "2024-05-31")
    aff("marcus-bell", "Chen for Council", "Campaign Manager", "2024-05-01", "2025-11-30")
    aff("keisha-brown", "AFSCME", "Political Director", "2018-09-01")
    aff("rosa-jimenez", "Chen for Council", "Deputy Manager", "2024-06-01", "2025-11-30")
    aff("rosa-jimenez", "Office of Councilmember Chen", "Chief of Staff", "2025-12-01")
    aff("ken-watanabe", "SEIU", "Political Organizer", "2015-03-01", "2022-12-31")
    aff("olivia-grant", "United Nurses Guild", "Member Trainer", "2022-01-01")
    aff("luis-moreno", "Fair Wages Coalition", "Policy Analyst", "2023-08-01")
    aff("ruth-adeyemi", "AFSCME", "Researcher", "2012-01-01", "2019-12-31")

    # jobs ---------------------------------------------------------------------------------
    job_orgs = [
        "AFSCME",
        "afscme",
        AFSCME,
        "SEIU",
        "Service Employees International Union",
        "Working Families Party",
        "WFP",
        "Fair Wages Coalition",
        "Metro Tenants Union",
        "Voter Access Project",
        "Civic Data Lab",
        "Open Door Legal Aid",
        "Stonebridge Capital",
        "Riverton Transit Authority",
    ]
    jobs = []
    for i in range(40):
        org = job_orgs[i % len(job_orgs)]
        jobs.append(
            {
                S.ORG: org,
                S.TITLE: rng.choice(JOB_TITLES),
                S.LOCATION: rng.choice(LOCATIONS),
                S.URL: f"https://jobs.example.org/postings/{1000 + i}",
                S.POSTED: _d(date(2026, 5, 1) + timedelta(days=rng.randint(0, 58))),
            }
        )

    # where applications stand (no random draws: the rest of the sample stays as it was)
    for i, status in ((0, "applied"), (3, "interested"), (5, "interview"), (7, "applied")):
        jobs[i][S.STATUS] = status
    jobs[12][S.STATUS] = "closed"

    # the job search's asks, in every state ---------------------------------------------
    wfp_job = next(j[S.TITLE] for j in jobs if j[S.ORG] == "Working Families Party")
    asks: list[dict[str, str]] = []

    def ask(person: str, day: str, kind: str, **cells: str) -> None:
        asks.append({S.ID: str(len(asks) + 1), S.PERSON: person, S.DATE: day, S.FOR: kind, **cells})

    ask(
        "dana-okafor",
        "2026-02-20",
        "names",
        status="done",
        closed="2026-03-11",
        result="three names: Ana, Kamal and Valentina",
    )
    ask("jordan-ellis", "2026-03-02", "told", status="done", closed="2026-03-02")
    ask("will-turner", "2026-03-04", "told", status="done", closed="2026-03-04")
    ask("rosa-jimenez", "2026-03-05", "told", status="done", closed="2026-03-05")
    ask("luis-moreno", "2026-03-10", "told", status="done", closed="2026-03-10")
    ask(
        "marcus-bell",
        "2026-03-15",
        "reference",
        status="no-reply",
        closed="2026-04-15",
        notes="for organizing roles",
    )
    ask(
        "hector-ruiz",
        "2026-03-20",
        "names",
        status="done",
        closed="2026-03-29",
        result="Emma Novak",
    )
    ask(
        "tom-becker",
        "2026-04-10",
        "informational",
        org="AFSCME",
        status="no-reply",
        closed="2026-05-08",
    )
    ask(
        "ken-watanabe",
        "2026-04-20",
        "informational",
        org="Working Families Party",
        status="done",
        closed="2026-05-30",
        result="30 minutes by phone; talk to Sofía about the field team",
    )
    ask(
        "sofia-alvarez",
        "2026-05-15",
        "referral",
        org="Working Families Party",
        job=wfp_job,
        status="declined",
        closed="2026-05-20",
        result="not hiring on her team this year",
    )
    ask(
        "priya-raman",
        "2026-05-29",
        "intro",
        org="AFSCME",
        about="lee-nakamura",
        status="open",
        due="2026-06-12",
    )
    ask(
        "zoe-lindqvist",
        "2026-06-20",
        "names",
        org="Civic Data Lab",
        status="open",
        due="2026-07-04",
    )

    inter.sort(key=lambda r: (r[S.DATE], r[S.BY], r[S.WITH]))
    settings = Settings.from_dict(
        {
            "owner": {"id": "me", "name": "Alex Rivera"},
            "targets": {"orgs": ["AFSCME", "SEIU", "Working Families Party"]},
            "search": {
                "start": "2026-03-02",
                "goal": "an organizing or political job in the labour movement",
            },
        }
    )
    return NetworkData(
        settings=settings,
        contacts=table_from_rows(S.CONTACTS, contacts),
        introductions=table_from_rows(S.INTRODUCTIONS, intros),
        interactions=table_from_rows(S.INTERACTIONS, inter),
        affiliations=table_from_rows(S.AFFILIATIONS, affs),
        orgs=table_from_rows(S.ORGS, [{S.NAME: n, S.ALIASES: a} for n, a in ORGS]),
        jobs=table_from_rows(S.JOBS, jobs),
        asks=table_from_rows(S.ASKS, asks),
    )


SETTINGS = """\
# The sample network of tiegraph: Alex Rivera, a campaign volunteer who is job hunting.
# Generated by scripts/make_sample.py; every name is made up.

[owner]
id = "me"
name = "Alex Rivera"

[targets]
orgs = ["AFSCME", "SEIU", "Working Families Party"]

[graph]
max_meeting_size = 25
same_org_max_size = 30

[search]
start = "2026-03-02"
goal = "an organizing or political job in the labour movement"
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "sample"
    )
    args = parser.parse_args()
    data = build()
    args.out.mkdir(parents=True, exist_ok=True)
    write_folder(data, args.out, write_settings=False)
    atomic_write({args.out / S.SETTINGS_FILE: SETTINGS})
    print(
        f"wrote {len(data.contacts)} contacts, {len(data.introductions)} introductions, "
        f"{len(data.interactions)} interactions, {len(data.jobs)} jobs, {len(data.asks)} asks "
        f"to {args.out}"
    )


if __name__ == "__main__":
    main()
