// Opening a message confirms reading it.
const { withElder } = require('../../utils/elder')
const notices = require('../../services/notices')

Page(withElder({
  data: { item: null },
  async onLoad({ id }) {
    try {
      const { items } = await notices.inbox()
      const item = items.find((i) => String(i.notice_id) === String(id))
      if (!item) return wx.showToast({ title: '消息不存在', icon: 'none' })
      if (!item.read) {
        await notices.markRead(item.notice_id)
        item.read = true
      }
      this.setData({ item })
    } catch (error) {
      wx.showToast({ title: error.message, icon: 'none' })
    }
  },
}))
