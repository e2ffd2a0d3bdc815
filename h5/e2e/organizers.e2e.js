// Special organizers and the follow-ups of a 双评议, in real browsers: a committee appoints and assigns an
// organizer on a PC; the organizer, on a 360 px phone, sees their due list and the meeting invitation, files a
// report and reads the committee's answer; a branch scoring below 80 is ordered to check itself, explains, and the
// committee accepts it.
import { describe, expect, it } from 'vitest'
import {
  api, BASE, browserRun, daysAgo, loginToken, lowestContrast, makeBranch, newContext, PHONE, SCREEN, shot, shotBoth, unique, createAccount } from './helpers.js'

const run = browserRun()

async function staffOf(orgId, role = 'org_staff', extra = {}) {
  const username = unique('staff_')
  const account = await createAccount(run.admin, { username, password: 'Staff@2026x', role, org_id: orgId, ...extra })
  return { id: account.id, token: await loginToken(username, 'Staff@2026x') }
}

async function satisfactionBelow80(world) {
  const token = world.secretary
  const meeting = await api('POST', '/meetings', { token, body: { org_id: world.branch.id, title: '年度双评议大会',
    kind: 'members_and_masses', starts_at: new Date().toISOString() } })
  const session = await api('POST', `/meetings/${meeting.id}/sessions`, { token, body: {
    kind: 'satisfaction', title: '发展党员工作满意度测评', include_branch_work: true } })
  const { codes } = await api('POST', `/sessions/${session.id}/codes`, { token, body: { group: 'member', count: 3 } })
  await api('POST', `/sessions/${session.id}/open`, { token, body: { override_reason: '本村群众代表外出务工，实到不足' } })
  const ids = (await api('GET', `/sessions/${session.id}`, { token })).options.map((o) => String(o.id))
  for (const code of codes) {
    await api('POST', '/ballots', { body: { session_id: session.id, code,
      answers: { ratings: Object.fromEntries(ids.map((id) => [id, 'unsatisfied'])) } } })
  }
  await api('POST', `/sessions/${session.id}/close`, { token })
  await api('POST', `/sessions/${session.id}/publish`, { token })
  return session
}

describe('special organizers and the follow-ups of a 双评议', () => {
  it('appoints, assigns, reports and answers; and takes a self-check from order to acceptance', async () => {
    const world = await makeBranch(run.admin, { people: [
      ['王组织员', 'member', { status_since: '2005-07-01' }], ['党员甲', 'member', { status_since: '2010-07-01' }],
      ['党员乙', 'member', { status_since: '2010-07-01' }],
    ] })
    await api('PATCH', `/orgs/${world.committee.id}`, { token: run.admin, body: { has_approval_authority: true } })
    const committee = await staffOf(world.committee.id)

    // --- the committee appoints on a PC ---
    const pc = await (await newContext(run.browser, SCREEN, committee.token)).newPage()
    await pc.goto(`${BASE}/h5/organizers`)
    await pc.getByTestId('appoint-open').click()
    await pc.locator('input[name=person-search]').fill('王组织员')
    await pc.locator('input[name=person-search]').press('Enter')
    await pc.locator('.van-cell', { hasText: '王组织员' }).click()
    // Nomination, consent, vetting, background and the standing contact are all asked before it can be confirmed.
    expect(await pc.getByRole('button', { name: '确认聘任' }).isDisabled()).toBe(true)
    await pc.locator('input[name=consent_on]').fill(daysAgo(3))
    await pc.locator('textarea[name=vetting_notes]').fill('经党委考察，熟悉党务，作风正派')
    await pc.locator('.van-radio', { hasText: '离任基层党组织书记、副书记' }).click()
    await pc.locator('input[name=contact_member]').fill('党委副书记李某')
    await shot(pc, 'organizer-appoint-screen')
    await pc.getByRole('button', { name: '确认聘任' }).click()
    await pc.getByText('尚未为本人开通组织员账号').waitFor()
    await pc.getByTestId('contact-member').getByText('党委副书记李某').waitFor()
    const appointmentId = Number(new URL(pc.url()).pathname.split('/').pop())

    // Its account (role organizer, the person linked), then the branch's committee is assigned on the page.
    const username = unique('organizer_')
    await createAccount(run.admin, { username, password: 'Organizer@2026', role: 'organizer',
      org_id: world.committee.id, person_id: world.people['王组织员'].id })
    await pc.reload()
    await pc.getByTestId('assign').click()
    await pc.getByText(`联系的组织：${world.committee.name}`).waitFor()
    await shotBoth(run.browser, `/h5/organizers/${appointmentId}`, 'organizer-term', committee.token)
    await shotBoth(run.browser, '/h5/organizers', 'organizers', committee.token)

    // --- a meeting of the branch invites the organizer; on the phone they see it, attend, and report ---
    // Attendance is recorded on or after the day: today's meeting takes it, next week's says when it will.
    await api('POST', '/meetings', { token: world.secretary, body: { org_id: world.branch.id, title: '发展对象票决会',
      kind: 'branch_assembly', starts_at: new Date().toISOString() } })
    // The committee invites its organizers to a Party-building event that holds no vote (seed 四).
    const event = await api('POST', '/meetings', { token: committee.token, body: { org_id: world.committee.id,
      title: '下周党建工作推进会', kind: 'party_building', starts_at: new Date(Date.now() + 7 * 86400000).toISOString() } })
    await pc.goto(`${BASE}/h5/meetings/${event.id}`)
    await pc.getByTestId('no-votes').waitFor()
    expect(await pc.getByRole('link', { name: '新建表决' }).count() + await pc.getByRole('button', { name: '新建表决' }).count()).toBe(0)
    const organizerToken = await loginToken(username, 'Organizer@2026')
    const phone = await (await newContext(run.browser, PHONE, organizerToken)).newPage()
    await phone.goto(`${BASE}/h5/my-work`)
    await phone.getByTestId('my-orgs').getByText(world.committee.name).waitFor()
    await phone.locator('[data-invitation="发展对象票决会"]').waitFor()
    await phone.locator('[data-invitation="下周党建工作推进会"] [data-testid=attend-later]').waitFor()
    expect(await phone.locator('[data-invitation="下周党建工作推进会"]').getByRole('button').count()).toBe(0)
    await shot(phone, 'organizer-my-work-phone')
    // Helper text and cell labels are readable (≥ 4.5:1 on white).
    expect(await lowestContrast(phone, '.muted, .van-cell__label')).toBeGreaterThanOrEqual(4.5)
    // One tab is lit, the section of the page (我的工作 belongs to 任务).
    await expect(phone.locator('.van-tabbar-item--active').allTextContents()).resolves.toEqual(['任务'])
    await phone.locator('[data-invitation="发展对象票决会"]').getByRole('button', { name: '已列席' }).click()
    await phone.locator('[data-invitation="发展对象票决会"]').waitFor({ state: 'detached' })
    await phone.getByRole('radio', { name: '存在问题' }).click()
    await phone.locator('input[name=report-title]').fill('支部培养联系人谈话记录不全')
    await phone.locator('textarea[name=report-body]').fill('两名入党积极分子近三个月没有谈话记录，建议督促支部补齐。')
    await phone.getByRole('button', { name: '报送' }).click()
    await phone.locator('[data-report="支部培养联系人谈话记录不全"]').getByText('等待答复').waitFor()

    await pc.goto(`${BASE}/h5/organizer-mail`)
    await pc.locator('[data-report]').first().waitFor()
    await pc.locator('.side-item.lit', { hasText: '组织员来报' }).waitFor() // the PC's side navigation lights its section
    const card = pc.locator('[data-report="支部培养联系人谈话记录不全"]')
    await card.locator('textarea[name=answer]').fill('已督促支部一周内补齐，请跟进。')
    await card.getByRole('button', { name: '答复' }).click()
    await card.getByText('已答复：已督促支部一周内补齐，请跟进。').waitFor()
    await shot(pc, 'organizer-mail-screen')

    await phone.reload()
    await phone.getByText('党委答复：已督促支部一周内补齐，请跟进。').waitFor()
    // A promising person, recommended to the branch, which takes them up.
    await phone.locator('input[name=pick-name]').fill('李青年')
    await phone.locator('textarea[name=pick-reason]').fill('社区志愿服务骨干，多次表达入党意愿')
    await phone.getByRole('button', { name: '推荐给支部' }).click()
    await phone.locator('.van-cell', { hasText: '李青年' }).getByText('待支部研究').waitFor()
    const branchSide = await (await newContext(run.browser, PHONE, world.secretary)).newPage()
    await branchSide.goto(`${BASE}/h5/organizer-mail`)
    await branchSide.getByRole('button', { name: '采纳，列入培养' }).click()
    await branchSide.getByText('支部已采纳').waitFor()
    await shotBoth(run.browser, '/h5/my-work', 'organizer-my-work', organizerToken)
    const term = await api('GET', `/organizer-appointments/${appointmentId}`, { token: committee.token })
    expect(term.work).toMatchObject({ reports: 1, reports_answered: 1, meetings_attended: 1 })

    // --- a 双评议 below 80: the committee orders a self-check, the branch explains, the committee accepts ---
    const satisfaction = await satisfactionBelow80(world)
    // The committee records whom it sent to guide the 双评议 (派人参会指导).
    await pc.goto(`${BASE}/h5/sessions/${satisfaction.id}`)
    await pc.getByTestId('guidance').locator('input[name=delegate]').fill('党委组织委员 赵明')
    await pc.getByTestId('guidance').getByRole('button', { name: '记录' }).click()
    await expect.poll(async () => (await api('GET', `/sessions/${satisfaction.id}`, { token: committee.token }))
      .guidance_delegate).toBe('党委组织委员 赵明')
    const followUp = (await api('GET', '/follow-ups', { token: committee.token })).items
      .find((f) => f.kind === 'key_warning_target' && f.org_id === world.branch.id)
    expect(followUp.allowed_actions).toEqual(['order'])
    await pc.goto(`${BASE}/h5/follow-ups/${followUp.id}`)
    await pc.locator('textarea[name=note]').fill('请对照测评意见开展自查自纠，形成书面说明。')
    await pc.locator('input[name=due_on]').fill(new Date(Date.now() + 30 * 86400000).toISOString().slice(0, 10))
    await pc.getByRole('button', { name: '责令自查自纠' }).click()
    await pc.getByTestId('follow-up-state').getByText('已责令自查').waitFor()

    const secretary = await (await newContext(run.browser, PHONE, world.secretary)).newPage()
    await secretary.goto(`${BASE}/h5/follow-ups/${followUp.id}`)
    await secretary.locator('textarea[name=note]').fill('已召开支委会查找问题三条，制定整改措施并明确责任人。')
    await secretary.getByRole('button', { name: '提交书面说明' }).click()
    await secretary.getByTestId('follow-up-state').getByText('已提交说明').waitFor()
    await shot(secretary, 'follow-up-submitted-phone')

    await pc.reload()
    await pc.getByRole('button', { name: '验收通过' }).click()
    await pc.getByTestId('follow-up-state').getByText('已验收').waitFor()
    await pc.getByText(/年度调控预警重点对象/).waitFor()
    await shotBoth(run.browser, `/h5/follow-ups/${followUp.id}`, 'follow-up-accepted', committee.token)
  })
})
