// Steps of the development record due within a week or overdue, in the caller's organizations (daily scan).
const { withElder } = require('../../utils/elder')
const { dueList } = require('../../services/records')
const { day } = require('../../utils/labels')

Page(withElder({
  data: { items: [], overdue: 0, loaded: false },
  onShow() {
    this.load()
  },
  async load() {
    try {
      const items = (await dueList()).map((item) => ({ ...item, title: `${item.name}：${item.no}. ${item.step}`,
        label: `${item.org_name} · 应于 ${day(item.due_on)}前完成`, mark: item.overdue ? '已逾期' : '7 天内到期' }))
      this.setData({ items, overdue: items.filter((i) => i.overdue).length, loaded: true })
    } catch (error) {
      wx.showToast({ title: error.message, icon: 'none' })
    }
  },
  onPullDownRefresh() {
    this.load().then(() => wx.stopPullDownRefresh())
  },
}))
