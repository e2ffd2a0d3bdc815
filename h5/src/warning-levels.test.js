import { describe, expect, it } from 'vitest'
import { levelFieldsReady, levelPayload } from './warning-levels.js'

const form = (extra) => ({ level: 'verbal', deadline: '', told_how: 'phone', told_to: '', responsible_persons: '', ...extra })

describe('warning levels', () => {
  it('want a deadline except for a yellow card, how and to whom for a verbal one, and the responsible for a yellow one', () => {
    expect(levelFieldsReady(form({ deadline: '2026-12-31' }))).toBe(false)
    expect(levelFieldsReady(form({ deadline: '2026-12-31', told_to: '支部书记' }))).toBe(true)
    expect(levelFieldsReady(form({ level: 'letter' }))).toBe(false)
    expect(levelFieldsReady(form({ level: 'letter', deadline: '2026-12-31' }))).toBe(true)
    expect(levelFieldsReady(form({ level: 'yellow' }))).toBe(false)
    expect(levelFieldsReady(form({ level: 'yellow', responsible_persons: ' 书记 ' }))).toBe(true)
  })

  it('send only the fields the level takes', () => {
    expect(levelPayload(form({ level: 'letter', deadline: '2026-12-31', told_to: '某', responsible_persons: '某' })))
      .toEqual({ level: 'letter', deadline: '2026-12-31', told_how: undefined, told_to: undefined, responsible_persons: undefined,
        circulate_org_ids: undefined })
    expect(levelPayload(form({ told_to: '支部书记' }))).toMatchObject({ told_how: 'phone', told_to: '支部书记', deadline: undefined })
    expect(levelPayload(form({ level: 'yellow', responsible_persons: '书记' }))).toMatchObject({ responsible_persons: '书记', told_to: undefined })
  })

  it('circulate a yellow card within the issuer only when asked, and never a lower level', () => {
    expect(levelPayload(form({ level: 'yellow', circulate: true }), 7).circulate_org_ids).toEqual([7])
    expect(levelPayload(form({ level: 'yellow', circulate: false }), 7).circulate_org_ids).toBeUndefined()
    expect(levelPayload(form({ level: 'letter', circulate: true }), 7).circulate_org_ids).toBeUndefined()
  })
})
