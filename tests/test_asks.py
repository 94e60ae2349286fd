"""asks.csv and the outreach data: round trips, check, settings, the asks table, the funnel."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tiegraph
from tiegraph import schema as S
from tiegraph.outreach import (
    ASK_COLUMNS,
    FUNNEL_STAGES,
    JobSearch,
    OutreachSettings,
    ask_kinds,
    asks,
    funnel,
    funnel_history,
    job_search,
    next_follow_up,
)
from tiegraph.settings import Settings

CONTACTS = "id,name,org\npriya,Priya Raman,SEIU\nbo,Bo Chen,\ncy,Cy Diaz,\n"
ASKS_HEADER = "id,person,date,for,org,about,job,status,due,closed,result,notes\n"
JOBS = "org,title,location,url,posted,status\nSEIU,Organizer,,,,applied\nAFT,Rep,,,,interview\n"


def _files(asks_text: str, **more: str) -> dict[str, str]:
    return {"contacts.csv": CONTACTS, "asks.csv": ASKS_HEADER + asks_text, "jobs.csv": JOBS, **more}


# --- round trip ----------------------------------------------------------------------------


def test_asks_csv_round_trips_byte_for_byte(write_folder, tmp_path):
    text = (
        '1,priya,2024-05-01,names,SEIU,,,open,2099-01-01,,,"she said: ""ask me in June"", ok"\n'
        '2,bo,2024-05-02T15:30:00Z,intro,SEIU,priya,Organizer,done,,2024-05-09,"two\nlines",\n'
        "x-3,cy,2024-05-03,told,,,,,,,,\n"
    )
    folder = write_folder(_files(text))
    data = tiegraph.read_folder(folder)
    assert data.asks[S.ID].tolist() == ["1", "2", "x-3"]
    assert data.asks.index.tolist() == [2, 3, 5]  # line numbers (a quoted line break spans two)
    assert data.asks[S.DUE].iloc[0] == pd.Timestamp("2099-01-01", tz="UTC")  # due may be ahead
    out = tmp_path / "out"
    tiegraph.write_folder(data, out)
    assert (out / "asks.csv").read_bytes() == (folder / "asks.csv").read_bytes()
    assert (out / "jobs.csv").read_bytes() == (folder / "jobs.csv").read_bytes()


def test_a_folder_without_asks_writes_none_and_jobs_without_status_keep_their_columns(
    write_folder, tmp_path
):
    folder = write_folder({"contacts.csv": CONTACTS, "jobs.csv": "org,title\nSEIU,Organizer\n"})
    data = tiegraph.read_folder(folder)
    assert data.asks.empty and list(data.asks.columns) == list(S.ASKS.columns)
    tiegraph.write_folder(data, tmp_path / "out")
    assert not (tmp_path / "out" / "asks.csv").exists()
    assert (
        tmp_path / "out" / "jobs.csv"
    ).read_text() == "org,title,location,url,posted\nSEIU,Organizer,,,\n"


_cell = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).map(str.strip)
_day = st.dates(date(2000, 1, 1), date(2024, 12, 31))


@st.composite
def _ask_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    n = draw(st.integers(0, 6))
    rows = []
    for i in range(n):
        asked = draw(_day)
        status = draw(st.sampled_from(["", *S.ASK_STATUSES]))
        closed = (
            (asked + timedelta(days=draw(st.integers(0, 30)))).isoformat()
            if status not in ("", "open")
            else ""
        )
        rows.append(
            {
                S.ID: str(i + 1),
                S.PERSON: draw(st.sampled_from(["priya", "bo", "cy"])),
                S.DATE: asked.isoformat(),
                S.FOR: draw(st.sampled_from(S.ASK_KINDS)),
                S.ORG: draw(st.sampled_from(["", "SEIU"])),
                S.ABOUT: draw(st.sampled_from(["", "bo"])),
                S.JOB: "",
                S.STATUS: status,
                S.DUE: draw(st.one_of(st.just(""), _day.map(date.isoformat))),
                S.CLOSED: closed,
                S.RESULT: draw(_cell),
                S.NOTES: draw(_cell),
            }
        )
    return rows


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=_ask_rows())
def test_any_valid_asks_table_round_trips(tmp_path_factory, rows):
    from tiegraph.io.folder import NetworkData, table_from_rows

    contacts = table_from_rows(
        S.CONTACTS, [{S.ID: p, S.NAME: p.title()} for p in ("priya", "bo", "cy")]
    )
    data = NetworkData(contacts=contacts, asks=table_from_rows(S.ASKS, rows))
    first = tmp_path_factory.mktemp("a")
    tiegraph.write_folder(data, first)
    back = tiegraph.read_folder(first)
    assert back.asks[S.ID].tolist() == [r[S.ID] for r in rows]
    assert back.asks[S.RESULT].tolist() == [r[S.RESULT] for r in rows]
    second = tmp_path_factory.mktemp("b")
    tiegraph.write_folder(back, second)
    if rows:
        assert (second / "asks.csv").read_bytes() == (first / "asks.csv").read_bytes()


# --- check ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "messages"),
    [
        (",priya,2024-05-01,names,,,,,,,,", ["column 'id': '' is empty; every ask needs an id"]),
        ("a b,priya,2024-05-01,names,,,,,,,,", ["column 'id': 'a b' is not a valid id"]),
        ("2,zed,2024-05-01,names,,,,,,,,", ["column 'person': 'zed' is not a known contact id"]),
        ("2,me,2024-05-01,names,,,,,,,,", ["column 'person': 'me' is you; an ask is made of a"]),
        ("2,,2024-05-01,names,,,,,,,,", ["column 'person': '' is empty; name the contact you"]),
        ("2,bo,2024-05-01,names,,zed,,,,,,", ["column 'about': 'zed' is not a known contact id"]),
        ("2,bo,,names,,,,,,,,", ["column 'date': '' is missing; every ask needs the date it was"]),
        ("2,bo,2099-01-01,names,,,,,,,,", ["column 'date': '2099-01-01' is in the future (after "]),
        ("2,bo,2024-05-01,coffee,,,,,,,,", ["column 'for': 'coffee' is not a known kind of ask ("]),
        ("2,bo,2024-05-01,,,,,,,,,", ["column 'for': '' is empty; say what you asked for"]),
        ("2,bo,2024-05-01,names,,,,maybe,,,,", ["column 'status': 'maybe' is not a status (use "]),
        (
            "2,bo,2024-05-01,names,,,,done,,2024-04-30,,",
            ["column 'closed': '2024-04-30' is before"],
        ),
        (
            "2,bo,2024-05-01,names,,,,open,,2024-05-02,,",
            ["column 'closed': '2024-05-02' is set but"],
        ),
        (
            "2,bo,2024-05-01,names,,,,done,,2099-01-01,,",
            ["column 'closed': '2099-01-01' is in the"],
        ),
        (
            "2,bo,2024-05-01,names,AFT,,Organizer,,,,,",
            ["column 'job': 'Organizer' is not a posting"],
        ),
        ("2,bo,2024-05-1x,names,,,,,,,,", ["column 'date': '2024-05-1x' is not a date"]),
        ("2,bo,2024-05-01,names,,,,,soon,,,", ["column 'due': 'soon' is not a date"]),
    ],
)
def test_check_reports_each_bad_ask_with_file_line_and_column(write_folder, row, messages):
    folder = write_folder(
        _files("1,priya,2024-05-01,names,SEIU,,Organizer,open,,,,\n" + row + "\n")
    )
    problems = [str(p) for p in tiegraph.check_folder(folder)]
    assert [p for p in problems if not p.startswith("asks.csv:3: ")] == []
    for message in messages:
        assert any(p.startswith(f"asks.csv:3: {message}") for p in problems), problems
    with pytest.raises(tiegraph.DataError, match=r"^asks\.csv:3: "):
        tiegraph.read_folder(folder)


def test_a_duplicate_ask_id_names_the_first_line(write_folder):
    folder = write_folder(
        _files("7,priya,2024-05-01,names,,,,,,,,\n7,bo,2024-05-02,names,,,,,,,,\n")
    )
    assert [str(p) for p in tiegraph.check_folder(folder)] == [
        "asks.csv:3: column 'id': '7' is a duplicate id (first on line 2)"
    ]


def test_a_bad_job_status_is_reported(write_folder):
    folder = write_folder(
        {"contacts.csv": CONTACTS, "jobs.csv": "org,title,status\nSEIU,Organizer,pending\n"}
    )
    assert [str(p) for p in tiegraph.check_folder(folder)] == [
        "jobs.csv:2: column 'status': 'pending' is not a status (use interested, applied, "
        "interview, offer, closed or leave it empty)"
    ]


def test_kinds_of_your_own_are_declared_in_network_toml(write_folder):
    files = _files("1,priya,2024-05-01,Coffee,,,,,,,,\n")
    assert tiegraph.check_folder(write_folder(files, "a"))
    files["network.toml"] = '[outreach]\nkinds = ["coffee"]\n'
    assert tiegraph.check_folder(write_folder(files, "b")) == []


def test_write_folder_refuses_a_bad_ask_and_leaves_the_folder_as_it_was(write_folder):
    folder = write_folder(_files("1,priya,2024-05-01,names,,,,,,,,\n"))
    before = (folder / "asks.csv").read_bytes()
    data = tiegraph.read_folder(folder)
    bad = data.asks.copy()
    bad.loc[2, S.STATUS] = "later"
    with pytest.raises(tiegraph.DataError, match=re.escape("'later' is not a status")):
        tiegraph.write_folder(data.replace(asks=bad), folder)
    assert (folder / "asks.csv").read_bytes() == before


# --- settings and the search ----------------------------------------------------------------


def test_outreach_settings_defaults_and_errors():
    assert OutreachSettings.from_settings(None) == OutreachSettings()
    s = Settings.from_dict({"outreach": {"per_kind": 5, "kinds": "coffee"}})
    assert OutreachSettings.from_settings(s).per_kind == 5
    assert ask_kinds(s)[-1] == "coffee"
    for bad, message in [
        (
            {"outreach": {"per_kind": -1}},
            "[outreach] per_kind must be a whole number of at least 0",
        ),
        (
            {"outreach": {"follow_up_days": True}},
            "[outreach] follow_up_days must be a whole number",
        ),
        ({"outreach": {"kinds": ["a;b"]}}, "[outreach] kinds must be a list of words"),
        ({"outreach": {"follow_up": 3}}, "[outreach] has no setting 'follow_up'"),
        ({"outreach": 3}, "[outreach] must be a table"),
    ]:
        with pytest.raises(tiegraph.ConfigError, match=re.escape(message)):
            OutreachSettings.from_settings(Settings.from_dict(bad))


def test_the_job_search_is_a_period():
    assert job_search(Settings()) is None
    search = job_search(
        Settings.from_dict({"search": {"start": "2024-03-01", "end": "2024-06-30", "goal": " x "}})
    )
    assert search == JobSearch(
        start=pd.Timestamp("2024-03-01", tz="UTC"),
        end=pd.Timestamp("2024-06-30", tz="UTC"),
        goal="x",
    )
    day = lambda s: pd.Timestamp(s, tz="UTC")  # noqa: E731
    assert [
        search.active(day(d)) for d in ("2024-02-29", "2024-03-01", "2024-06-30", "2024-07-01")
    ] == [
        False,
        True,
        True,
        False,
    ]
    assert (
        job_search(Settings.from_dict({"search": {"start": "2024-03-01", "end": ""}})).end is None
    )
    with pytest.raises(tiegraph.ConfigError, match=re.escape("[search] start must be a date")):
        job_search(Settings.from_dict({"search": {"start": "March"}}))


# --- the asks table ---------------------------------------------------------------------------


def _graph(
    write_folder, asks_text: str, intros: str = "", log: str = "", as_of: str = "2024-06-01"
):
    folder = write_folder(
        _files(
            asks_text,
            **{
                "introductions.csv": "person,met_through,to,date,context\n" + intros,
                "interactions.csv": "date,with,channel,notes\n" + log,
            },
        )
    )
    data = tiegraph.read_folder(folder)
    return tiegraph.build_graph(data, as_of=as_of), data


def test_asks_gives_names_status_then_follow_up_and_yield(write_folder):
    G, data = _graph(
        write_folder,
        "1,priya,2024-05-01,names,,,,done,,2024-05-20,three names,\n"
        "2,priya,2024-05-15,intro,SEIU,bo,,open,,,,\n"
        "3,cy,2024-05-02,intro,SEIU,,Organizer,open,2024-05-30,,,\n",
        # Bo (5-10) is ask 1's yield; Cy (5-16) came after ask 2; Dee through Bo: nobody's
        intros="bo,priya,,2024-05-10,call\ncy,priya,,2024-05-16,call\n",
        log="2024-05-25,priya,call,\n",
    )
    a = asks(G, data=data)
    assert tuple(a.columns) == ASK_COLUMNS
    assert a[["id", "name", "about_name", "status", "yield", "n_yield"]].values.tolist() == [
        ["1", "Priya Raman", "", "done", ("bo",), 1],
        ["2", "Priya Raman", "Bo Chen", "open", ("cy",), 1],
        ["3", "Cy Diaz", "", "open", (), 0],
    ]
    # ask 2: due 5-22 by default, moved to 6-01 by the call of 5-25; ask 3: its own due date
    assert a["follow_up"].dt.strftime("%Y-%m-%d").fillna("").tolist() == [
        "",
        "2024-06-01",
        "2024-05-30",
    ]
    earlier = asks(G, data=data, as_of="2024-05-12")  # ask 1 still open, ask 2 not made yet
    assert earlier[["id", "status", "closed", "result"]].values.tolist() == [
        ["1", "open", pd.NaT, ""],
        ["3", "open", pd.NaT, ""],
    ]


def test_next_follow_up_by_hand():
    day = lambda s: pd.Timestamp(s, tz="UTC")  # noqa: E731
    open_asks = pd.DataFrame(
        {
            "person": ["a", "a", "b"],
            "date": [day("2024-05-01"), day("2024-05-01"), day("2024-05-01")],
            "due": [pd.NaT, day("2024-06-30"), pd.NaT],
        }
    )
    log = pd.DataFrame(
        {
            "person": ["a", "a", "b"],
            "date": [day("2024-04-30"), day("2024-05-03"), day("2024-05-01")],
        }
    )
    got = next_follow_up(open_asks, log, 7)
    # a: 5-01 + 7 = 5-08, but the contact of 5-03 gives 5-10; its own due date 6-30 is later;
    # b: the contact on the day of the ask does not count
    assert got.dt.strftime("%Y-%m-%d").tolist() == ["2024-05-10", "2024-06-30", "2024-05-08"]


def test_funnel_counts_each_stage_from_the_search_start(write_folder):
    G, data = _graph(
        write_folder,
        "1,priya,2024-02-01,names,,,,done,,2024-02-10,,\n"  # before the search: not counted
        "2,priya,2024-03-05,told,,,,done,,2024-03-05,,\n"
        "3,bo,2024-03-06,told,,,,done,,2024-03-06,,\n"
        "4,bo,2024-03-10,names,,,,done,,2024-03-20,,\n"
        "5,cy,2024-03-12,informational,SEIU,,,done,,2024-03-19,,\n"
        "6,cy,2024-03-25,referral,SEIU,,Organizer,declined,,2024-03-26,,\n",
        intros="cy,bo,,2024-03-15,email\nbo,priya,,2024-03-02,call\n",
    )
    G.graph["settings"] = Settings.from_dict({"search": {"start": "2024-03-01"}})
    f = funnel(G, data=data)
    assert f.set_index("stage")["count"].to_dict() == {
        "told": 3,  # Priya, Bo, Cy: everyone told or asked since the start
        "asks": 3,  # 4, 5, 6
        "informational": 1,
        "names": 1,  # Cy, named by Bo after Bo was asked for names
        "introductions": 2,  # Cy and Bo
        "applications": 2,  # SEIU applied, AFT interview (applied for)
        "interviews": 1,  # AFT interview
    }
    h = funnel_history(G, data=data, freq="W")
    assert list(h.columns) == [s for s in FUNNEL_STAGES if s not in ("applications", "interviews")]
    assert h.index[0] == pd.Timestamp("2024-03-03", tz="UTC")  # the first Sunday
    assert h.index[-1] == pd.Timestamp("2024-06-01", tz="UTC")  # as_of closes the last row
    assert h.loc["2024-03-03"].tolist() == [0, 0, 0, 0, 1]  # Bo introduced on 3-02
    assert h.loc["2024-03-10"].tolist() == [2, 1, 0, 0, 1]
    assert h.loc["2024-03-17"].tolist() == [3, 2, 0, 1, 2]
    assert h.iloc[-1].tolist() == [3, 3, 1, 1, 2]


def test_the_sample_has_asks_in_every_state():
    data = tiegraph.read_folder(tiegraph.sample_folder())
    G = tiegraph.build_graph(data, as_of=tiegraph.SAMPLE_AS_OF)
    a = asks(G, data=data)
    assert set(a["status"]) == set(S.ASK_STATUSES)
    assert set(S.ASK_KINDS) <= set(a["for"])
    dana = a[a["person"] == "dana-okafor"].iloc[0]
    assert dana["yield"] == ("ana-okonkwo", "kamal-garcia", "valentina-zulu")


def test_ask_outcomes_count_each_persons_asks_and_name_the_latest_refusal(write_folder):
    G, data = _graph(
        write_folder,
        "1,bo,2024-03-01,names,,,,no-reply,,2024-03-20,,\n"
        "2,bo,2024-04-01,intro,SEIU,priya,,declined,,2024-04-02,,\n"
        "3,bo,2024-05-01,informational,,,,done,,2024-05-03,,\n"
        "4,priya,2024-05-02,referral,SEIU,,Organizer,open,,,,\n"
        "5,cy,2024-05-02,told,,,,done,,2024-05-02,,\n",
    )
    from tiegraph.outreach import ask_outcomes

    got = ask_outcomes(G, data=data)
    assert got.values.tolist() == [
        ["bo", 3, 1, 1, 1, 0, "declined an introduction to Priya Raman (2024-04-01)"],
        ["priya", 1, 0, 0, 0, 1, ""],
    ]
    # as of 2024-04-01 the introduction was still open; the names ask had gone unanswered
    early = ask_outcomes(G, data=data, as_of="2024-04-01")
    assert early.values.tolist() == [
        ["bo", 2, 0, 0, 1, 1, "did not answer names (2024-03-01)"],
    ]
