import pandas as pd
import pytest

from tiegraph import schema as S
from tiegraph.identity import name_key, resolve_contacts
from tiegraph.io.folder import table_from_rows


def contacts(*rows):
    return table_from_rows(S.CONTACTS, [dict(r) for r in rows])


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
    {"id": "bob-lee", "name": "Bob Lee"},
)


def test_name_key_ignores_case_accents_and_punctuation():
    assert name_key("  José  NÚÑEZ-Smith ") == name_key("jose nunez smith") == "jose nunez smith"


@pytest.mark.parametrize(
    ("incoming", "expected_id", "how"),
    [
        ({"name": "J. Doe", "email": "JANE@afscme.example"}, "jane-doe", "email"),
        ({"name": "jane doe", "org": "afscme"}, "jane-doe", "name and organisation"),
        ({"name": "Jane Doe"}, "jane-doe", "name and organisation"),  # no org on one side
        (
            {"name": "John Smith", "org": "ACME"},
            "jon-smith",
            "similar name at the same organisation (95)",
        ),
        ({"name": "Bob Lee", "org": "SEIU"}, "bob-lee", "name and organisation"),
    ],
)
def test_matches_by_email_then_name_and_org_then_fuzzy(incoming, expected_id, how):
    r = resolve_contacts(EXISTING, contacts(incoming))
    assert list(r.ids) == [expected_id]
    assert r.merged == [(2, expected_id, how)]
    assert r.added == []


def test_never_merges_two_people_with_different_emails():
    r = resolve_contacts(
        EXISTING,
        contacts({"name": "Jane Doe", "org": "AFSCME", "email": "another.jane@example.org"}),
    )
    assert r.added == ["jane-doe-2"] and r.merged == []


def test_a_fuzzy_name_at_another_organisation_is_a_new_person():
    r = resolve_contacts(EXISTING, contacts({"name": "John Smith", "org": "SEIU"}))
    assert r.added == ["john-smith"]


def test_merge_fills_empty_fields_unions_emails_and_tags_and_reports_conflicts():
    r = resolve_contacts(
        EXISTING,
        contacts(
            {
                "name": "Jane Doe",
                "email": "jane@afscme.example;jane@home.example",
                "title": "Director",
                "phone": "+1 555",
                "tags": "canvass",
            }
        ),
    )
    jane = r.contacts.set_index("id").loc["jane-doe"]
    assert jane["email"] == "jane@afscme.example;jane@home.example"
    assert (jane["title"], jane["phone"], jane["tags"]) == ("Rep", "+1 555", "union;canvass")
    assert r.conflicts == [("jane-doe", "title", "Rep", "Director")]


def test_two_rows_of_one_file_for_the_same_new_person_become_one():
    r = resolve_contacts(
        EXISTING,
        contacts(
            {"name": "Priya Raman", "email": "priya@seiu.example"},
            {"name": "P. Raman", "email": "Priya@SEIU.example", "org": "SEIU"},
            {"name": "Ana Lima", "org": "SEIU"},
            {"name": "ana lima", "org": "seiu"},
        ),
    )
    assert list(r.ids) == ["priya-raman", "priya-raman", "ana-lima", "ana-lima"]
    new = r.contacts.set_index("id")
    assert new.loc["priya-raman", "org"] == "SEIU"
    assert len(r.contacts) == len(EXISTING) + 2


def test_new_ids_avoid_reserved_ones_and_existing_rows_are_untouched():
    before = EXISTING.copy()
    r = resolve_contacts(EXISTING, contacts({"name": "Me"}), reserved={"me"})
    assert r.added == ["me-2"]
    pd.testing.assert_frame_equal(EXISTING, before)
