// Shared pieces of the browser tests: the API for setting up, Chromium, page sizes and screenshots.
import { mkdirSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, inject } from 'vitest'
import { LAUNCH_OPTIONS } from './launch-options.js'

export const BASE = process.env.E2E_BASE_URL || 'http://127.0.0.1:5000'
export const SHOTS = process.env.SHOTS_DIR || new URL('../e2e-shots', import.meta.url).pathname
mkdirSync(SHOTS, { recursive: true })

export const PHONE = {
  viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
  locale: 'zh-CN', timezoneId: 'Asia/Shanghai',
}
export const SCREEN = { viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }

/** The run's shared Chromium (e2e/global-setup.js), or one of this file's own when run without it. */
export function launch() {
  const endpoint = inject('browserEndpoint')
  return endpoint ? chromium.connect(endpoint) : chromium.launch(LAUNCH_OPTIONS)
}

/**
 * The shared Chromium for one test file, and the admin's token: `run.browser` and `run.admin` are set once the
 * file's beforeAll has run; the connection closes after the file (its contexts with it).
 */
export function browserRun({ asAdmin = true } = {}) {
  const run = { browser: null, admin: null }
  beforeAll(async () => {
    run.browser = await launch()
    if (asAdmin) run.admin = await loginToken(process.env.ADMIN_USER, process.env.ADMIN_PASSWORD)
  })
  afterAll(async () => run.browser && run.browser.close())
  return run
}

/** A JSON call to the API (test set-up and cross-checks); throws with the server's message. */
export async function api(method, path, { token, body } = {}) {
  const headers = { Accept: 'application/json' }
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(`${BASE}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await response.text()
  const data = text ? JSON.parse(text) : null
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`)
  return data
}

/** Hold a drafted session through the API: `voters` members present vote `answers` by code, then it closes. */
export async function voteByCodes(token, sessionId, answers, voters) {
  const { codes } = await api('POST', `/sessions/${sessionId}/codes`, { token, body: { group: 'member', count: voters } })
  await api('POST', `/sessions/${sessionId}/open`, { token })
  for (const code of codes) await api('POST', '/ballots', { body: { session_id: sessionId, code, answers } })
  return api('POST', `/sessions/${sessionId}/close`, { token })
}

export async function loginToken(username, password) {
  return (await api('POST', '/auth/login', { body: { username, password } })).token
}

/** A new browser context (its own storage: a separate phone), logged in when a token is given. */
export async function newContext(browser, size = PHONE, token = null) {
  const context = await browser.newContext(size)
  if (token) await context.addInitScript((t) => localStorage.setItem('pq_token', t), token)
  return context
}

/** A full-page screenshot; dialogs, toasts and transitions are shown finished (no waiting for them to fade). */
export async function shot(page, name) {
  if (!process.env.NOSHOT) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true, animations: 'disabled', caret: 'hide' })
}

/** The page fits its width: no horizontal scrolling at 360 px. */
export async function horizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
}

/** Tappable things smaller than 44 px high (buttons, check boxes, radios, tabs, clickable rows). */
export async function smallTapTargets(page) {
  return page.$$eval('button, .van-button, .van-checkbox, .van-radio, .van-tabbar-item, .van-cell--clickable', (els) => els
    .filter((el) => el.offsetParent !== null && el.getBoundingClientRect().height < 43.5)
    .map((el) => `${el.className || el.tagName} "${el.textContent.trim().slice(0, 12)}" ${el.getBoundingClientRect().height}px`))
}

/** A page opened in a phone and on a 1920×1080 screen, screenshotted in both. */
export async function shotBoth(browser, path, name, token) {
  for (const [size, suffix] of [[PHONE, 'phone'], [SCREEN, 'screen']]) {
    const context = await newContext(browser, size, token)
    const page = await context.newPage()
    await page.goto(BASE + path)
    await page.waitForLoadState('networkidle')
    await shot(page, `${name}-${suffix}`)
    const overflow = await horizontalOverflow(page)
    const small = suffix === 'phone' ? await smallTapTargets(page) : []
    await context.close()
    if (overflow > 1) throw new Error(`${path} scrolls sideways by ${overflow}px at ${suffix} size`)
    if (small.length) throw new Error(`${path} has tap targets under 44 px: ${small.join('; ')}`)
  }
}

export async function confirmDialog(page, text = '确认') {
  const button = page.locator('.van-dialog__confirm', { hasText: text })
  await button.waitFor()
  await button.click()
}

/**
 * A staff account made by `admin`, which its owner has already taken over: a new account's password is someone
 * else's until its owner changes it (the console sends them to 修改密码 first), so it is made with a password of the
 * admin's and changed to `body.password` by its owner.
 */
export async function createAccount(admin, body) {
  const given = `${body.password}~Given${Date.now() % 1000}`
  const account = await api('POST', '/accounts', { token: admin, body: { ...body, password: given } })
  const token = await loginToken(body.username, given)
  await api('POST', '/auth/password', { token, body: { old_password: given, new_password: body.password } })
  return account
}

let counter = 0
// Unique across the test files running side by side (each in its own process) as well as within one.
export const unique = (prefix) => `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${(counter++).toString(36)}`

// Calendar dates in China (the server's dates), whatever the machine's time zone.
const day = (offsetDays) => new Date(Date.now() + 8 * 3600000 + offsetDays * 86400000).toISOString().slice(0, 10)
export const daysAgo = (n) => day(-n)

/** The dated steps (9–14) of a 发展对象 ready for the 接收预备党员 vote, as a paper file gives them. */
export const ADMISSION_READY = Object.fromEntries(['introducers', 'political_review', 'training', 'branch_review',
  'committee_prereview', 'application_form'].map((key, i) => [key, daysAgo(120 - 10 * i)]))

/**
 * A fresh county → committee → branch with a secretary and a roster, made through the API as the admin.
 * `people` is a list of [name, status, extra].
 */
export async function makeBranch(admin, { sector = 'community', people }) {
  const cityId = (await api('GET', '/orgs', { token: admin })).items.find((o) => o.level === 'city').id
  const county = await api('POST', '/orgs', { token: admin, body: { name: unique('县区'), parent_id: cityId, level: 'county', sector } })
  const committee = await api('POST', '/orgs', { token: admin, body: { name: unique('党委'), parent_id: county.id, level: 'committee', sector } })
  const branch = await api('POST', '/orgs', { token: admin, body: { name: unique('第一党支部'), parent_id: committee.id, level: 'branch', sector } })
  const username = unique('sec_')
  const password = 'Secret@2026'
  await createAccount(admin, { username, password, role: 'secretary', org_id: branch.id })
  const secretary = await loginToken(username, password)
  const byName = {}
  let seq = 0
  for (const [name, status, extra = {}] of people) {
    const person = await api('POST', '/people', { token: secretary, body: {
      org_id: branch.id, name, status, gender: seq++ % 2 ? 'female' : 'male', birth_date: '1985-03-0' + ((seq % 9) + 1), ...extra,
    } })
    byName[name] = person
  }
  return { county, committee, branch, username, password, secretary, people: byName }
}

/** A member proves who they are in the browser: WeChat authorization (the fake gateway) and a bind code. */
export async function bindInBrowser(page, bindCode) {
  await page.getByRole('button', { name: '微信授权登录' }).click()
  await page.locator('input[name=bind_code]').waitFor()
  await page.locator('input[name=bind_code]').fill(bindCode)
  await page.getByRole('button', { name: '绑定并继续' }).click()
}

/** Move the server's clock `days` ahead of the real one (0 puts it back), through the test harness. */
export async function moveClock(days) {
  const url = process.env.CLOCK_URL
  if (!url) throw new Error('CLOCK_URL is not set: run the browser tests through tests/e2e/test_h5_browser.py')
  await fetch(`${url}/${days}`, { method: 'POST' })
}

/** The lowest contrast ratio (WCAG) of the text of the elements matching `selector` against white. */
export async function lowestContrast(page, selector) {
  return page.evaluate((sel) => {
    const luminance = (rgb) => {
      const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map((v) => {
        const c = Number(v) / 255
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    const ratios = [...document.querySelectorAll(sel)].filter((el) => el.textContent.trim())
      .map((el) => 1.05 / (luminance(getComputedStyle(el).color) + 0.05))
    return ratios.length ? Math.min(...ratios) : null
  }, selector)
}

/** Run the nightly criteria scan now, through the test harness (the worker's job in production). */
export async function runCriteriaScan() {
  const url = process.env.CLOCK_URL
  if (!url) throw new Error('CLOCK_URL is not set: run the browser tests through tests/e2e/test_h5_browser.py')
  return (await fetch(`${url}/scan`, { method: 'POST' })).json()
}

/** Visible texts set smaller than `min` px (charts excepted: their numbers are sized to their bars). */
export async function smallText(page, min) {
  return page.evaluate((least) => {
    const found = new Set()
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    while (walker.nextNode()) {
      const node = walker.currentNode
      const el = node.parentElement
      if (!node.textContent.trim() || !el || el.closest('svg, canvas, .result-chart')) continue
      const box = el.getBoundingClientRect()
      const style = getComputedStyle(el)
      if (!box.width || !box.height || style.visibility === 'hidden') continue
      const size = parseFloat(style.fontSize)
      if (size < least - 0.01) found.add(`"${node.textContent.trim().slice(0, 12)}" ${size}px`)
    }
    return [...found].slice(0, 15)
  }, min)
}

/** Short phrases (buttons, tags, captions, labels) that wrap onto a second line: a word broken in two. */
export async function brokenPhrases(page) {
  return page.evaluate(() => {
    const found = []
    const selector = '.van-button__text, .van-tag, .van-tabbar-item__text, .van-grid-item__text, .van-field__label, .side-item, .mark, h2, h3, .keep'
    for (const el of document.querySelectorAll(selector)) {
      const text = el.textContent.trim()
      if (!text || text.length > 12 || !el.getBoundingClientRect().width) continue
      const range = document.createRange()
      range.selectNodeContents(el)
      // A second line starts below the first one's bottom (text of two sizes on one line only differs in its top).
      const rects = [...range.getClientRects()].filter((r) => r.width > 1).sort((x, y) => x.top - y.top)
      const lines = rects.reduce((n, r, i) => n + (i > 0 && r.top >= rects[i - 1].bottom - 1 ? 1 : 0), 1)
      if (lines > 1) found.push(text)
    }
    return [...new Set(found)].slice(0, 15)
  })
}
