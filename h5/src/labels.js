// Chinese labels of the server's vocabularies (server/domain/vocab.py, ballots.py, warnings.py).
export const SESSION_KINDS = { recommendation: '两推荐', stage_vote: '四票决', satisfaction: '双评议' }
export const STAGES = {
  activist: '确定入党积极分子', target: '确定发展对象', admission: '接收预备党员', conversion: '预备党员转正',
}
export const VOTE_VALUES = { yes: '赞成', no: '反对', abstain: '弃权' }
export const GRADES = { very_satisfied: '很满意', satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' }
export const GROUPS = { member: '党员', mass: '群众代表' }
export const SESSION_STATES = { draft: '草稿', open: '投票中', closed: '已结束', published: '已公布', cancelled: '已作废' }
export const MEETING_KINDS = {
  branch_assembly: '支部党员大会', branch_committee: '支部委员会', members_and_masses: '党员和群众代表会议',
}
export const STATUSES = {
  applicant: '入党申请人', activist: '入党积极分子', target: '发展对象', probationary: '预备党员', member: '正式党员',
  mass_rep: '群众代表',
}
export const ROLES = { secretary: '支部书记', org_staff: '组织部门工作人员', organizer: '特聘组织员' }
export const WARNING_LEVELS = { verbal: '口头告知', letter: '函告督办', yellow: '黄牌警告' }
export const WARNING_STATES = { issued: '已发出', acknowledged: '已签收', reported: '已报送整改情况', lifted: '已解除' }
export const TASK_KINDS = { attend_vote: '列席表决', check_publicity: '检查公示', follow_warning: '跟进整改', manual: '其他任务' }

export const percent = (rate) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`)
export const score = (value) => (value === null || value === undefined ? '—' : Number(value).toFixed(2))

/** A date-time from the server shown in China time, e.g. 11月27日 14:30. */
export function when(value) {
  if (!value) return ''
  return new Date(value).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit',
  })
}

/** A ballot's answers as lines of Chinese text, for the confirmation before submitting. */
export function describeAnswers(kind, answers, options) {
  const name = (id) => (options.find((o) => String(o.id) === String(id)) || {}).name || id
  if (kind === 'recommendation') {
    return answers.choices.length ? answers.choices.map((id) => `推荐：${name(id)}`) : ['不推荐任何人（空白票）']
  }
  if (kind === 'stage_vote') return options.map((o) => `${o.name}：${VOTE_VALUES[answers.votes[o.id]] || '未选'}`)
  return options.map((o) => `${o.name}：${GRADES[answers.ratings[o.id]] || '未选'}`)
}

export const AUDIT_ACTIONS = {
  'absentee_opinion.added': '录入书面意见', 'absentee_opinion.deleted': '删除书面意见', 'account.created': '创建账号',
  'account.password_changed': '修改密码', 'account.updated': '修改账号', 'bind_code.created': '生成绑定码',
  'codes.created': '生成票码', 'codes.printed': '打印票码条', 'electorate.excluded': '不计入应到人数',
  'electorate.included': '撤销不计入', 'meeting.created': '召开会议', 'meeting.deleted': '删除会议',
  'meeting.updated': '修改会议', 'notice.created': '发送通知', 'org.created': '新建组织', 'org.deleted': '删除组织',
  'org.updated': '修改组织', 'organizer.assigned': '分配特聘组织员', 'person.created': '登记人员',
  'person.deleted': '删除人员', 'person.updated': '修改人员', 'roster.exported': '导出名册', 'roster.imported': '导入名册',
  'session.cancelled': '作废表决', 'session.closed': '结束投票并计票', 'session.created': '新建表决',
  'session.deleted': '删除表决', 'session.opened': '开始投票', 'session.published': '公布结果', 'session.updated': '修改表决',
  'task.created': '派发任务', 'task.done': '完成任务', 'warning.escalated': '升级预警', 'warning.issued': '发出预警',
  'warning.lifted': '解除预警', 'warning.reported': '报送整改情况', 'warning.acknowledged': '签收预警',
  'wechat.bound': '绑定微信', 'wechat.unbound': '解除微信绑定',
}
export const auditLabel = (action) => AUDIT_ACTIONS[action] || action
