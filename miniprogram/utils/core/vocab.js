// Generated from server/domain by `python -m server.client_vocab`: do not edit by hand.
// The Chinese labels of the server's vocabularies, shared by the H5 and the mini-program.
export const SESSION_KINDS = {"recommendation": "两推荐", "stage_vote": "四票决", "satisfaction": "双评议"}
export const STAGES = {"activist": "确定入党积极分子", "target": "确定发展对象", "admission": "接收预备党员", "conversion": "预备党员转正"}
export const MEETING_KINDS = {"branch_assembly": "支部党员大会", "branch_committee": "支部委员会", "members_and_masses": "党员和群众代表会议"}
export const SESSION_STATES = {"draft": "草稿", "open": "投票中", "closed": "已结束", "published": "已公布", "cancelled": "已作废"}
export const VOTE_VALUES = {"yes": "赞成", "no": "反对", "abstain": "弃权"}
export const GRADES = {"very_satisfied": "很满意", "satisfied": "满意", "basic": "基本满意", "unsatisfied": "不满意"}
export const GROUPS = {"member": "党员", "mass": "群众代表"}
export const BRANCH_WORK_ID = 0
export const STATUSES = {"applicant": "入党申请人", "activist": "入党积极分子", "target": "发展对象", "probationary": "预备党员", "member": "正式党员", "mass_rep": "群众代表", "disqualified": "已取消预备党员资格"}
export const GENDERS = {"male": "男", "female": "女"}
export const ROLES = {"secretary": "支部书记", "org_staff": "组织部门工作人员", "organizer": "特聘组织员"}
export const LEVELS = {"city": "市委组织部", "county": "县区委组织部/市直党(工)委", "committee": "基层党(工)委", "branch": "党支部"}
export const SECTORS = {"rural": "农村", "community": "社区", "institution": "机关事业单位", "soe": "国有企业", "two_new": "两新组织", "university": "高校"}
export const EDUCATIONS = ["研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下"]
export const TASK_KINDS = {"attend_vote": "列席表决", "check_publicity": "检查公示", "follow_warning": "跟进整改", "manual": "其他任务"}
export const AUDIT_ACTIONS = {"absentee_opinion.added": "录入书面意见", "absentee_opinion.deleted": "删除书面意见", "account.created": "创建账号", "account.password_changed": "修改密码", "account.updated": "修改账号", "bind_code.created": "生成绑定码", "codes.created": "生成票码", "codes.printed": "打印票码条", "electorate.excluded": "不计入应到人数", "electorate.included": "撤销不计入", "meeting.created": "召开会议", "meeting.deleted": "删除会议", "meeting.updated": "修改会议", "notice.created": "发送通知", "org.created": "新建组织", "org.deleted": "删除组织", "org.updated": "修改组织", "organizer.assigned": "分配特聘组织员", "person.created": "登记人员", "person.deleted": "删除人员", "person.updated": "修改人员", "roster.exported": "导出名册", "roster.imported": "导入名册", "session.cancelled": "作废表决", "session.closed": "结束投票并计票", "session.created": "新建表决", "session.deleted": "删除表决", "session.opened": "开始投票", "session.published": "公布结果", "session.updated": "修改表决", "task.created": "派发任务", "task.done": "完成任务", "warning.escalated": "升级预警", "warning.issued": "发出预警", "warning.lifted": "解除预警", "warning.reported": "报送整改情况", "warning.acknowledged": "签收预警", "wechat.bound": "绑定微信", "wechat.unbound": "解除微信绑定"}
export const WARNING_LEVELS = {"verbal": "口头告知", "letter": "函告督办", "yellow": "黄牌警告"}
export const WARNING_STATES = {"issued": "已发出", "acknowledged": "已签收", "reported": "已报送整改情况", "lifted": "已解除"}
export const WARNING_CRITERIA = {"1": "未制定年度发展党员工作计划", "2": "连续三年以上未发展党员、连续两年未培养入党积极分子，或农村未发展35岁及以下党员", "3": "发展党员年度计划数与实际发展数上下浮动超过3%", "4": "年度发展党员结构指标未完成指导性计划调控要求", "5": "发展党员工作制度落实不到位，未按规定时限、程序办理", "6": "把关不严、违规发展党员", "7": "发展党员工作中存在其他突出问题"}
export const RECORD_STAGES = {"applicant": "申请入党", "activist": "入党积极分子的确定和培养教育", "target": "发展对象的确定和考察", "admission": "预备党员的接收", "probation": "预备党员的教育考察和转正"}
export const STEP_STATES = {"done": "已完成", "open": "待办理", "blocked": "待前置环节", "not_yet": "尚未到"}
export const STEP_FIELDS = {"talker": "谈话人", "contact_ids": "培养联系人", "introducer_ids": "入党介绍人", "days": "培训天数", "hours": "培训学时", "conclusion": "结论", "reason": "理由", "outcome": "审批结果", "extension_months": "延长预备期（月）", "note": "备注"}
export const STEP_ACTORS = {"branch": "党支部", "committee": "上级党委", "either": "党支部或上级党委"}
export const CONVERSION_OUTCOMES = {"member": "按期转为正式党员", "extended": "延长预备期", "disqualified": "取消预备党员资格"}
export const EXTENSION_MONTHS = [6, 12]
