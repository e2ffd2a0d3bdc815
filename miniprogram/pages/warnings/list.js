// Warnings of the caller's organizations (a secretary's branch receives them), open ones first, overdue marked.
const { withElder } = require('../../utils/elder')
const { listWarnings } = require('../../services/warnings')
const { WARNING_STATES, day } = require('../../utils/labels')

Page(withElder({
  data: { items: [], loaded: false, error: '' },
  onShow() {
    this.load()
  },
  async load() {
    try {
      const items = (await listWarnings()).map((w) => ({ ...w,
        title: `${w.level_text}：${w.criterion_text}`,
        label: `${w.org_name} · ${WARNING_STATES[w.state] || ''}${w.deadline ? ` · 整改期限 ${day(w.deadline)}` : ''}`,
        mark: w.overdue ? '已逾期' : '' }))
      items.sort((a, b) => Number(a.state === 'lifted') - Number(b.state === 'lifted'))
      this.setData({ items, loaded: true, error: '' })
    } catch (error) {
      this.setData({ loaded: true, error: error.message })
    }
  },
  onPullDownRefresh() {
    this.load().then(() => wx.stopPullDownRefresh())
  },
}))
