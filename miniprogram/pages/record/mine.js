// 我的发展进程: a member's, applicant's or activist's own path to membership — what is done and when, what comes next.
const { withElder } = require('../../utils/elder')
const { myRecord } = require('../../services/records')
const { STATUSES, day } = require('../../utils/labels')

Page(withElder({
  data: { loaded: false, error: '', name: '', statusText: '', next: [], done: [], probationEnds: '', halted: '' },
  onShow() {
    this.load()
  },
  async load() {
    try {
      const record = await myRecord()
      this.setData({
        loaded: true, error: '', name: record.name, statusText: STATUSES[record.status] || '',
        probationEnds: day(record.probation_ends), halted: record.halted || '',
        next: record.next.map((step) => ({ ...step,
          when: step.due_on ? `${step.overdue ? '已逾期，应于' : '应于'}${day(step.due_on)}前完成` : '',
          mark: step.overdue ? '已逾期' : '' })),
        done: record.done.map((step) => ({ ...step, when: day(step.done_on) })).reverse(), // latest first
      })
    } catch (error) {
      this.setData({ loaded: true, error: error.message })
    }
  },
  onPullDownRefresh() {
    this.load().then(() => wx.stopPullDownRefresh())
  },
}))
