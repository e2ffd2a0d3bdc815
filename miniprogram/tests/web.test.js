// The console's PC pages open in a web-view logged in by a one-time ticket of this account.
const { freshWx } = require('./wx-mock')
const { openPage, settle } = require('./page-harness')

let wx
beforeEach(() => {
  wx = freshWx()
  wx.setNavigationBarTitle = jest.fn()
  wx.setStorageSync('pq_token', 'STAFF')
})

test('the statistics open in the web-view at the H5 ticket page, the ticket after # and nowhere else', async () => {
  wx.answer(201, { ticket: 'T1cket_abc-DEF', expires_in: 60 })
  const page = await openPage('web/web', { place: 'stats' })
  await settle()
  const asked = wx.requests[0]
  expect(asked.method).toBe('POST')
  expect(asked.url).toMatch(/\/auth\/web-ticket$/)
  expect(asked.header.Authorization).toBe('Bearer STAFF')
  expect(page.self.data.url).toBe('https://dangjian.example.cn/h5/ticket#t=T1cket_abc-DEF&to=%2Fstats')
  expect(page.self.data.url.split('#')[0]).not.toContain('T1cket')
  expect(wx.setNavigationBarTitle).toHaveBeenCalledWith({ title: '统计分析' })
  expect(page.dom.innerHTML).toContain('web-view')
})

test('a member without an account is told why, and nothing opens', async () => {
  wx.answer(403, { error: { code: 'staff_only', message: '只有工作人员账号可以在网页中打开电脑端页面' } })
  const page = await openPage('web/web', { place: 'plans' })
  await settle()
  expect(page.self.data.url).toBe('')
  expect(page.dom.textContent).toContain('只有工作人员账号')
})

test('an unknown place asks for no ticket', async () => {
  const page = await openPage('web/web', { place: 'elsewhere' })
  await settle()
  expect(wx.requests).toHaveLength(0)
  expect(page.self.data.error).toBe('没有这个页面')
})
