// The one way the mini-program talks to the server: checks statusCode, unwraps the error shape of docs/api.md,
// logs in again once on 401 (wx.login → token), and never sees or stores session_key or openid.
const config = require('../config')

const TOKEN_KEY = 'pq_token'
const BIND_TICKET_KEY = 'pq_bind_ticket'

class ApiError extends Error {
  constructor(status, code, message, fields, extra) {
    super(message)
    this.status = status
    this.code = code
    this.fields = fields || {}
    this.extra = extra || {}
  }

  get retryable() {
    return this.status === 0 || this.status >= 500
  }
}

function call({ method, path, data, token }) {
  return new Promise((resolve, reject) => {
    const header = { 'Content-Type': 'application/json' }
    if (token) header.Authorization = `Bearer ${token}`
    wx.request({
      url: config.apiBase + path,
      method,
      data,
      header,
      success: resolve,
      fail: () => reject(new ApiError(0, 'network', '网络连接失败，请检查网络后重试')),
    })
  })
}

function wxLoginCode() {
  return new Promise((resolve, reject) => {
    wx.login({ success: (res) => resolve(res.code), fail: () => reject(new ApiError(0, 'wx_login', '微信登录失败，请重试')) })
  })
}

let loggingIn = null

/** wx.login → POST /auth/wechat: a token when this WeChat is bound, otherwise a bind ticket (kept for bind). */
function login() {
  if (!loggingIn) {
    loggingIn = (async () => {
      const code = await wxLoginCode()
      const result = await request({ method: 'POST', path: '/auth/wechat', data: { code }, auth: false })
      if (result.token) {
        wx.setStorageSync(TOKEN_KEY, result.token)
        wx.removeStorageSync(BIND_TICKET_KEY)
        return true
      }
      wx.setStorageSync(BIND_TICKET_KEY, result.bind_ticket)
      return false
    })().finally(() => { loggingIn = null })
  }
  return loggingIn
}

/** Bind this WeChat to the roster person of a one-time code from the branch secretary. */
async function bind(bindCode) {
  const ticket = wx.getStorageSync(BIND_TICKET_KEY)
  if (!ticket) await login()
  const { token } = await request({ method: 'POST', path: '/auth/bind', auth: false,
    data: { bind_ticket: wx.getStorageSync(BIND_TICKET_KEY), bind_code: bindCode } })
  wx.setStorageSync(TOKEN_KEY, token)
  wx.removeStorageSync(BIND_TICKET_KEY)
  return token
}

/** Bind in one tap: the code of WeChat's getPhoneNumber button, matched by the server against the roster. */
async function bindPhone(phoneCode) {
  if (!wx.getStorageSync(BIND_TICKET_KEY)) await login()
  const { token } = await request({ method: 'POST', path: '/auth/bind-phone', auth: false,
    data: { bind_ticket: wx.getStorageSync(BIND_TICKET_KEY), phone_code: phoneCode } })
  wx.setStorageSync(TOKEN_KEY, token)
  wx.removeStorageSync(BIND_TICKET_KEY)
  return token
}

/** Staff: the username and password once; this WeChat then logs them in silently. */
async function bindStaff(username, password) {
  if (!wx.getStorageSync(BIND_TICKET_KEY)) await login()
  const { token } = await request({ method: 'POST', path: '/auth/bind-staff', auth: false,
    data: { bind_ticket: wx.getStorageSync(BIND_TICKET_KEY), username, password } })
  wx.setStorageSync(TOKEN_KEY, token)
  wx.removeStorageSync(BIND_TICKET_KEY)
  return token
}

/** Replace the password (the old one checked); the answer is a new token, the old ones stop working. */
async function changePassword(oldPassword, newPassword) {
  const { token } = await request({ method: 'POST', path: '/auth/password',
    data: { old_password: oldPassword, new_password: newPassword } })
  wx.setStorageSync(TOKEN_KEY, token)
  return token
}

async function request({ method = 'GET', path, data, auth = true, retried = false }) {
  const token = auth ? wx.getStorageSync(TOKEN_KEY) : ''
  const response = await call({ method, path, data, token })
  const { statusCode } = response
  if (statusCode >= 200 && statusCode < 300) return response.data
  if (statusCode === 401 && auth && !retried) {
    wx.removeStorageSync(TOKEN_KEY)
    if (await login()) return request({ method, path, data, auth, retried: true })
    throw new ApiError(401, 'bind_required', '请先输入支部书记发给您的绑定码，绑定党员身份')
  }
  const error = (response.data && response.data.error) || {}
  const { code, message, fields, ...extra } = error
  throw new ApiError(statusCode, code || `http_${statusCode}`, message || fallbackMessage(statusCode), fields, extra)
}

function fallbackMessage(status) {
  if (status === 429) return '尝试次数过多，请稍后再试'
  if (status >= 500) return '服务器暂时无法处理，请稍后重试'
  return `请求失败（${status}）`
}

function withQuery(path, query) {
  const parts = Object.keys(query || {})
    .filter((k) => query[k] !== undefined && query[k] !== null && query[k] !== '')
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(query[k])}`)
  return parts.length ? `${path}?${parts.join('&')}` : path
}

/** A PDF of the API (slips, result sheets) downloaded with this login and opened in WeChat's viewer, which can
 *  print or forward it. `path` is the server's own path (/api/v1/…). */
function openPdf(path) {
  const origin = config.apiBase.replace(/\/api\/v1\/?$/, '')
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url: origin + path,
      header: { Authorization: `Bearer ${wx.getStorageSync(TOKEN_KEY)}` },
      success: ({ statusCode, tempFilePath }) => {
        if (statusCode !== 200) return reject(new ApiError(statusCode, `http_${statusCode}`, fallbackMessage(statusCode)))
        wx.openDocument({ filePath: tempFilePath, fileType: 'pdf', showMenu: true, success: resolve,
          fail: () => reject(new ApiError(0, 'open_document', '无法打开文件，请重试')) })
      },
      fail: () => reject(new ApiError(0, 'network', '网络连接失败，请检查网络后重试')),
    })
  })
}

function parsed(text) {
  try {
    return JSON.parse(text)
  } catch (error) {
    return null // a proxy's HTML page, or nothing
  }
}

/** A file the user chose (wx.chooseMessageFile) sent to the API as multipart `file`, with this login; the JSON answer. */
function uploadFile(path, filePath) {
  return new Promise((resolve, reject) => {
    wx.uploadFile({
      url: config.apiBase + path,
      filePath,
      name: 'file',
      header: { Authorization: `Bearer ${wx.getStorageSync(TOKEN_KEY)}` },
      success: ({ statusCode, data }) => {
        const body = parsed(data)
        if (statusCode >= 200 && statusCode < 300) return resolve(body)
        const { code, message, fields } = (body && body.error) || {}
        reject(new ApiError(statusCode, code || `http_${statusCode}`, message || fallbackMessage(statusCode), fields))
      },
      fail: () => reject(new ApiError(0, 'network', '网络连接失败，请检查网络后重试')),
    })
  })
}

const get = (path, query) => request({ method: 'GET', path: withQuery(path, query) })
const post = (path, data) => request({ method: 'POST', path, data })
const isLoggedIn = () => Boolean(wx.getStorageSync(TOKEN_KEY))
const needsBinding = () => Boolean(wx.getStorageSync(BIND_TICKET_KEY))
const logout = () => wx.removeStorageSync(TOKEN_KEY)

module.exports = { ApiError, request, get, post, openPdf, uploadFile, login, bind, bindPhone, bindStaff, changePassword, isLoggedIn, needsBinding, logout, TOKEN_KEY, BIND_TICKET_KEY }
