import { describe, expect, it } from 'vitest'
import { ApiError } from './api/request.js'
import { useAttempt } from './attempt.js'

describe('useAttempt', () => {
  it('returns what the work returns and leaves no message', async () => {
    const { error, busy, attempt } = useAttempt()
    expect(await attempt(async () => 42)).toBe(42)
    expect(error.value).toBe('')
    expect(busy.value).toBe(false)
  })

  it('keeps the message of a failure with the server field messages, and clears it on the next try', async () => {
    const { error, attempt } = useAttempt()
    const failed = await attempt(async () => { throw new ApiError(422, 'invalid', '输入有误', { deadline: ['应晚于今天'] }) })
    expect(failed).toBeUndefined()
    expect(error.value).toBe('输入有误（应晚于今天）')
    let seen = null
    await attempt(async () => { seen = error.value })
    expect(seen).toBe('')
  })

  it('is busy while the work runs', async () => {
    const { busy, attempt } = useAttempt()
    let during = null
    await attempt(async () => { during = busy.value })
    expect(during).toBe(true)
  })
})
