// The voter's side: ballot form, casting (retries never count twice), receipts and published results.
// The rules (answers, submission ids, error advice) are the shared voting core; this module adds the browser.
import * as core from '../core/voting-core.js'
import { get, post } from './request.js'

const PENDING_KEY = 'pq_pending_ballot'
const RECEIPTS_KEY = 'pq_receipts'

export const { credentialQuery } = core
export const ballotForm = (credential) => get('/ballot-form', core.credentialQuery(credential))

const randomId = () => core.hex(crypto.getRandomValues(new Uint8Array(16)))

/**
 * Prepare a submission: the same object (and its submission_id) is re-sent on every retry, and survives a
 * reload in sessionStorage, so a lost answer can be retried without counting twice.
 */
export function prepareSubmission(sessionId, credential, answers, seal = null) {
  const pending = loadPending()
  // A sealed ballot is compared by the answers it encrypts (kept beside it, never sent): a retry resends the same one.
  const comparable = pending && pending.plain ? { ...pending, answers: pending.plain } : pending
  const prepared = core.prepareSubmission(comparable, sessionId, credential, answers, randomId)
  if (pending && prepared === comparable) return pending
  const submission = seal ? { ...prepared, answers: { sealed: seal(answers) }, plain: answers } : prepared
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(submission))
  return submission
}

/**
 * When the session is sealed by its tellers, what encrypts the answers on this phone (the protocol is loaded only
 * then: an ordinary ballot downloads nothing more).
 */
export async function sealerFor(form) {
  if (!form.sealing || form.sealing.sealing !== 'tellers') return null
  const [e2e, { SESSION_KIND_RULES }] = await Promise.all([import('../core/e2e.js'), import('../core/vocab.js')])
  const rules = SESSION_KIND_RULES[form.kind]
  const key = e2e.fromHex(form.sealing.public_key)
  const questions = e2e.layout(rules.answer_key, rules.scale, form.options.map((o) => o.id), form.max_choices)
  const context = e2e.sessionContext(form.sealing.uid, key)
  return (answers) => e2e.encryptBallot(context, key, questions, answers)
}

export function loadPending() {
  try {
    return JSON.parse(sessionStorage.getItem(PENDING_KEY) || 'null')
  } catch {
    return null
  }
}

/** Send a prepared submission; on success remember the receipt on this device and forget the pending copy. */
export async function castBallot(submission) {
  const { plain, ...body } = submission // eslint-disable-line no-unused-vars
  const result = await post('/ballots', body)
  sessionStorage.removeItem(PENDING_KEY)
  rememberReceipt(submission.session_id, result.receipt, submission)
  return result
}

export function rememberReceipt(sessionId, receipt, credential = {}) {
  const all = savedReceipts()
  all[sessionId] = { receipt, ...core.credentialQuery(credential), at: new Date().toISOString() }
  localStorage.setItem(RECEIPTS_KEY, JSON.stringify(all))
}

export function savedReceipts() {
  try {
    return JSON.parse(localStorage.getItem(RECEIPTS_KEY) || '{}')
  } catch {
    return {}
  }
}

export async function sha256Hex(text) {
  return core.hex(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))))
}

export const sessionResult = (sessionId, viewer) => get(`/sessions/${sessionId}/result`, viewer)
export const sessionTurnout = (sessionId, viewer) => get(`/sessions/${sessionId}/turnout`, viewer)
export const receiptList = (sessionId, viewer) => get(`/sessions/${sessionId}/receipts`, viewer)

/** Whether a receipt is among the counted ones: checked locally against the published SHA-256 list. */
export async function receiptCounted(sessionId, receipt) {
  const { receipts } = await receiptList(sessionId, { receipt })
  return receipts.includes(await sha256Hex(receipt.trim()))
}

/** The voter-facing advice for an error: what happened and what to do next (the shared core's words). */
export const voteErrorAdvice = (error) => core.voteErrorAdvice(error)
