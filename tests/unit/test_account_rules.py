import pytest

from server.domain.account_rules import may_manage, normalize_username, username_problem


@pytest.mark.parametrize("raw, expected", [("City_Admin", "city_admin"), ("  ｃｉｔｙ  ", "city"), ("A.B", "a.b")])
def test_usernames_are_compared_folded_and_lower_case(raw, expected):
    assert normalize_username(raw) == expected


@pytest.mark.parametrize("name", ["city_admin.", ".city", "ci", "city__admin", "city admin", "市委", "a" * 51, "cіty"])
def test_look_alike_and_odd_usernames_are_refused(name):
    assert username_problem(normalize_username(name)) is not None


@pytest.mark.parametrize("name", ["city_admin", "sec_a1", "wang.li", "zhang-san@nn", "e2e_admin"])
def test_plain_usernames_are_accepted(name):
    assert username_problem(name) is None


def test_colleagues_do_not_manage_each_other_unless_designated():
    assert may_manage("/1/", False, "/1/2/")  # superior staff
    assert not may_manage("/1/", False, "/1/")  # an ordinary colleague
    assert may_manage("/1/", True, "/1/")  # the organization's designated administrator
    assert not may_manage("/1/2/", True, "/1/")  # never upwards
    assert not may_manage("/1/2/", True, "/1/3/")  # nor sideways
