// The voter's side: ballot form, casting (retries never count twice), receipts and published results.
import { ApiError, get, post } from './request.js'

const PENDING_KEY = 'pq_pending_ballot'
const RECEIPTS_KEY = 'pq_receipts'

/** A credential is either {code} (a printed slip) or {join} (the meeting screen's rotating QR). */
export function credentialQuery(credential) {
  return credential.code ? { code: credential.code } : { join: credential.join }
}

export const ballotForm = (credential) => get('/ballot-form', credentialQuery(credential))

function randomId() {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * Prepare a submission: the same object (and its submission_id) is re-sent on every retry, and survives a
 * reload in sessionStorage, so a lost answer can be retried without counting twice.
 */
export function prepareSubmission(sessionId, credential, answers) {
  const pending = loadPending()
  if (pending && pending.session_id === sessionId && JSON.stringify(pending.answers) === JSON.stringify(answers)
      && pending.code === credential.code) {
    return pending
  }
  const submission = { session_id: sessionId, answers, submission_id: randomId(), ...credentialQuery(credential) }
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(submission))
  return submission
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
  const result = await post('/ballots', submission)
  sessionStorage.removeItem(PENDING_KEY)
  rememberReceipt(submission.session_id, result.receipt, submission)
  return result
}

export function rememberReceipt(sessionId, receipt, credential = {}) {
  const all = savedReceipts()
  all[sessionId] = { receipt, ...credentialQuery(credential), at: new Date().toISOString() }
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
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
}

export const sessionResult = (sessionId, viewer) => get(`/sessions/${sessionId}/result`, viewer)
export const sessionTurnout = (sessionId, viewer) => get(`/sessions/${sessionId}/turnout`, viewer)
export const receiptList = (sessionId, viewer) => get(`/sessions/${sessionId}/receipts`, viewer)

/** Whether a receipt is among the counted ones: checked locally against the published SHA-256 list. */
export async function receiptCounted(sessionId, receipt) {
  const { receipts } = await receiptList(sessionId, { receipt })
  return receipts.includes(await sha256Hex(receipt.trim()))
}

/** The voter-facing advice for an error: what happened and what to do next. */
export function voteErrorAdvice(error) {
  if (!(error instanceof ApiError)) return { message: '出现意外错误，请重试', action: 'retry' }
  const byCode = {
    already_voted: { message: `${error.message}。每张票码、每位党员只能投一次票。`, action: 'none' },
    session_not_open: { message: '表决尚未开始，请等主持人宣布开始后再试。', action: 'reload' },
    session_closed: { message: '表决已经结束，不能再投票。公布后可查看结果。', action: 'none' },
    join_expired: { message: '二维码已过期，请重新扫描大屏上的二维码。', action: 'rescan' },
    join_invalid: { message: '二维码无效，请重新扫描大屏上的二维码。', action: 'rescan' },
    code_invalid: { message: '票码无效，请核对票码后重新输入。', action: 'recode' },
    login_required: { message: '扫码投票需要先验证党员身份。', action: 'login' },
  }
  if (byCode[error.code]) return { ...byCode[error.code], detail: error.message }
  if (error.retryable) return { message: error.message, action: 'retry' }
  if (error.status === 429) return { message: error.message, action: 'wait' }
  if (error.status === 401) return { message: '请先验证党员身份后再投票。', action: 'login' }
  return { message: error.message, action: 'none' }
}
