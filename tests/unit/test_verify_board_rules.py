"""tools/verify_board.py recomputes the kind's rule at its boundaries exactly as the server does (domain/tally.py)."""
import importlib.util
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location("verify_board", Path(__file__).resolve().parents[2] / "tools" / "verify_board.py")
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def _recount(kind, session, result, entries, totals, counts):
    report = tool.Report()
    board = {"session": {"kind": kind, **session}, "result": result, "clear": {"paper": {}, "absentee": []},
             "ballot_counts": counts}
    tool.recount(board, entries, totals, report)
    return report.failures == 0


@pytest.mark.parametrize("member, mass, qualifies", [(7, 1, True), (6, 1, False), (7, 0, False)])
def test_a_recommendation_qualifies_at_exactly_70_and_50_percent_and_not_below(member, mass, qualifies):
    entries = [{"group": "member", "question": "choices", "option": "1"}, {"group": "mass", "question": "choices", "option": "1"}]
    row = {"id": 1, "name": "甲", "member_votes": member, "mass_votes": mass}
    counts = {"member": 10, "mass": 2}
    assert _recount("recommendation", {}, {"candidates": [{**row, "qualifies": qualifies}]}, entries, [member, mass], counts)
    assert not _recount("recommendation", {}, {"candidates": [{**row, "qualifies": not qualifies}]}, entries, [member, mass], counts)


@pytest.mark.parametrize("present, yes, passed", [(6, 6, True), (6, 5, False), (5, 5, False)])
def test_a_stage_vote_passes_only_with_more_than_half_of_should_attend_present_and_saying_yes(present, yes, passed):
    entries = [{"group": "member", "question": "votes:1", "option": v} for v in ("yes", "no", "abstain")]
    totals = [yes, present - yes, 0]
    row = {"id": 1, "name": "甲", "yes": yes, "no": present - yes, "abstain": 0}
    session = {"should_attend": 10}
    assert _recount("stage_vote", session, {"candidates": [{**row, "passed": passed}]}, entries, totals, {"member": present})
    assert not _recount("stage_vote", session, {"candidates": [{**row, "passed": not passed}]}, entries, totals, {"member": present})
