// A hostile name in every place the browser shows it: the projector's chart and its tooltip, and the
// published result. Neither escaping slips nor inline script runs (the H5's Content-Security-Policy).
import { describe, expect, it } from 'vitest'
import { api, BASE, browserRun, makeBranch, newContext, SCREEN, shot } from './helpers.js'

const PAYLOAD = '<img src=x onerror="window.__xss=1">'

const run = browserRun()

async function publishedSatisfaction() {
  const lastYear = `${new Date().getFullYear() - 1}-06-20`
  const world = await makeBranch(run.admin, { people: [
    ['党员甲', 'member', { status_since: '2010-07-01' }], ['党员乙', 'member', { status_since: '2010-07-01' }],
    [PAYLOAD, 'probationary', { status_since: lastYear }],
    ['群众甲', 'mass_rep'], ['群众乙', 'mass_rep'], ['群众丙', 'mass_rep'], ['群众丁', 'mass_rep'], ['群众戊', 'mass_rep'],
  ] })
  const token = world.secretary
  const meeting = await api('POST', '/meetings', { token, body: { org_id: world.branch.id, title: '双评议', kind: 'members_and_masses', starts_at: new Date().toISOString() } })
  const session = await api('POST', `/meetings/${meeting.id}/sessions`, { token, body: {
    kind: 'satisfaction', title: '双评议', include_branch_work: false, subject_person_ids: [world.people[PAYLOAD].id] } })
  await api('POST', `/sessions/${session.id}/open`, { token, body: { override_reason: '测试用小范围评议' } })
  await api('POST', `/sessions/${session.id}/close`, { token })
  await api('POST', `/sessions/${session.id}/publish`, { token })
  return { world, session }
}

describe('a hostile name', () => {
  it('stays text on the projector, in the chart and its tooltip', async () => {
    const { world, session } = await publishedSatisfaction()
    const context = await newContext(run.browser, SCREEN, world.secretary)
    const page = await context.newPage()
    const response = await page.goto(`${BASE}/h5/screen/${session.id}`)
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'")
    expect(response.headers()['x-frame-options']).toBe('DENY')
    await page.locator('main.result-view').waitFor()
    await page.getByText(PAYLOAD).first().waitFor() // the name is shown, as text
    const chart = page.locator('.chart svg').first()
    const box = await chart.boundingBox()
    for (let x = 0.2; x < 1; x += 0.2) await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.6)
    await shot(page, 'security-hostile-name-screen')
    expect(await page.evaluate(() => window.__xss)).toBeUndefined()
    expect(await page.locator('img[src=x]').count()).toBe(0)
    await context.close()
  })

  it('would not run even if markup slipped into the page: inline handlers are refused', async () => {
    const context = await newContext(run.browser, SCREEN)
    const page = await context.newPage()
    const violations = []
    page.on('console', (msg) => { if (/Content Security Policy/.test(msg.text())) violations.push(msg.text()) })
    await page.goto(`${BASE}/h5/login`)
    await page.evaluate((html) => { document.body.insertAdjacentHTML('beforeend', html) }, PAYLOAD)
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => window.__xss)).toBeUndefined()
    expect(violations.length).toBeGreaterThan(0)
    await context.close()
  })
})
