"""The schedule's table: slots in China time, the next run, and when a run is late."""
from datetime import UTC, datetime, timedelta

from server.domain.schedule import NIGHTLY, SCHEDULE, SWEEP


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_the_nightly_slot_is_one_in_the_morning_china_time_whatever_the_utc_date():
    # 01:00 in China is 17:00 UTC the day before
    assert NIGHTLY.slot(utc(2026, 12, 7, 17, 0, 0)) == utc(2026, 12, 7, 17)
    assert NIGHTLY.slot(utc(2026, 12, 7, 16, 59, 59)) == utc(2026, 12, 6, 17)
    assert NIGHTLY.next_after(utc(2026, 12, 7, 17, 0, 1)) == utc(2026, 12, 8, 17)


def test_the_due_scan_runs_after_the_overdue_scan_and_before_the_criteria_scan_that_reads_it():
    names = [step.name for step in NIGHTLY.steps]
    assert names.index("warnings-overdue-scan") < names.index("record-due-scan") < names.index("criteria-scan")


def test_a_sweep_slot_is_the_start_of_its_interval():
    assert SWEEP.slot(utc(2026, 12, 7, 12, 0, 7), every=5) == utc(2026, 12, 7, 12, 0, 5)
    assert SWEEP.next_after(utc(2026, 12, 7, 12, 0, 7), every=5) == utc(2026, 12, 7, 12, 0, 10)


def test_a_nightly_run_is_late_half_an_hour_after_its_slot_and_not_before():
    slot = utc(2026, 12, 7, 17)
    yesterday = slot - timedelta(days=1)
    assert not NIGHTLY.late(yesterday, slot + timedelta(minutes=29))
    assert NIGHTLY.late(yesterday, slot + timedelta(minutes=31))
    assert not NIGHTLY.late(slot, slot + timedelta(hours=5))
    assert NIGHTLY.late(None, slot + timedelta(hours=5))


def test_a_sweep_is_late_after_ten_intervals_without_a_run():
    now = utc(2026, 12, 7, 12)
    assert not SWEEP.late(now - timedelta(seconds=100), now, every=5)
    assert SWEEP.late(now - timedelta(seconds=200), now, every=5)
    assert SWEEP.late(None, now, every=5)


def test_every_entry_has_a_label_and_steps_with_labels():
    for entry in SCHEDULE:
        assert entry.label and entry.steps and all(step.label for step in entry.steps)
        assert (entry.cron is None) != (entry.every_setting is None)


def test_lateness_starts_just_past_its_boundary():
    slot = utc(2026, 12, 7, 17)
    assert not NIGHTLY.late(slot - timedelta(days=1), slot + timedelta(minutes=30))
    assert NIGHTLY.late(slot - timedelta(days=1), slot + timedelta(minutes=30, seconds=1))
    now = utc(2026, 12, 7, 12)
    assert not SWEEP.late(now - timedelta(seconds=110), now, every=5)  # ten intervals and a minute
    assert SWEEP.late(now - timedelta(seconds=111), now, every=5)
