// 我的发展进程: the caller's own record, the next steps first with when they are due, then what is done and when.
const { freshWx } = require('./wx-mock')
const { openPage, text, settle } = require('./page-harness')

let wx
beforeEach(() => {
  wx = freshWx({ token: 'PERSON' })
  wx.stopPullDownRefresh = jest.fn()
})

const RECORD = { name: '发展对象甲', status: 'target', probation_ends: null, halted: null,
  done: [{ no: 1, name: '递交入党申请书', stage: 'applicant', done_on: '2022-01-01' },
    { no: 9, name: '确定入党介绍人', stage: 'target', done_on: '2026-10-09' }],
  next: [{ no: 15, name: '支部大会讨论接收预备党员', stage: 'target', due_on: '2020-01-05', overdue: true, waiting_for: null },
    { no: 16, name: '上级党委派人谈话', stage: 'target', due_on: null, overdue: false, waiting_for: '尚待支部大会通过' }] }

test('the next steps come first with their dates and what they wait for, then the steps done, latest first', async () => {
  wx.answer(200, RECORD)
  const page = await openPage('record/mine')
  await settle()
  expect(wx.requests[0].url).toMatch(/\/me\/record$/)
  const shown = text(page)
  expect(shown).toContain('发展对象甲')
  expect(shown).toContain('现在是发展对象')
  expect(page.self.data.next[0].when).toBe('已逾期，应于2020年1月5日前完成')
  expect(page.self.data.next[1].waiting_for).toBe('尚待支部大会通过')
  expect(page.self.data.done.map((s) => s.name)).toEqual(['确定入党介绍人', '递交入党申请书'])
  expect(page.self.data.done[1].when).toBe('2022年1月1日')
  expect(shown.indexOf('下一步')).toBeLessThan(shown.indexOf('已完成'))
  expect(shown).toContain('已完成（2个环节）')
})

test('staff with no person on a roster are told so', async () => {
  wx.answer(404, { error: { code: 'no_person', message: '您的账号未关联花名册人员，没有发展纪实' } })
  const page = await openPage('record/mine')
  await settle()
  expect(text(page)).toContain('您的账号未关联花名册人员')
})

test('a date is written as the console writes it', () => {
  const { day } = require('../utils/labels')
  const now = new Date('2026-12-08T02:00:00Z')
  expect(day('2026-12-28', now)).toBe('12月28日')
  expect(day('2024-01-01', now)).toBe('2024年1月1日')
  expect(day(null, now)).toBe('')
})
