// 五公示 and 六部门审查 in real browsers: the secretary starts a publicity; a member of the public opens it from
// its QR link on a 360 px phone, without an account, and objects; the secretary answers; when the period is over
// the record moves on. A department answers the committee's request through its reply link.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  BASE, PHONE, api, daysAgo, horizontalOverflow, launch, loginToken, makeBranch, moveClock, newContext, shot, shotBoth,
  smallTapTargets, unique, voteByCodes, createAccount } from './helpers.js'

let browser
beforeAll(async () => { browser = await launch() })
afterAll(async () => { await browser.close() })
afterEach(async () => { await moveClock(0) })

async function committeeOf(admin, world) {
  const committeeId = (await api('GET', `/orgs/${world.branch.id}`, { token: admin })).parent_id
  await api('PATCH', `/orgs/${committeeId}`, { token: admin, body: { has_approval_authority: true } })
  const username = unique('committee_')
  await createAccount(admin, { username, password: 'Secret@2026', role: 'org_staff', org_id: committeeId })
  return loginToken(username, 'Secret@2026')
}

describe('publicity and review', () => {
  it('lets the public object on a phone, the secretary answer, and the record move on', async () => {
    const admin = await loginToken(process.env.ADMIN_USER, process.env.ADMIN_PASSWORD)
    const members = Array.from({ length: 5 }, (_, i) => [`党员${i + 1}`, 'member', { status_since: '2010-07-01', committee_member: i < 3 }])
    const world = await makeBranch(admin, { people: [...members, ['陆向阳', 'applicant',
      { applied_at: daysAgo(400), history: { application_talk: daysAgo(390) } }]] })
    const person = world.people['陆向阳']
    const meeting = await api('POST', '/meetings', { token: world.secretary, body: { org_id: world.branch.id, title: '支委会',
      kind: 'branch_committee', starts_at: `${daysAgo(14)}T09:00:00+08:00` } })
    const session = await api('POST', `/meetings/${meeting.id}/sessions`, { token: world.secretary, body: {
      kind: 'stage_vote', stage: 'activist', title: '确定入党积极分子', candidate_ids: [person.id], override_reason: '未组织两推荐' } })
    await voteByCodes(world.secretary, session.id, { votes: { [person.id]: 'yes' } }, 2)

    // The secretary starts the activist publicity from the person page: it ends today.
    const secretary = await newContext(browser, PHONE, world.secretary)
    const page = await secretary.newPage()
    await page.goto(`${BASE}/h5/people/${person.id}`)
    const start = page.locator('[data-testid=start-publicity]')
    await start.waitFor()
    await start.locator('input[name=starts_on]').fill(daysAgo(4))
    await start.locator('input[name=ends_on]').fill(daysAgo(0))
    await start.getByRole('button', { name: '开始公示' }).click()
    const link = await page.locator('[data-testid=public-link]').textContent()
    expect(link).toMatch(/\/h5\/p\/[A-Za-z0-9_-]{40,}$/)
    await shot(page, 'publicity-started-phone')

    // A member of the public opens the QR's link on a phone: no login.
    const stranger = await newContext(browser, PHONE)
    const pub = await stranger.newPage()
    await pub.goto(link)
    await pub.locator('[data-testid=name]', { hasText: '陆向阳' }).waitFor()
    expect(await pub.content()).not.toContain('4501')
    await pub.locator('textarea[name=text]').fill('<img src=x onerror=alert(1)> 该同志在村里有不良反映，请核实。')
    await pub.locator('input[name=contact]').fill('村民王某')
    await pub.getByRole('button', { name: '提交' }).click()
    const receipt = (await pub.locator('[data-testid=receipt] .code').textContent()).trim()
    expect(receipt).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/)
    expect(await pub.locator('img[src=x]').count()).toBe(0) // the text stays text
    expect(await horizontalOverflow(pub)).toBeLessThanOrEqual(1)
    expect(await smallTapTargets(pub)).toEqual([])
    await shot(pub, 'publicity-objected-phone')

    // The secretary sees it (a push and a task arrived), answers it; the step after waits for the period's end.
    await page.reload()
    await page.getByRole('button', { name: '查看意见' }).click()
    const objection = page.locator('[data-testid=objection]')
    await expect(objection.textContent()).resolves.toContain('<img src=x')
    await objection.locator('.van-radio', { hasText: '经核实不属实' }).click()
    await objection.locator('textarea[name=finding]').fill('经走访核实，反映情况不属实。')
    await objection.getByRole('button', { name: '答复' }).click()
    await page.locator('[data-testid=objection]', { hasText: '答复：经核实不属实' }).waitFor()
    await shot(page, 'publicity-answered-phone')
    const waiting = await api('GET', `/people/${person.id}/record`, { token: world.secretary })
    expect(waiting.blockers.map((b) => b.reason).join()).toContain('结束')

    await pub.locator('input[name=receipt]').fill(receipt)
    await pub.getByRole('button', { name: '查询' }).click()
    await pub.locator('[data-testid=receipt-state]', { hasText: '已于' }).waitFor()

    await moveClock(1) // the period is over
    await page.reload()
    await page.locator('[data-record=activist_filed]').click()
    await page.locator('[data-testid=step-form] input[name=done_on]').fill(daysAgo(0))
    await page.locator('[data-testid=step-form]').getByRole('button', { name: '保存' }).click()
    await page.locator('[data-step=activist_filed] [data-testid=step-state]', { hasText: '已完成' }).waitFor()
    await pub.reload()
    await pub.locator('[data-testid=period]', { hasText: '公示已结束' }).waitFor()
    expect(await pub.locator('textarea[name=text]').count()).toBe(0)
    await shot(pub, 'publicity-ended-phone')
    await moveClock(0)
    await shotBoth(browser, new URL(link).pathname, 'publicity-public', null)
    await secretary.close()
    await stranger.close()
  })

  it('lets a department answer the committee by its reply link, once', async () => {
    const admin = await loginToken(process.env.ADMIN_USER, process.env.ADMIN_PASSWORD)
    const world = await makeBranch(admin, { sector: 'rural', people: [['农发展', 'target',
      { applied_at: daysAgo(1400), status_since: daysAgo(200), residence: '某村三组' }]] })
    const person = world.people['农发展']
    const committee = await committeeOf(admin, world)
    const staff = await newContext(browser, { viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' }, committee)
    const page = await staff.newPage()
    await page.goto(`${BASE}/h5/people/${person.id}`)
    const review = page.locator('[data-testid=review]')
    await review.waitFor()
    await review.locator('.van-checkbox', { hasText: '综治' }).click()
    // The seed's list ends in 等: the second one is named freely.
    await review.locator('input[name=other_department]').fill('村民委员会')
    await review.getByRole('button', { name: '发出征求意见函' }).click()
    const url = (await review.locator('[data-department=纪委] [data-testid=reply-url]').textContent()).trim()
    await review.locator('[data-department=村民委员会]').waitFor()
    await shot(page, 'review-requested-screen')

    const department = await newContext(browser, PHONE)
    const phone = await department.newPage()
    await phone.goto(url)
    await phone.locator('.van-radio', { hasText: '无不同意见' }).click()
    await phone.getByRole('button', { name: '提交答复' }).click()
    await phone.locator('[data-testid=reply-done]').waitFor()
    await shot(phone, 'review-replied-phone')
    await phone.goto(url)
    await phone.locator('.error-box', { hasText: '链接无效' }).waitFor() // once only

    await page.reload()
    await review.locator('[data-department=纪委] .state', { hasText: '无不同意见' }).waitFor()
    await staff.close()
    await department.close()
  })
})
