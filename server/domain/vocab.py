"""The closed vocabularies of the domain with their Chinese labels."""
from __future__ import annotations

LEVELS = {"city": "市委组织部", "county": "县区委组织部/市直党(工)委", "committee": "基层党(工)委", "branch": "党支部"}
LEVEL_ORDER = ["city", "county", "committee", "branch"]

SECTORS = {
    "rural": "农村",
    "community": "社区",
    "institution": "机关事业单位",
    "soe": "国有企业",
    "two_new": "两新组织",
    "university": "高校",
}

STATUSES = {
    "applicant": "入党申请人",
    "activist": "入党积极分子",
    "target": "发展对象",
    "probationary": "预备党员",
    "member": "正式党员",
    "mass_rep": "群众代表",
    "disqualified": "已取消预备党员资格",
}

GENDERS = {"male": "男", "female": "女"}

ROLES = {"secretary": "支部书记", "org_staff": "组织部门工作人员", "organizer": "特聘组织员"}

# Which levels each role may be attached to.
ROLE_LEVELS = {
    "secretary": {"branch"},
    "org_staff": {"city", "county", "committee"},
    "organizer": {"committee", "county", "city"},
}

EDUCATIONS = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"]


def label_to_key(mapping: dict[str, str], value: str) -> str | None:
    """Accept either the machine key or its Chinese label."""
    value = (value or "").strip()
    if value in mapping:
        return value
    for key, label in mapping.items():
        if label == value:
            return key
    return None


def child_level_allowed(parent_level: str, child_level: str) -> bool:
    """A child sits exactly one level below its parent; committees may nest under committees (总支/党委)."""
    if parent_level == "committee" and child_level == "committee":
        return True
    return LEVEL_ORDER.index(child_level) == LEVEL_ORDER.index(parent_level) + 1


def may_approve(level: str, has_approval_authority: bool) -> bool:
    """Approval authority (审批权限): committees granted it, and every county and the city."""
    return has_approval_authority or level in ("county", "city")

TASK_KINDS = {"attend_vote": "列席表决", "check_publicity": "检查公示", "follow_warning": "跟进整改", "manual": "其他任务",
              "assess_organizer": "年度考核", "follow_up": "提醒谈话", "record_step": "纪实环节"}

# What the audit log's actions mean, for people reading it (操作记录).
AUDIT_ACTIONS = {
    "absentee_opinion.added": "录入书面意见", "absentee_opinion.deleted": "删除书面意见", "account.created": "创建账号",
    "absentee_opinion.scan_added": "上传书面意见扫描件",
    "account.password_changed": "修改密码", "account.updated": "修改账号", "bind_code.created": "生成绑定码",
    "codes.created": "生成票码", "codes.printed": "打印票码条", "electorate.excluded": "不计入应到人数",
    "electorate.included": "撤销不计入", "meeting.created": "召开会议", "meeting.deleted": "删除会议",
    "meeting.updated": "修改会议", "notice.created": "发送通知", "org.created": "新建组织", "org.deleted": "删除组织",
    "org.updated": "修改组织", "organizer.assigned": "分配特聘组织员", "organizer.appointed": "聘任特聘组织员",
    "organizer.assessed": "特聘组织员年度考核", "organizer.renewed": "续聘特聘组织员",
    "organizer.activity": "记录特聘组织员工作", "organizer.report_answered": "答复特聘组织员报告",
    "organizer.recommendation_decided": "处理特聘组织员推荐", "follow_up.order": "责令自查自纠",
    "follow_up.submit": "提交自查说明", "follow_up.accept": "验收自查自纠", "follow_up.return": "退回自查说明",
    "follow_up.talk": "记录提醒谈话", "session.guidance_delegate": "记录派人参会指导", "person.created": "登记人员",
    "person.deleted": "删除人员", "person.updated": "修改人员", "roster.exported": "导出名册", "roster.imported": "导入名册",
    "session.cancelled": "作废表决", "session.closed": "结束投票并计票", "session.created": "新建表决",
    "session.deleted": "删除表决", "session.opened": "开始投票", "session.published": "公布结果", "session.updated": "修改表决",
    "session.sealing_chosen": "选择计票方式", "session.key_published": "计票人生成密钥", "session.decrypted": "计票人确认计票",
    "task.created": "派发任务", "task.done": "完成任务", "warning.escalated": "升级预警", "warning.issued": "发出预警",
    "warning.lifted": "解除预警", "warning.reported": "报送整改情况", "warning.acknowledged": "签收预警",
    "wechat.bound": "绑定微信", "wechat.unbound": "解除微信绑定", "auth.web_ticket_used": "在小程序内打开电脑端页面",
    "warning.notice_printed": "下载预警通知书", "warning.document_added": "上传书面检讨附件",
    "warning.accountability": "记录责任追究",
    "org.hard_to_develop": "标注发展党员难度较大", "work_report.filed": "向市委组织部报送",
    "warning.vanguard_exception": "准予参与先锋模范系列评选", "warning.accountability_document": "上传责任追究附件",
    "calendar.imported": "导入节假日安排", "quarterly.submitted": "报送季报", "quarterly.review": "审阅季报",
    "quarterly.return": "退回季报", "quarterly.circulated": "发出季度情况通报",
    "plan.saved": "制定年度发展计划", "plan.confirmed": "确认年度发展计划", "proposal.dismissed": "不予预警（特殊情况）",
    "objection.answered": "答复公示意见", "objection.decided": "党委认定公示意见", "objection.received": "收到公示意见",
    "paper.ballots_printed": "打印纸质选票", "paper.counted": "计票人录入纸质选票", "paper.handed_out": "发放纸质选票",
    "paper.member_marked": "党员领取纸质选票", "paper.member_unmarked": "撤销纸质选票登记",
    "paper.tellers_appointed": "指定计票人、监票人", "person.status_corrected": "更正身份",
    "publicity.printed": "打印公示", "publicity.started": "开始公示", "record.document_added": "上传纪实材料",
    "record.history_imported": "导入纸质档案环节", "record.printed": "打印纪实表", "record.step": "记录发展环节",
    "review.decided": "党委审查结论", "review.letter_printed": "打印征求意见函", "review.replied": "部门答复",
    "review.requested": "征求部门意见", "session.result_sheet_printed": "打印票决结果单",
}
