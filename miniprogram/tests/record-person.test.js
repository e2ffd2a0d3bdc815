// The record behind a due item: the due step recorded from the phone with the fields it asks for, among them the
// branch's full members as contacts, and a document from a chat.
const { freshWx } = require('./wx-mock')
const { openPage, text, settle } = require('./page-harness')

let wx
beforeEach(() => {
  wx = freshWx({ token: 'SECRETARY' })
  wx.chooseMessageFile = jest.fn()
  wx.uploadFile = jest.fn()
})

const RECORD = { person_id: 31, name: '积极分子乙', org_id: 5, status: 'activist', steps: [
  { no: 1, key: 'application', name: '递交入党申请书', state: 'done', done_on: '2025-03-01', due_on: null, fields: ['note'], can_record: false },
  { no: 4, key: 'activist_filed', name: '报上级党委备案', state: 'open', done_on: null, due_on: '2026-12-10', fields: ['note'], can_record: true },
  { no: 5, key: 'contacts_assigned', name: '指定培养联系人', state: 'open', done_on: null, due_on: '2026-12-05', fields: ['contact_ids', 'note'], can_record: true },
  { no: 7, key: 'target_selected', name: '确定发展对象', state: 'not_yet', done_on: null, due_on: null, fields: ['note'], can_record: false },
] }
const MEMBERS = { items: [{ id: 2, name: '党员甲' }, { id: 3, name: '党员乙' }, { id: 4, name: '党员丙' }] }

test('a due item opens its step as a form; the contacts chosen among full members are sent with the date', async () => {
  wx.answer(200, RECORD)
  wx.answer(200, MEMBERS)
  const page = await openPage('record/person', { id: '31', step: 'contacts_assigned' })
  await settle()
  expect(wx.requests[1].url).toContain('/people?org_id=5&status=member')
  const shown = text(page)
  expect(shown).toContain('5.指定培养联系人')
  expect(shown).toContain('培养联系人（选择1至2名正式党员）')
  expect(page.self.data.steps[0].dateText).toBe('2025年3月1日')
  page.querySelectorAll('.chip')[0].dispatchEvent('tap')
  page.querySelectorAll('.chip')[2].dispatchEvent('tap')
  await settle()
  page.self.pickDate({ detail: { value: '2026-12-03' } })
  page.self.type({ currentTarget: { dataset: { field: 'note' } }, detail: '  支委会研究确定 ' })
  wx.answer(201, { person_id: 31, key: 'contacts_assigned', no: 5, done_on: '2026-12-03', late: false, status: 'activist' })
  wx.answer(200, { ...RECORD, steps: RECORD.steps.map((s) => (s.key === 'contacts_assigned' ? { ...s, state: 'done', done_on: '2026-12-03', can_record: false } : s)) })
  await page.self.save()
  const sent = wx.requests.find((r) => r.method === 'POST')
  expect(sent.url).toMatch(/\/people\/31\/steps\/contacts_assigned$/)
  expect(sent.data).toEqual({ done_on: '2026-12-03', contact_ids: [2, 4], note: '支委会研究确定' })
  expect(page.self.data.done).toBe('已记录：5. 指定培养联系人')
  expect(page.self.data.step.key).toBe('activist_filed') // the next step the caller may record
})

test('a rule the server names is shown, and a document from a chat follows the step', async () => {
  wx.answer(200, RECORD)
  const page = await openPage('record/person', { id: '31', step: 'activist_filed' })
  await settle()
  wx.chooseMessageFile.mockImplementationOnce(({ success }) => success({ tempFiles: [{ name: '备案表.pdf', size: 1000, path: 'wxfile://f' }] }))
  await page.self.attach()
  wx.answer(422, { error: { code: 'validation_error', message: '完成日期不能早于“推荐和确定入党积极分子”' } })
  await page.self.save()
  expect(page.self.data.error).toContain('不能早于')
  expect(wx.uploadFile).not.toHaveBeenCalled()
  wx.answer(201, { person_id: 31, key: 'activist_filed', no: 4 })
  wx.uploadFile.mockImplementationOnce(({ success }) => success({ statusCode: 201, data: '{"id": 8}' }))
  wx.answer(200, RECORD)
  await page.self.save()
  expect(wx.uploadFile.mock.calls[0][0].url).toBe('https://dangjian.example.cn/api/v1/people/31/documents?step_key=activist_filed')
})
