"""The canonical tables of a network folder: file names, columns, defaults.

Every module refers to columns through the constants here, never through a
string literal repeated elsewhere. The README documents each column.

A *table* is described by a :class:`Table`: its file name, its columns in
the order they are written, which of them a file must have, which hold
dates, and which hold ids that must refer to a known person.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AFFILIATIONS",
    "ASKS",
    "ASK_KINDS",
    "ASK_STATUSES",
    "CONTACTS",
    "INTERACTIONS",
    "INTRODUCTIONS",
    "JOBS",
    "JOB_STATUSES",
    "LIST_SEP",
    "ORGS",
    "RELATIONS",
    "SETTINGS_FILE",
    "TABLES",
    "Table",
]

#: Separator inside one cell that holds several values (ids, tags, emails, aliases).
LIST_SEP = ";"

#: The settings file of a network folder.
SETTINGS_FILE = "network.toml"


@dataclass(frozen=True)
class Table:
    """The layout of one CSV file of a network folder."""

    name: str
    file: str
    columns: tuple[str, ...]
    required: tuple[str, ...]
    optional_file: bool = False
    dates: tuple[str, ...] = ()
    #: columns holding one person id each
    person_refs: tuple[str, ...] = ()
    #: columns holding several person ids separated by LIST_SEP
    person_list_refs: tuple[str, ...] = ()
    #: optional columns written only when some row has a value (so files
    #: written before the column existed do not change)
    sparse: tuple[str, ...] = ()


# contacts.csv ---------------------------------------------------------------
ID = "id"
NAME = "name"
ORG = "org"
TITLE = "title"
EMAIL = "email"  # one or more addresses, LIST_SEP-separated, first is primary
PHONE = "phone"  # one or more numbers, LIST_SEP-separated, E.164 where they could be read
URL = "url"  # one or more profile URLs (e.g. LinkedIn), LIST_SEP-separated
TAGS = "tags"  # LIST_SEP-separated
CLOSENESS = "closeness"  # 1-5, optional: how close the user says they are
DIRECT = "direct"  # "yes" (default) if the user knows them, "no" if only known of
SINCE = "since"  # date the user connected (LinkedIn "Connected On")
SOURCE = "source"  # where the row came from: linkedin, vcard, google, ics, log, manual
NOTES = "notes"
ALIASES = "aliases"  # LIST_SEP-separated: ids merged into this contact (contacts.csv); other
# names of an organisation (orgs.csv)

CONTACTS = Table(
    name="contacts",
    file="contacts.csv",
    columns=(
        ID,
        NAME,
        ORG,
        TITLE,
        EMAIL,
        PHONE,
        URL,
        TAGS,
        CLOSENESS,
        DIRECT,
        SINCE,
        SOURCE,
        NOTES,
        ALIASES,
    ),
    required=(ID, NAME),
    dates=(SINCE,),
    sparse=(ALIASES,),
)

# introductions.csv ------------------------------------------------------------
PERSON = "person"
MET_THROUGH = "met_through"
TO = "to"  # who PERSON was introduced to; empty means the owner
DATE = "date"
CONTEXT = "context"

INTRODUCTIONS = Table(
    name="introductions",
    file="introductions.csv",
    columns=(PERSON, MET_THROUGH, TO, DATE, CONTEXT),
    required=(PERSON, MET_THROUGH, DATE, CONTEXT),
    dates=(DATE,),
    person_refs=(PERSON, MET_THROUGH, TO),
)

# interactions.csv -------------------------------------------------------------
WITH = "with"  # one or more person ids, LIST_SEP-separated
BY = "by"  # the other side; empty means the owner
CHANNEL = "channel"
STARTED_BY = "started_by"  # who started it: the owner's id, a contact id, or empty (unknown)

INTERACTIONS = Table(
    name="interactions",
    file="interactions.csv",
    columns=(DATE, WITH, BY, CHANNEL, NOTES, STARTED_BY),
    required=(DATE, WITH, CHANNEL),
    dates=(DATE,),
    person_refs=(BY, STARTED_BY),
    person_list_refs=(WITH,),
    sparse=(STARTED_BY,),
)

# affiliations.csv (optional) --------------------------------------------------
START = "start"
END = "end"

AFFILIATIONS = Table(
    name="affiliations",
    file="affiliations.csv",
    columns=(PERSON, ORG, TITLE, START, END),
    required=(PERSON, ORG),
    optional_file=True,
    dates=(START, END),
    person_refs=(PERSON,),
)

# relations.csv (optional) -----------------------------------------------------
RELATED = "related"  # the other person's id; empty while they are not in the folder
RELATED_NAME = "related_name"  # the other person as the source wrote them
LABEL = "label"  # e.g. spouse, assistant, manager

RELATIONS = Table(
    name="relations",
    file="relations.csv",
    columns=(PERSON, RELATED, RELATED_NAME, LABEL, SOURCE),
    required=(PERSON, RELATED),
    optional_file=True,
    person_refs=(PERSON, RELATED),
)

# orgs.csv (optional) ----------------------------------------------------------

ORGS = Table(
    name="orgs",
    file="orgs.csv",
    columns=(NAME, ALIASES),
    required=(NAME,),
    optional_file=True,
)

# jobs.csv (optional) ----------------------------------------------------------
LOCATION = "location"
POSTED = "posted"
STATUS = "status"  # of a job: JOB_STATUSES; of an ask: ASK_STATUSES

#: Where an application stands (``jobs.csv`` column ``status``; empty: not said).
JOB_STATUSES: tuple[str, ...] = ("interested", "applied", "interview", "offer", "closed")

JOBS = Table(
    name="jobs",
    file="jobs.csv",
    columns=(ORG, TITLE, LOCATION, URL, POSTED, STATUS),
    required=(ORG, TITLE),
    optional_file=True,
    dates=(POSTED,),
    sparse=(STATUS,),
)

# asks.csv (optional): the outreach loop -----------------------------------------
FOR = "for"  # what was asked: ASK_KINDS, or a kind named in [outreach] kinds
ABOUT = "about"  # a person id the ask is about (an introduction to them, say)
JOB = "job"  # the title of a jobs.csv posting at ORG the ask is about
DUE = "due"  # when to follow up (may be in the future)
CLOSED = "closed"  # when the status stopped being open
RESULT = "result"  # what came of it, in words

#: Kinds of ask known without configuration (``told``: they know you are looking).
ASK_KINDS: tuple[str, ...] = (
    "intro", "names", "informational", "reference", "referral", "told",
)  # fmt: skip
#: Statuses of an ask; an empty status reads as ``open``.
ASK_STATUSES: tuple[str, ...] = ("open", "done", "declined", "no-reply")

ASKS = Table(
    name="asks",
    file="asks.csv",
    columns=(ID, PERSON, DATE, FOR, ORG, ABOUT, JOB, STATUS, DUE, CLOSED, RESULT, NOTES),
    required=(ID, PERSON, DATE, FOR),
    optional_file=True,
    dates=(DATE, DUE, CLOSED),
    person_refs=(PERSON, ABOUT),
)

#: Every table, in the order they are read and checked.
TABLES: tuple[Table, ...] = (
    CONTACTS,
    INTRODUCTIONS,
    INTERACTIONS,
    AFFILIATIONS,
    ORGS,
    JOBS,
    RELATIONS,
    ASKS,
)

#: Channels of an interaction known to the strength model, strongest first.
CHANNELS: tuple[str, ...] = ("in_person", "call", "video", "message", "email", "social")

#: Kinds of evidence for a tie (edge attribute ``evidence``, key ``kind``).
EV_CONTACT = "contact"  # the user lists them as a direct contact
EV_CLOSENESS = "closeness"  # the user rated the tie 1-5
EV_INTRODUCTION = "introduction"  # "met through": the introducer knew both
EV_INTERACTION = "interaction"  # a direct interaction between the two
EV_SHARED = "shared_interaction"  # both attended one meeting with others
EV_SAME_ORG = "same_org"  # colleagues at one organisation (inferred)
EV_RELATED = "related"  # a relation from an address book (spouse, assistant, ...)
EV_VOUCHED = "vouched"  # they did what you asked: an introduction, a referral, a reference
