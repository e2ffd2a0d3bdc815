const { freshWx } = require('./wx-mock')

let wx
beforeEach(() => {
  wx = freshWx()
})

test('the due list asks the server for the caller\'s due and overdue steps', async () => {
  const records = require('../services/records')
  wx.answer(200, { items: [{ id: 1, name: '韦某', no: 2, step: '党组织派人谈话', due_on: '2026-11-30', overdue: false }] })
  const items = await records.dueList()
  expect(items).toHaveLength(1)
  expect(wx.requests[0].url).toMatch(/\/record\/due\?overdue_only=false$/)
})
