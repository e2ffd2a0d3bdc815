// A secretary's sessions of today's meetings: open, close and publish with a confirmation; turnout and result.
const { withElder } = require('../../utils/elder')
const meetings = require('../../services/meetings')
const voting = require('../../services/voting')
const { SESSION_STATES } = require('../../utils/labels')
const { resultRows } = require('../../utils/results')

const CONFIRM = {
  open: '开始投票后，投票人范围和应到人数即确定。确定开始？（群众代表人数不足时请在网页端填写理由）',
  close: '结束后不再接受任何选票，并立即计票。确定结束投票？',
  publish: '公布后大屏和投票人都能看到结果。确定当场公布？',
}
const today = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10) // China date

Page(withElder({
  data: { sessions: [] },
  onShow() {
    this.load()
    this.timer = setInterval(() => this.refreshTurnout(), 2000)
  },
  onHide() {
    clearInterval(this.timer)
  },
  onUnload() {
    clearInterval(this.timer)
  },
  async load() {
    try {
      const who = await meetings.me()
      const todays = (await meetings.listMeetings(who.org_id))
        .filter((m) => new Date(Date.parse(m.starts_at) + 8 * 3600 * 1000).toISOString().slice(0, 10) === today())
      const sessions = []
      for (const meeting of todays) {
        for (const s of await meetings.listSessions(meeting.id)) {
          sessions.push(await this.describe({ ...s, meetingTitle: meeting.title }))
        }
      }
      this.setData({ sessions })
    } catch (error) {
      wx.showToast({ title: error.message, icon: 'none' })
    }
  },
  async describe(session) {
    // What may be done comes with the session (allowed_actions): open, close, publish, and the result.
    const can = (action) => (session.allowed_actions || []).includes(action)
    const view = { ...session, stateText: SESSION_STATES[session.state], turnoutText: '', rows: [], voting: can('close'),
      canOpen: can('open'), canClose: can('close'), canPublish: can('publish') }
    if (view.voting) {
      const { groups } = await voting.sessionTurnout(session.id)
      view.turnoutText = Object.keys(groups).map((g) => `${g === 'member' ? '党员' : '群众代表'} ${groups[g].cast}/${groups[g].electorate}`).join('，')
    }
    if (can('result')) view.rows = resultRows(await voting.sessionResult(session.id)).rows
    return view
  },
  async refreshTurnout() {
    if (!this.data.sessions.some((s) => s.voting)) return
    const sessions = await Promise.all(this.data.sessions.map((s) => (s.voting ? this.describe(s) : s)))
    this.setData({ sessions })
  },
  act(event) {
    const { id, action } = event.currentTarget.dataset
    wx.showModal({
      title: '请确认',
      content: CONFIRM[action],
      success: async ({ confirm }) => {
        if (!confirm) return
        try {
          await meetings.transition(id, action)
          this.load()
        } catch (error) {
          wx.showModal({ title: '未能完成', content: error.message, showCancel: false })
        }
      },
    })
  },
}))
