// A notice from compose to a member's inbox and back to the sender's read count; the other console areas.
import { describe, expect, it } from 'vitest'
import { api, BASE, browserRun, confirmDialog, daysAgo, loginToken, makeBranch, newContext, PHONE, shot, shotBoth, unique, createAccount } from './helpers.js'
import { day } from '../src/labels.js'

const run = browserRun()

/** A member's token the way the H5 gets it in WeChat: OAuth code, then the secretary's bind code. */
async function memberToken(secretary, personId) {
  const { code } = await api('POST', `/people/${personId}/bind-code`, { token: secretary })
  const { bind_ticket: ticket } = await api('POST', '/auth/wechat-oa', { body: { code: `fake-${personId}-${Date.now()}` } })
  return (await api('POST', '/auth/bind', { body: { bind_ticket: ticket, bind_code: code } })).token
}

describe('notices', () => {
  it('go from compose to a recipient inbox and back to the sender read count', async () => {
    const world = await makeBranch(run.admin, { people: [
      ['王党员', 'member', { status_since: '2012-07-01' }], ['李党员', 'member', { status_since: '2015-07-01' }],
      ['赵申请人', 'applicant', { applied_at: '2026-01-05' }],
    ] })
    const sec = await (await newContext(run.browser, PHONE, world.secretary)).newPage()
    await sec.goto(`${BASE}/h5/notices/new`)
    await sec.locator('input[name=title]').fill('关于召开组织生活会的通知')
    await sec.locator('textarea[name=body]').fill('请全体党员于周五下午三点到党员活动室参加组织生活会。')
    // The live count follows the audience: the whole branch, then members only.
    const preview = await api('POST', '/notices/preview', { token: world.secretary, body: { audience: { org_ids: [world.branch.id] } } })
    await sec.locator('[data-testid=recipient-count] b', { hasText: String(preview.recipient_count) }).waitFor()
    await sec.locator('.van-checkbox', { hasText: '正式党员' }).click()
    await sec.locator('[data-testid=recipient-count] b', { hasText: '2' }).waitFor()
    await shot(sec, 'notice-compose-phone')
    await sec.getByRole('button', { name: '发送' }).click()
    await sec.waitForURL(/\/h5\/notices\/\d+$/)
    const noticeId = Number(sec.url().match(/notices\/(\d+)/)[1])
    await sec.locator('[data-testid=recipients]', { hasText: '2' }).waitFor()
    await sec.locator('[data-testid=read]', { hasText: '0' }).waitFor()
    await shot(sec, 'notice-stats-before-phone')

    const token = await memberToken(world.secretary, world.people['王党员'].id)
    const member = await (await newContext(run.browser, PHONE, token)).newPage()
    await member.goto(`${BASE}/h5/inbox`)
    await member.locator(`[data-notice="${noticeId}"]`).click()
    await member.locator('[data-testid=read-confirmed]').waitFor()
    await shot(member, 'inbox-open-phone')

    await sec.getByRole('button', { name: '刷新' }).click()
    await sec.locator('[data-testid=read]', { hasText: '1' }).waitFor()
    await sec.locator('[data-testid=unread]', { hasText: '1' }).waitFor()
    await sec.getByText('李党员').waitFor() // the unread, by name
    await sec.getByRole('button', { name: '提醒未读人员' }).click()
    await shot(sec, 'notice-stats-after-phone')
    const stats = await api('GET', `/notices/${noticeId}/stats`, { token: world.secretary })
    expect([stats.recipients, stats.read, stats.unread]).toEqual([2, 1, 1])

    for (const [path, name] of [['/h5/notices', 'notices'], [`/h5/notices/${noticeId}`, 'notice'], ['/h5/notices/new', 'notice-compose']]) {
      await shotBoth(run.browser, path, `console-${name}`, world.secretary)
    }
    await shotBoth(run.browser, '/h5/inbox', 'member-inbox', token)
  })

  it('let a superior issue a warning that the branch acknowledges, and an organizer close a task', async () => {
    const world = await makeBranch(run.admin, { people: [['王党员', 'member', { status_since: '2012-07-01' }]] })
    // The branch's committee (with approval authority) warns it: the city may not skip the levels between.
    await api('PATCH', `/orgs/${world.committee.id}`, { token: run.admin, body: { has_approval_authority: true } })
    const committeeUser = unique('committee_')
    await createAccount(run.admin, { username: committeeUser, password: 'Staff@2026x', role: 'org_staff', org_id: world.committee.id })
    const committee = await loginToken(committeeUser, 'Staff@2026x')
    const warning = await api('POST', '/warnings', { token: committee, body: { org_id: world.branch.id, criterion: 1, level: 'yellow', facts: '未制定年度发展党员工作计划', responsible_persons: '支部书记' } })
    expect(warning.report_due).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const sec = await (await newContext(run.browser, PHONE, world.secretary)).newPage()
    await sec.goto(`${BASE}/h5/warnings`)
    await sec.getByText('黄牌警告').first().waitFor()
    // Warnings come from above: a branch secretary is not offered to issue one.
    expect(await sec.getByRole('button', { name: '发出预警' }).count()).toBe(0)
    await sec.getByText('黄牌警告').first().click()
    // A yellow card's deadline defaults to its report date, so the date shows twice: look at the report's own line.
    await sec.locator('.van-cell', { hasText: '书面报告截止' }).getByText(day(warning.report_due)).waitFor()
    await sec.getByRole('button', { name: '签收' }).click()
    await sec.getByText('已签收').first().waitFor()
    // A yellow card's written report: the cause, the measures and the work plan.
    await sec.locator('textarea[name=cause]').fill('支委会对发展党员工作重视不够。')
    await sec.locator('textarea[name=measures]').fill('已召开支委会研究制定年度计划。')
    await sec.locator('textarea[name=plan]').fill('一月底前报党委确认计划。')
    await sec.getByRole('button', { name: '报送' }).click()
    await sec.getByText('已报送整改情况').first().waitFor()
    await shot(sec, 'warning-target-phone')
    await shotBoth(run.browser, `/h5/warnings/${warning.id}`, 'console-warning-issuer', run.admin)

    // The issuer escalates a letter to a yellow card on the phone: a new decision that asks what a yellow card asks.
    const letter = await api('POST', '/warnings', { token: committee, body: { org_id: world.branch.id, criterion: 5, level: 'letter',
      facts: '入党积极分子备案超过时限', deadline: daysAgo(-10) } })
    const issuer = await (await newContext(run.browser, PHONE, committee)).newPage()
    await issuer.goto(`${BASE}/h5/warnings/${letter.id}`)
    await issuer.getByRole('button', { name: '升级' }).click()
    await issuer.getByText('升级为黄牌警告').waitFor()
    expect(await issuer.getByTestId('confirm-escalation').isDisabled()).toBe(true)
    await issuer.locator('input[name=responsible_persons]').fill('支部书记王某')
    await shot(issuer, 'warning-escalation-phone')
    await issuer.getByTestId('confirm-escalation').click()
    await issuer.locator('.van-cell', { hasText: '有关责任人' }).getByText('支部书记王某').waitFor()
    const escalated = await api('GET', `/warnings/${letter.id}`, { token: committee })
    expect([escalated.level, escalated.deadline, escalated.report_due]).toEqual(['yellow', escalated.report_due, escalated.report_due])
    expect(escalated.circulated_notice_id).toBeTruthy()
    // 责任追究: the issuer records a 批评教育 on the phone; it shows on the warning and in the branch's file.
    await issuer.getByTestId('accountability-open').click()
    expect(await issuer.getByTestId('accountability-save').isDisabled()).toBe(true)
    await issuer.locator('input[name=person]').fill('支部书记王某')
    await issuer.locator('input[name=decided_by]').fill('党委副书记李某')
    await issuer.locator('textarea[name=content]').fill('指出备案超时的问题，要求建立台账')
    await issuer.getByTestId('accountability-save').click()
    await issuer.locator('[data-accountability=批评教育]').waitFor()
    await shot(issuer, 'warning-accountability-phone')
    await sec.goto(`${BASE}/h5/warnings`)
    await sec.getByTestId('accountability-file').getByText(/批评教育/).waitFor()
    // The yellow cards of the year cost 评先评优, and in principle the 先锋模范系列评选 too.
    await sec.getByTestId('award-register').getByText(/原则上不能参与先锋模范系列评选/).first().waitFor()
    await shot(sec, 'warnings-register-phone')

    // A special organizer assigned to the branch's committee finds the follow-up task and closes it.
    const cityId = (await api('GET', '/orgs', { token: run.admin })).items.find((o) => o.level === 'city').id
    const username = `organizer_${Date.now()}`
    const organizer = await createAccount(run.admin, { username, password: 'Organizer@2026', role: 'organizer', org_id: cityId })
    await api('POST', `/organizers/${organizer.id}/assignments`, { token: run.admin, body: { org_id: world.branch.id } })
    const due = new Date(Date.now() - 2 * 86400000).toISOString().slice(0, 10)
    await api('POST', '/tasks', { token: run.admin, body: { account_id: organizer.id, org_id: world.branch.id, title: '检查入党积极分子公示', due_on: due, kind: 'check_publicity' } })
    const orgToken = await loginToken(username, 'Organizer@2026')
    const page = await (await newContext(run.browser, PHONE, orgToken)).newPage()
    await page.goto(`${BASE}/h5/tasks`)
    await page.getByText('检查入党积极分子公示').waitFor()
    await page.locator('.task.overdue').first().waitFor()
    await shot(page, 'tasks-phone')
    await page.locator('.task', { hasText: '检查入党积极分子公示' }).getByRole('button', { name: '完成' }).click()
    await page.locator('.van-dialog textarea').fill('已到村部查看公示栏，公示期满 5 天，无异议。')
    await confirmDialog(page)
    await page.getByText('检查入党积极分子公示').waitFor({ state: 'detached' })
    const tasks = await api('GET', '/tasks', { token: orgToken })
    expect(tasks.items.find((t) => t.title === '检查入党积极分子公示').state).toBe('done')
    await shotBoth(run.browser, '/h5/tasks', 'console-tasks', orgToken)
  })
})
