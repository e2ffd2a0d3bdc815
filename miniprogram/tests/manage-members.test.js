// The secretary's written opinions (before the vote, on the session's own ballot) and paper ballots (while it is
// open) from the phone.
const { freshWx } = require('./wx-mock')
const { openPage, text, settle } = require('./page-harness')

let wx
beforeEach(() => {
  wx = freshWx({ token: 'SECRETARY' })
})

const PEOPLE = { groups: { member: { people: [{ id: 2, name: '党员甲', excluded: false }, { id: 3, name: '党员乙', excluded: false },
  { id: 4, name: '党员丙', excluded: true }] }, mass: { people: [] } } }
const ACTIONS = { draft: ['open', 'codes', 'absentee_opinions', 'paper'], open: ['close', 'codes', 'paper', 'screen'] }
const stageVote = (state) => ({ id: 41, title: '接收预备党员', kind: 'stage_vote', state, max_choices: null,
  options: [{ id: 7, name: '发展对象甲' }], allowed_actions: ACTIONS[state] })

function loads(state, { marked = [], opinions = [], massOut = 0 } = {}) {
  wx.answer(200, stageVote(state))
  wx.answer(200, PEOPLE)
  wx.answer(200, { marked_person_ids: marked, handed_out: { mass: massOut } })
  if (state === 'draft') wx.answer(200, { items: opinions })
}

test('before the vote a written opinion is entered on the session\'s ballot for one member, and shown in words', async () => {
  loads('draft')
  const page = await openPage('manage/members', { id: '41' })
  await settle()
  expect(page.self.data.members.map((m) => m.name)).toEqual(['党员甲', '党员乙']) // the excluded are not asked
  expect(page.self.data).toMatchObject({ opinions: true, paper: true }) // before the vote both, as the server allows
  page.self.write({ currentTarget: { dataset: { id: 3 } } })
  await settle()
  expect(text(page)).toContain('党员乙的书面意见')
  await page.self.saveOpinion()
  expect(page.self.data.error).toBe('还有 1 项没有选择')
  page.self.onRatings({ detail: { value: { 7: 'no' } } })
  wx.answer(201, { id: 9, person_id: 3, answers: { votes: { 7: 'no' } } })
  loads('draft', { opinions: [{ id: 9, person_id: 3, answers: { votes: { 7: 'no' } } }] })
  await page.self.saveOpinion()
  const sent = wx.requests.find((r) => r.method === 'POST')
  expect(sent.url).toMatch(/\/sessions\/41\/absentee-opinions$/)
  expect(sent.data).toEqual({ person_id: 3, answers: { votes: { 7: 'no' } } })
  expect(page.self.data.members[1].opinionText).toBe('发展对象甲：反对')
  expect(page.self.data.done).toContain('本人会收到录入内容的通知')
})

test('while the vote is open a member takes a paper ballot, and the mass representatives\' paper is counted out', async () => {
  loads('open', { marked: [2] })
  const page = await openPage('manage/members', { id: '41' })
  await settle()
  expect(page.self.data.members[0].paper).toBe(true)
  expect(page.self.data).toMatchObject({ opinions: false, paper: true })
  wx.answer(200, {})
  loads('open', { marked: [2, 3] })
  await page.self.togglePaper({ currentTarget: { dataset: { id: 3 } } })
  expect(wx.requests.find((r) => r.method === 'POST').data).toEqual({ person_id: 3 })
  wx.answer(200, {})
  loads('open', { marked: [3] })
  await page.self.togglePaper({ currentTarget: { dataset: { id: 2 } } })
  expect(wx.requests.find((r) => r.method === 'DELETE').url).toMatch(/\/sessions\/41\/paper\/members\/2$/)
  page.self.typeMass({ detail: '12' })
  wx.answer(422, { error: { code: 'too_many', message: '群众代表纸质选票最多 10 张' } })
  await page.self.saveMass()
  expect(wx.requests.at(-1).data).toEqual({ handed_out: 12 })
  expect(page.self.data.error).toContain('最多 10 张')
})
