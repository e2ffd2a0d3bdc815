"""The kinds of push a person can subscribe to in the mini-program (订阅消息): one WeChat template each, asked for at
the moment it matters. Every notice is pushed with the template of its kind; a kind without a template of its own
uses the notice template."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PushKind:
    key: str
    title: str              # what the mini-program names when it asks
    setting: str            # the environment variable holding its template id
    notice_kinds: tuple[str, ...]
    asked_when: str         # for the README and the operator


PUSH_KINDS = {k.key: k for k in (
    PushKind("notice", "通知提醒", "WECHAT_SUBSCRIBE_TEMPLATE_NOTICE", ("notice", "absentee_opinion"),
             "绑定后，以及收件箱的“开启消息提醒”"),
    PushKind("meeting", "会议提醒", "WECHAT_SUBSCRIBE_TEMPLATE_MEETING", ("meeting_reminder",),
             "绑定后，以及投票后“下次会议提醒我”"),
    PushKind("warning", "预警通知", "WECHAT_SUBSCRIBE_TEMPLATE_WARNING", ("warning",),
             "工作人员登录后，以及预警页"),
    PushKind("record_due", "发展环节到期提醒", "WECHAT_SUBSCRIBE_TEMPLATE_RECORD_DUE", ("record_due",),
             "工作人员登录后，以及到期环节页"),
)}

_BY_NOTICE_KIND = {notice_kind: kind for kind in PUSH_KINDS.values() for notice_kind in kind.notice_kinds}


def push_kind_of(notice_kind: str) -> PushKind:
    """The push kind a notice of this kind is sent as (the notice template for anything else)."""
    return _BY_NOTICE_KIND.get(notice_kind, PUSH_KINDS["notice"])


def templates_listed(template_ids: dict[str, str]) -> list[dict]:
    """The templates the mini-program may ask for, one per push kind with its title (a template configured for
    several kinds is listed once, under the first)."""
    seen, listed = set(), []
    for key, kind in PUSH_KINDS.items():
        if template_ids[key] not in seen:
            seen.add(template_ids[key])
            listed.append({"template_id": template_ids[key], "kind": key, "title": kind.title})
    return listed
