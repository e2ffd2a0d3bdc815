const { withElder } = require('../../utils/elder')
const { login, isLoggedIn, needsBinding } = require('../../utils/request')
const { fromLink, tellerToken } = require('../../utils/launch')
const { me } = require('../../services/meetings')
const { inbox } = require('../../services/notices')
const { dueCounts } = require('../../services/records')
const { receivedWarnings } = require('../../services/warnings')

const ROLES = { secretary: '支部书记', org_staff: '组织部门工作人员', organizer: '特聘组织员' }
// The console's PC pages a caller may use (the server's `may`), opened in a web-view (pages/web).
const PC_PLACES = [
  { place: 'stats', title: '统计分析', icon: 'bar-chart-o', who: 'department' },
  { place: 'plans', title: '年度计划', icon: 'notes-o', who: 'department' },
  { place: 'quarterly', title: '季报', icon: 'description', who: 'department' },
  { place: 'roster', title: '党员名册与导入', icon: 'friends-o', who: 'runs_meetings' },
]

/** What waits for staff, on their home page: steps overdue or due within a week (counted by the server), and the
 *  warnings to their own organization still to acknowledge or answer. */
async function whatIsDue(who) {
  const [steps, warnings] = await Promise.all([
    who.role === 'secretary' || who.role === 'organizer' ? dueCounts().catch(() => ({ total: 0 })) : { total: 0 },
    receivedWarnings().catch(() => []),
  ])
  const toAnswer = warnings.filter((w) => (w.allowed_actions || []).some((a) => a === 'acknowledge' || a === 'report')).length
  return {
    steps: steps.total ? `${steps.total} 个${steps.overdue ? `（逾期 ${steps.overdue}）` : ''}` : '',
    warnings: toAnswer ? `${toAnswer} 条待处理` : '',
  }
}

Page(withElder({
  data: { me: null, roleText: '', unread: 0, needsBinding: false, isSecretary: false, isOrganizer: false, isStaff: false, pcPages: [], due: {} },
  async onShow() {
    try {
      if (!isLoggedIn()) await login()
      if (!isLoggedIn()) return this.setData({ needsBinding: needsBinding() })
      const who = await me()
      const { unread } = await inbox()
      this.setData({ me: who, roleText: ROLES[who.role] || '党员', unread, needsBinding: false,
        isSecretary: who.role === 'secretary', isOrganizer: who.role === 'organizer',
        pcPages: PC_PLACES.filter((p) => (who.may || []).includes(p.who)), isStaff: (who.may || []).includes('staff') })
      if (this.data.isStaff) this.setData({ due: await whatIsDue(who) })
    } catch (error) {
      wx.showToast({ title: error.message || '登录失败', icon: 'none' })
    }
  },
  scan() {
    wx.scanCode({
      onlyFromCamera: false,
      success: ({ result }) => {
        const token = tellerToken(result) // a teller's own link: their key and their count
        if (token) return wx.navigateTo({ url: `/pages/vote/teller?token=${token}` })
        const credential = fromLink(result)
        if (!credential) return wx.showToast({ title: '不是本平台的投票二维码', icon: 'none' })
        const query = credential.code ? `code=${encodeURIComponent(credential.code)}` : `join=${encodeURIComponent(credential.join)}`
        wx.navigateTo({ url: `/pages/vote/ballot?${query}` })
      },
    })
  },
  goBind() {
    wx.navigateTo({ url: '/pages/bind/bind' })
  },
  goStaff() {
    wx.navigateTo({ url: '/pages/staff/login' })
  },
}))
