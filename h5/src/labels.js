// Chinese labels (generated from the server's domain into core/vocab.js) and how the H5 formats values.
import { AUDIT_ACTIONS } from './core/vocab.js'

export {
  AUDIT_ACTIONS, EDUCATIONS, GENDERS, GRADES, GROUPS, LEVELS, MEETING_KINDS, ROLES, SECTORS, SESSION_KINDS,
  SESSION_STATES, STAGES, STATUSES, TASK_KINDS, VOTE_VALUES, WARNING_CRITERIA, WARNING_CRITERIA_SHORT, WARNING_EVENTS,
  WARNING_LEVELS, WARNING_REPORT_PARTS, WARNING_STATES, WARNING_TOLD_HOW, YELLOW_REPORT_WORKING_DAYS,
  ASSESSMENT_RESULTS, REPORT_KINDS, ACTIVITY_KINDS, SCHEDULE_STATES,
} from './core/vocab.js'
export { describeAnswers, optionsWord } from './core/voting-core.js'

export const percent = (rate) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`)
export const score = (value) => (value === null || value === undefined ? '—' : Number(value).toFixed(2))

// One way to write a date everywhere: 12月8日 this year, 2025年12月8日 another; a time adds 09:30 (China time).
const CHINA = 'Asia/Shanghai'
const parts = (date, options) => Object.fromEntries(new Intl.DateTimeFormat('zh-CN', { timeZone: CHINA, ...options })
  .formatToParts(date).map((p) => [p.type, p.value]))
const thisYear = () => parts(new Date(), { year: 'numeric' }).year

/** A calendar date ('2026-12-08', or a date-time) as 12月8日, with its year when it is not this year's. */
export function day(value) {
  if (!value) return ''
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00+08:00`) : new Date(value)
  const { year, month, day: d } = parts(date, { year: 'numeric', month: 'numeric', day: 'numeric' })
  return `${year === thisYear() ? '' : `${year}年`}${month}月${d}日`
}

/** A date-time from the server, in China time: 12月8日 09:30. */
export function when(value) {
  if (!value) return ''
  const { hour, minute } = parts(new Date(value), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
  return `${day(value)}\u00a0${hour}:${minute}` // a no-break space: the date and its time stay on one line
}

export const auditLabel = (action) => AUDIT_ACTIONS[action] || action
