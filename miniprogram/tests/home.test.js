// The home page by role: a secretary sees what waits for her; a member sees their own path; nobody sees another's.
const { freshWx } = require('./wx-mock')
const { openPage, settle } = require('./page-harness')

let wx
beforeEach(() => {
  wx = freshWx({ token: 'T' })
})

test('a secretary\'s home counts the steps due and the warnings waiting for her answer', async () => {
  wx.answer(200, { name: '金湖书记', role: 'secretary', org_name: '金湖村党支部', person_id: 1, may: ['staff', 'runs_meetings'] })
  wx.answer(200, { items: [], unread: 2 })
  wx.answer(200, { items: [{ id: 1, overdue: true }], total: 3, overdue: 1 })
  wx.answer(200, { items: [{ id: 9, allowed_actions: ['acknowledge', 'notice'] }, { id: 8, allowed_actions: ['notice'] }] })
  const page = await openPage('index/index')
  await settle()
  expect(wx.requests[2].url).toMatch(/\/record\/due\?limit=1$/) // counted by the server
  expect(wx.requests[3].url).toMatch(/\/warnings\?received=true$/) // only those to her own branch
  expect(page.self.data.due).toEqual({ steps: '3 个（逾期 1）', warnings: '1 条待处理' })
  expect(page.self.data.pcPages.map((p) => p.title)).toEqual(['党员名册与导入'])
  expect(page.self.data.isSecretary).toBe(true)
})

test('a member\'s home has their own path and no staff places', async () => {
  wx.answer(200, { name: '党员甲', role: null, org_name: '金湖村党支部', person_id: 3, may: [] })
  wx.answer(200, { items: [], unread: 0 })
  const page = await openPage('index/index')
  await settle()
  expect(page.self.data.isStaff).toBe(false)
  expect(page.self.data.pcPages).toEqual([])
  expect(wx.requests).toHaveLength(2)
})
