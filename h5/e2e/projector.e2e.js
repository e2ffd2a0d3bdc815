// The projector's published result fits the screen with 3, 8 and 15 candidates, at 1280×720 and 1920×1080: no
// scrolling, and no two texts of the chart on top of each other; on a phone it never scrolls sideways.
import { describe, expect, it } from 'vitest'
import { api, BASE, browserRun, daysAgo, horizontalOverflow, makeBranch, newContext, PHONE, shot } from './helpers.js'

const run = browserRun()
const SIZES = [['720p', { viewport: { width: 1280, height: 720 } }], ['1080p', { viewport: { width: 1920, height: 1080 } }]]
const NAMES = ['张秀英', '李建国', '王芳', '刘洋', '陈静', '杨帆', '赵丽娟', '黄磊', '周婷', '吴昊', '徐晓明', '孙悦', '马骏', '朱红梅', '胡志强']

async function publishedRecommendation(world, count) {
  const token = world.secretary
  const candidates = NAMES.slice(0, count).map((n) => world.people[n].id)
  const meeting = await api('POST', '/meetings', { token, body: { org_id: world.branch.id, title: '推荐入党积极分子会议',
    kind: 'members_and_masses', starts_at: new Date().toISOString() } })
  const session = await api('POST', `/meetings/${meeting.id}/sessions`, { token, body: { kind: 'recommendation',
    title: `推荐入党积极分子（${count} 名人选）`, candidate_ids: candidates } })
  const members = (await api('POST', `/sessions/${session.id}/codes`, { token, body: { group: 'member', count: 8 } })).codes
  const mass = (await api('POST', `/sessions/${session.id}/codes`, { token, body: { group: 'mass', count: 6 } })).codes
  await api('POST', `/sessions/${session.id}/open`, { token, body: { override_reason: '本村群众代表另行推荐' } })
  const limit = session.max_choices || count
  const ballots = [...members, ...mass].map((code, i) => [code, candidates.filter((_, j) => (i + j) % 3 !== 0).slice(0, limit)])
  for (const [code, choices] of ballots) await api('POST', '/ballots', { body: { session_id: session.id, code, answers: { choices } } })
  await api('POST', `/sessions/${session.id}/close`, { token })
  await api('POST', `/sessions/${session.id}/publish`, { token })
  return session.id
}

/** Pairs of texts in the result chart whose boxes overlap (by more than a pixel each way). */
async function overlappingTexts(page) {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll('.result-chart svg text')].filter((t) => t.textContent.trim())
      .map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }))
    const clash = []
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i].box, boxes[j].box]
        const x = Math.min(a.right, b.right) - Math.max(a.left, b.left)
        const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
        if (x > 1 && y > 1) clash.push(`${boxes[i].text} × ${boxes[j].text}`)
      }
    }
    return clash
  })
}

async function openScreen(context, sessionId, count) {
  const page = await context.newPage()
  await page.goto(`${BASE}/h5/screen/${sessionId}`)
  await page.locator('[data-testid=screen-state]', { hasText: '已公布' }).waitFor()
  await page.locator('.result-table tbody tr').nth(count - 1).waitFor()
  await page.locator('.result-chart svg text').first().waitFor()
  await page.waitForTimeout(600) // the fit and the chart's redraw settle
  return page
}

describe('the projector', () => {
  it('fits a published result of 3, 8 and 15 candidates on 720p and 1080p screens, its labels apart', async () => {
    const people = [...Array.from({ length: 8 }, (_, i) => [`党员${i + 1}`, 'member', { status_since: '2010-07-01' }]),
      ...Array.from({ length: 6 }, (_, i) => [`群众${i + 1}`, 'mass_rep']),
      ...NAMES.map((n) => [n, 'applicant', { applied_at: daysAgo(250) }])]
    const world = await makeBranch(run.admin, { sector: 'rural', people })
    for (const count of [3, 8, 15]) {
      const sessionId = await publishedRecommendation(world, count)
      for (const [name, size] of SIZES) {
        const context = await newContext(run.browser, size, world.secretary)
        const page = await openScreen(context, sessionId, count)
        const where = `${count} candidates at ${name}`
        const room = await page.evaluate(() => ({ down: document.documentElement.scrollHeight - window.innerHeight,
          across: document.documentElement.scrollWidth - window.innerWidth }))
        await shot(page, `projector-${count}-${name}`)
        expect(room.down, where).toBeLessThanOrEqual(1)
        expect(room.across, where).toBeLessThanOrEqual(1)
        expect(await overlappingTexts(page), where).toEqual([])
        await context.close()
      }
      const phone = await newContext(run.browser, PHONE, world.secretary)
      const page = await openScreen(phone, sessionId, count)
      await shot(page, `projector-${count}-phone`)
      expect(await horizontalOverflow(page), `${count} candidates on a phone`).toBeLessThanOrEqual(1)
      expect(await overlappingTexts(page), `${count} candidates on a phone`).toEqual([])
      await phone.close()
    }
  })
})
