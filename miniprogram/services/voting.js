// The voter's side: ballot form, casting with a submission id kept for retries, receipts, results.
const core = require('../utils/core/voting-core')
const { get, post } = require('../utils/request')

const PENDING_KEY = 'pq_pending_ballot'
const RECEIPTS_KEY = 'pq_receipts'

const { credentialQuery } = core
const ballotForm = (credential) => get('/ballot-form', credentialQuery(credential))

// A submission id only tells a retry from a new vote (the receipt derives from it with the server's key), so
// Math.random's bytes are enough here.
const randomId = () => core.hex(Array.from({ length: 16 }, () => Math.floor(Math.random() * 256)))

/** The same submission (and submission_id) is re-sent on every retry, so a retry never counts twice. */
function prepareSubmission(sessionId, credential, answers) {
  const submission = core.prepareSubmission(wx.getStorageSync(PENDING_KEY), sessionId, credential, answers, randomId)
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
