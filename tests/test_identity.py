import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tiegraph import schema as S
from tiegraph.identity import names_compatible, resolve_contacts
from tiegraph.io.folder import table_from_rows
from tiegraph.keys import Keys, conflicting_kinds, normalize_phone, normalize_url

EXPORT = pd.Timestamp("2025-03-01", tz="UTC")


def contacts(*rows, lines=None):
    return table_from_rows(S.CONTACTS, [dict(r) for r in rows], lines)


EXISTING = contacts(
    {
        "id": "jane-doe",
        "name": "Jane Doe",
        "org": "AFSCME",
        "email": "jane@afscme.example",
        "title": "Rep",
        "tags": "union",
    },
    {"id": "jon-smith", "name": "Jon Smith", "org": "Acme Inc"},
    {"id": "bob-lee", "name": "Bob Lee", "url": "https://www.linkedin.com/in/bob-lee-1/"},
)


def resolve(incoming, existing=EXISTING, **kw):
    return resolve_contacts(existing, incoming, region="US", export_date=EXPORT, **kw)


def test_keys_are_normalised():
    assert normalize_phone("(415) 555-0123", "US") == "+14155550123"
    assert normalize_phone("+1 415.555.0123") == "+14155550123"
    assert normalize_phone("N/A") is None
    assert normalize_url("http://linkedin.com/in/Bob-Lee-1?trk=x") == "linkedin.com/in/bob-lee-1"
    assert normalize_url("https://de.linkedin.com/in/bob-lee-1/") == "linkedin.com/in/bob-lee-1"
    assert normalize_url("http\\://example.org/jane/") == "example.org/jane"


def test_a_shared_key_merges_and_says_which():
    r = resolve(
        contacts(
            {"name": "J. Doe", "email": "JANE@afscme.example"},
            {"name": "Bob Lee", "url": "linkedin.com/in/BOB-LEE-1"},
        )
    )
    assert list(r.ids) == ["jane-doe", "bob-lee"]
    assert [(m.line, m.id, m.how) for m in r.merged] == [
        (2, "jane-doe", "same email"),
        (3, "bob-lee", "same profile URL"),
    ]
    assert r.added == []


def test_same_name_and_organisation_merges_name_alone_does_not():
    r = resolve(
        contacts(
            {"name": "jane doe", "org": "afscme"},
            {"name": "Jane Doe"},  # no organisation: a possible duplicate, not a merge
            {"name": "John Smith", "org": "ACME"},  # similar name: possible duplicate only
        )
    )
    assert [(m.line, m.id, m.how) for m in r.merged] == [
        (2, "jane-doe", "same name and organisation")
    ]
    assert r.added == [(3, "jane-doe-2"), (4, "john-smith")]


def test_never_merges_two_people_with_different_emails_or_profiles():
    r = resolve(
        contacts(
            {"name": "Jane Doe", "org": "AFSCME", "email": "another.jane@example.org"},
            {"name": "Bob Lee", "org": "", "url": "https://linkedin.com/in/bob-lee-2"},
        )
    )
    assert r.merged == []
    assert [i for _, i in r.added] == ["jane-doe-2", "bob-lee-2"]


def test_a_shared_office_phone_does_not_make_two_colleagues_one_person():
    existing = contacts({"id": "ann-ray", "name": "Ann Ray", "phone": "+1 415 555 0100"})
    r = resolve(contacts({"name": "Carl Ode", "phone": "(415) 555-0100"}), existing)
    assert r.merged == [] and r.added == [(2, "carl-ode")]
    assert r.notes == ["line 2: shares a key with ann-ray but the names differ: kept apart"]


def test_a_home_page_does_not_conflict_with_a_linkedin_profile():
    assert not conflicting_kinds(
        Keys(url={"linkedin.com/in/jd"}, email={"j@x.org"}),
        Keys(url={"example.org/jane"}, email={"j@x.org"}),
    )


def test_names_in_other_scripts_are_never_folded_together():
    incoming = contacts(
        {"name": "王伟", "org": "Acme"},
        {"name": "محمد علي", "org": "SEIU"},
        {"name": "李娜", "org": "OEC"},
    )
    r = resolve(incoming, contacts())
    assert len(r.added) == 3 and r.merged == []
    assert len(set(r.ids)) == 3


def test_rows_of_one_file_merge_with_each_other_and_say_so():
    r = resolve(
        contacts(
            {"name": "Ann Ray", "email": "ann@x.org"},
            {"name": "Ann Ray", "email": "ANN@x.org", "phone": "415 555 0100"},
        ),
        contacts(),
    )
    assert r.added == [(2, "ann-ray")]
    assert [(m.line, m.id, m.how, m.within_file) for m in r.merged] == [
        (3, "ann-ray", "same email", True)
    ]
    row = r.contacts.set_index("id").loc["ann-ray"]
    assert (row["email"], row["phone"]) == ("ann@x.org", "+14155550100")


def test_a_job_change_by_key_updates_and_keeps_the_former_job():
    r = resolve(
        contacts(
            {
                "name": "Bob Lee",
                "org": "SEIU",
                "title": "Organizer",
                "url": "https://www.linkedin.com/in/bob-lee-1",
            }
        )
    )
    bob = r.contacts.set_index("id").loc["bob-lee"]
    assert (bob["org"], bob["title"]) == ("SEIU", "Organizer")
    assert r.updates == []  # Bob had no organisation: filled, not changed
    r = resolve(
        contacts(
            {"name": "Jane Doe", "org": "SEIU", "title": "Director", "email": "jane@afscme.example"}
        )
    )
    assert r.updates == [
        ("jane-doe", "org", "AFSCME", "SEIU"),
        ("jane-doe", "title", "Rep", "Director"),
    ]
    assert r.affiliations == [
        {"person": "jane-doe", "org": "AFSCME", "title": "Rep", "start": pd.NaT, "end": EXPORT}
    ]
    assert r.merged[0].changed


def test_an_old_organisation_from_a_stale_source_is_a_conflict_not_a_change():
    aff = table_from_rows(
        S.AFFILIATIONS,
        [{"person": "jane-doe", "org": "SEIU", "end": "2023-01-01"}],
    )
    r = resolve(
        contacts({"name": "Jane Doe", "org": "SEIU", "email": "jane@afscme.example"}),
        affiliations=aff,
    )
    assert r.updates == [] and r.affiliations == []
    assert r.conflicts == [("jane-doe", "org", "AFSCME", "SEIU")]


def test_a_row_with_your_own_address_is_you():
    r = resolve(
        contacts({"name": "Alex Rivera", "email": "alex@example.org"}),
        owner=("me", Keys(email={"alex@example.org"})),
    )
    assert list(r.ids) == ["me"] and r.added == []


def test_importing_the_same_rows_again_changes_nothing():
    incoming = contacts(
        {"name": "Ann Ray", "email": "ann@x.org", "tags": "a;b"},
        {"name": "Carl Ode", "phone": "+1 415 555 0100", "org": "SEIU"},
    )
    first = resolve(incoming, contacts())
    second = resolve(incoming, first.contacts)
    assert second.added == []
    assert [m.changed for m in second.merged] == [False, False]
    pd.testing.assert_frame_equal(second.contacts, first.contacts)


def test_names_compatible():
    assert names_compatible("Jane Doe", "jane@x.org")
    assert names_compatible("Jane Doe", "JANE DOE")
    assert not names_compatible("Jane Doe", "Bob Lee")


_person = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["Ann Ray", "Ann Ray Jr.", "Bob Lee", "王伟", "Ann  ray"]),
        "org": st.sampled_from(["", "SEIU", "AFSCME", "seiu"]),
        "email": st.sampled_from(["", "a@x.org", "b@x.org", "A@x.org"]),
        "phone": st.sampled_from(["", "+1 415 555 0100", "415 555 0199"]),
        "url": st.sampled_from(["", "linkedin.com/in/a", "https://linkedin.com/in/b/"]),
    }
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_person, max_size=6), st.lists(_person, max_size=6))
def test_property_counts_add_up_and_different_keys_never_merge(old_rows, new_rows):
    first = resolve(contacts(*old_rows), contacts())
    incoming = contacts(*new_rows)
    r = resolve(incoming, first.contacts)
    assert len(incoming) == len(r.added) + len(r.merged)
    assert len(old_rows) == len(first.added) + len(first.merged)
    # each contact's rows in the order they arrived: none joined keys it conflicted with
    union: dict[str, Keys] = {}
    arrivals = list(zip(old_rows, first.ids, strict=True)) + list(zip(new_rows, r.ids, strict=True))
    for rec, pid in arrivals:
        keys = Keys.of([rec["email"]], [rec["url"]], [rec["phone"]], "US")
        if pid in union:
            assert not conflicting_kinds(union[pid], keys), (pid, union[pid], keys)
            u = union[pid]
            union[pid] = Keys(u.email | keys.email, u.url | keys.url, u.phone | keys.phone)
        else:
            union[pid] = keys


# --------------------------------------------------------------------------- whole columns


def test_a_row_sharing_nothing_with_anyone_is_added_as_a_whole_column():
    r = resolve(
        contacts(
            {"name": "Cy Young", "url": "https://www.linkedin.com/in/cy/", "tags": " a ;a"},
            {"name": "Di Wu", "phone": "(415) 555-0199", "email": "di@x.org; DI@x.org"},
        )
    )
    assert r.added == [(2, "cy-young"), (3, "di-wu")] and r.merged == []
    new = r.contacts.iloc[-2:]
    # as one-by-one adding writes them: tags deduplicated, phones in E.164, emails as given
    assert new[S.TAGS].tolist() == ["a", ""]
    assert new[S.PHONE].tolist() == ["", "+14155550199"]
    assert new[S.EMAIL].tolist() == ["", "di@x.org;DI@x.org"]
    assert new.index.tolist() == [5, 6]


def test_a_known_person_arriving_again_unchanged_is_merged_as_a_whole_column():
    again = contacts(
        {"name": "Bob Lee", "url": "https://www.linkedin.com/in/bob-lee-1/"},
        {"name": "Jane Doe", "email": "jane@afscme.example", "org": "afscme", "title": "Rep "},
    )
    r = resolve(again)
    assert [(m.line, m.id, m.how, m.changed) for m in r.merged] == [
        (2, "bob-lee", "same profile URL", False),
        (3, "jane-doe", "same email", False),
    ]
    pd.testing.assert_frame_equal(r.contacts, EXISTING, check_dtype=False)


def test_a_known_person_with_something_new_is_merged_one_by_one():
    r = resolve(contacts({"name": "Bob Lee", "url": "linkedin.com/in/bob-lee-1", "org": "SEIU"}))
    assert [(m.id, m.how, m.changed) for m in r.merged] == [("bob-lee", "same profile URL", True)]
    assert r.contacts.loc[r.contacts[S.ID] == "bob-lee", S.ORG].tolist() == ["SEIU"]


def test_keys_of_whole_columns():
    from tiegraph.keys import key_table, normalize_urls, split_cells

    cells = pd.Series(["a@x.org; b@x.org", "", None, " c ", "nan"])
    assert list(zip(split_cells(cells).index, split_cells(cells), strict=True)) == [
        (0, "a@x.org"),
        (0, "b@x.org"),
        (3, "c"),
    ]
    urls = pd.Series(["HTTPS://uk.LinkedIn.com/in/Ann/", "http://m.example.org/x/", "n/a", "a b"])
    assert normalize_urls(urls).tolist() == ["linkedin.com/in/ann", "example.org/x", "", ""]
    table = key_table(
        pd.Series(["Ann@X.org;ann@x.org", "N/A"]),
        pd.Series(["", "linkedin.com/in/b"]),
        pd.Series(["(415) 555-0100", ""]),
        "US",
    )
    assert table.values.tolist() == [
        [0, "email", "ann@x.org"],
        [0, "phone", "+14155550100"],
        [1, "url", "linkedin.com/in/b"],
    ]


@st.composite
def _many(draw):
    """Rows where most people are unique (whole columns) and some collide (one by one)."""
    rows = []
    for i in range(draw(st.integers(0, 8))):
        if draw(st.booleans()):
            rows.append(draw(_person))
        else:
            rows.append(
                {
                    "name": f"Person {i}" + draw(st.sampled_from(["", " Jr.", "-2"])),
                    "org": draw(st.sampled_from(["", "SEIU", "Acme"])),
                    "email": draw(st.sampled_from(["", f"p{i}@x.org", "a@x.org"])),
                    "url": draw(st.sampled_from(["", f"linkedin.com/in/p{i}"])),
                    "title": draw(st.sampled_from(["", "Rep"])),
                }
            )
    return rows


@settings(max_examples=150, deadline=None)
@given(_many(), _many(), st.booleans(), st.booleans())
def test_property_whole_columns_resolve_as_one_by_one_does(old_rows, new_rows, repeat, owner):
    import tiegraph.identity as identity

    existing = resolve(contacts(*old_rows), contacts()).contacts
    incoming = contacts(*new_rows, *([r for r in old_rows if "id" not in r] if repeat else []))
    kw = {"owner": ("me", Keys(email={"a@x.org"}))} if owner else {}
    fast = resolve(incoming, existing, **kw)
    whole = identity._classify

    def one_by_one(*args):
        kind, partner, how = whole(*args)
        return kind * 0, partner, how

    identity._classify = one_by_one
    try:
        slow = resolve(incoming, existing, **kw)
    finally:
        identity._classify = whole
    assert list(fast.ids) == list(slow.ids)
    assert (fast.added, fast.merged, fast.conflicts, fast.updates, fast.notes) == (
        slow.added,
        slow.merged,
        slow.conflicts,
        slow.updates,
        slow.notes,
    )
    pd.testing.assert_frame_equal(fast.contacts, slow.contacts, check_dtype=False)
