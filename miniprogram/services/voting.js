// The voter's side: ballot form, casting with a submission id kept for retries, receipts, results.
const { get, post } = require('../utils/request')

const PENDING_KEY = 'pq_pending_ballot'
const RECEIPTS_KEY = 'pq_receipts'

const credentialQuery = (credential) => (credential.code ? { code: credential.code } : { join: credential.join })
const ballotForm = (credential) => get('/ballot-form', credentialQuery(credential))

function randomId() {
  let id = ''
  for (let i = 0; i < 32; i += 1) id += Math.floor(Math.random() * 16).toString(16)
  return id
}

/** The same submission (and submission_id) is re-sent on every retry, so a retry never counts twice. */
function prepareSubmission(sessionId, credential, answers) {
  const pending = wx.getStorageSync(PENDING_KEY)
  if (pending && pending.session_id === sessionId && JSON.stringify(pending.answers) === JSON.stringify(answers)) {
    return pending
  }
  const submission = { session_id: sessionId, answers, submission_id: randomId(), ...credentialQuery(credential) }
  wx.setStorageSync(PENDING_KEY, submission)
  return submission
}

async function castBallot(submission) {
  const result = await post('/ballots', submission)
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

module.exports = { credentialQuery, ballotForm, prepareSubmission, castBallot, savedReceipt, sessionResult, sessionTurnout, receiptCounted }
