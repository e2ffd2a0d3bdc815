import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import RecommendationBallot from './RecommendationBallot.vue'
import StageBallot from './StageBallot.vue'
import SatisfactionBallot from './SatisfactionBallot.vue'
import ResultTable from './ResultTable.vue'
import { describeAnswers } from '../labels.js'

const people = [{ id: 11, name: '张三' }, { id: 12, name: '李四' }, { id: 13, name: '王五' }]

describe('RecommendationBallot', () => {
  it('ticks candidates up to max_choices and no further', async () => {
    const wrapper = mount(RecommendationBallot, { props: { candidates: people, maxChoices: 2, modelValue: [],
      'onUpdate:modelValue': (v) => wrapper.setProps({ modelValue: v }) } })
    const buttons = wrapper.findAll('.candidate')
    await buttons[0].trigger('click')
    await buttons[2].trigger('click')
    await buttons[1].trigger('click') // over the limit: ignored
    expect(wrapper.props('modelValue')).toEqual([11, 13])
    expect(wrapper.find('.full').exists()).toBe(true)
    expect(buttons[1].classes()).toContain('disabled')
    await buttons[0].trigger('click') // untick frees a place
    await buttons[1].trigger('click')
    expect(wrapper.props('modelValue')).toEqual([13, 12])
  })
})

describe('StageBallot', () => {
  it('records 赞成 / 反对 / 弃权 per candidate', async () => {
    const wrapper = mount(StageBallot, { props: { candidates: people.slice(0, 2), modelValue: {},
      'onUpdate:modelValue': (v) => wrapper.setProps({ modelValue: v }) } })
    await wrapper.find('[data-option="11"] button[data-value="yes"]').trigger('click')
    await wrapper.find('[data-option="12"] button[data-value="abstain"]').trigger('click')
    await wrapper.find('[data-option="11"] button[data-value="no"]').trigger('click')
    expect(wrapper.props('modelValue')).toEqual({ 11: 'no', 12: 'abstain' })
    expect(wrapper.find('[data-option="11"] .selected').text()).toBe('✓ 反对') // the tick, not only the colour, says which is chosen
    expect(wrapper.findAll('button').every((b) => b.attributes('type') === 'button')).toBe(true)
  })
})

describe('SatisfactionBallot', () => {
  it('offers the four grades for every subject', async () => {
    const subjects = [{ id: 0, name: '本支部上年度发展党员工作' }, { id: 12, name: '李四' }]
    const wrapper = mount(SatisfactionBallot, { props: { subjects, modelValue: {} } })
    expect(wrapper.findAll('[data-option="0"] button').map((b) => b.text())).toEqual(['很满意', '满意', '基本满意', '不满意'])
    await wrapper.find('[data-option="0"] button[data-value="basic"]').trigger('click')
    expect(wrapper.emitted('update:modelValue')[0][0]).toEqual({ 0: 'basic' })
  })
})

describe('describeAnswers', () => {
  it('lists the choices for the confirmation, a blank recommendation included', () => {
    expect(describeAnswers('recommendation', { choices: [] }, people)).toEqual(['不推荐任何人（空白票）'])
    expect(describeAnswers('stage_vote', { votes: { 11: 'yes' } }, people.slice(0, 2))).toEqual(['张三：赞成', '李四：未选'])
  })
})

describe('ResultTable', () => {
  it('marks each candidate of a stage vote and states the rule against should-attend', () => {
    const result = { kind: 'stage_vote', should_attend: 10, present: 9, absentee: 0, quorum_met: true,
      thresholds: { present_more_than: 5, yes_more_than: 5 },
      candidates: [{ id: 1, name: '甲', yes: 6, no: 3, abstain: 0, passed: true }, { id: 2, name: '乙', yes: 5, no: 0, abstain: 4, passed: false }] }
    const wrapper = mount(ResultTable, { props: { result } })
    expect(wrapper.findAll('.mark').map((m) => m.text())).toEqual(['通过', '未通过'])
    expect(wrapper.text()).toContain('应到人数的一半（5）')
  })

  it('counts those present for the quorum and shows written opinions beside them, not among them', () => {
    const result = { kind: 'stage_vote', should_attend: 10, present: 4, absentee: 2, quorum_met: false,
      thresholds: { present_more_than: 5, yes_more_than: 5 }, candidates: [{ id: 1, name: '甲', yes: 6, no: 0, abstain: 0, passed: false }] }
    const text = mount(ResultTable, { props: { result } }).text()
    expect(text).toContain('应到 10 人，实到 4 人')
    expect(text).toContain('另有书面意见 2 份，计入票数，不计入到会人数')
    expect(text).not.toContain('含书面意见')
  })

  it('shows recommendation rates as percentages and satisfaction scores with two decimals', () => {
    const rec = mount(ResultTable, { props: { result: { kind: 'recommendation', thresholds: { member_rate: 0.7, mass_rate: 0.5 },
      groups: { member: { ballots: 9, absentee: 1, denominator: 10 }, mass: { ballots: 30, absentee: 0, denominator: 30 } },
      candidates: [{ id: 1, name: '甲', member_votes: 7, member_rate: 0.7, mass_votes: 15, mass_rate: 0.5, qualifies: true }] } } })
    expect(rec.find('tbody').text()).toContain('70.0%')
    // The rule is met; the committee decides: a 两推荐 never says 通过.
    expect(rec.find('.mark').text()).toBe('符合条件')
    const sat = mount(ResultTable, { props: { result: { kind: 'satisfaction', thresholds: { score: 80 }, groups: { member: { ballots: 3, absentee: 0 }, mass: { ballots: 2 } },
      subjects: [{ id: 0, name: '支部工作', counts: { very_satisfied: 1, satisfied: 1, basic: 1, unsatisfied: 2 }, score: 48, below_threshold: true }] } } })
    expect(sat.find('.num b').text()).toBe('48.00')
    expect(sat.find('.mark').text()).toBe('低于80分')
  })

  it('puts a missed quorum and a group at or under half attendance above the rows, with the numbers', () => {
    const stage = mount(ResultTable, { props: { result: { kind: 'stage_vote', should_attend: 10, present: 4, absentee: 1,
      quorum_met: false, thresholds: { yes_more_than: 5 }, candidates: [] } } })
    expect(stage.find('[role=alert]').text()).toContain('不足法定人数：应到 10 人，实到 4 人（书面意见 1 份不计入到会人数）')
    const rec = mount(ResultTable, { props: { result: { kind: 'recommendation', thresholds: { member_rate: 0.7, mass_rate: 0.5 },
      groups: { member: { ballots: 1, absentee: 0, denominator: 1 }, mass: { ballots: 30, absentee: 0, denominator: 30 } },
      attendance_warnings: [{ group: 'member', message: '党员应到 26 人，实到 1 人，未超过一半' }], candidates: [] } } })
    expect(rec.find('[role=alert]').text()).toBe('⚠ 党员应到 26 人，实到 1 人，未超过一半：推荐结果仅供党委研究时参考。')
  })
})
