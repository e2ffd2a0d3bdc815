"""Which subscribe template a push uses, and which templates the mini-program asks for."""
from server.domain.push_kinds import PUSH_KINDS, push_kind_of, templates_listed


def test_each_notice_kind_is_pushed_with_its_own_template_and_anything_else_as_a_notice():
    assert push_kind_of("warning").key == "warning"
    assert push_kind_of("meeting_reminder").key == "meeting"
    assert push_kind_of("record_due").key == "record_due"
    assert push_kind_of("absentee_opinion").key == "notice"
    assert push_kind_of("something_new").key == "notice"


def test_a_template_shared_by_kinds_is_asked_for_once():
    only_notice = dict.fromkeys(PUSH_KINDS, "T-NOTICE")
    assert templates_listed(only_notice) == [{"template_id": "T-NOTICE", "kind": "notice", "title": "通知提醒"}]
    own = {key: f"T-{key}" for key in PUSH_KINDS}
    assert [t["title"] for t in templates_listed(own)] == ["通知提醒", "会议提醒", "预警通知", "发展环节到期提醒"]
