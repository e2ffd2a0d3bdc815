// The mini-program's web-view opens a console page as the logged-in account: a one-time ticket in the fragment,
// exchanged once; the address bar keeps no ticket, and a second opening of the same link opens nothing.
import { describe, expect, it } from 'vitest'
import { api, BASE, browserRun, newContext, PHONE, SCREEN, shot } from './helpers.js'

const run = browserRun()

describe('a web-view ticket', () => {
  it('opens the statistics as the account that asked, once', async () => {
    const { ticket } = await api('POST', '/auth/web-ticket', { token: run.admin })
    const link = `${BASE}/h5/ticket#t=${ticket}&to=${encodeURIComponent('/stats')}`
    const context = await newContext(run.browser, PHONE) // the web-view: nobody logged in yet
    const page = await context.newPage()
    await page.goto(link)
    await page.waitForURL(/\/h5\/stats$/)
    await page.locator('.van-nav-bar__title', { hasText: '统计分析' }).waitFor()
    expect(page.url()).not.toContain(ticket)
    const me = await page.evaluate(async () => (await fetch('/api/v1/auth/me', {
      headers: { Authorization: `Bearer ${localStorage.getItem('pq_token')}` } })).json())
    expect(me.username).toBe(process.env.ADMIN_USER)
    await shot(page, 'webview-ticket-stats-phone')

    const again = await (await newContext(run.browser, PHONE)).newPage()
    await again.goto(link)
    await again.getByRole('alert').getByText('这个链接已经用过或已过期').waitFor()
    await shot(again, 'webview-ticket-used-phone')
    const desk = await (await newContext(run.browser, SCREEN)).newPage()
    await desk.goto(link)
    await desk.getByRole('alert').getByText('这个链接已经用过或已过期').waitFor()
    await shot(desk, 'webview-ticket-used-screen')
    await context.close()
  })
})
