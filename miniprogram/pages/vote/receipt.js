const { withElder } = require('../../utils/elder')
const voting = require('../../services/voting')
const { SESSION_STATES } = require('../../utils/labels')
const { shownReceipt } = require('../../utils/core/voting-core')

Page(withElder({
  data: { receipt: '', shown: '', state: '', stateText: '—', counted: '' },
  onLoad({ session }) {
    this.sessionId = session
    const saved = voting.savedReceipt(session)
    this.setData({ receipt: saved ? saved.receipt : '', shown: saved ? shownReceipt(saved.receipt) : '' })
    this.refresh()
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
