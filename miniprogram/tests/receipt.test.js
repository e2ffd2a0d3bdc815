// After voting, a logged-in member is offered the next meeting's reminder; a voter by code is not asked.
const { freshWx } = require('./wx-mock')
const { openPage, settle } = require('./page-harness')

let wx
beforeEach(() => {
  wx = freshWx()
  wx.showToast = jest.fn()
  wx.setStorageSync('pq_receipts', { 41: { receipt: 'ab'.repeat(32) } })
})

test('a member who has just voted can have the next meeting reminded, in one tap', async () => {
  wx.setStorageSync('pq_token', 'MEMBER')
  wx.requestSubscribeMessage = jest.fn(({ success }) => success({ 'T-M': 'accept' }))
  wx.answer(200, { state: 'open', groups: {} })
  wx.answer(200, { templates: [{ template_id: 'T-N', kind: 'notice', title: '通知提醒' }, { template_id: 'T-M', kind: 'meeting', title: '会议提醒' }], grants: {} })
  const page = await openPage('vote/receipt', { session: '41' })
  await settle()
  expect(page.self.data.askable).toEqual(['T-M'])
  wx.answer(200, { templates: [], grants: { 'T-M': 1 } })
  page.querySelector('.remind').dispatchEvent('click')
  await settle()
  expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['T-M'])
  expect(page.self.data.askable).toEqual([])
})

test('a voter by code (not logged in) is not asked', async () => {
  wx.answer(200, { state: 'open', groups: {} })
  const page = await openPage('vote/receipt', { session: '41' })
  await settle()
  expect(wx.requests.map((r) => r.url).some((u) => u.includes('subscriptions'))).toBe(false)
  expect(page.querySelector('.remind')).toBeFalsy()
})
