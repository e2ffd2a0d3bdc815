// A short notice from a secretary to the whole branch, with the recipient count before sending.
const { withElder } = require('../../utils/elder')
const meetings = require('../../services/meetings')
const notices = require('../../services/notices')

Page(withElder({
  data: { title: '', body: '', count: null, busy: false, error: '' },
  async onLoad() {
    try {
      this.orgId = (await meetings.me()).org_id
      this.setData({ count: (await notices.previewAudience(this.orgId)).recipient_count })
    } catch (error) {
      this.setData({ error: error.message })
    }
  },
  async send() {
    this.setData({ busy: true, error: '' })
    try {
      const notice = await notices.sendNotice(this.orgId, this.data.title, this.data.body)
      wx.showToast({ title: `已发送 ${notice.recipient_count} 人`, icon: 'success' })
      setTimeout(() => wx.navigateBack(), 800)
    } catch (error) {
      this.setData({ error: error.message })
    } finally {
      this.setData({ busy: false })
    }
  },
}))
