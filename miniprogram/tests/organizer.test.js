// 我的工作 of a special organizer in the mini-program: what is due, invitations and attendance, reports with answers,
// recommendations to a branch.
const { freshWx } = require('./wx-mock')
const { openPage, text, settle } = require('./page-harness')

let wx
beforeEach(() => {
  wx = freshWx({ token: 'ORGANIZER' })
})

const DUE = {
  organizations: [{ id: 5, name: '金湖村党支部', term_end: '2027-06-30' }], branches: [{ id: 5, name: '金湖村党支部' }, { id: 6, name: '青山村党支部' }],
  sessions: [], publicities: [{ id: 1, kind: 'target', name: '张三', org_name: '金湖村党支部', ends_on: '2026-12-12' }],
  overdue_steps: 2, steps_due_soon: 3, open_tasks: 1, warnings: [],
  invitations: [
    { id: 11, title: '支部大会', org_name: '金湖村党支部', starts_at: '2026-12-01T01:30:00Z', location: '村部', held_on: '2026-12-01', can_record: true },
    { id: 12, title: '组织生活会', org_name: '青山村党支部', starts_at: '2026-12-20T06:00:00Z', location: null, held_on: '2026-12-20', can_record: false }],
}
const answers = (due = DUE) => {
  wx.answer(200, due)
  wx.answer(200, { items: [{ id: 1, kind_label: '经验做法', title: '积极分子培养的做法', answer: '很好，请推广' }] })
  wx.answer(200, { items: [] })
}

test('the due figures, invitations (attendance only from the day on), reports and their answers', async () => {
  answers()
  const page = await openPage('organizer/work')
  await settle()
  const shown = text(page)
  expect(shown).toContain('金湖村党支部（聘期至2027年6月30日）')
  expect(shown).toContain('2逾期环节')
  expect(shown).toContain('会议召开当天（12月20日）起可记录是否列席')
  expect(shown).toContain('党委答复：很好，请推广')
  expect(page.self.data.due.invitations[0].whenText).toBe('12月1日 09:30')
  wx.answer(200, { id: 11, state: 'attended' }) // the attendance, then the page again
  answers({ ...DUE, invitations: DUE.invitations.slice(1) })
  const before = wx.requests.length
  page.querySelector('.attended').dispatchEvent('click')
  await settle()
  const attendance = wx.requests[before]
  expect(attendance.url).toMatch(/\/meeting-invitations\/11\/attendance$/)
  expect(attendance.data).toEqual({ attended: true, note: null })
  expect(text(page)).toContain('已记录列席')
  expect(page.self.data.due.invitations.map((i) => i.id)).toEqual([12])
})

test('a report goes up with its kind, and a recommendation to the branch picked', async () => {
  answers()
  const page = await openPage('organizer/work')
  await settle()
  page.self.pickKind({ currentTarget: { dataset: { kind: 'problems' } } })
  page.self.typeReport({ currentTarget: { dataset: { field: 'title' } }, detail: ' 青山村积极分子断档 ' })
  page.self.typeReport({ currentTarget: { dataset: { field: 'body' } }, detail: '连续两年未培养' })
  wx.answer(201, { id: 2 })
  answers()
  await page.self.sendReport()
  const sent = wx.requests.find((r) => r.method === 'POST' && /\/organizer-reports$/.test(r.url))
  expect(sent.data).toEqual({ kind: 'problems', title: '青山村积极分子断档', body: '连续两年未培养' })
  expect(page.self.data.report.title).toBe('')

  page.self.pickBranch({ detail: { value: '1' } })
  page.self.typePick({ currentTarget: { dataset: { field: 'name' } }, detail: '李四' })
  await page.self.sendPick()
  expect(page.self.data.error).toBe('请选择支部并填写姓名和推荐理由')
  page.self.typePick({ currentTarget: { dataset: { field: 'reason' } }, detail: '返乡创业带头人' })
  wx.answer(201, { id: 3 })
  answers()
  await page.self.sendPick()
  const picked = wx.requests.find((r) => r.method === 'POST' && /\/organizer-recommendations$/.test(r.url))
  expect(picked.data).toEqual({ org_id: 6, name: '李四', reason: '返乡创业带头人' })
})

test('outside a term the page says so', async () => {
  answers({ ...DUE, organizations: [], branches: [], invitations: [], publicities: [] })
  const page = await openPage('organizer/work')
  await settle()
  expect(text(page)).toContain('当前不在聘期内')
})
