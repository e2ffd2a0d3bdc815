// The staff console as staff use it, in real browsers: every console page on a 360 px phone (one lit tab, no
// sideways scrolling, 44 px tap targets, readable helper text) and on a 1920 px PC (a side navigation with one lit
// entry, content of a readable width, tables, centred dialogs); a session page in meeting order; results that
// can't be misread; each role offered only what it can do; and 长辈模式 on the ballot and in the console.
import { describe, expect, it } from 'vitest'
import {
  api, BASE, browserRun, confirmDialog, daysAgo, horizontalOverflow, loginToken, lowestContrast, makeBranch, newContext,
  brokenPhrases, PHONE, SCREEN, shot, smallTapTargets, smallText, unique, createAccount } from './helpers.js'

const run = browserRun()
const HELPER_TEXT = '.muted, .van-cell__label, .hint, .empty-hint, .van-empty__description, .summary, .next'

async function staffOf(orgId, role = 'org_staff') {
  const username = unique('staff_')
  await createAccount(run.admin, { username, password: 'Staff@2026x', role, org_id: orgId })
  return loginToken(username, 'Staff@2026x')
}

const range = (n, prefix) => Array.from({ length: n }, (_, i) => [`${prefix}${i + 1}`, ...(prefix === '群众' ? ['mass_rep'] : ['member', { status_since: '2010-07-01' }])])

async function recommendationWorld() {
  const world = await makeBranch(run.admin, { people: [...range(6, '党员'), ...range(6, '群众'),
    ['申请人甲', 'applicant', { applied_at: daysAgo(250) }], ['申请人乙', 'applicant', { applied_at: daysAgo(250) }]] })
  const token = world.secretary
  const meeting = await api('POST', '/meetings', { token, body: { org_id: world.branch.id, title: '推荐入党积极分子会议',
    kind: 'members_and_masses', starts_at: new Date().toISOString() } })
  const session = await api('POST', `/meetings/${meeting.id}/sessions`, { token, body: { kind: 'recommendation', title: '推荐入党积极分子',
    candidate_ids: [world.people['申请人甲'].id, world.people['申请人乙'].id] } })
  return { world, meeting, session }
}

/** The one lit entry of the navigation: the tab bar's on a phone, the side navigation's on a PC. */
async function litEntries(page) {
  return page.$$eval('.van-tabbar-item--active, .side-item.lit', (els) => els.map((el) => el.innerText.replace(/\d+$/, '').trim()))
}

/**
 * Console pages as one staff member sees them, on a phone and then on a PC (one browser each, going from page to
 * page): the frame, the lit entry, overflow, tap targets, helper-text contrast; screenshots. `pages` are
 * [path, name, lit entry: the same on both, or [phone tab, PC side entry]].
 */
async function checkPages(browser, token, pages) {
  for (const [size, suffix] of [[PHONE, 'phone'], [SCREEN, 'screen']]) {
    const context = await newContext(browser, size, token)
    const page = await context.newPage()
    const refused = []  // nothing remote: the page's CSP refuses it and says so in the console
    page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/.test(m.text())) refused.push(m.text()) })
    for (const [path, name, lits] of pages) {
      const lit = Array.isArray(lits) ? lits[suffix === 'phone' ? 0 : 1] : lits
      await page.goto(BASE + path)
      await page.waitForLoadState('networkidle')
      await shot(page, `console-${name}-${suffix}`)
      const where = `${path} at ${suffix} size`
      expect(await litEntries(page), where).toEqual([lit])
      expect(await horizontalOverflow(page), where).toBeLessThanOrEqual(1)
      const contrast = await lowestContrast(page, HELPER_TEXT)
      if (contrast !== null) expect(contrast, where).toBeGreaterThanOrEqual(4.5)
      if (suffix === 'phone') {
        expect(await smallTapTargets(page), where).toEqual([])
        expect(await smallText(page, 14), where).toEqual([]) // nothing under 14 px on a phone
        expect(await page.locator('.side').count(), where).toBe(0)
      } else {
        expect(await page.locator('.van-tabbar').count(), where).toBe(0)
        // content of a readable width beside the navigation, not stretched across 1920 px
        const width = await page.evaluate(() => Math.max(...[...document.querySelectorAll('.page, .page-narrow')].map((el) => el.getBoundingClientRect().width), 0))
        expect(width, where).toBeLessThanOrEqual(1200)
      }
      // No raw ids or role codes in front of users.
      const text = await page.evaluate(() => document.body.innerText)
      expect(text, where).not.toMatch(/org_staff|secretary|vote_session|warning #|#\d+\b/)
      expect(text, where).not.toMatch(/\b20\d\d-\d\d-\d\d\b/) // one date format: 12月8日 (labels.js day), never 2026-12-08
      expect(refused, where).toEqual([])
      expect(await brokenPhrases(page), where).toEqual([]) // no button, tag or label broken inside a word
    }
    await context.close()
  }
}

describe('the console as staff use it', () => {
  it('lays out every page for a phone and for a PC, with one lit navigation entry', async () => {
    const { world, meeting, session } = await recommendationWorld()
    const county = await staffOf(world.county.id)
    await api('POST', '/notices', { token: world.secretary, body: { title: '关于召开组织生活会的通知', body: '请全体党员参加。',
      audience: { org_ids: [world.branch.id] } } })
    const notice = (await api('GET', '/notices', { token: world.secretary })).items[0]
    // 重点管理: a county warns a community branch for criterion 2 directly.
    const warning = await api('POST', '/warnings', { token: county, body: { org_id: world.branch.id, criterion: 2, level: 'verbal',
      facts: '连续两年未培养入党积极分子', deadline: daysAgo(-20), told_how: 'phone', told_to: '支部书记' } })
    const person = world.people['申请人甲']

    const secretaryPages = [
      // [path, screenshot name, lit entry: the same on both, or [phone tab, PC side entry]]
      ['/h5/', 'home', '首页'], ['/h5/roster', 'roster', ['首页', '党员名册']], [`/h5/people/${person.id}`, 'person', ['首页', '党员名册']],
      ['/h5/due', 'due', ['首页', '发展纪实']], ['/h5/meetings', 'meetings', ['会议', '会议与表决']],
      [`/h5/meetings/${meeting.id}`, 'meeting', ['会议', '会议与表决']], [`/h5/meetings/${meeting.id}/new-session`, 'wizard', ['会议', '会议与表决']],
      [`/h5/sessions/${session.id}`, 'session', ['会议', '会议与表决']], ['/h5/notices', 'notices', ['消息', '发通知']],
      ['/h5/notices/new', 'notice-compose', ['消息', '发通知']], [`/h5/notices/${notice.id}`, 'notice', ['消息', '发通知']],
      ['/h5/inbox', 'inbox', ['消息', '收件箱']], ['/h5/warnings', 'warnings-branch', ['预警', '调控预警']],
      [`/h5/warnings/${warning.id}`, 'warning', ['预警', '调控预警']], ['/h5/organizer-mail', 'organizer-mail', ['首页', '组织员来报']],
      ['/h5/audit', 'audit', ['首页', '操作记录']],
    ]
    await checkPages(run.browser, world.secretary, secretaryPages)
    await checkPages(run.browser, county, [['/h5/', 'home-county', '首页'], ['/h5/warnings', 'warnings-county', ['预警', '调控预警']],
      ['/h5/organizers', 'organizers', ['首页', '特聘组织员']], ['/h5/audit', 'audit-county', ['首页', '操作记录']],
      ['/h5/stats', 'stats', ['首页', '统计分析']], ['/h5/plans', 'plans', ['首页', '年度计划']],
      ['/h5/proposals', 'proposals', ['预警', '预警建议']], ['/h5/quarterly', 'quarterly', ['首页', '季报']]])
  })

  it('shows the city\'s administrators the schedule\'s runs on their home page, and nobody else', async () => {
    await checkPages(run.browser, run.admin, [['/h5/', 'home-city', '首页']])
    const page = await (await newContext(run.browser, PHONE, run.admin)).newPage()
    await page.goto(`${BASE}/h5/`)
    const card = page.getByTestId('schedule')
    await card.getByText('夜间检查').waitFor()
    const text = await card.innerText()
    expect(text).toContain('到期与遗留工作')
    expect(text).toContain('下次：')
    expect(text).toContain('未配置 Redis')  // this browser run has no worker: the card says so rather than alarm
    const { world } = await recommendationWorld()
    const county = await staffOf(world.county.id)
    const other = await (await newContext(run.browser, PHONE, county)).newPage()
    await other.goto(`${BASE}/h5/`)
    await other.waitForLoadState('networkidle')
    expect(await other.getByTestId('schedule').count()).toBe(0)
  })

  it('shows each role\'s home page the next meeting and what is due, without waiting for the night', async () => {
    const { world } = await recommendationWorld()  // two applicants of 250 days: their talks are long overdue
    const page = await (await newContext(run.browser, PHONE, world.secretary)).newPage()
    await page.goto(`${BASE}/h5/`)
    const card = page.getByTestId('home-due')
    await card.getByTestId('next-meeting').getByText('推荐入党积极分子会议').waitFor()
    expect(await card.innerText()).toMatch(/已逾期 \d+ 个/)
    await shot(page, 'console-home-due-phone')
    await card.locator('.van-cell', { hasText: '申请人甲' }).first().click()
    await page.waitForURL(/people\/\d+$/)
    const county = await staffOf(world.county.id)
    const staff = await (await newContext(run.browser, PHONE, county)).newPage()
    await staff.goto(`${BASE}/h5/`)
    expect(await staff.getByTestId('home-due').innerText()).toMatch(/申请人甲/)
  })

  it('marks mass representatives by category in the roster and names a missing one before a recommendation opens', async () => {
    const { world, session } = await recommendationWorld()
    const page = await (await newContext(run.browser, PHONE, world.secretary)).newPage()
    await page.goto(`${BASE}/h5/roster`)
    const marks = [['群众1', 'village_committee'], ['群众2', 'villager_rep'], ['群众3', 'deputy']]
    for (const [name, category] of marks) {
      const response = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/people/'))
      await page.locator(`select[data-category=${name}]`).selectOption(category)
      expect((await response).status()).toBe(200)
    }
    await page.goto(`${BASE}/h5/sessions/${session.id}`)
    await page.getByTestId('mass-composition').getByText(/现任村（居）委会成员\s*1 人/).waitFor()
    expect(await page.getByTestId('mass-missing').innerText()).toContain('村（社区）级其他组织负责人')
    await shot(page, 'session-mass-composition-phone')
  })

  it('suggests recommending twice the year\'s planned activists in the 两推荐 wizard', async () => {
    const { world, meeting } = await recommendationWorld()
    await api('PATCH', `/orgs/${world.committee.id}`, { token: run.admin, body: { has_approval_authority: true } })
    const committee = await staffOf(world.committee.id)
    const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()))
    await api('POST', '/plans', { token: committee, body: { org_id: world.branch.id, year, planned_admissions: 1, planned_activists: 1 } })
    const page = await (await newContext(run.browser, PHONE, world.secretary)).newPage()
    await page.goto(`${BASE}/h5/meetings/${meeting.id}/new-session`)
    await page.locator('.van-cell', { hasText: '两推荐' }).click()
    await page.getByRole('button', { name: '下一步' }).click()
    expect(await page.getByTestId('ratio-suggestion').innerText()).toContain('按 1:2 的比例择优推荐 2 名')
    expect(await page.locator('.van-field', { hasText: '最多推荐' }).locator('input').inputValue()).toBe('2')
    await shot(page, 'wizard-ratio-phone')
  })

  it('lets a county report a problem to the city, which answers it', async () => {
    const { world } = await recommendationWorld()
    const county = await staffOf(world.county.id)
    const page = await (await newContext(run.browser, PHONE, county)).newPage()
    await page.goto(`${BASE}/h5/organizer-mail`)
    const form = page.getByTestId('report-to-city')
    await form.locator('.van-radio', { hasText: '存在问题' }).click()
    await form.locator('input[name=work-report-title]').fill('发展对象集中培训难以组织')
    await form.locator('textarea[name=work-report-body]').fill('农村青年外出务工多，建议推行线上集中培训。')
    await form.getByRole('button', { name: '报送' }).click()
    await page.locator('[data-report="发展对象集中培训难以组织"]').waitFor()
    await shot(page, 'report-to-city-phone')
    const [report] = (await api('GET', '/organizer-reports', { token: run.admin })).items.filter((r) => r.title === '发展对象集中培训难以组织')
    expect(report.kind_label).toBe('存在问题')
    await api('POST', `/organizer-reports/${report.id}/answer`, { token: run.admin, body: { answer: '已纳入全市线上培训' } })
    await page.reload()
    await page.locator('[data-report="发展对象集中培训难以组织"]').getByText('已答复：已纳入全市线上培训').waitFor()
  })

  it('shows a PC tables and centred dialogs, and offers each role only what it can do', async () => {
    const { world } = await recommendationWorld()
    const county = await staffOf(world.county.id)

    const pc = await (await newContext(run.browser, SCREEN, county)).newPage()
    await pc.goto(`${BASE}/h5/warnings`)
    await pc.getByRole('button', { name: '发出预警' }).click()
    const dialog = pc.locator('.van-popup--bottom')
    await dialog.getByText('预警对象').waitFor()
    await pc.waitForTimeout(400)
    const box = await dialog.boundingBox()
    expect(box.width).toBeLessThanOrEqual(640)
    expect(Math.abs(box.x + box.width / 2 - 960)).toBeLessThan(4) // centred, not a full-width sheet
    expect(Math.abs(box.y + box.height / 2 - 540)).toBeLessThan(4)
    // The form never defaults to the issuer's own organization.
    expect(await dialog.innerText()).not.toContain(world.county.name)
    expect(await dialog.locator('.van-field', { hasText: '预警对象' }).locator('input').inputValue()).toBe('')
    await shot(pc, 'console-warning-form-screen')
    await pc.keyboard.press('Escape')

    await pc.goto(`${BASE}/h5/roster`)
    await pc.locator('[data-testid=data-table] [data-person="党员1"]').waitFor()
    expect(await pc.locator('[data-testid=data-table] th').allInnerTexts()).toEqual(['姓名', '身份', '手机', '证件号', '微信'])
    await shot(pc, 'console-roster-table-screen')

    await pc.goto(`${BASE}/h5/audit`)
    await pc.locator('[data-testid=data-table] tbody tr').first().waitFor()
    expect(await pc.locator('[data-testid=data-table] th').allInnerTexts()).toEqual(['时间', '操作', '操作人', '组织'])

    // A branch secretary is not offered what only superiors do.
    const sec = await (await newContext(run.browser, SCREEN, world.secretary)).newPage()
    await sec.goto(`${BASE}/h5/warnings`)
    await sec.locator('[data-testid=empty], .van-cell, [data-testid=data-table]').first().waitFor()
    expect(await sec.getByRole('button', { name: '发出预警' }).count()).toBe(0)
    expect(await sec.locator('.side-item', { hasText: '特聘组织员' }).count()).toBe(0)
    await sec.goto(`${BASE}/h5/`)
    await sec.locator('.van-grid-item', { hasText: '会议与表决' }).waitFor()
    expect(await sec.locator('.van-grid-item', { hasText: '特聘组织员' }).count()).toBe(0)
    // Sent by a link to a page of another role, a secretary lands home, told why, with 首页 lit.
    for (const path of ['/h5/plans', '/h5/organizers', '/h5/accounts']) {
      await sec.goto(`${BASE}${path}`)
      await sec.getByTestId('denied').waitFor()
      expect(await sec.getByRole('button', { name: /制定计划|聘任组织员|新增账号/ }).count(), path).toBe(0)
      expect(await litEntries(sec), path).toEqual(['首页'])
    }

    // Staff of a 党委 without approval authority read plans and organizers but are offered neither 制定计划 nor 聘任组织员:
    // the server's `may` says so (it would refuse both).
    await api('PATCH', `/orgs/${world.committee.id}`, { token: run.admin, body: { has_approval_authority: false } })
    const plainCommittee = await (await newContext(run.browser, SCREEN, await staffOf(world.committee.id))).newPage()
    await plainCommittee.goto(`${BASE}/h5/plans`)
    await plainCommittee.locator(`[data-plan="${world.branch.name}"]`).waitFor()
    expect(await plainCommittee.getByRole('button', { name: /制定计划|修改/ }).count()).toBe(0)
    await plainCommittee.goto(`${BASE}/h5/organizers`)
    await plainCommittee.getByText('组织员名单').waitFor()
    expect(await plainCommittee.getByRole('button', { name: '聘任组织员' }).count()).toBe(0)
    expect(await plainCommittee.locator('.side-item', { hasText: '账号管理' }).count()).toBe(1)

    // A year without the official holiday schedule is said on the warnings page; only the city is offered the import.
    const calendar = await api('GET', '/calendar', { token: county })
    for (const [token, importer] of [[county, false], [run.admin, true]]) {
      const page = await (await newContext(run.browser, SCREEN, token)).newPage()
      await page.goto(`${BASE}/h5/warnings`)
      await page.getByRole('button', { name: '预警建议' }).waitFor()
      const banner = page.getByTestId('calendar-missing')
      if (calendar.missing.length) {
        expect(await banner.innerText()).toContain(`${calendar.missing.join('、')} 年官方节假日安排尚未导入`)
        expect(await banner.innerText()).not.toMatch(/：\s*0 个/)
        expect(await banner.getByRole('button', { name: /导入 \d{4} 年安排/ }).count()).toBe(importer ? calendar.missing.length : 0)
      } else {
        expect(await banner.count()).toBe(calendar.provisional_deadlines ? 1 : 0)
      }
    }
  })

  it('orders the session page as the meeting goes, keeps code batches, and warns when codes are short', async () => {
    const { world, session } = await recommendationWorld()
    const token = world.secretary
    const page = await (await newContext(run.browser, PHONE, token)).newPage()
    await page.goto(`${BASE}/h5/sessions/${session.id}`)
    await page.getByTestId('next-step').getByText('生成并打印群众代表票码条').waitFor()
    await page.getByTestId('codes-short').getByText('还差 6 个').waitFor()
    // What to do next comes before the codes, the codes before the electorate; the electorate is folded with counts.
    const order = await page.evaluate(() => ['next-step', 'codes', 'electorate'].map((id) => document.querySelector(`[data-testid=${id}]`).getBoundingClientRect().top))
    expect(order).toEqual([...order].sort((a, b) => a - b))
    await page.getByTestId('electorate').getByText('党员 6 人（应到 6）').waitFor()
    expect(await page.getByTestId('electorate').getByText('党员3', { exact: true }).isVisible()).toBe(false)

    await page.locator('.van-radio', { hasText: '群众代表' }).click()
    await page.locator('input[name=count]').fill('2')
    await page.getByRole('button', { name: '生成票码' }).click()
    await page.getByTestId('codes-short').getByText('还差 4 个').waitFor()
    // The batch stays on the page after a reload, and prints again within its window.
    await page.reload()
    await page.getByTestId('batch').first().getByText('群众代表票码 2 张').waitFor()
    const popup = page.context().waitForEvent('page')
    await page.getByTestId('batch').first().click()
    expect((await popup).url()).toMatch(/^blob:/)
    await shot(page, 'console-session-codes-short-phone')
    const desk = await (await newContext(run.browser, SCREEN, token)).newPage()
    await desk.goto(`${BASE}/h5/sessions/${session.id}`)
    await desk.getByTestId('codes-short').waitFor()
    await shot(desk, 'console-session-codes-short-screen')
  })

  it('publishes a low-turnout 两推荐 as 符合条件 with a banner, on the session page and the projector', async () => {
    const { world, session } = await recommendationWorld()
    const token = world.secretary
    const [code] = (await api('POST', `/sessions/${session.id}/codes`, { token, body: { group: 'member', count: 1 } })).codes
    const mass = (await api('POST', `/sessions/${session.id}/codes`, { token, body: { group: 'mass', count: 6 } })).codes
    await api('POST', `/sessions/${session.id}/open`, { token, body: { override_reason: '本社区群众代表共 6 人' } })
    const ids = (await api('GET', `/sessions/${session.id}`, { token })).options.map((o) => o.id)
    // The projector while voting tells the mass representatives to scan their slips.
    const screen = await (await newContext(run.browser, SCREEN, token)).newPage()
    await screen.goto(`${BASE}/h5/screen/${session.id}`)
    await screen.getByTestId('scan-slips').waitFor()
    await shot(screen, 'console-projector-voting-screen')
    await api('POST', '/ballots', { body: { session_id: session.id, code, answers: { choices: [ids[0]] } } })
    for (const c of mass.slice(0, 5)) await api('POST', '/ballots', { body: { session_id: session.id, code: c, answers: { choices: [ids[0]] } } })
    await api('POST', `/sessions/${session.id}/close`, { token })
    await api('POST', `/sessions/${session.id}/publish`, { token })

    const page = await (await newContext(run.browser, PHONE, token)).newPage()
    await page.goto(`${BASE}/h5/sessions/${session.id}`)
    await page.getByTestId('attendance-warning').first().waitFor()
    expect(await page.getByTestId('attendance-warning').first().innerText()).toMatch(/1/)
    await page.locator('[data-candidate="申请人甲"]').getByText('符合条件').waitFor()
    expect(await page.getByText('通过', { exact: true }).count()).toBe(0)
    await shot(page, 'console-session-low-turnout-phone')

    await screen.getByTestId('attendance-warning').first().waitFor({ timeout: 6000 })
    await screen.locator('.result-chart svg').first().waitFor()
    // Projector text readable from the back row: the result table's text at least as large as 30 px.
    const size = await screen.$eval('.result-view .table td', (el) => parseFloat(getComputedStyle(el).fontSize))
    expect(size).toBeGreaterThanOrEqual(30)
    await shot(screen, 'console-projector-result-screen')
  })

  it('has a 长辈模式 that makes the ballot and the console large on a 360 px phone', async () => {
    const { world, session } = await recommendationWorld()
    const token = world.secretary
    const [code] = (await api('POST', `/sessions/${session.id}/codes`, { token, body: { group: 'mass', count: 1 } })).codes
    await api('POST', `/sessions/${session.id}/open`, { token, body: { override_reason: '测试长辈模式' } })

    const context = await newContext(run.browser, PHONE)
    const voter = await context.newPage()
    await voter.goto(`${BASE}/h5/vote#code=${code}`)
    await voter.locator('.candidate').first().waitFor()
    await voter.getByTestId('elder-switch').locator('.van-switch').click()
    await voter.getByText('已开启').waitFor()
    const sizes = await voter.evaluate(() => {
      const px = (sel, prop) => [...document.querySelectorAll(sel)].filter((el) => el.offsetParent)
        .map((el) => parseFloat(getComputedStyle(el)[prop]))
      return { text: Math.min(...px('.candidate, .hint, .muted, .van-nav-bar__title', 'fontSize')),
        taps: Math.min(...[...document.querySelectorAll('.candidate, .van-button')].filter((el) => el.offsetParent).map((el) => el.getBoundingClientRect().height)) }
    })
    expect(sizes.text).toBeGreaterThanOrEqual(18)
    expect(await smallText(voter, 18), 'the ballot in 长辈模式').toEqual([])
    expect(sizes.taps).toBeGreaterThanOrEqual(60)
    expect(await horizontalOverflow(voter)).toBeLessThanOrEqual(1)
    await shot(voter, 'console-elder-ballot-phone')
    await voter.locator('.candidate', { hasText: '申请人甲' }).click()
    expect(await voter.locator('.candidate', { hasText: '申请人甲' }).innerText()).toContain('✓') // a tick, not colour alone
    await voter.getByRole('button', { name: '提交选票' }).click()
    await confirmDialog(voter, '确认提交')
    await voter.waitForURL(/\/h5\/receipt\//)
    // The mode stays on for this phone: the console opened on it is large too.
    await context.addInitScript((t) => localStorage.setItem('pq_token', t), token)
    const console = await context.newPage()
    await console.goto(`${BASE}/h5/`)
    await console.locator('.van-grid-item').first().waitFor()
    expect(await console.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true)
    const cell = await console.$eval('.van-grid-item__text', (el) => parseFloat(getComputedStyle(el).fontSize))
    expect(cell).toBeGreaterThanOrEqual(18)
    await shot(console, 'console-elder-home-phone')
    // Every console page of the secretary in 长辈模式: nothing under 18 px, 退出 on one line.
    const tooSmall = {}
    for (const path of ['/h5/', '/h5/roster', `/h5/sessions/${session.id}`, `/h5/meetings/${session.meeting_id}`, '/h5/meetings',
      `/h5/people/${world.people['申请人甲'].id}`, `/h5/people/${world.people['申请人甲'].id}/edit`, '/h5/people/new', '/h5/due',
      '/h5/notices', '/h5/notices/new', '/h5/inbox', '/h5/warnings', '/h5/audit', '/h5/password']) {
      await console.goto(`${BASE}${path}`)
      await console.waitForLoadState('networkidle')
      const found = await smallText(console, 18)
      if (found.length) tooSmall[path] = found
      expect(await horizontalOverflow(console), `${path} in 长辈模式`).toBeLessThanOrEqual(1)
    }
    expect(tooSmall, 'a secretary\'s pages in 长辈模式').toEqual({})
    await console.goto(`${BASE}/h5/`)
    const quit = await console.getByRole('button', { name: '退出' }).boundingBox()
    expect(quit.height).toBeLessThan(80) // one line, not 退/出
    // and the pages of a county's staff
    const county = await staffOf(world.county.id)
    const elderStaff = await newContext(run.browser, PHONE, county)
    await elderStaff.addInitScript(() => localStorage.setItem('pq_elder', '1'))
    const staffPage = await elderStaff.newPage()
    const small = {}
    for (const path of ['/h5/stats', '/h5/plans', '/h5/organizers', '/h5/proposals', '/h5/quarterly', '/h5/accounts', '/h5/organizer-mail']) {
      await staffPage.goto(`${BASE}${path}`)
      await staffPage.waitForLoadState('networkidle')
      const found = await smallText(staffPage, 18)
      if (found.length) small[path] = found
    }
    expect(small, 'county pages in 长辈模式').toEqual({})
    await elderStaff.close()
  })
})
