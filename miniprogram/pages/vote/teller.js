// A teller (计票人 or 监票人) on their own phone, opened from their link: when the session is sealed by its tellers,
// make the key share with one tap and keep the key card, bring it from the card to another phone, and after the vote
// confirm the tally with one tap. After close, each group's paper ballots (§11): valid and spoiled, and the count per
// candidate or subject; the two tellers' entries must agree before the session is counted.
const teller = require('../../services/teller')
const { attempt } = require('../../utils/attempt')
const { tellerToken } = require('../../utils/launch')

Page({
  data: { view: null, held: false, card: '', typed: '', busy: false, error: '', mine: null, other: null,
    papers: [], entering: false, saving: '', paperProblems: {} },
  onLoad(options) {
    this.token = options.token || tellerToken(decodeURIComponent(options.q || ''))
    this.load()
  },
  async load() {
    try {
      this.show(await teller.page(this.token))
    } catch (error) {
      this.setData({ error: error.message })
    }
  },
  show(view) {
    const tellers = (view.sealing && view.sealing.tellers) || []
    const kept = Object.fromEntries(this.data.papers.map((form) => [form.group, form]))
    const papers = (view.groups || []).map((group) => ({ ...(kept[group.group] || teller.paperForm(view, group)),
      label: group.label, handedOut: group.handed_out, saved: Boolean(group.mine), bothEntered: group.both_entered,
      agreed: group.agreed }))
    this.setData({
      view, held: Boolean(view.sealing && view.sealing.my_public_key && teller.heldSecret(view)),
      mine: tellers.find((t) => t.role === view.role) || null, other: tellers.find((t) => t.role !== view.role) || null,
      papers, entering: view.state === 'closed' && !view.agreed && papers.length > 0,
    })
  },
  /** A number typed into the paper form: data-group, data-field (returned, spoiled) or data-row and data-cell. */
  typePaper(event) {
    const { group, field, row, cell } = event.currentTarget.dataset
    const at = this.data.papers.findIndex((form) => form.group === group)
    const path = field ? `papers[${at}].${field}` : `papers[${at}].rows[${row}].cells[${cell}].typed`
    this.setData({ [path]: event.detail })
  },
  async sendPaper(event) {
    const { group } = event.currentTarget.dataset
    const form = this.data.papers.find((f) => f.group === group)
    this.setData({ saving: group, [`paperProblems.${group}`]: [] })
    try {
      this.show(await teller.enterCount(this.token, group, teller.paperCount(form)))
    } catch (error) {
      this.setData({ [`paperProblems.${group}`]: (error.fields && error.fields.counts) || [error.message] })
    } finally {
      this.setData({ saving: '' })
    }
  },
  run(work) {
    return attempt(this, work)
  },
  makeKey() {
    return this.run(async () => {
      const { page, card } = await teller.makeKey(this.token, this.data.view)
      this.show(page)
      this.setData({ card })
    })
  },
  copyCard() {
    wx.setClipboardData({ data: this.data.card.replace(/\s/g, '') })
  },
  cardKept() {
    this.setData({ card: '' })
  },
  typeCard(event) {
    this.setData({ typed: event.detail })
  },
  useCard() {
    if (teller.useCard(this.data.view, this.data.typed)) {
      this.setData({ held: true, typed: '', error: '' })
    } else {
      this.setData({ error: '这不是本人的密钥：请核对密钥卡上的 64 位字符' })
    }
  },
  confirm() {
    return this.run(async () => this.show(await teller.confirmTally(this.token, this.data.view)))
  },
})
