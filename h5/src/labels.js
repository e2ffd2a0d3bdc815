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

/** A date-time from the server shown in China time, e.g. 11月27日 14:30. */
export function when(value) {
  if (!value) return ''
  return new Date(value).toLocaleString('zh-CN', {
    timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit',
  })
}

export const auditLabel = (action) => AUDIT_ACTIONS[action] || action
