"""The rules every person record keeps, whichever way it arrives."""
from datetime import date

from server.domain.person_rules import PersonValues, missing_fields, person_problems

TODAY = date(2026, 11, 27)


def fields(**values):
    return [field for field, _ in person_problems(PersonValues(**values), TODAY)]


def test_an_applicant_is_18_on_the_day_of_application_to_the_day():
    assert fields(status="applicant", birth_date=date(2000, 3, 1), applied_at=date(2018, 3, 1)) == []
    assert fields(status="applicant", birth_date=date(2000, 3, 1), applied_at=date(2018, 2, 28)) == ["applied_at"]
    # Born on 29 February: 18 years later the day is 28 February.
    assert fields(status="applicant", birth_date=date(2004, 2, 29), applied_at=date(2022, 2, 28)) == []


def test_an_applicant_born_in_2012_who_applied_in_2020_is_refused():
    problems = person_problems(PersonValues(status="applicant", birth_date=date(2012, 5, 1), applied_at=date(2020, 1, 1)),
                               TODAY)
    assert problems == [("applied_at", "申请入党时应年满 18 岁")]


def test_each_status_needs_the_dates_its_rules_read():
    assert fields(status="applicant") == ["applied_at"]
    assert fields(status="activist", applied_at=date(2020, 1, 1)) == ["status_since"]
    assert fields(status="probationary", status_since=date(2025, 1, 1)) == []
    assert fields(status="member") == [] and fields(status="mass_rep") == []


def test_no_status_begins_before_the_application_and_no_date_lies_ahead():
    assert fields(status="activist", applied_at=date(2020, 1, 1), status_since=date(2019, 12, 31)) == ["status_since"]
    assert fields(status="activist", applied_at=date(2020, 1, 1), status_since=date(2020, 1, 1)) == []
    assert fields(status="member", birth_date=date(2026, 11, 28)) == ["birth_date"]
    assert fields(status="member", birth_date=TODAY) == []


def test_a_record_without_id_card_or_phone_is_incomplete_not_invalid():
    present = {"id_card": False, "phone": True, "birth_date": True, "gender": True}
    assert missing_fields("applicant", present) == ["身份证号"]
    assert missing_fields("mass_rep", {}) == []
