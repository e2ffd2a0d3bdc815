// The inbox of notices and warnings; asks for the subscribe-message permission before the first push.
const { withElder } = require('../../utils/elder')
const notices = require('../../services/notices')

Page(withElder({
  data: { items: [], unread: 0, askable: [] },
  async onShow() {
    try {
      const { items, unread } = await notices.inbox()
      const { templates, grants } = await notices.subscriptionTemplates()
      const askable = templates.map((t) => t.template_id).filter((id) => id && !(grants[id] > 0))
      this.setData({ items, unread, askable })
    } catch (error) {
      wx.showToast({ title: error.message, icon: 'none' })
    }
  },
  // wx.requestSubscribeMessage must come from a tap: the notice bar is that tap.
  async subscribe() {
    const accepted = await notices.askSubscriptions(this.data.askable)
    this.setData({ askable: this.data.askable.filter((id) => accepted.indexOf(id) < 0) })
  },
  open(event) {
    wx.navigateTo({ url: `/pages/inbox/detail?id=${event.detail.noticeId}` })
  },
}))
