// A teller's key share and tally confirmation in the mini-program (services/teller.js), with wx mocked: what is sent
// proves itself with the protocol every client shares, and the secret stays in this phone's storage.
const { freshWx } = require('./wx-mock')

let wx
beforeEach(() => {
  wx = freshWx()
})

const view = (extra = {}) => ({ role: 'counter', label: '计票人', name: '王计票', title: '接收预备党员', state: 'draft',
  sealing: { sealing: 'tellers', uid: 'u-1', public_key: null, my_public_key: null, tellers: [], entries: null, ...extra } })

test('one tap makes the share, publishes its proved public part and keeps the secret on the phone only', async () => {
  const e2e = require('../utils/core/e2e')
  const teller = require('../services/teller')
  wx.answer(200, view())
  const { card } = await teller.makeKey('tok_abcdefghijklmnopqrstuvwxyz', view())
  const sent = wx.requests[0]
  expect(sent.method).toBe('PUT')
  expect(sent.url).toMatch(/\/public\/tellers\/tok_abcdefghijklmnopqrstuvwxyz\/key$/)
  expect(e2e.verifyKnowledge(e2e.shareContext('u-1', 'counter'), sent.data.public_key, sent.data.proof)).toBe(true)
  const kept = wx.getStorageSync('pq_teller_share:u-1:counter')
  expect(e2e.publicOf(e2e.readSecret(kept))).toBe(sent.data.public_key)
  expect(JSON.stringify(sent.data)).not.toContain(kept) // the secret is never sent
  expect(card.replace(/\s/g, '')).toBe(kept)
  expect(teller.useCard(view({ my_public_key: sent.data.public_key }), card)).toBe(true)
  expect(teller.useCard(view({ my_public_key: sent.data.public_key }), 'ab'.repeat(32))).toBe(false)
})

test('after the vote one tap sends a proved partial decryption of every sum', async () => {
  const e2e = require('../utils/core/e2e')
  const teller = require('../services/teller')
  const secret = e2e.readSecret('12'.repeat(31) + '03')
  const share = e2e.publicOf(secret)
  wx.setStorageSync('pq_teller_share:u-1:counter', e2e.secretHex(secret))
  const alpha = e2e.publicOf(e2e.readSecret('34'.repeat(31) + '05'))
  const closed = view({ public_key: share, my_public_key: share, entries: [{ alpha }, { alpha: share }] })
  wx.answer(200, { ...closed, state: 'closed' })
  await teller.confirmTally('tok_abcdefghijklmnopqrstuvwxyz', { ...closed, state: 'closed' })
  const { decryption } = wx.requests[0].data
  const context = e2e.sessionContext('u-1', e2e.fromHex(share))
  expect(decryption).toHaveLength(2)
  expect(decryption.every((part, i) => e2e.verifyPartial(context, share, closed.sealing.entries[i].alpha, part.d, part.proof))).toBe(true)
})

test('a teller link scanned in WeChat opens their page', () => {
  const { tellerToken } = require('../utils/launch')
  expect(tellerToken('https://dangjian.example.cn/h5/t/AbCdEfGhIjKlMnOpQrStUvWx_-12')).toBe('AbCdEfGhIjKlMnOpQrStUvWx_-12')
  expect(tellerToken('https://dangjian.example.cn/h5/vote?join=x')).toBeNull()
})

describe('the paper count on the teller page', () => {
  const { openPage, text, settle } = require('./page-harness')
  const stage = (state, mine = null, extra = {}) => ({ role: 'counter', label: '计票人', name: '王计票', title: '接收预备党员',
    meeting_title: '支部大会', kind: 'stage_vote', stage: 'admission', state, agreed: false,
    options: [{ id: 7, name: '发展对象甲' }],
    groups: [{ group: 'member', label: '党员', handed_out: 10, mine, both_entered: false, agreed: false }],
    sealing: { sealing: 'server' }, ...extra })

  test('before close it says when to come back', async () => {
    wx.answer(200, stage('open'))
    const page = await openPage('vote/teller', { token: 'tok_abcdefghijklmnopqrstuvwxyz' })
    expect(text(page)).toContain('纸质选票在表决结束、开箱清点后录入')
    expect(page.self.data.entering).toBe(false)
  })

  test('after close each group is entered and sent as the API takes it', async () => {
    wx.answer(200, stage('closed'))
    const page = await openPage('vote/teller', { token: 'tok_abcdefghijklmnopqrstuvwxyz' })
    expect(page.self.data.entering).toBe(true)
    const form = page.self.data.papers[0]
    expect(form.rows[0].cells.map((c) => c.label)).toEqual(['赞成', '反对', '弃权'])
    const type = (dataset, value) => page.self.typePaper({ currentTarget: { dataset: { group: 'member', ...dataset } }, detail: value })
    type({ field: 'returned' }, '9')
    type({ field: 'spoiled' }, '1')
    type({ row: 0, cell: 0 }, '6')
    type({ row: 0, cell: 1 }, '2')
    type({ row: 0, cell: 2 }, '1')
    wx.answer(200, stage('closed', { returned: 9, spoiled: 1, counts: { 7: { yes: 6, no: 2, abstain: 1 } } }))
    await page.self.sendPaper({ currentTarget: { dataset: { group: 'member' } } })
    const sent = wx.requests.at(-1)
    expect(sent.method).toBe('PUT')
    expect(sent.url).toMatch(/\/public\/tellers\/tok_abcdefghijklmnopqrstuvwxyz\/groups\/member$/)
    expect(sent.data).toEqual({ returned: 9, spoiled: 1, counts: { 7: { yes: 6, no: 2, abstain: 1 } } })
    await settle()
    expect(text(page)).toContain('已录入，等待另一位录入')
  })

  test('a refused count shows the rule it breaks, and agreement ends the entry', async () => {
    wx.answer(200, stage('closed', null, { kind: 'recommendation', stage: null }))
    const page = await openPage('vote/teller', { token: 'tok_abcdefghijklmnopqrstuvwxyz' })
    expect(page.self.data.papers[0].rows[0].cells.map((c) => c.label)).toEqual(['得票'])
    wx.answer(422, { error: { code: 'validation_error', message: '纸质选票数字不成立',
      fields: { counts: ['有效票 9 张 + 废票 2 张 = 11 张，多于发出的 10 张'] } } })
    await page.self.sendPaper({ currentTarget: { dataset: { group: 'member' } } })
    await settle()
    expect(text(page)).toContain('多于发出的10张')
    wx.answer(200, stage('closed', { returned: 9, spoiled: 1, counts: { 7: 5 } }, { kind: 'recommendation', agreed: true }))
    await page.self.sendPaper({ currentTarget: { dataset: { group: 'member' } } })
    await settle()
    expect(wx.requests.at(-1).data).toEqual({ returned: 0, spoiled: 0, counts: { 7: 0 } })
    expect(text(page)).toContain('两位计票人录入一致，已计票')
    expect(page.self.data.entering).toBe(false)
  })
})
