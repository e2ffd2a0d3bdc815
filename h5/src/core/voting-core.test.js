import { describe, expect, it } from 'vitest'
import {
  buildAnswers, describeAnswers, hex, optionsOf, optionsWord, prepareSubmission, scaleOf, unmarked, voteErrorAdvice,
} from './voting-core.js'

const options = [{ id: 11, name: '张三' }, { id: 12, name: '李四' }]

describe('the shared voting core', () => {
  it('builds each kind of answer from what the voter ticked or marked', () => {
    const marked = { choices: [12], marks: { 11: 'yes', 12: 'no' } }
    expect(buildAnswers('recommendation', marked)).toEqual({ choices: [12] })
    expect(buildAnswers('stage_vote', marked)).toEqual({ votes: { 11: 'yes', 12: 'no' } })
    expect(buildAnswers('satisfaction', { marks: { 0: 'basic' } })).toEqual({ ratings: { 0: 'basic' } })
  })

  it('counts what is still unmarked, and a recommendation may be blank', () => {
    expect(unmarked('stage_vote', options, { 11: 'yes' })).toBe(1)
    expect(unmarked('recommendation', options, {})).toBe(0)
    expect(describeAnswers('recommendation', { choices: [] }, options)).toEqual(['不推荐任何人（空白票）'])
    expect(describeAnswers('stage_vote', { votes: { 11: 'yes' } }, options)).toEqual(['张三：赞成', '李四：未选'])
  })

  it('reads options under any name the server has used, and scales from the vocabulary', () => {
    expect(optionsOf({ options })).toBe(options)
    expect(optionsOf({ subjects: options })).toBe(options)
    expect(optionsOf(null)).toEqual([])
    expect(scaleOf('stage_vote').map((s) => s.label)).toEqual(['赞成', '反对', '弃权'])
    expect(scaleOf('satisfaction')).toHaveLength(4)
    expect(['recommendation', 'stage_vote', 'satisfaction'].map(optionsWord)).toEqual(['候选人', '候选人', '评议对象'])
    expect(scaleOf('recommendation')).toBeNull()
  })

  it('keeps the pending submission for the same vote and makes a new one otherwise', () => {
    let n = 0
    const newId = () => `id-${++n}`
    const first = prepareSubmission(null, 5, { code: 'Q-1' }, { choices: [1] }, newId)
    expect(first).toEqual({ session_id: 5, answers: { choices: [1] }, submission_id: 'id-1', code: 'Q-1' })
    expect(prepareSubmission(first, 5, { code: 'Q-1' }, { choices: [1] }, newId)).toBe(first)
    expect(prepareSubmission(first, 5, { code: 'Q-2' }, { choices: [1] }, newId).submission_id).toBe('id-2')
    expect(prepareSubmission(first, 6, { code: 'Q-1' }, { choices: [1] }, newId).submission_id).toBe('id-3')
    expect(hex([0, 15, 255])).toBe('000fff')
  })

  it('gives each platform its own name for a way forward', () => {
    const error = { status: 401, code: 'login_required', message: 'x' }
    expect(voteErrorAdvice(error).action).toBe('login')
    expect(voteErrorAdvice(error, { login: 'bind' }).action).toBe('bind')
    expect(voteErrorAdvice(new Error('boom'))).toEqual({ message: '出现意外错误，请重试', action: 'retry' })
    expect(voteErrorAdvice({ status: 429, code: 'too_many_attempts', message: '稍后再试' }).action).toBe('wait')
  })
})

describe('receipts', () => {
  it('shows a sealed ballot\'s tracker in eight groups that break only at their hyphens, and a code as it is', async () => {
    const { isTracker, shownReceipt } = await import('./voting-core.js')
    const tracker = 'ab'.repeat(32)
    expect(isTracker(tracker)).toBe(true)
    expect(shownReceipt(tracker)).toBe(Array(8).fill('ABABABAB').join('-'))
    expect(isTracker('K7P2-9XQM-AB12')).toBe(false)
    expect(shownReceipt('K7P2-9XQM-AB12')).toBe('K7P2-9XQM-AB12')
  })
})
