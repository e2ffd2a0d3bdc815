// A secretary's sessions in the mini-program: any day, opening with the reason the rules ask for, slips printed
// through WeChat's document viewer, the projector's link.
const { freshWx } = require('./wx-mock')
const { openPage, text, settle } = require('./page-harness')

let wx
let modals
let sheets
beforeEach(() => {
  wx = freshWx({ token: 'SECRETARY' })
  modals = []
  sheets = []
  wx.showModal = jest.fn((options) => {
    const answer = modals.shift() || { confirm: true }
    options.success(answer)
  })
  wx.showActionSheet = jest.fn((options) => options.success({ tapIndex: sheets.shift() }))
  wx.showToast = jest.fn()
  wx.setClipboardData = jest.fn(({ success }) => success())
  wx.downloadFile = jest.fn(({ success }) => success({ statusCode: 200, tempFilePath: 'wxfile://tmp/slips.pdf' }))
  wx.openDocument = jest.fn(({ success }) => success())
})

const ME = { org_id: 7, role: 'secretary', may: ['runs_meetings'] }
const draft = { id: 41, title: '推荐入党积极分子', state: 'draft', allowed_actions: ['open', 'cancel', 'codes', 'absentee_opinions', 'paper'] }

/** The page opens on today (these meetings are on another day), then the secretary picks `day`. */
async function openOn(day, meetings, sessions) {
  wx.answer(200, ME)
  wx.answer(200, { items: meetings })
  const page = await openPage('manage/session')
  clearInterval(page.self.timer) // the turnout's refresh: not under test here
  await settle()
  if (day) {
    wx.answer(200, ME)
    wx.answer(200, { items: meetings })
    for (const list of sessions) wx.answer(200, { items: list })
    await page.self.pickDate({ detail: { value: day } })
    await settle()
  }
  return page
}

test('another day shows that day\'s meetings', async () => {
  const meeting = { id: 3, title: '十二月党员大会', starts_at: '2026-12-28T01:00:00Z' } // 09:00 in China
  const page = await openOn('2026-12-28', [meeting], [[draft]])
  expect(page.self.data.dateText).toBe('12月28日')
  expect(page.self.data.sessions.map((s) => s.title)).toEqual(['推荐入党积极分子'])
  expect(page.self.data.sessions[0]).toMatchObject({ canCodes: true, canMembers: true, canScreen: false }) // as the server says
  expect(text(page)).toContain('十二月党员大会')
})

test('opening with too few mass representatives asks for the reason and opens with it', async () => {
  const meeting = { id: 3, title: '十二月党员大会', starts_at: '2026-12-28T01:00:00Z' }
  const page = await openOn('2026-12-28', [meeting], [[draft]])
  wx.answer(422, { error: { code: 'mass_reps_below_rule', message: '群众代表 3 人，少于要求的 5 人（不少于 5 人）。如确需开始表决，请填写理由' } })
  wx.answer(200, { ...draft, state: 'open' })
  wx.answer(200, ME)
  wx.answer(200, { items: [] })
  modals.push({ confirm: true }, { confirm: true, content: ' 部分村民小组长外出务工，经党委同意 ' })
  await page.self.act({ currentTarget: { dataset: { id: 41, action: 'open' } } })
  await settle()
  const opens = wx.requests.filter((r) => r.url.endsWith('/sessions/41/open'))
  expect(opens.map((r) => r.data)).toEqual([undefined, { override_reason: '部分村民小组长外出务工，经党委同意' }])
  expect(wx.showModal.mock.calls[1][0].editable).toBe(true)
  expect(wx.showModal.mock.calls[1][0].placeholderText).toContain('群众代表 3 人，少于要求的 5 人')
})

test('new codes for a group open their slips in WeChat\'s document viewer, with this login', async () => {
  const meeting = { id: 3, title: '十二月党员大会', starts_at: '2026-12-28T01:00:00Z' }
  const page = await openOn('2026-12-28', [meeting], [[draft]])
  wx.answer(200, { items: [{ batch_id: 1, group: 'member', count: 10, printable: true, slips_pdf: '/api/v1/sessions/41/codes/1/slips.pdf' }],
    groups: { member: { codes: 10, should_attend: 12 }, mass: { codes: 0, should_attend: 30 } } })
  sheets.push(1) // 生成群众代表票码
  modals.push({ confirm: true, content: '30' })
  wx.answer(201, { codes: [], slips_pdf: '/api/v1/sessions/41/codes/2/slips.pdf', batch_id: 2, group: 'mass' })
  await page.self.printCodes({ currentTarget: { dataset: { id: 41 } } })
  await settle()
  const offered = wx.showActionSheet.mock.calls[0][0].itemList
  expect(offered).toEqual(['生成党员票码（已生成 10，应到 12 人）', '生成群众代表票码（已生成 0，应到 30 人）',
    '重新打印第 1 批党员票码（10 张）'])
  expect(wx.showModal.mock.calls[0][0].content).toBe('30') // what is still missing
  expect(wx.requests.at(-1).data).toEqual({ group: 'mass', count: 30 })
  const download = wx.downloadFile.mock.calls[0][0]
  expect(download.url).toBe('https://dangjian.example.cn/api/v1/sessions/41/codes/2/slips.pdf')
  expect(download.header.Authorization).toBe('Bearer SECRETARY')
  expect(wx.openDocument.mock.calls[0][0]).toMatchObject({ filePath: 'wxfile://tmp/slips.pdf', fileType: 'pdf', showMenu: true })
})

test('the projector link is copied for the meeting room\'s computer', async () => {
  const page = await openOn(null, [], [])
  page.self.copyProjector({ currentTarget: { dataset: { id: 41 } } })
  expect(wx.setClipboardData.mock.calls[0][0].data).toBe('https://dangjian.example.cn/h5/screen/41')
})
