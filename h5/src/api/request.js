// The one way the H5 talks to the server: /api/v1, bearer token, the JSON error shape of docs/api.md.
const BASE = '/api/v1'
const TOKEN_KEY = 'pq_token'

export class ApiError extends Error {
  constructor(status, code, message, fields = {}, extra = {}) {
    super(message)
    this.status = status
    this.code = code
    this.fields = fields
    this.extra = extra
  }

  /** The message with the server's field messages, for a form's error box. */
  get fullMessage() {
    return this.message + Object.values(this.fields || {}).flat().map((m) => `（${m}）`).join('')
  }

  /** Network lost or the server unreachable: the same request may simply be sent again. */
  get retryable() {
    return this.status === 0 || this.status >= 500
  }
}

const listeners = new Set()
/** Called with no arguments when the server says the login is gone (401). */
export function onUnauthorized(fn) {
  listeners.add(fn)
  return () => listeners.delete(fn)
}

export const tokenStore = {
  get: () => localStorage.getItem(TOKEN_KEY),
  set: (token) => (token ? localStorage.setItem(TOKEN_KEY, token) : localStorage.removeItem(TOKEN_KEY)),
}

function buildUrl(path, query) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') params.append(key, String(value))
  }
  const text = params.toString()
  return BASE + path + (text ? `?${text}` : '')
}

/** fetch() with the token; resolves to the parsed JSON body (or a Blob), rejects with ApiError. */
export async function request(method, path, { query, body, form, auth = true, blob = false } = {}) {
  const headers = { Accept: blob ? '*/*' : 'application/json' }
  const token = auth ? tokenStore.get() : null
  if (token) headers.Authorization = `Bearer ${token}`
  let payload
  if (form) payload = form
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  let response
  try {
    response = await fetch(buildUrl(path, query), { method, headers, body: payload })
  } catch {
    throw new ApiError(0, 'network', '网络连接失败，请检查网络后重试')
  }
  if (response.ok) {
    if (response.status === 204) return null
    if (blob) return response.blob()
    return response.json()
  }
  let error = {}
  try {
    error = (await response.json()).error || {}
  } catch {
    // a proxy's HTML error page: fall through to the generic message
  }
  const { code = 'http_' + response.status, message, fields = {}, ...extra } = error
  if (response.status === 401 && token) {
    tokenStore.set(null)
    listeners.forEach((fn) => fn())
  }
  throw new ApiError(response.status, code, message || fallbackMessage(response.status), fields, extra)
}

function fallbackMessage(status) {
  if (status === 429) return '尝试次数过多，请稍后再试'
  if (status >= 500) return '服务器暂时无法处理，请稍后重试'
  return '请求失败（' + status + '）'
}

export const get = (path, query, options) => request('GET', path, { ...options, query })
export const post = (path, body, options) => request('POST', path, { ...options, body })
export const patch = (path, body) => request('PATCH', path, { body })
export const put = (path, body) => request('PUT', path, { body })
export const del = (path) => request('DELETE', path)
