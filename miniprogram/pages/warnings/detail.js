// One warning as its target organization handles it: 签收, 报送 (a yellow card's 书面检讨 in its three parts), a
// document attached from a chat, the notice as PDF. What can be done comes with the warning (allowed_actions).
const { withElder } = require('../../utils/elder')
const warnings = require('../../services/warnings')
const { attempt } = require('../../utils/attempt')
const { WARNING_STATES, WARNING_REPORT_PARTS, day } = require('../../utils/labels')

Page(withElder({
  data: { warning: null, can: {}, parts: [], text: '', busy: '', error: '', done: '' },
  onLoad({ id }) {
    this.id = Number(id)
    return this.load()
  },
  async load() {
    try {
      this.show(await warnings.getWarning(this.id))
    } catch (error) {
      this.setData({ error: error.message })
    }
  },
  show(warning) {
    const can = Object.fromEntries((warning.allowed_actions || []).map((a) => [a, true]))
    const kept = Object.fromEntries(this.data.parts.map((p) => [p.key, p.typed]))
    this.setData({
      warning: { ...warning, stateText: WARNING_STATES[warning.state] || '', deadlineText: day(warning.deadline),
        reportDueText: day(warning.report_due), issuedText: day(warning.issued_on) },
      can, parts: (warning.report_parts || []).map((key) => ({ key, label: WARNING_REPORT_PARTS[key], typed: kept[key] || '' })),
    })
  },
  typeText(event) {
    this.setData({ text: event.detail })
  },
  typePart(event) {
    this.setData({ [`parts[${event.currentTarget.dataset.index}].typed`]: event.detail })
  },
  async run(name, work, done) {
    const { ok, result } = await attempt(this, work, { busy: name })
    if (ok && result) this.setData({ done: done || '' }) // nothing when the chooser was closed
    if (ok && result) this.show(result)
  },
  acknowledge() {
    return this.run('acknowledge', () => warnings.acknowledge(this.id), '已签收')
  },
  report() {
    const parts = Object.fromEntries(this.data.parts.map((p) => [p.key, p.typed.trim()]))
    if (this.data.parts.some((p) => !p.typed.trim())) return this.setData({ error: '请把每一项都填写完整' })
    if (!this.data.parts.length && !this.data.text.trim()) return this.setData({ error: '请填写整改情况' })
    return this.run('report', () => warnings.report(this.id, this.data.text.trim(), parts), '已报送')
  },
  attach() {
    return this.run('attach', () => warnings.chooseAndAttach(this.id), '附件已上传')
  },
  notice() {
    return this.run('notice', () => warnings.noticePdf(this.id).then(() => null))
  },
}))
