// A person goes from application to full member: the secretary and the committee record the steps in the
// person page's forms; the four stage votes are held through the API (their browser path is meeting.e2e.js).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, BASE, launch, loginToken, makeBranch, newContext, PHONE, shot, shotBoth, unique, voteByCodes, createAccount } from './helpers.js'

let browser
beforeAll(async () => { browser = await launch() })
afterAll(async () => { await browser.close() })

async function voteThrough(token, branchId, stage, personId, day, voters, extra = {}) {
  const kind = stage === 'activist' || stage === 'target' ? 'branch_committee' : 'branch_assembly'
  const meeting = await api('POST', '/meetings', { token, body: { org_id: branchId, title: `${day} 会议`, kind,
    starts_at: `${day}T09:00:00+08:00` } })
  const session = await api('POST', `/meetings/${meeting.id}/sessions`, { token, body: {
    kind: 'stage_vote', stage, title: '票决', candidate_ids: [personId], ...extra } })
  await voteByCodes(token, session.id, { votes: { [personId]: 'yes' } }, voters)
}

const publicize = (token, personId, kind, startsOn, endsOn) => api('POST', '/publicities', { token, body: {
  person_id: personId, kind, starts_on: startsOn, ends_on: endsOn } })

/** Record one step in the page's form: its date, and the fields it asks for. */
async function record(page, key, day, fields = {}) {
  await page.locator(`[data-record=${key}]`).click()
  const form = page.locator('[data-testid=step-form]')
  await form.waitFor()
  await form.locator('input[name=done_on]').fill(day)
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'people') {
      for (const person of value) await form.locator('.van-checkbox', { hasText: person }).click()
    } else if (name === 'outcome') {
      await form.locator('.van-radio', { hasText: value }).click()
    } else {
      await form.locator(`[name=${name}]`).fill(String(value))
    }
  }
  await form.getByRole('button', { name: '保存' }).click()
  await form.waitFor({ state: 'detached', timeout: 10000 }) // saved: the form closes and the timeline reloads
  await page.locator(`[data-step=${key}]`, { hasText: shownDay(day) }).waitFor({ timeout: 10000 })
}

/** A date as every page writes it: 12月8日, with the year when it is not this year's. */
function shownDay(iso) {
  const [year, month, date] = iso.split('-').map(Number)
  const current = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()))
  return `${year === current ? '' : `${year}年`}${month}月${date}日`
}

describe('the development record', () => {
  it('takes a person from application to full member through steps, votes and approvals', async () => {
    const admin = await loginToken(process.env.ADMIN_USER, process.env.ADMIN_PASSWORD)
    const members = Array.from({ length: 11 }, (_, i) => [`党员${i + 1}`, 'member',
      { status_since: '2010-07-01', committee_member: i < 3 }])
    const world = await makeBranch(admin, { people: [...members, ['韦向党', 'applicant', { applied_at: '2021-01-05' }]] })
    const person = world.people['韦向党']
    const committeeId = (await api('GET', `/orgs/${world.branch.id}`, { token: admin })).parent_id
    await api('PATCH', `/orgs/${committeeId}`, { token: admin, body: { has_approval_authority: true } }) // 有审批权限
    const staffName = unique('committee_')
    await createAccount(admin, { username: staffName, password: 'Secret@2026', role: 'org_staff',
      org_id: committeeId })
    const committee = await loginToken(staffName, 'Secret@2026')

    const secretaryPhone = await newContext(browser, PHONE, world.secretary)
    const page = await secretaryPhone.newPage()
    const open = async (p) => { await p.goto(`${BASE}/h5/people/${person.id}`); await p.locator('[data-stage=applicant]').waitFor() }
    await open(page)
    await expect(page.locator('[data-step=application_talk] [data-testid=step-state]').textContent()).resolves.toContain('已逾期')
    await page.locator('[data-record=application_talk]').click()
    await page.locator('[data-testid=step-form]').waitFor()
    await shot(page, 'record-step-form-phone')
    await page.locator('.van-popup__close-icon').click()
    await record(page, 'application_talk', '2021-01-20', { talker: '支部书记 王某' })

    await voteThrough(world.secretary, world.branch.id, 'activist', person.id, '2021-07-10', 2,
      { override_reason: '本年度未组织两推荐，经支委会研究' })
    await publicize(world.secretary, person.id, 'activist', '2021-07-11', '2021-07-15') // held on paper, recorded
    await open(page)
    await record(page, 'activist_filed', '2021-07-20')
    await record(page, 'contacts_assigned', '2021-07-20', { people: ['党员4'] })
    await record(page, 'activist_assessment', '2022-01-10', { conclusion: '表现良好' })

    await shot(page, 'record-timeline-activist-phone')
    await voteThrough(world.secretary, world.branch.id, 'target', person.id, '2022-07-15', 2)
    await publicize(world.secretary, person.id, 'target', '2022-07-16', '2022-07-20')
    await open(page)
    await record(page, 'target_filed', '2022-07-21')
    await record(page, 'introducers', '2022-07-20', { people: ['党员4', '党员5'] })
    const review = await api('POST', `/people/${person.id}/review`, { token: committee,
      body: { extra_departments: ['综治', '司法'], requested_on: '2022-07-22' } })
    for (const d of review.departments) {
      await api('POST', `/reviews/${review.id}/departments/${d.id}/reply`, { token: committee,
        body: { replied_on: '2022-07-29', opinion: 'no_objection' } })
    }
    await open(page)
    await record(page, 'political_review', '2022-08-01', { conclusion: '政治审查合格' })
    await record(page, 'training', '2022-08-05', { days: 3 })
    await record(page, 'branch_review', '2022-08-10')
    await publicize(world.secretary, person.id, 'residence', '2022-08-11', '2022-08-15')

    const committeeScreen = await newContext(browser, { viewport: { width: 1920, height: 1080 }, locale: 'zh-CN' }, committee)
    const staff = await committeeScreen.newPage()
    await open(staff)
    expect(await staff.locator('[data-record=committee_prereview]').count()).toBe(1)
    await record(staff, 'committee_prereview', '2022-08-20')
    await open(page)
    expect(await page.locator('[data-record=committee_prereview]').count()).toBe(0) // the committee's, done
    await record(page, 'application_form', '2022-08-25')

    await voteThrough(world.secretary, world.branch.id, 'admission', person.id, '2022-09-01', 6)
    await publicize(world.secretary, person.id, 'admission', '2022-09-02', '2022-09-06')
    await open(staff)
    await record(staff, 'committee_talk', '2022-09-10')
    await record(staff, 'admission_approved', '2022-10-08')
    await record(staff, 'admission_filed', '2022-10-15')
    expect((await api('GET', `/people/${person.id}`, { token: world.secretary })).status).toBe('probationary')

    await open(page)
    await record(page, 'grouped', '2022-10-20')
    await record(page, 'oath', '2022-10-20')
    await record(page, 'probation_assessment', '2023-03-01', { conclusion: '继续考察' })
    await record(page, 'conversion_application', '2023-08-20')
    await voteThrough(world.secretary, world.branch.id, 'conversion', person.id, '2023-09-05', 6)
    await publicize(world.secretary, person.id, 'conversion', '2023-09-06', '2023-09-10')
    await open(staff)
    await record(staff, 'conversion_approved', '2023-10-10', { outcome: '按期转为正式党员' })
    await open(page)
    await record(page, 'archived', '2023-10-20')

    const final = await api('GET', `/people/${person.id}/record`, { token: world.secretary })
    expect(final.steps.map((s) => s.state)).toEqual(Array(25).fill('done'))
    const who = await api('GET', `/people/${person.id}`, { token: world.secretary })
    expect([who.status, who.full_member_at]).toEqual(['member', '2023-09-01'])
    await shotBoth(browser, `/h5/people/${person.id}`, 'record-timeline', world.secretary)
    await shotBoth(browser, '/h5/due', 'record-due', world.secretary)
    await secretaryPhone.close()
    await committeeScreen.close()
  })
})
