"""The public surface: everything in __all__ exists, is sorted, and is documented."""

import __future__

import inspect

import tiegraph


def test_all_is_sorted_and_unique():
    assert len(set(tiegraph.__all__)) == len(tiegraph.__all__)
    assert tiegraph.__all__ == sorted(tiegraph.__all__, key=lambda n: (not n.isupper(), n))


def test_every_exported_member_exists_and_has_a_docstring():
    for name in tiegraph.__all__:
        member = getattr(tiegraph, name)
        if inspect.isfunction(member) or inspect.isclass(member):
            assert member.__doc__, f"tiegraph.{name} has no docstring"
            assert member.__module__.startswith("tiegraph"), name


def test_public_names_not_in_all_are_modules_or_private():
    exported = set(tiegraph.__all__)
    for name, member in vars(tiegraph).items():
        if name.startswith("_") or inspect.ismodule(member):
            continue
        if isinstance(member, __future__._Feature):
            continue
        assert name in exported, f"tiegraph.{name} is public but not in __all__"
