const { freshWx } = require('./wx-mock')

let wx
let api
beforeEach(() => {
  wx = freshWx()
  api = require('../utils/request')
})

test('checks statusCode and returns the body of a 2xx', async () => {
  wx.setStorageSync(api.TOKEN_KEY, 't-1')
  wx.answer(200, { items: [1] })
  expect(await api.get('/inbox', { unread_only: true, empty: '' })).toEqual({ items: [1] })
  expect(wx.requests[0].url).toBe('https://dangjian.example.cn/api/v1/inbox?unread_only=true')
  expect(wx.requests[0].header.Authorization).toBe('Bearer t-1')
})

test('unwraps the error shape into an ApiError with the Chinese message', async () => {
  wx.answer(409, { error: { code: 'already_voted', message: '该票码已使用', fields: {}, session_id: 4 } })
  const error = await api.post('/ballots', {}).catch((e) => e)
  expect(error).toBeInstanceOf(api.ApiError)
  expect([error.status, error.code, error.message, error.extra.session_id]).toEqual([409, 'already_voted', '该票码已使用', 4])
})

test('a 401 logs in again with wx.login once and retries the request once', async () => {
  wx.setStorageSync(api.TOKEN_KEY, 'expired')
  wx.answer(401, { error: { code: 'token_expired', message: '登录已过期' } })
  wx.answer(200, { bind_required: false, token: 'fresh' })
  wx.answer(200, { unread: 0, items: [] })
  expect(await api.get('/inbox')).toEqual({ unread: 0, items: [] })
  expect(wx.requests.map((r) => `${r.method} ${r.url.replace(/^.*\/api\/v1/, '')}`)).toEqual(
    ['GET /inbox', 'POST /auth/wechat', 'GET /inbox'])
  expect(wx.requests[1].data).toEqual({ code: 'code-1' })
  expect(wx.requests[2].header.Authorization).toBe('Bearer fresh')
})

test('a second 401 after the re-login is an error, not a loop', async () => {
  wx.answer(401, { error: { code: 'token_invalid', message: '登录凭证无效' } })
  wx.answer(200, { bind_required: false, token: 'fresh' })
  wx.answer(401, { error: { code: 'token_revoked', message: '登录已失效，请重新登录' } })
  const error = await api.get('/inbox').catch((e) => e)
  expect([error.status, error.message]).toEqual([401, '登录已失效，请重新登录'])
  expect(wx.requests).toHaveLength(3)
})

test('an unbound WeChat keeps only the server bind ticket and is asked for the bind code', async () => {
  wx.answer(401, { error: { code: 'login_required', message: '请登录' } })
  wx.answer(200, { bind_required: true, bind_ticket: 'encrypted-ticket' })
  const error = await api.get('/ballot-form', { join: 't' }).catch((e) => e)
  expect([error.status, error.code]).toEqual([401, 'bind_required'])
  expect(error.message).toContain('绑定码')
  wx.answer(200, { token: 'bound' })
  await api.bind('ABCD2345')
  expect(wx.requests[2].data).toEqual({ bind_ticket: 'encrypted-ticket', bind_code: 'ABCD2345' })
  expect(wx.storage).toEqual({ [api.TOKEN_KEY]: 'bound' })
  // Nothing like a session_key or openid was ever stored.
  expect(JSON.stringify(wx.storage)).not.toMatch(/session_key|openid/)
})

test('a lost network is a retryable error with a Chinese message', async () => {
  wx.failNext()
  const error = await api.get('/inbox').catch((e) => e)
  expect([error.status, error.retryable]).toEqual([0, true])
  expect(error.message).toContain('网络')
})

test('a 5xx without the error shape still gets a message', async () => {
  wx.answer(502, '<html>bad gateway</html>')
  const error = await api.get('/inbox').catch((e) => e)
  expect([error.status, error.message]).toEqual([502, '服务器暂时无法处理，请稍后重试'])
})
