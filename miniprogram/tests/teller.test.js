// A teller's key share and tally confirmation in the mini-program (services/teller.js), with wx mocked: what is sent
// proves itself with the protocol every client shares, and the secret stays in this phone's storage.
const { installWx } = require('./wx-mock')

let wx
beforeEach(() => {
  jest.resetModules()
  wx = installWx()
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
