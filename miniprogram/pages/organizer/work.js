// 我的工作 of a special organizer, on the phone (as the console's): their organizations and what is due there,
// meeting invitations (attendance recorded on or after the day), reports to the committee and its answers, and
// promising people recommended to a branch.
const { withElder } = require('../../utils/elder')
const organizer = require('../../services/organizer')
const { attempt } = require('../../utils/attempt')
const { REPORT_KINDS, SESSION_STATES, WARNING_LEVELS, day, when } = require('../../utils/labels')

const KINDS = Object.keys(REPORT_KINDS).map((key) => ({ key, label: REPORT_KINDS[key] }))

Page(withElder({
  data: { due: null, reports: [], recommendations: [], error: '', done: '', busy: '', kinds: KINDS,
    report: { kind: 'experience', title: '', body: '' }, pick: { orgIndex: 0, name: '', reason: '' } },
  onShow() {
    return this.load()
  },
  async load() {
    try {
      const [due, reports, recommendations] = await Promise.all([organizer.myDue(), organizer.listReports(),
        organizer.listRecommendations()])
      this.setData({
        error: '',
        due: { ...due,
          organizations: due.organizations.map((o) => ({ ...o, termText: day(o.term_end) })),
          invitations: due.invitations.map((i) => ({ ...i, whenText: when(i.starts_at), heldText: day(i.held_on) })),
          sessions: due.sessions.map((s) => ({ ...s, stateText: SESSION_STATES[s.state] })),
          publicities: due.publicities.map((p) => ({ ...p, endsText: day(p.ends_on) })),
          warnings: due.warnings.map((w) => ({ ...w, levelText: WARNING_LEVELS[w.level] })),
          branchNames: due.branches.map((b) => b.name) },
        reports, recommendations,
      })
    } catch (error) {
      this.setData({ error: error.message })
    }
  },
  async run(name, work, done) {
    const { ok } = await attempt(this, async () => {
      await work()
      await this.load()
    }, { busy: name, done })
    return ok
  },
  attend(event) {
    const { id, attended } = event.currentTarget.dataset
    const yes = attended === true || attended === 'true'
    return this.run(`attend-${id}`, () => organizer.recordAttendance(Number(id), yes), yes ? '已记录列席' : '已记录未列席')
  },
  pickKind(event) {
    this.setData({ 'report.kind': event.currentTarget.dataset.kind })
  },
  typeReport(event) {
    this.setData({ [`report.${event.currentTarget.dataset.field}`]: event.detail })
  },
  async sendReport() {
    const { kind, title, body } = this.data.report
    if (!title.trim() || !body.trim()) return this.setData({ error: '请填写标题和内容' })
    if (await this.run('report', () => organizer.fileReport(kind, title.trim(), body.trim()), '已报送')) {
      this.setData({ 'report.title': '', 'report.body': '' })
    }
  },
  pickBranch(event) {
    this.setData({ 'pick.orgIndex': Number(event.detail.value) })
  },
  typePick(event) {
    this.setData({ [`pick.${event.currentTarget.dataset.field}`]: event.detail })
  },
  async sendPick() {
    const { orgIndex, name, reason } = this.data.pick
    const branch = this.data.due && this.data.due.branches[orgIndex]
    if (!branch || !name.trim() || !reason.trim()) return this.setData({ error: '请选择支部并填写姓名和推荐理由' })
    if (await this.run('pick', () => organizer.recommend(branch.id, name.trim(), reason.trim()), '已推荐')) {
      this.setData({ 'pick.name': '', 'pick.reason': '' })
    }
  },
}))
