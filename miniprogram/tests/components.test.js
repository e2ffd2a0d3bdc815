const path = require('path')
const simulate = require('miniprogram-simulate')
const { installWx } = require('./wx-mock')
const { VOTE_SCALE, GRADE_SCALE } = require('../utils/labels')

// The official WXML compiler compiles a whole root at once; one root for every component keeps their
// compiled templates apart (a root per component mixed them up).
const ROOT = path.join(__dirname, '..', 'components')
const loaded = {}
const load = (name) => {
  loaded[name] = loaded[name] || simulate.load(path.join(ROOT, name, name), name, { rootPath: ROOT })
  return loaded[name]
}
const people = [{ id: 11, name: '张三' }, { id: 12, name: '李四' }, { id: 13, name: '王五' }]

function mount(name, props) {
  const component = simulate.render(load(name), props)
  component.attach(document.createElement('parent-wrapper'))
  const events = []
  component.instance.triggerEvent = ((original) => function capture(type, detail) {
    events.push({ type, detail })
    return original.call(this, type, detail)
  })(component.instance.triggerEvent)
  return { component, events }
}

beforeEach(() => installWx())

test('the recommendation ballot ticks up to max_choices and tells the parent', async () => {
  const { component, events } = mount('recommendation-ballot', { candidates: people, maxChoices: 2, value: [] })
  const rows = () => component.querySelectorAll('.candidate')
  rows()[0].dispatchEvent('tap')
  await simulate.sleep(0)
  rows()[2].dispatchEvent('tap')
  await simulate.sleep(0)
  rows()[1].dispatchEvent('tap') // over the limit: ignored
  await simulate.sleep(0)
  expect(events.map((e) => e.detail.value)).toEqual([[11], [11, 13]])
  expect(component.dom.innerHTML).toContain('已达最多推荐人数')
  expect(rows()[1].dom.className).toContain('disabled')
})

test('the stage ballot records 赞成 / 反对 / 弃权 per candidate', async () => {
  const { component, events } = mount('rating-ballot', { options: people.slice(0, 2), scale: VOTE_SCALE, hint: '请选择', value: {} })
  const choices = component.querySelectorAll('.choice')
  expect(choices.map((c) => c.dom.textContent)).toEqual(['赞成', '反对', '弃权', '赞成', '反对', '弃权'])
  choices[0].dispatchEvent('tap')
  await simulate.sleep(0)
  choices[5].dispatchEvent('tap')
  await simulate.sleep(0)
  expect(events[1].detail.value).toEqual({ 11: 'yes', 12: 'abstain' })
  expect(component.querySelectorAll('.selected').map((c) => c.dom.textContent)).toEqual(['✓ 赞成', '✓ 弃权']) // a tick, not only colour
})

test('the satisfaction ballot offers the four grades for every subject', async () => {
  const subjects = [{ id: 0, name: '本支部上年度发展党员工作' }]
  const { component, events } = mount('rating-ballot', { options: subjects, scale: GRADE_SCALE, hint: '请评议', value: {} })
  const choices = component.querySelectorAll('.choice')
  expect(choices.map((c) => c.dom.textContent)).toEqual(['很满意', '满意', '基本满意', '不满意'])
  choices[2].dispatchEvent('tap')
  await simulate.sleep(0)
  expect(events[0]).toEqual({ type: 'change', detail: { value: { 0: 'basic' } } })
})

test('the receipt copies with a tap and asks the parent to check it once published', async () => {
  const { component, events } = mount('receipt', { receipt: 'ABCD-EFGH-JKMN-PQRS', published: true, counted: '' })
  component.querySelector('.receipt').dispatchEvent('tap')
  await simulate.sleep(0)
  expect(global.wx.setClipboardData).toHaveBeenCalledWith({ data: 'ABCD-EFGH-JKMN-PQRS' })
  component.querySelector('.check').dispatchEvent('tap')
  await simulate.sleep(0)
  expect(events).toEqual([{ type: 'check', detail: { receipt: 'ABCD-EFGH-JKMN-PQRS' } }])
  component.setData({ counted: 'yes' })
  expect(component.dom.innerHTML).toContain('已核对')
})

test('an inbox item shows its unread mark and opens with its notice id', async () => {
  const item = { notice_id: 42, title: '关于召开组织生活会的通知', sender: '第一党支部', read: false, kind: 'notice' }
  const { component, events } = mount('notice-item', { item })
  expect(component.querySelector('.dot')).toBeTruthy()
  component.querySelector('.notice').dispatchEvent('tap')
  await simulate.sleep(0)
  expect(events).toEqual([{ type: 'open', detail: { noticeId: 42 } }])
  component.setData({ item: { ...item, read: true } })
  expect(component.querySelector('.dot')).toBeFalsy()
})

test('a task shows its kind and overdue mark and asks to be done', async () => {
  const task = { id: 7, kind: 'check_publicity', title: '检查公示', org_name: '金湖社区党支部', due_on: '2026-11-25', overdue: true, state: 'open' }
  const { component, events } = mount('task-item', { task })
  expect(component.dom.innerHTML).toContain('检查公示')
  expect(component.dom.innerHTML).toContain('已逾期')
  component.querySelector('.done').dispatchEvent('tap')
  await simulate.sleep(0)
  expect(events).toEqual([{ type: 'done', detail: { taskId: 7 } }])
  component.setData({ task: { ...task, state: 'done', overdue: false, note: '已检查' } })
  expect(component.querySelector('.done')).toBeFalsy()
})

test('the ballots grow in 长辈模式 and a chosen grade carries a tick, not colour alone', async () => {
  const { component } = mount('rating-ballot', { options: people.slice(0, 1), scale: GRADE_SCALE, hint: '请选择', value: { 11: 'basic' }, elder: true })
  expect(component.querySelector('.ballot').dom.className).toContain('elder')
  expect(component.querySelector('.choice.selected').dom.textContent.trim()).toBe('✓ 基本满意')
  const rec = mount('recommendation-ballot', { candidates: people, maxChoices: 1, value: [], elder: true }).component
  expect(rec.querySelector('.ballot').dom.className).toContain('elder')
})

test('the elder switch says its state in words and tells the page', async () => {
  const { component, events } = mount('elder-switch', { on: false })
  expect(component.dom.textContent).toContain('已关闭')
  component.querySelector('.toggle').dispatchEvent('change', { detail: { value: true } })
  await simulate.sleep(0)
  expect(events).toEqual([{ type: 'change', detail: { value: true } }])
})
