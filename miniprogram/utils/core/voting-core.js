// The voter's side of a secret ballot, without any platform: the H5 and the mini-program both use this file
// (the build copies it into miniprogram/utils/core/, and a test checks the copy is identical).
// It builds answers from what the voter marked, keeps a submission's id across retries, and says what to do
// after an error. Nothing here talks to the network or to storage: each client passes those in.
import { SESSION_KIND_RULES } from './vocab.js'

// A kind's answer key and scale come from the server's domain (generated): a kind with a scale marks every option
// with one of its values; a kind without ticks options.
const rulesOf = (kind) => SESSION_KIND_RULES[kind] || { answer_key: 'choices', scale: null }

/** The scale a voter marks each option with, as [{value, label}], or null for a list of choices. */
/** What a kind's options are called: 候选人, or 评议对象 for a 双评议. */
export const optionsWord = (kind) => rulesOf(kind).options_word || '候选人'

export function scaleOf(kind) {
  const { scale } = rulesOf(kind)
  return scale && Object.keys(scale).map((value) => ({ value, label: scale[value] }))
}

/** A ballot form's options (candidates or subjects): `options` from the server, or the older names. */
export function optionsOf(form) {
  return (form && (form.options || form.candidates || form.subjects)) || []
}

/**
 * The answers in the server's shape, from what the voter marked: `choices` (ids ticked, 两推荐) and `marks`
 * (option id → value of the scale, 四票决 and 双评议).
 */
export function buildAnswers(kind, { choices = [], marks = {} }) {
  const { answer_key: key, scale } = rulesOf(kind)
  return { [key]: scale ? { ...marks } : [...choices] }
}

/** How many options still wait for a mark (a 两推荐 may leave everyone unticked). */
export function unmarked(kind, options, marks = {}) {
  return rulesOf(kind).scale ? options.filter((o) => !marks[o.id]).length : 0
}

/** A ballot's answers as lines of Chinese text, for the confirmation before submitting. */
export function describeAnswers(kind, answers, options) {
  const name = (id) => (options.find((o) => String(o.id) === String(id)) || {}).name || id
  const { answer_key: key, scale } = rulesOf(kind)
  if (!scale) {
    return answers[key].length ? answers[key].map((id) => `推荐：${name(id)}`) : ['不推荐任何人（空白票）']
  }
  return options.map((o) => `${o.name}：${scale[answers[key][o.id]] || '未选'}`)
}

/** A credential is either {code} (a printed slip) or {join} (the meeting screen's QR or the member's ticket). */
export function credentialQuery(credential) {
  return credential.code ? { code: credential.code } : { join: credential.join }
}

/** Bytes as lowercase hex (a submission id from the platform's random bytes; a SHA-256 digest). */
export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * The submission to send: the pending one again when it is the same vote (same session, same answers, same code),
 * so a retry after a lost answer can never count twice; otherwise a new one with a new id. A member's ticket
 * changes when the ballot is reloaded, so the join token is not compared.
 */
export function prepareSubmission(pending, sessionId, credential, answers, newId) {
  if (pending && pending.session_id === sessionId && JSON.stringify(pending.answers) === JSON.stringify(answers)
      && pending.code === credential.code) {
    return pending
  }
  return { session_id: sessionId, answers, submission_id: newId(), ...credentialQuery(credential) }
}

const ADVICE = {
  already_voted: (e) => ({ message: `${e.message}。每张票码、每位党员只能投一次票。`, action: 'none' }),
  session_not_open: () => ({ message: '表决尚未开始，请等主持人宣布开始后再试。', action: 'reload' }),
  session_closed: () => ({ message: '表决已经结束，不能再投票。公布后可查看结果。', action: 'none' }),
  session_cancelled: () => ({ message: '本次表决已作废。', action: 'none' }),
  join_expired: () => ({ message: '二维码已过期，请重新扫描大屏上的二维码。', action: 'rescan' }),
  join_invalid: () => ({ message: '二维码无效，请重新扫描大屏上的二维码。', action: 'rescan' }),
  code_invalid: () => ({ message: '票码无效，请核对票码后重新输入。', action: 'recode' }),
  login_required: () => ({ message: '扫码投票需要先验证党员身份。', action: 'login' }),
  bind_required: () => ({ message: '扫码投票需要先绑定党员身份。', action: 'login' }),
}

/**
 * What the voter is told after an error, and the way forward: none, reload, rescan, recode (type the code
 * again), login (prove membership), retry (same submission), wait (too many attempts). A client whose way
 * forward has another name passes it in `ways` (the mini-program binds instead of logging in).
 */
export function voteErrorAdvice(error, ways = {}) {
  const named = (advice) => ({ ...advice, action: ways[advice.action] || advice.action })
  if (!error || typeof error.status !== 'number') return named({ message: '出现意外错误，请重试', action: 'retry' })
  if (ADVICE[error.code]) return named(ADVICE[error.code](error))
  if (error.status === 0 || error.status >= 500) return named({ message: error.message, action: 'retry' })
  if (error.status === 429) return named({ message: error.message, action: 'wait' })
  if (error.status === 401) return named({ message: '请先验证党员身份后再投票。', action: 'login' })
  return named({ message: error.message || '出现意外错误，请重试', action: 'none' })
}

/** Whether a receipt is a sealed ballot's tracker (64 hex digits) rather than the server's receipt code. */
export const isTracker = (receipt) => /^[0-9a-f]{64}$/i.test(String(receipt || ''))

/** A receipt as shown to read or copy down: a tracker in eight groups of eight, joined by hyphens (where it may break). */
export const shownReceipt = (receipt) => (isTracker(receipt)
  ? String(receipt).toUpperCase().match(/.{8}/g).join('-') : String(receipt || ''))
