// An in-memory `wx` for tests: storage, login, and a request whose answers a test queues.
function installWx() {
  const storage = {}
  const answers = []
  const wx = {
    storage,
    requests: [],
    answer(statusCode, data) { answers.push({ statusCode, data }) },
    failNext() { answers.push('fail') },
    loginCodes: ['code-1', 'code-2', 'code-3'],
    getStorageSync: (key) => (key in storage ? storage[key] : ''),
    setStorageSync: (key, value) => { storage[key] = value },
    removeStorageSync: (key) => { delete storage[key] },
    login: ({ success }) => success({ code: wx.loginCodes.shift() }),
    pending: 0, // requests sent and not yet answered (tests wait for none)
    request: (options) => {
      wx.requests.push(options)
      const next = answers.shift()
      if (!next) throw new Error(`no answer queued for ${options.method} ${options.url}`)
      wx.pending += 1
      setTimeout(() => {
        wx.pending -= 1
        if (next === 'fail') options.fail({ errMsg: 'request:fail' })
        else options.success(next)
      }, 0)
    },
    // WeChat's secure random bytes, asynchronously (here from Node's crypto)
    getRandomValues: ({ length, success }) => setTimeout(() => success({ randomValues: require('crypto').randomBytes(length).buffer }), 0),
    setClipboardData: jest.fn(),
    requestSubscribeMessage: jest.fn(),
  }
  global.wx = wx
  return wx
}

/** A page test's start: modules loaded afresh, a new `wx`, and the login token when given. */
function freshWx({ token } = {}) {
  jest.resetModules()
  const wx = installWx()
  if (token) wx.setStorageSync('pq_token', token)
  return wx
}

module.exports = { installWx, freshWx }
