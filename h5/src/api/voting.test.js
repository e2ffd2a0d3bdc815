import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from './request.js'
import { castBallot, loadPending, prepareSubmission, receiptCounted, savedReceipts, sha256Hex, voteErrorAdvice } from './voting.js'

const json = (status, body) => Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }))

describe('casting', () => {
  beforeEach(() => { localStorage.clear(); sessionStorage.clear() })
  afterEach(() => vi.unstubAllGlobals())

  it('re-sends the very same submission after a lost answer, so the server can never count it twice', async () => {
    const sent = []
    let calls = 0
    vi.stubGlobal('fetch', (url, init) => {
      sent.push(JSON.parse(init.body))
      calls += 1
      return calls === 1 ? Promise.reject(new TypeError('network')) : json(200, { receipt: 'ABCD-EFGH', session_id: 5 })
    })
    const answers = { choices: [3] }
    const first = prepareSubmission(5, { code: 'Q-XYZ' }, answers)
    const error = await castBallot(first).catch((e) => e)
    expect(error.retryable).toBe(true)
    // A reload keeps the pending submission, and preparing the same answers again reuses it.
    expect(prepareSubmission(5, { code: 'Q-XYZ' }, { choices: [3] }).submission_id).toBe(first.submission_id)
    await castBallot(loadPending())
    expect(sent[0]).toEqual(sent[1])
    expect(sent[1]).toMatchObject({ session_id: 5, code: 'Q-XYZ', answers, submission_id: first.submission_id })
    expect(loadPending()).toBeNull()
    expect(savedReceipts()[5].receipt).toBe('ABCD-EFGH')
  })

  it('starts a new submission when the answers change', () => {
    const a = prepareSubmission(5, { join: 't' }, { votes: { 1: 'yes' } })
    const b = prepareSubmission(5, { join: 't' }, { votes: { 1: 'no' } })
    expect(a.submission_id).not.toBe(b.submission_id)
    expect(b.join).toBe('t')
  })

  it('checks a receipt locally against the published SHA-256 list', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    const hash = await sha256Hex('ABCD-EFGH')
    vi.stubGlobal('fetch', () => json(200, { receipts: ['00', hash] }))
    expect(await receiptCounted(5, ' ABCD-EFGH ')).toBe(true)
    vi.stubGlobal('fetch', () => json(200, { receipts: ['00'] }))
    expect(await receiptCounted(5, 'ABCD-EFGH')).toBe(false)
  })
})

describe('voteErrorAdvice', () => {
  it.each([
    [409, 'already_voted', '该票码已使用', 'none', '该票码已使用'],
    [409, 'session_closed', '表决已结束', 'none', '表决已经结束'],
    [409, 'session_not_open', '未开始', 'reload', '尚未开始'],
    [422, 'join_expired', '过期', 'rescan', '重新扫描'],
    [404, 'code_invalid', '票码无效', 'recode', '核对票码'],
    [401, 'login_required', '请登录', 'login', '验证党员身份'],
    [0, 'network', '网络连接失败', 'retry', '网络连接失败'],
  ])('%s %s → %s', (status, code, message, action, text) => {
    const advice = voteErrorAdvice(new ApiError(status, code, message))
    expect(advice.action).toBe(action)
    expect(advice.message).toContain(text)
  })
})
