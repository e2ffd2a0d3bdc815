from datetime import date

import pytest

from server.domain import credentials, eligibility
from server.domain.eligibility import PersonFacts

MEETING = date(2026, 11, 27)


def facts(**kw):
    return PersonFacts(**{"name": "某人", "status": "applicant", **kw})


def test_recommendation_candidates_applied_at_least_six_months_before_the_meeting():
    assert eligibility.recommendation_candidate_problem(facts(applied_at=date(2026, 5, 27)), MEETING) is None
    problem = eligibility.recommendation_candidate_problem(facts(applied_at=date(2026, 5, 28)), MEETING)
    assert "不满 6 个月" in problem and "某人" in problem
    assert "不是入党申请人" in eligibility.recommendation_candidate_problem(facts(status="activist"), MEETING)


def test_six_months_from_august_31_ends_on_the_last_day_of_february():
    assert eligibility.add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)


def test_satisfaction_subjects_were_admitted_last_calendar_year():
    assert eligibility.satisfaction_subject_problem(facts(status="probationary", probationary_at=date(2025, 1, 1)), MEETING) is None
    assert eligibility.satisfaction_subject_problem(facts(status="member", probationary_at=date(2025, 12, 31)), MEETING) is None
    assert eligibility.satisfaction_subject_problem(facts(status="probationary", probationary_at=date(2026, 1, 1)), MEETING)


@pytest.mark.parametrize("sector, staff, members, required", [
    ("rural", None, 20, 30), ("community", 500, 20, 30), ("soe", 150, 20, 30), ("two_new", 80, 10, 24),
    ("two_new", 99, 10, 30), ("soe", 10, 3, 3), ("institution", 60, 25, 35), ("university", None, 10, None),
])
def test_mass_representative_numbers(sector, staff, members, required):
    assert eligibility.required_mass_reps(sector, staff, members).required == required


KEY = b"k" * 32


def test_join_tokens_rotate_every_30_seconds_with_one_window_of_grace():
    token, expires = credentials.join_token(KEY, 7, 1000.0)
    assert expires == 1020.0  # window 33 covers 990..1020
    assert credentials.read_join_token(KEY, token, 1019.9) == 7
    assert credentials.read_join_token(KEY, token, 1049.9) == 7   # previous window still accepted
    with pytest.raises(credentials.JoinTokenError) as info:
        credentials.read_join_token(KEY, token, 1050.0)
    assert info.value.reason == "expired"


def test_forged_or_foreign_join_tokens_are_invalid():
    token, _ = credentials.join_token(KEY, 7, 1000.0)
    sid, window, mac = token.split(".")
    for bad in (f"8.{window}.{mac}", f"{sid}.{int(window) + 1}.{mac}", "garbage", ""):
        with pytest.raises(credentials.JoinTokenError):
            credentials.read_join_token(KEY, bad, 1000.0)
    with pytest.raises(credentials.JoinTokenError):
        credentials.read_join_token(b"x" * 32, token, 1000.0)


def test_codes_have_at_least_80_random_bits_and_carry_their_group():
    import math

    code = credentials.new_code("mass")
    assert credentials.group_of(code) == "mass" and credentials.group_of(credentials.new_code("member")) == "member"
    assert credentials.CODE_RANDOM_CHARS * math.log2(len(credentials.ALPHABET)) >= 80
    assert credentials.normalize(code.lower().replace("-", " ")) == credentials.normalize(code)
    assert len({credentials.new_code("member") for _ in range(1000)}) == 1000


def test_receipts_hash_as_shown_and_derived_receipts_repeat():
    receipt = credentials.new_receipt()
    import hashlib

    assert credentials.receipt_hash(receipt) == hashlib.sha256(receipt.encode()).hexdigest()
    assert credentials.receipt_from(KEY, "1", "a") == credentials.receipt_from(KEY, "1", "a")
    assert credentials.receipt_from(KEY, "1", "a") != credentials.receipt_from(KEY, "1", "b")


def test_access_log_lines_never_show_codes_or_join_tokens():
    import logging

    from server.log_filters import MaskCredentials

    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1,
                               '127.0.0.1 - - "GET /api/v1/ballot-form?code=Q-2222-3333-4444-55555&x=1 HTTP/1.1" %s',
                               (200,), None)
    MaskCredentials().filter(record)
    assert record.getMessage() == '127.0.0.1 - - "GET /api/v1/ballot-form?code=***&x=1 HTTP/1.1" 200'
    join = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "GET /api/v1/ballot-form?join=%s", ("7.1.ab",), None)
    MaskCredentials().filter(join)
    assert "7.1.ab" not in join.getMessage()
