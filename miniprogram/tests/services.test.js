const { freshWx } = require('./wx-mock')

let wx
beforeEach(() => {
  wx = freshWx()
})

test('a vote retried after a lost answer re-sends the same submission and stores the receipt', async () => {
  const voting = require('../services/voting')
  const answers = { votes: { 11: 'yes' } }
  const first = voting.prepareSubmission(5, { join: 't' }, answers)
  wx.failNext()
  expect((await voting.castBallot(first).catch((e) => e)).retryable).toBe(true)
  const again = voting.prepareSubmission(5, { join: 't' }, { votes: { 11: 'yes' } })
  expect(again.submission_id).toBe(first.submission_id)
  wx.answer(200, { receipt: 'ABCD-EFGH', session_id: 5 })
  await voting.castBallot(again)
  expect(wx.requests[0].data).toEqual(wx.requests[1].data)
  expect(voting.savedReceipt(5).receipt).toBe('ABCD-EFGH')
  expect(wx.getStorageSync('pq_pending_ballot')).toBe('')
})

test('the receipt check asks the server whether the receipt is counted', async () => {
  const voting = require('../services/voting')
  wx.answer(200, { receipts: ['aa'], counted: true })
  expect(await voting.receiptCounted(5, 'ABCD-EFGH')).toBe(true)
  expect(wx.requests[0].url).toMatch(/\/sessions\/5\/receipts\?receipt=ABCD-EFGH$/)
})

test('granted subscribe templates are told to the server; refused ones are not', async () => {
  const notices = require('../services/notices')
  wx.requestSubscribeMessage.mockImplementation(({ success }) => success({ T1: 'accept', T2: 'reject' }))
  wx.answer(200, null)
  expect(await notices.askSubscriptions(['T1', 'T2'])).toEqual(['T1'])
  expect(wx.requests[0].url).toMatch(/\/wechat\/subscriptions$/)
  expect(wx.requests[0].data).toEqual({ accepted: ['T1'] })
})

test('messages for voters are the same as on the H5, with a way forward', () => {
  const { voteErrorAdvice } = require('../utils/labels')
  const { ApiError } = require('../utils/request')
  expect(voteErrorAdvice(new ApiError(409, 'already_voted', '该票码已使用'))).toEqual(
    { message: '该票码已使用。每张票码、每位党员只能投一次票。', action: 'none' })
  expect(voteErrorAdvice(new ApiError(422, 'join_expired', 'x')).action).toBe('rescan')
  expect(voteErrorAdvice(new ApiError(401, 'bind_required', 'x')).action).toBe('bind')
  expect(voteErrorAdvice(new ApiError(0, 'network', '网络连接失败')).action).toBe('retry')
})

test.each([
  [{ q: encodeURIComponent('https://dangjian.example.cn/h5/vote?join=12.63333333.abcdef0123456789abcd') }, { join: '12.63333333.abcdef0123456789abcd' }],
  [{ q: encodeURIComponent('https://dangjian.example.cn/h5/vote#code=q-abcd-efgh-jkmn-pqrst') }, { code: 'Q-ABCD-EFGH-JKMN-PQRST' }],
  [{ scene: encodeURIComponent('12.63333333.abcdef012345') }, { join: '12.63333333.abcdef012345' }],
  [{ code: 'M-2345-6789-ABCD-EFGHJ' }, { code: 'M-2345-6789-ABCD-EFGHJ' }],
  [{}, null],
])('the ballot page finds its credential in the launch options %#', (options, credential) => {
  const { credentialFromOptions } = require('../utils/launch')
  expect(credentialFromOptions(options)).toEqual(credential)
})

test('a scanned text is a link, a code, or nothing we know', () => {
  const { fromLink } = require('../utils/launch')
  expect(fromLink('Q-ABCD-EFGH-JKMN-PQRST')).toEqual({ code: 'Q-ABCD-EFGH-JKMN-PQRST' })
  expect(fromLink('https://example.com/other')).toBeNull()
})

test('a ballot of a session sealed by its tellers is encrypted and proved on the phone, and retried unchanged', async () => {
  const e2e = require('../utils/core/e2e')
  const voting = require('../services/voting')
  const secret = e2e.readSecret('11'.repeat(31) + '01')
  const key = e2e.publicOf(secret)
  const form = { session_id: 7, kind: 'stage_vote', max_choices: null, options: [{ id: 11 }, { id: 12 }],
    sealing: { sealing: 'tellers', uid: 'abc123', public_key: key } }
  const answers = { votes: { 11: 'yes', 12: 'abstain' } }
  const first = voting.prepareSubmission(7, { code: 'K7P2-9XQM' }, answers, await voting.sealerFor(form))
  wx.failNext()
  await voting.castBallot(first).catch(() => null)
  const sent = wx.requests[0].data
  expect(Object.keys(sent.answers)).toEqual(['sealed'])
  expect(sent.plain).toBeUndefined() // the answers in the clear never leave the phone
  const questions = e2e.layout('votes', { yes: '', no: '', abstain: '' }, [11, 12], null)
  expect(e2e.verifyBallot(e2e.sessionContext('abc123', e2e.fromHex(key)), e2e.fromHex(key), questions, sent.answers.sealed)).toBe(true)
  const again = voting.prepareSubmission(7, { code: 'K7P2-9XQM' }, answers, await voting.sealerFor(form))
  wx.answer(201, { receipt: 'R', session_id: 7 })
  await voting.castBallot(again)
  expect(wx.requests[1].data).toEqual(sent) // the same ciphertexts and submission id: a retry counts once
})

test('an ordinary session sends the answers as before', async () => {
  const voting = require('../services/voting')
  expect(await voting.sealerFor({ kind: 'recommendation', options: [] })).toBeNull()
})
