from datetime import date

import pytest

from server.domain import identity


def test_valid_id_card_passes_checksum_and_yields_birth_and_gender():
    number = "450103198503120018"
    assert identity.id_card_error(number) is None
    assert identity.birth_from_id_card(number) == date(1985, 3, 12)
    assert identity.gender_from_id_card(number) == "male"
    assert identity.gender_from_id_card("450103199511230027") == "female"


@pytest.mark.parametrize("number, reason", [
    ("450103198503120019", "校验位"),
    ("45010319850312001", "18 位"),
    ("45010319851312001" + identity.id_check_digit("45010319851312001"), "出生日期"),
    ("ABCDEFGHIJKLMNOPQR", "18 位"),
])
def test_invalid_id_cards_are_explained_in_chinese(number, reason):
    assert reason in identity.id_card_error(number)


def test_lowercase_x_check_digit_is_accepted():
    first = "11010519491231002"
    digit = identity.id_check_digit(first)
    assert identity.id_card_error((first + digit).lower()) is None


def test_masks_keep_only_the_ends():
    assert identity.mask_id_card("450103198503120018") == "450103********0018"
    assert identity.mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize("phone, ok", [("13812345678", True), ("12812345678", False), ("1381234567", False)])
def test_phone_numbers_must_be_mainland_mobiles(phone, ok):
    assert (identity.phone_error(phone) is None) is ok


@pytest.mark.parametrize("written, number", [
    ("13812345678", "13812345678"), ("138 1234 5678", "13812345678"), ("+86 138-1234-5678", "13812345678"),
    ("8613812345678", "13812345678"), ("12812345678", None), ("1381234567", None), ("１３８１２３４５６７８", None), ("", None),
])
def test_a_phone_number_is_compared_as_its_eleven_digits(written, number):
    assert identity.normalize_phone(written) == number
