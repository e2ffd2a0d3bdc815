// A session's members as the secretary handles them from the phone: before the vote, the written opinions (书面意见)
// of members who cannot attend, each entered on the session's own ballot; before and while it is open, the members
// who take a paper ballot instead of scanning, and how many went to the mass representatives. What may be done now
// comes with the session (allowed_actions).
const { withElder } = require('../../utils/elder')
const meetings = require('../../services/meetings')
const { attempt } = require('../../utils/attempt')
const { buildAnswers, describeAnswers, optionsOf, scaleOf, unmarked } = require('../../utils/core/voting-core')

const HINTS = { stage_vote: '请按书面意见对每位人选选择“赞成”“反对”或“弃权”', satisfaction: '请按书面意见对每一项选择满意程度' }

Page(withElder({
  data: { session: null, members: [], options: [], scale: [], hint: '', opinions: false, paper: false, massPaper: '',
    hasMass: false, writing: null, choices: [], ratings: {}, busy: false, error: '', done: '' },

  onLoad({ id }) {
    this.sessionId = Number(id)
    return this.load()
  },

  async load() {
    try {
      const session = await meetings.getSession(this.sessionId)
      const [people, paper, opinions] = await Promise.all([meetings.electorate(this.sessionId),
        meetings.paperState(this.sessionId),
        (session.allowed_actions || []).includes('absentee_opinions') ? meetings.opinions(this.sessionId) : []])
      const options = optionsOf(session)
      const byPerson = Object.fromEntries(opinions.map((o) => [o.person_id, o]))
      const marked = new Set(paper.marked_person_ids)
      const members = ((people.groups.member || {}).people || []).filter((p) => !p.excluded).map((p) => ({
        id: p.id, name: p.name, paper: marked.has(p.id), opinion: byPerson[p.id] || null,
        opinionText: byPerson[p.id] ? describeAnswers(session.kind, byPerson[p.id].answers, options).join('；') : '' }))
      this.setData({ session, members, options, scale: scaleOf(session.kind) || [], hint: HINTS[session.kind] || '',
        opinions: (session.allowed_actions || []).includes('absentee_opinions'),
        paper: (session.allowed_actions || []).includes('paper'), hasMass: Boolean(people.groups.mass),
        massPaper: String((paper.handed_out || {}).mass || ''), error: '' })
    } catch (error) {
      this.setData({ error: error.message })
    }
  },

  run(work, done) {
    return attempt(this, async () => {
      await work()
      await this.load()
    }, { done })
  },

  write(event) {
    const member = this.data.members.find((m) => m.id === Number(event.currentTarget.dataset.id))
    this.setData({ writing: member, choices: [], ratings: {}, error: '', done: '' })
  },
  cancelWriting() {
    this.setData({ writing: null })
  },
  onChoices(event) {
    this.setData({ choices: event.detail.value })
  },
  onRatings(event) {
    this.setData({ ratings: event.detail.value })
  },
  saveOpinion() {
    const { session, options, choices, ratings, writing } = this.data
    const left = unmarked(session.kind, options, ratings)
    if (left) return this.setData({ error: `还有 ${left} 项没有选择` })
    const answers = buildAnswers(session.kind, { choices, marks: ratings })
    return this.run(async () => {
      await meetings.addOpinion(this.sessionId, writing.id, answers)
      this.setData({ writing: null })
    }, `已录入${writing.name}的书面意见，本人会收到录入内容的通知`)
  },
  removeOpinion(event) {
    const member = this.data.members.find((m) => m.id === Number(event.currentTarget.dataset.id))
    return this.run(() => meetings.deleteOpinion(this.sessionId, member.opinion.id), `已删除${member.name}的书面意见`)
  },

  togglePaper(event) {
    const member = this.data.members.find((m) => m.id === Number(event.currentTarget.dataset.id))
    return this.run(() => (member.paper ? meetings.unmarkPaper(this.sessionId, member.id)
      : meetings.markPaper(this.sessionId, member.id)), member.paper ? `${member.name}退回纸质票` : `${member.name}领取纸质票`)
  },
  typeMass(event) {
    this.setData({ massPaper: event.detail })
  },
  saveMass() {
    const count = Number(String(this.data.massPaper).trim() || '0')
    if (!Number.isInteger(count) || count < 0) return this.setData({ error: '请填写张数（整数）' })
    return this.run(() => meetings.handOutPaper(this.sessionId, 'mass', count), `已记录群众代表纸质票 ${count} 张`)
  },
}))
