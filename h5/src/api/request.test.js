import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError, onUnauthorized, post, request, tokenStore } from './request.js'

const reply = (status, body) => Promise.resolve(new Response(body === undefined ? null : JSON.stringify(body), {
  status, headers: { 'Content-Type': 'application/json' },
}))

describe('request', () => {
  beforeEach(() => localStorage.clear())
  afterEach(() => vi.unstubAllGlobals())

  it('sends the bearer token and JSON, and resolves to the parsed body', async () => {
    tokenStore.set('t-1')
    const fetch = vi.fn(() => reply(201, { id: 7 }))
    vi.stubGlobal('fetch', fetch)
    expect(await post('/meetings', { title: '党员大会' })).toEqual({ id: 7 })
    const [url, init] = fetch.mock.calls[0]
    expect(url).toBe('/api/v1/meetings')
    expect(init.headers.Authorization).toBe('Bearer t-1')
    expect(JSON.parse(init.body)).toEqual({ title: '党员大会' })
  })

  it('drops empty query values', async () => {
    const fetch = vi.fn(() => reply(200, {}))
    vi.stubGlobal('fetch', fetch)
    await request('GET', '/people', { query: { org_id: 3, q: '', status: undefined } })
    expect(fetch.mock.calls[0][0]).toBe('/api/v1/people?org_id=3')
  })

  it('unwraps the error shape into an ApiError with the Chinese message, code and fields', async () => {
    vi.stubGlobal('fetch', () => reply(422, { error: { code: 'invalid_answers', message: '最多只能推荐 2 人', fields: { answers: ['x'] }, session_id: 4 } }))
    const error = await post('/ballots', {}).catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect([error.status, error.code, error.message]).toEqual([422, 'invalid_answers', '最多只能推荐 2 人'])
    expect(error.fields).toEqual({ answers: ['x'] })
    expect(error.extra).toEqual({ session_id: 4 })
    expect(error.retryable).toBe(false)
    expect(error.fullMessage).toBe('最多只能推荐 2 人（x）')
  })

  it('turns a lost network into a retryable error with a Chinese message', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    const error = await post('/ballots', {}).catch((e) => e)
    expect([error.status, error.retryable]).toEqual([0, true])
    expect(error.message).toContain('网络')
  })

  it('forgets an expired login and tells the app once', async () => {
    tokenStore.set('old')
    const seen = vi.fn()
    const off = onUnauthorized(seen)
    vi.stubGlobal('fetch', () => reply(401, { error: { code: 'token_expired', message: '登录已过期，请重新登录' } }))
    await request('GET', '/auth/me').catch(() => {})
    off()
    expect(tokenStore.get()).toBeNull()
    expect(seen).toHaveBeenCalledTimes(1)
  })

  it('gives a message even when a proxy answers with HTML', async () => {
    vi.stubGlobal('fetch', () => Promise.resolve(new Response('<html>bad gateway</html>', { status: 502 })))
    const error = await request('GET', '/orgs').catch((e) => e)
    expect([error.status, error.retryable, error.message]).toEqual([502, true, '服务器暂时无法处理，请稍后重试'])
  })
})
