// The console's sections for a role: the phone's home tiles and tab bar and the PC's side navigation come from here,
// so a role is never offered a place it cannot use.
import { may } from './session.js'

const SECTIONS = [
  { to: '/meetings', icon: 'calendar-o', text: '会议与表决', tab: '会议', paths: ['/meetings', '/sessions'], who: 'runs_meetings' },
  { to: '/roster', icon: 'friends-o', text: '党员名册', paths: ['/roster', '/people'], who: 'runs_meetings' },
  { to: '/due', icon: 'underway-o', text: '发展纪实', paths: ['/due'], who: 'staff' },
  { to: '/my-work', icon: 'manager-o', text: '我的工作', paths: ['/my-work'], who: 'organizer' },
  { to: '/tasks', icon: 'todo-list-o', text: '我的任务', tab: '任务', paths: ['/tasks'], tabAlso: ['/my-work'], who: 'organizer' },
  { to: '/notices', icon: 'volume-o', text: '发通知', paths: ['/notices'], who: 'runs_meetings' },
  { to: '/organizers', icon: 'manager-o', text: '特聘组织员', paths: ['/organizers'], who: 'department' },
  { to: '/organizer-mail', icon: 'comment-o', text: '组织员来报', paths: ['/organizer-mail', '/follow-ups'], who: 'runs_meetings' },
  { to: '/inbox', icon: 'envelop-o', text: '收件箱', tab: '消息', paths: ['/inbox'], tabAlso: ['/notices'], who: 'anyone', badge: 'unread' },
  { to: '/warnings', icon: 'warning-o', text: '调控预警', tab: '预警', paths: ['/warnings'], tabAlso: ['/proposals'], who: 'staff' },
  { to: '/proposals', icon: 'bulb-o', text: '预警建议', paths: ['/proposals'], who: 'department' },
  { to: '/stats', icon: 'bar-chart-o', text: '统计分析', paths: ['/stats'], who: 'department' },
  { to: '/plans', icon: 'notes-o', text: '年度计划', paths: ['/plans'], who: 'department' },
  { to: '/quarterly', icon: 'description', text: '季报', paths: ['/quarterly'], who: 'department' },
  { to: '/accounts', icon: 'user-o', text: '账号管理', paths: ['/accounts'], who: 'accounts' },
  { to: '/audit', icon: 'records-o', text: '操作记录', paths: ['/audit'], who: 'staff' },
]

// A section's audience is a place the server names in `may` (server/domain/capabilities.py); the inbox is anyone's.
const inAudience = (who, audience) => audience === 'anyone' || may(who, audience)

export const HOME = { to: '/', icon: 'home-o', text: '首页', tab: '首页', paths: [] }

/** The sections the caller can use, in the order they are shown. */
export function sectionsFor(who) {
  return who ? SECTIONS.filter((s) => inAudience(who, s.who)) : []
}

/** The phone's tab bar: home and the sections that have a tab; a tab also lights for the pages it gathers. */
export function tabsFor(who) {
  return [HOME, ...sectionsFor(who).filter((s) => s.tab).map((s) => ({ ...s, paths: [...s.paths, ...(s.tabAlso || [])] }))]
}

/** The one section a path belongs to (the longest matching prefix), home when none does. */
export function sectionOf(path, sections) {
  let best = HOME
  let length = 0
  for (const s of sections) {
    for (const prefix of s.paths) {
      if ((path === prefix || path.startsWith(`${prefix}/`)) && prefix.length > length) {
        best = s
        length = prefix.length
      }
    }
  }
  return best
}

/** Whether the caller may open a page whose route names its audience (`meta.who`); pages without one are
 * for anyone logged in. The server refuses what a role may not do anyway: this keeps the page from offering it. */
export function mayVisit(route, who) {
  const audience = route.meta && route.meta.who
  return !audience || Boolean(who && inAudience(who, audience))
}
