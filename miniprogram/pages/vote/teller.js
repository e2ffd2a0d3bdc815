// A teller (计票人 or 监票人) on their own phone, opened from their link: when the session is sealed by its tellers,
// make the key share with one tap and keep the key card, bring it from the card to another phone, and after the vote
// confirm the tally with one tap. Paper counts are entered on the link's H5 page.
const teller = require('../../services/teller')
const { tellerToken } = require('../../utils/launch')

Page({
  data: { view: null, held: false, card: '', typed: '', busy: false, problem: '', mine: null, other: null },
  onLoad(options) {
    this.token = options.token || tellerToken(decodeURIComponent(options.q || ''))
    this.load()
  },
  async load() {
    try {
      this.show(await teller.page(this.token))
    } catch (error) {
      this.setData({ problem: error.message })
    }
  },
  show(view) {
    const tellers = (view.sealing && view.sealing.tellers) || []
    this.setData({
      view, held: Boolean(view.sealing && view.sealing.my_public_key && teller.heldSecret(view)),
      mine: tellers.find((t) => t.role === view.role) || null, other: tellers.find((t) => t.role !== view.role) || null,
    })
  },
  async run(work) {
    this.setData({ busy: true, problem: '' })
    try {
      await work()
    } catch (error) {
      this.setData({ problem: error.message })
    } finally {
      this.setData({ busy: false })
    }
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
      this.setData({ held: true, typed: '', problem: '' })
    } else {
      this.setData({ problem: '这不是本人的密钥：请核对密钥卡上的 64 位字符' })
    }
  },
  confirm() {
    return this.run(async () => this.show(await teller.confirmTally(this.token, this.data.view)))
  },
})
