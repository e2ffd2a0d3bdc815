// Chinese labels (generated from the server's domain into core/vocab.js) and the voting core's words, with the
// mini-program's own ways forward: a member binds their WeChat instead of logging in, and codes are scanned.
const vocab = require('./core/vocab')
const core = require('./core/voting-core')

const WAYS = { login: 'bind', recode: 'rescan' }
const VOTE_SCALE = core.scaleOf('stage_vote')
const GRADE_SCALE = core.scaleOf('satisfaction')

/** A date as the console writes it: 12月28日, with the year when it is not this year's (2024年1月1日). */
function day(value, now = new Date()) {
  const found = /^(\d{4})-(\d{2})-(\d{2})/.exec(value || '')
  if (!found) return ''
  const [, year, month, date] = found
  const thisYear = Number(new Date(now.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 4)) // China's year
  return `${Number(year) === thisYear ? '' : `${year}年`}${Number(month)}月${Number(date)}日`
}

/** A moment from the server in China time: 12月8日 09:30 (the year when it is not this year's). */
function when(value, now = new Date()) {
  const ms = Date.parse(value || '')
  if (Number.isNaN(ms)) return ''
  const china = new Date(ms + 8 * 3600 * 1000).toISOString()
  return `${day(china.slice(0, 10), now)} ${china.slice(11, 16)}`
}

/** What the voter is told, and what they can do next, for an error from the voting API. */
const voteErrorAdvice = (error) => core.voteErrorAdvice(error, WAYS)

module.exports = {
  SESSION_KINDS: vocab.SESSION_KINDS,
  STAGES: vocab.STAGES,
  GROUPS: vocab.GROUPS,
  SESSION_STATES: vocab.SESSION_STATES,
  TASK_KINDS: vocab.TASK_KINDS,
  VOTE_SCALE,
  GRADE_SCALE,
  STATUSES: vocab.STATUSES,
  WARNING_STATES: vocab.WARNING_STATES,
  WARNING_LEVELS: vocab.WARNING_LEVELS,
  REPORT_KINDS: vocab.REPORT_KINDS,
  STEP_FIELDS: vocab.STEP_FIELDS,
  CONVERSION_OUTCOMES: vocab.CONVERSION_OUTCOMES,
  EXTENSION_MONTHS: vocab.EXTENSION_MONTHS,
  WARNING_REPORT_PARTS: vocab.WARNING_REPORT_PARTS,
  day,
  when,
  voteErrorAdvice,
  describeAnswers: core.describeAnswers,
}
