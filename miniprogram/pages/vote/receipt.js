const { withElder } = require('../../utils/elder')
const voting = require('../../services/voting')
const notices = require('../../services/notices')
const { isLoggedIn } = require('../../utils/request')
const { SESSION_STATES } = require('../../utils/labels')
const { shownReceipt } = require('../../utils/core/voting-core')

Page(withElder({
  data: { receipt: '', shown: '', state: '', stateText: '—', counted: '', askable: [] },
  onLoad({ session }) {
    this.sessionId = session
    const saved = voting.savedReceipt(session)
    this.setData({ receipt: saved ? saved.receipt : '', shown: saved ? shownReceipt(saved.receipt) : '' })
    this.refresh()
    // A member who has just voted: the next meeting's reminder, offered now (voters by code are not logged in).
    if (isLoggedIn()) notices.askableFor(['meeting']).then((askable) => this.setData({ askable }), () => {})
  },
  async remindMe() {
    const accepted = await notices.askSubscriptions(this.data.askable)
    this.setData({ askable: this.data.askable.filter((id) => !accepted.includes(id)) })
    if (accepted.length) wx.showToast({ title: '下次会议前会提醒您', icon: 'none' })
  },
  async refresh() {
    if (!this.data.receipt) return
    try {
      const { state } = await voting.sessionTurnout(this.sessionId, { receipt: this.data.receipt })
      this.setData({ state, stateText: SESSION_STATES[state] || state })
    } catch (error) {
      wx.showToast({ title: error.message, icon: 'none' })
    }
  },
  async check() {
    try {
      const counted = await voting.receiptCounted(this.sessionId, this.data.receipt)
      this.setData({ counted: counted ? 'yes' : 'no' })
    } catch (error) {
      wx.showToast({ title: error.message, icon: 'none' })
    }
  },
  result() {
    wx.navigateTo({ url: `/pages/vote/result?session=${this.sessionId}&receipt=${encodeURIComponent(this.data.receipt)}` })
  },
}))
