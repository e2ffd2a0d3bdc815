// Plans, the nightly criteria scan and a warning by the seed, in real browsers: a committee enters its branch's plan
// on a PC and the county confirms it; the scan proposes a criterion-2 warning for the committee (the branch has
// admitted nobody for 3 years); the committee issues it as a 函告督办 with a deadline; the branch secretary, on a
// phone, downloads the numbered notice, acknowledges and reports; the county's dashboard at both sizes, drilled down.
import { describe, expect, it } from 'vitest'
import {
  api, BASE, browserRun, daysAgo, horizontalOverflow, loginToken, makeBranch, newContext, PHONE, runCriteriaScan,
  SCREEN, shot, unique, createAccount } from './helpers.js'

const run = browserRun()
const YEAR = new Date().getFullYear()

async function staffOf(orgId) {
  const username = unique('staff_')
  await createAccount(run.admin, { username, password: 'Staff@2026x', role: 'org_staff', org_id: orgId })
  return loginToken(username, 'Staff@2026x')
}

describe('plans, the criteria scan and warnings along the hierarchy', () => {
  it('plans, proposes, issues a letter, and the branch downloads the notice and reports; the dashboard drills down', async () => {
    const world = await makeBranch(run.admin, { people: [['王党员', 'member', { status_since: '2010-07-01' }],
      ['李党员', 'member', { status_since: '2012-07-01' }], ['申请人甲', 'applicant', { applied_at: daysAgo(200) }]] })
    await api('PATCH', `/orgs/${world.committee.id}`, { token: run.admin, body: { has_approval_authority: true } })
    const committee = await staffOf(world.committee.id)
    const county = await staffOf(world.county.id)

    // --- the committee enters the branch's plan on a PC ---
    const pc = await (await newContext(run.browser, SCREEN, committee)).newPage()
    await pc.goto(`${BASE}/h5/plans`)
    const row = pc.locator(`[data-plan="${world.branch.name}"]`)
    await row.getByRole('button', { name: '制定计划' }).click()
    await pc.locator('input[name=planned_admissions]').fill('3')
    await pc.locator('input[name=women_pct]').fill('30')
    await shot(pc, 'plans-form-screen')
    await pc.getByRole('button', { name: '保存' }).click()
    await row.getByText('待确认').waitFor()
    await row.getByText('计划发展 3 名').waitFor()
    // The committee cannot confirm its own plan; the county can.
    expect(await row.getByRole('button', { name: '确认' }).count()).toBe(0)
    const [plan] = (await api('GET', `/plans?org_id=${world.committee.id}&year=${YEAR}`, { token: county }))
    expect((await api('POST', `/plans/${plan.id}/confirm`, { token: county })).state).toBe('confirmed')
    await pc.reload()
    await row.getByText('已确认').waitFor()
    await shot(pc, 'plans-screen')

    // --- the nightly scan proposes, for the committee ---
    await runCriteriaScan()
    await pc.goto(`${BASE}/h5/proposals`)
    const card = pc.locator(`[data-proposal="${world.branch.name}-2"]`)
    await card.locator('.facts').getByText('连续三年以上未发展党员').waitFor()
    await shot(pc, 'proposals-screen')
    await card.getByRole('button', { name: '发出预警' }).click()
    await pc.locator('.van-popup .van-radio', { hasText: '函告督办' }).click()
    await pc.locator('.van-popup input[name=deadline]').fill(daysAgo(-30))
    await pc.locator('.van-popup').getByRole('button', { name: '发出' }).click()
    await pc.waitForURL(/\/h5\/warnings\/\d+$/)
    const warningId = Number(pc.url().match(/warnings\/(\d+)/)[1])
    await pc.getByText('函告督办').first().waitFor()

    // The city may not skip the county and the committee.
    const cityToken = run.admin
    await expect(api('POST', '/warnings', { token: cityToken, body: { org_id: world.branch.id, criterion: 1, level: 'letter',
      facts: '越级预警', deadline: daysAgo(-30) } })).rejects.toThrow(/403/)

    // --- the branch secretary, on a phone: the notice, acknowledge, report ---
    const phone = await (await newContext(run.browser, PHONE, world.secretary)).newPage()
    await phone.goto(`${BASE}/h5/warnings/${warningId}`)
    const download = phone.waitForEvent('download')
    await phone.getByTestId('notice-pdf').click()
    expect((await download).suggestedFilename()).toMatch(/调控预警通知书/)
    await phone.getByRole('button', { name: '签收' }).click()
    await phone.getByText('已签收').first().waitFor()
    await phone.locator('textarea').fill('已召开支委会，确定两名入党积极分子，下季度发展一名党员。')
    await phone.getByRole('button', { name: '报送' }).click()
    await phone.getByText('已报送整改情况').first().waitFor()
    await shot(phone, 'warning-reported-phone')
    const proposals = (await api('GET', `/warning-proposals?org_id=${world.branch.id}&state=all`, { token: committee }))
    expect(proposals.find((p) => p.criterion === 2)).toMatchObject({ state: 'issued', warning_id: warningId })

    // --- the committee's quarterly report, submitted to the county and reviewed there ---
    await pc.goto(`${BASE}/h5/quarterly`)
    await pc.getByRole('button', { name: '按数据生成季报' }).click()
    await pc.getByRole('button', { name: '按最新数据刷新' }).waitFor() // the numbers are in
    await pc.locator('textarea[name=comment]').fill('本季度确定入党积极分子一名，已督促支部按计划发展。')
    await pc.getByRole('button', { name: '报送' }).click()
    await pc.getByTestId('my-report').getByText('已报送').waitFor()
    const desk = await (await newContext(run.browser, SCREEN, county)).newPage()
    await desk.goto(`${BASE}/h5/quarterly`)
    const received = desk.locator(`[data-report="${world.committee.name}"]`)
    await received.getByText('本季度确定入党积极分子一名').waitFor()
    await shot(desk, 'quarterly-received-screen')
    await received.getByRole('button', { name: '审阅' }).click()
    await received.getByText('已审阅').waitFor()

    // --- the county's dashboard, at both sizes, drilled down to the branch ---
    for (const [size, suffix] of [[SCREEN, 'screen'], [PHONE, 'phone']]) {
      const page = await (await newContext(run.browser, size, county)).newPage()
      await page.goto(`${BASE}/h5/stats`)
      await page.getByTestId('admitted').waitFor()
      await page.locator('canvas').first().waitFor()
      await shot(page, `stats-county-${suffix}`)
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1)
      await page.locator(`[data-child="${world.committee.name}"]`).first().click()
      await page.getByTestId('trail').getByText(world.committee.name).waitFor()
      await page.locator(`[data-child="${world.branch.name}"]`).first().waitFor()
      await shot(page, `stats-committee-${suffix}`)
      if (suffix === 'screen') {
        const sheet = page.waitForEvent('download')
        await page.getByTestId('export').click()
        expect((await sheet).suggestedFilename()).toMatch(/\.xlsx$/)
      }
    }
  })
})
