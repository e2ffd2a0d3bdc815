// The voter's side: ballot form, casting with a submission id kept for retries, receipts, results.
const core = require('../utils/core/voting-core')
const { SESSION_KIND_RULES } = require('../utils/core/vocab')
const { get, post } = require('../utils/request')

const PENDING_KEY = 'pq_pending_ballot'
const RECEIPTS_KEY = 'pq_receipts'

const { credentialQuery } = core
const ballotForm = (credential) => get('/ballot-form', credentialQuery(credential))

// A submission id only tells a retry from a new vote (the receipt derives from it with the server's key), so
// Math.random's bytes are enough here.
const randomId = () => core.hex(Array.from({ length: 16 }, () => Math.floor(Math.random() * 256)))

/**
 * The same submission (and submission_id) is re-sent on every retry, so a retry never counts twice. A ballot sealed by
 * the tellers is compared by the answers it encrypts, kept beside it and never sent.
 */
function prepareSubmission(sessionId, credential, answers, seal = null) {
  const pending = wx.getStorageSync(PENDING_KEY) || null
  const comparable = pending && pending.plain ? { ...pending, answers: pending.plain } : pending
  const prepared = core.prepareSubmission(comparable, sessionId, credential, answers, randomId)
  if (pending && prepared === comparable) return pending
  const submission = seal ? { ...prepared, answers: { sealed: seal(answers) }, plain: answers } : prepared
  wx.setStorageSync(PENDING_KEY, submission)
  return submission
}

const randomValues = (length) => new Promise((resolve, reject) => wx.getRandomValues({
  length, success: ({ randomValues: buffer }) => resolve(new Uint8Array(buffer)), fail: reject,
}))

/**
 * When the session is sealed by its tellers (DESIGN §12), what encrypts the answers on this phone: the random bytes
 * the proofs need are fetched first (wx.getRandomValues answers asynchronously), then the ballot is built at once.
 */
async function sealerFor(form) {
  if (!form.sealing || form.sealing.sealing !== 'tellers') return null
  const e2e = require('../utils/core/e2e')
  const rules = SESSION_KIND_RULES[form.kind]
  const key = e2e.fromHex(form.sealing.public_key)
  const questions = e2e.layout(rules.answer_key, rules.scale, form.options.map((o) => o.id), form.max_choices)
  const pool = await randomValues(e2e.bytesForBallot(questions))
  let at = 0
  e2e.useRandomBytes((count) => {
    if (at + count > pool.length) throw new Error('not enough random bytes')
    at += count
    return pool.slice(at - count, at)
  })
  const context = e2e.sessionContext(form.sealing.uid, key)
  return (answers) => e2e.encryptBallot(context, key, questions, answers)
}

async function castBallot(submission) {
  const { plain, ...body } = submission // eslint-disable-line no-unused-vars
  const result = await post('/ballots', body)
  wx.removeStorageSync(PENDING_KEY)
  const receipts = wx.getStorageSync(RECEIPTS_KEY) || {}
  receipts[submission.session_id] = { receipt: result.receipt, at: Date.now() }
  wx.setStorageSync(RECEIPTS_KEY, receipts)
  return result
}

const savedReceipt = (sessionId) => (wx.getStorageSync(RECEIPTS_KEY) || {})[sessionId] || null
const sessionResult = (sessionId, viewer) => get(`/sessions/${sessionId}/result`, viewer)
const sessionTurnout = (sessionId, viewer) => get(`/sessions/${sessionId}/turnout`, viewer)
/** Whether a receipt is among the counted ones (after publishing). */
const receiptCounted = (sessionId, receipt) =>
  get(`/sessions/${sessionId}/receipts`, { receipt }).then((r) => r.counted === true)

module.exports = { credentialQuery, ballotForm, prepareSubmission, sealerFor, castBallot, savedReceipt, sessionResult, sessionTurnout, receiptCounted }
