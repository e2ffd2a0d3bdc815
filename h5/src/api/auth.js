// Logging in: staff by password; members in WeChat's browser by official-account OAuth and a bind code.
import { get, post, tokenStore } from './request.js'

const DEVICE_KEY = 'pq_device'

export async function login(username, password) {
  const result = await post('/auth/login', { username, password }, { auth: false })
  tokenStore.set(result.token)
  return result
}

export function logout() {
  tokenStore.set(null)
}

export const me = () => get('/auth/me')

/** Change one's own password; the old logins end, this one continues with the new token. */
export async function changePassword(oldPassword, newPassword) {
  const result = await post('/auth/password', { old_password: oldPassword, new_password: newPassword })
  if (result.token) tokenStore.set(result.token)
  return result
}
export const isLoggedIn = () => Boolean(tokenStore.get())

/** A random id kept by this browser: it is the OAuth `state`, so the way back can be matched to the request. */
export function deviceState() {
  let value = localStorage.getItem(DEVICE_KEY)
  if (!value) {
    value = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')
    localStorage.setItem(DEVICE_KEY, value)
  }
  return value
}

/** Where to send the browser for WeChat's authorization; it comes back to `redirectUri` with ?code=. */
export async function wechatAuthorizeUrl(redirectUri) {
  const { url } = await get('/auth/wechat-oa/authorize-url', { redirect_uri: redirectUri, state: deviceState() },
    { auth: false })
  return url
}

/** Exchange the OAuth code: a token when this WeChat is bound, otherwise a bind ticket for bindWechat. */
export async function wechatLogin(code) {
  const result = await post('/auth/wechat-oa', { code }, { auth: false })
  if (result.token) tokenStore.set(result.token)
  return result
}

export async function bindWechat(bindTicket, bindCode) {
  const { token } = await post('/auth/bind', { bind_ticket: bindTicket, bind_code: bindCode }, { auth: false })
  tokenStore.set(token)
  return token
}

/** The mini-program's web-view: exchange its one-time ticket for a session of the account that asked for it. */
export async function exchangeWebTicket(ticket) {
  const result = await post('/auth/web-ticket/exchange', { ticket }, { auth: Boolean(tokenStore.get()) })
  tokenStore.set(result.token)
  return result
}

/** Where a link may send the console after logging in: one of its own paths, never another site. */
export function internalPath(to) {
  const path = String(to || '')
  return /^\/(?![/\\])[^:]*$/.test(path) ? path : '/'
}
