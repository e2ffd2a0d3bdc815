// Chinese labels of the server's vocabularies, and the voter's advice for each refusal (as in the H5).
const SESSION_KINDS = { recommendation: '两推荐', stage_vote: '四票决', satisfaction: '双评议' }
const STAGES = { activist: '确定入党积极分子', target: '确定发展对象', admission: '接收预备党员', conversion: '预备党员转正' }
const VOTE_SCALE = [{ value: 'yes', label: '赞成' }, { value: 'no', label: '反对' }, { value: 'abstain', label: '弃权' }]
const GRADE_SCALE = [{ value: 'very_satisfied', label: '很满意' }, { value: 'satisfied', label: '满意' },
  { value: 'basic', label: '基本满意' }, { value: 'unsatisfied', label: '不满意' }]
const GROUPS = { member: '党员', mass: '群众代表' }
const SESSION_STATES = { draft: '草稿', open: '投票中', closed: '已结束', published: '已公布', cancelled: '已作废' }
const TASK_KINDS = { attend_vote: '列席表决', check_publicity: '检查公示', follow_warning: '跟进整改', manual: '其他任务' }

/** What the voter is told, and what they can do next, for an error from the voting API. */
function voteErrorAdvice(error) {
  const byCode = {
    already_voted: { message: `${error.message}。每张票码、每位党员只能投一次票。`, action: 'none' },
    session_not_open: { message: '表决尚未开始，请等主持人宣布开始后再试。', action: 'reload' },
    session_closed: { message: '表决已经结束，不能再投票。公布后可查看结果。', action: 'none' },
    join_expired: { message: '二维码已过期，请重新扫描大屏上的二维码。', action: 'rescan' },
    join_invalid: { message: '二维码无效，请重新扫描大屏上的二维码。', action: 'rescan' },
    code_invalid: { message: '票码无效，请核对票码后重新输入。', action: 'rescan' },
    bind_required: { message: '扫码投票需要先绑定党员身份。', action: 'bind' },
  }
  if (byCode[error.code]) return byCode[error.code]
  if (error.status === 0 || error.status >= 500) return { message: error.message, action: 'retry' }
  return { message: error.message || '出现意外错误，请重试', action: 'none' }
}

function describeAnswers(kind, answers, options) {
  const name = (id) => (options.find((o) => String(o.id) === String(id)) || {}).name || id
  const label = (scale, value) => (scale.find((s) => s.value === value) || {}).label || '未选'
  if (kind === 'recommendation') {
    return answers.choices.length ? answers.choices.map((id) => `推荐：${name(id)}`) : ['不推荐任何人（空白票）']
  }
  if (kind === 'stage_vote') return options.map((o) => `${o.name}：${label(VOTE_SCALE, answers.votes[o.id])}`)
  return options.map((o) => `${o.name}：${label(GRADE_SCALE, answers.ratings[o.id])}`)
}

module.exports = { SESSION_KINDS, STAGES, VOTE_SCALE, GRADE_SCALE, GROUPS, SESSION_STATES, TASK_KINDS, voteErrorAdvice, describeAnswers }
