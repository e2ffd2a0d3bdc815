// Chinese labels (generated from the server's domain into core/vocab.js) and the voting core's words, with the
// mini-program's own ways forward: a member binds their WeChat instead of logging in, and codes are scanned.
const vocab = require('./core/vocab')
const core = require('./core/voting-core')

const WAYS = { login: 'bind', recode: 'rescan' }
const VOTE_SCALE = core.scaleOf('stage_vote')
const GRADE_SCALE = core.scaleOf('satisfaction')

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
  voteErrorAdvice,
  describeAnswers: core.describeAnswers,
}
