import pytest

from tiegraph import ConfigError, DataError, NoPathError, NotFoundError, TiegraphError


@pytest.mark.parametrize(
    ("exc", "builtin"),
    [
        (DataError("contacts.csv", "is bad", row=2), ValueError),
        (ConfigError("network.toml: bad"), ValueError),
        (NotFoundError("organisation", "AFSME"), KeyError),
        (NoPathError("AFSCME", "raise max_hops"), LookupError),
    ],
)
def test_every_error_is_a_tiegraph_error_and_its_builtin(exc, builtin):
    assert isinstance(exc, TiegraphError)
    assert isinstance(exc, builtin)


def test_data_error_is_one_line_with_file_row_column_value():
    exc = DataError(
        "/home/u/net/contacts.csv", "is not an email address", row=14, column="email", value="bob@"
    )
    assert str(exc) == "contacts.csv:14: column 'email': 'bob@' is not an email address"
    assert (exc.file, exc.row, exc.column, exc.value) == (
        "/home/u/net/contacts.csv",
        14,
        "email",
        "bob@",
    )


def test_data_error_without_row_or_value():
    assert str(DataError("jobs.csv", "file is empty")) == "jobs.csv: file is empty"


def test_data_error_keeps_an_explicit_none_value():
    assert str(DataError("a.csv", "is missing", row=3, column="x", value=None)) == (
        "a.csv:3: column 'x': None is missing"
    )


def test_not_found_error_suggests_and_is_not_quoted_like_keyerror():
    exc = NotFoundError("organisation", "AFSME", ["AFSCME", "SEIU"])
    assert str(exc) == "unknown organisation 'AFSME'; did you mean: AFSCME, SEIU?"
    assert exc.suggestions == ["AFSCME", "SEIU"]
    assert str(NotFoundError("contact", "zed")) == "unknown contact 'zed'"


def test_no_path_error_says_which_limit_to_relax():
    exc = NoPathError("AFSCME", "no chain within 2 hops; try max_hops=3")
    assert str(exc) == "no introduction chain to AFSCME: no chain within 2 hops; try max_hops=3"
