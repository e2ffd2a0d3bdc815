// A person's record behind a due item: every step with its state and dates, and the step that is due as a form — its
// date and the fields the server says it asks for (谈话人, 培养联系人/入党介绍人 among the branch's full members, 培训
// 天数/学时, 审批结果, 结论, 理由, 备注) — with a document chosen from a chat. The server judges every rule.
const { withElder } = require('../../utils/elder')
const records = require('../../services/records')
const { attempt } = require('../../utils/attempt')
const { chooseDocument } = require('../../utils/files')
const { CONVERSION_OUTCOMES, EXTENSION_MONTHS, STATUSES, STEP_FIELDS, day } = require('../../utils/labels')

const STATE_WORDS = { done: '已完成', open: '可办理', blocked: '受阻', not_yet: '未到' }
const NUMBERS = ['days', 'hours', 'extension_months']
const chinaToday = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
const blank = () => ({ done_on: chinaToday(), talker: '', days: '', hours: '', conclusion: '', reason: '', outcome: '',
  extension_months: '', note: '' })

Page(withElder({
  data: { record: null, steps: [], step: null, asks: {}, people: [], peopleField: '', form: blank(), file: null,
    today: '', busy: false, error: '', done: '', labels: STEP_FIELDS,
    outcomes: Object.keys(CONVERSION_OUTCOMES).map((key) => ({ key, label: CONVERSION_OUTCOMES[key] })),
    extensionHint: `${EXTENSION_MONTHS[0]} 至 ${EXTENSION_MONTHS[1]} 个月，只能延长一次` },

  onLoad({ id, step }) {
    this.personId = Number(id)
    this.wanted = step || ''
    return this.load()
  },

  async load() {
    try {
      const record = await records.personRecord(this.personId)
      const steps = record.steps.map((s) => ({ ...s, stateText: STATE_WORDS[s.state] || '',
        dateText: s.state === 'done' ? day(s.done_on) : s.due_on ? `${day(s.due_on)}前` : '' }))
      const step = steps.find((s) => s.key === this.wanted && s.can_record) || steps.find((s) => s.can_record) || null
      const asks = step ? Object.fromEntries(step.fields.map((f) => [f, true])) : {}
      const peopleField = asks.introducer_ids ? 'introducer_ids' : asks.contact_ids ? 'contact_ids' : ''
      const people = peopleField ? (await records.fullMembers(record.org_id)).map((p) => ({ id: p.id, name: p.name, on: false })) : []
      this.setData({ record: { ...record, statusText: STATUSES[record.status] || '' }, steps, step, asks, people,
        peopleField, form: blank(), file: null, today: chinaToday(), error: '' })
    } catch (error) {
      this.setData({ error: error.message })
    }
  },

  pickDate(event) {
    this.setData({ 'form.done_on': event.detail.value })
  },
  type(event) {
    this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail })
  },
  pickOutcome(event) {
    this.setData({ 'form.outcome': event.currentTarget.dataset.key })
  },
  togglePerson(event) {
    const index = Number(event.currentTarget.dataset.index)
    this.setData({ [`people[${index}].on`]: !this.data.people[index].on })
  },
  async attach() {
    try {
      const file = await chooseDocument()
      if (file) this.setData({ file, error: '' })
    } catch (error) {
      this.setData({ error: error.message })
    }
  },

  /** The body the API takes: the date and each asked field that was filled in. */
  body() {
    const { form, step, people, peopleField } = this.data
    const body = { done_on: form.done_on }
    for (const name of step.fields) {
      if (name === peopleField) {
        const ids = people.filter((p) => p.on).map((p) => p.id)
        if (ids.length) body[name] = ids
      } else if (String(form[name] || '').trim() !== '') {
        body[name] = NUMBERS.includes(name) ? Number(form[name]) : String(form[name]).trim()
      }
    }
    return body
  },

  save() {
    const { step, file } = this.data
    return attempt(this, async () => {
      await records.recordStep(this.personId, step.key, this.body())
      if (file) await records.uploadDocument(this.personId, file, step.key)
      this.wanted = ''
      await this.load()
    }, { done: `已记录：${step.no}. ${step.name}` })
  },
}))
