// A secretary's sessions of a day (today by default): open (with the reason the rules ask for when mass
// representatives are too few), close and publish with a confirmation; turnout and result; codes printed as slips
// (the PDF opened in WeChat's viewer, which prints or forwards it); the projector's link.
const config = require('../../config')
const { withElder } = require('../../utils/elder')
const meetings = require('../../services/meetings')
const voting = require('../../services/voting')
const { openPdf } = require('../../utils/request')
const { GROUPS, SESSION_STATES, day } = require('../../utils/labels')
const { resultRows } = require('../../utils/results')

const CONFIRM = {
  open: '开始投票后，投票人范围和应到人数即确定。确定开始？',
  close: '结束后不再接受任何选票，并立即计票。确定结束投票？',
  publish: '公布后大屏和投票人都能看到结果。确定当场公布？',
}
const chinaDate = (ms) => new Date(ms + 8 * 3600 * 1000).toISOString().slice(0, 10)
const today = () => chinaDate(Date.now())
const shifted = (date, days) => chinaDate(Date.parse(`${date}T12:00:00+08:00`) + days * 86400000)

/** wx.showModal as a promise of its answer. */
const ask = (options) => new Promise((resolve) => wx.showModal({ ...options, success: resolve, fail: () => resolve({}) }))
const choose = (itemList) => new Promise((resolve) => wx.showActionSheet({ itemList,
  success: ({ tapIndex }) => resolve(tapIndex), fail: () => resolve(-1) }))

Page(withElder({
  data: { sessions: [], date: '', dateText: '', isToday: true, loaded: false },
  onLoad() {
    this.setDay(today())
  },
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
  setDay(date) {
    this.setData({ date, dateText: day(date), isToday: date === today() })
  },
  pickDate(event) {
    this.setDay(event.detail.value)
    return this.load()
  },
  shiftDay(event) {
    this.setDay(shifted(this.data.date || today(), Number(event.currentTarget.dataset.days)))
    return this.load()
  },
  async load() {
    try {
      const date = this.data.date || today()
      const who = await meetings.me()
      const ofDay = (await meetings.listMeetings(who.org_id)).filter((m) => chinaDate(Date.parse(m.starts_at)) === date)
      const sessions = []
      for (const meeting of ofDay) {
        for (const s of await meetings.listSessions(meeting.id)) {
          sessions.push(await this.describe({ ...s, meetingTitle: meeting.title }))
        }
      }
      this.setData({ sessions, loaded: true })
    } catch (error) {
      wx.showToast({ title: error.message, icon: 'none' })
    }
  },
  async describe(session) {
    // What may be done comes with the session (allowed_actions): open, close, publish, and the result.
    const can = (action) => (session.allowed_actions || []).includes(action)
    const view = { ...session, stateText: SESSION_STATES[session.state], turnoutText: '', rows: [], voting: can('close'),
      canOpen: can('open'), canClose: can('close'), canPublish: can('publish'), canCodes: can('codes'),
      canScreen: can('screen'), canMembers: can('absentee_opinions') || can('paper'),
      membersText: can('absentee_opinions') ? '书面意见、纸质选票' : '纸质选票' }
    if (view.voting) {
      const { groups } = await voting.sessionTurnout(session.id)
      view.turnoutText = Object.keys(groups).map((g) => `${GROUPS[g] || g} ${groups[g].cast}/${groups[g].electorate}`).join('，')
    }
    if (can('result')) view.rows = resultRows(await voting.sessionResult(session.id)).rows
    return view
  },
  async refreshTurnout() {
    if (!this.data.sessions.some((s) => s.voting)) return
    const sessions = await Promise.all(this.data.sessions.map((s) => (s.voting ? this.describe(s) : s)))
    this.setData({ sessions })
  },
  async act(event) {
    const { id, action } = event.currentTarget.dataset
    const { confirm } = await ask({ title: '请确认', content: CONFIRM[action] })
    if (!confirm) return
    try {
      if (action === 'open') await this.open(id)
      else await meetings.transition(id, action)
      await this.load()
    } catch (error) {
      await ask({ title: '未能完成', content: error.message, showCancel: false })
    }
  },
  /** Open; when the rules ask for a reason (too few mass representatives), ask for it and open with it. */
  async open(id) {
    try {
      await meetings.openSession(id)
    } catch (error) {
      if (error.code !== 'mass_reps_below_rule') throw error
      const { confirm, content } = await ask({ title: '需要填写理由', content: '', editable: true,
        placeholderText: `${error.message.replace(/。?如确需开始表决，请填写理由/, '')}。请填写开始表决的理由` })
      if (!confirm) return
      if (!(content || '').trim()) throw new Error('未填写理由，表决没有开始', { cause: error })
      await meetings.openSession(id, content.trim())
    }
  },
  /** Print slips: new codes for a group, or a batch printed before (while its slips may still be printed). */
  async printCodes(event) {
    const { id } = event.currentTarget.dataset
    try {
      const { items, groups } = await meetings.codeBatches(id)
      const fresh = Object.keys(groups).map((g) => ({ group: g,
        label: `生成${GROUPS[g] || g}票码（已生成 ${groups[g].codes}，应到 ${groups[g].should_attend} 人）` }))
      const again = items.filter((b) => b.printable).map((b, n) => ({ batch: b, label: `重新打印第 ${n + 1} 批${GROUPS[b.group] || ''}票码（${b.count} 张）` }))
      const options = [...fresh, ...again]
      const picked = await choose(options.map((o) => o.label))
      if (picked < 0) return
      const option = options[picked]
      if (option.batch) return openPdf(option.batch.slips_pdf)
      const left = Math.max(groups[option.group].should_attend - groups[option.group].codes, 0)
      const { confirm, content } = await ask({ title: `${GROUPS[option.group] || ''}票码张数`, editable: true,
        content: String(left || ''), placeholderText: '张数' })
      const count = Number((content || '').trim())
      if (!confirm) return
      if (!Number.isInteger(count) || count < 1) throw new Error('请填写张数（正整数）')
      const created = await meetings.createCodes(id, option.group, count)
      await openPdf(created.slips_pdf)
    } catch (error) {
      await ask({ title: '未能完成', content: error.message, showCancel: false })
    }
  },
  /** The projector's page (opened on the meeting room's computer, logged in as staff). */
  copyProjector(event) {
    const { id } = event.currentTarget.dataset
    wx.setClipboardData({ data: `${config.h5Base}/screen/${id}`,
      success: () => wx.showToast({ title: '大屏地址已复制，请在会场电脑浏览器中打开', icon: 'none' }) })
  },
}))
