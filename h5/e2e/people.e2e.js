// People and accounts from a phone: a secretary adds an applicant (the API's own message under a wrong field),
// brings a new activist's paper file, corrects a status with its reason; the committee's staff reset her password and
// make her the branch's account administrator; she replaces the password they set, then resets a colleague's. Every
// new page screenshotted at 360 and 1920 px.
import { describe, expect, it } from 'vitest'
import { api, BASE, browserRun, daysAgo, loginToken, makeBranch, newContext, PHONE, shot, shotBoth, unique, createAccount } from './helpers.js'

const run = browserRun()

async function staffOf(orgId) {
  const username = unique('staff_')
  await createAccount(run.admin, { username, password: 'Staff@2026x', role: 'org_staff', org_id: orgId })
  return { username, token: await loginToken(username, 'Staff@2026x') }
}

async function fill(page, name, value) {
  await page.locator(`[name="${name}"]`).fill(value)
}

describe('people and accounts on a phone', () => {
  it('lets a secretary add an applicant, bring an activist\'s paper file and correct a status with its reason', async () => {
    const world = await makeBranch(run.admin, { people: [['党员一', 'member', { status_since: '2010-07-01' }]] })
    const page = await (await newContext(run.browser, PHONE, world.secretary)).newPage()
    await page.goto(`${BASE}/h5/roster`)
    await page.getByRole('button', { name: '新增人员' }).click()
    await page.waitForURL(/people\/new/)
    await fill(page, 'name', '李晓红')
    await page.locator('input[name=applied_at]').fill(daysAgo(40))
    await fill(page, 'phone', '13800')  // too short: the API's message comes back under the field
    await page.getByRole('button', { name: '添加' }).click()
    await page.getByRole('alert').waitFor()
    const phoneError = await page.locator('.van-field', { has: page.locator('[name=phone]') }).locator('.van-field__error-message').innerText()
    expect(phoneError).toMatch(/手机/)
    await shot(page, 'person-new-error-phone')
    await fill(page, 'phone', '13800138000')
    await page.getByRole('button', { name: '添加' }).click()
    await page.waitForURL(/people\/\d+$/)
    await page.getByText('李晓红的发展纪实').waitFor()
    const id = Number(page.url().match(/people\/(\d+)$/)[1])
    const created = await api('GET', `/people/${id}`, { token: world.secretary })
    expect(created.status).toBe('applicant')
    expect(created.phone_masked).toBe('138****8000')

    // An activist from before the system, with the dated steps of her paper file.
    await page.goto(`${BASE}/h5/people/new?org=${world.branch.id}`)
    await fill(page, 'name', '王建国')
    await page.locator('select[aria-label=身份]').selectOption('activist')
    await page.locator('input[name=applied_at]').fill(daysAgo(400))
    await page.locator('input[name=status_since]').fill(daysAgo(200))
    const history = page.getByTestId('history')
    await history.waitFor()
    await history.locator('input[name=history-application_talk]').fill(daysAgo(390))
    await shot(page, 'person-new-history-phone')
    await page.getByRole('button', { name: '添加' }).click()
    await Promise.race([page.waitForURL(/people\/\d+$/), page.getByRole('alert').waitFor()])
    if (!/people\/\d+$/.test(page.url())) throw new Error(await page.getByRole('alert').innerText())
    const activistId = Number(page.url().match(/people\/(\d+)$/)[1])
    const record = await api('GET', `/people/${activistId}/record`, { token: world.secretary })
    expect(record.steps.find((s) => s.key === 'application_talk').state).toBe('done')

    // A status corrected by hand asks its reason first.
    await page.goto(`${BASE}/h5/people/${id}`)
    await page.getByRole('button', { name: '修改信息' }).click()
    await page.waitForURL(/edit$/)
    expect(await page.locator('[name=name]').inputValue()).toBe('李晓红')
    await page.locator('select[aria-label=身份]').selectOption('activist')
    await page.locator('[name=correction_reason]').waitFor()
    await page.locator('input[name=status_since]').fill(daysAgo(30))
    await page.getByRole('button', { name: '保存' }).click()
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole("alert").innerText()).toMatch(/理由/)
    await fill(page, 'correction_reason', '支委会已于上月讨论确定为入党积极分子，补录')
    await shot(page, 'person-correct-status-phone')
    await page.getByRole('button', { name: '保存' }).click()
    await page.waitForURL(/people\/\d+$/)
    expect((await api('GET', `/people/${id}`, { token: world.secretary })).status).toBe('activist')
    const trail = await api('GET', `/audit?org_id=${world.branch.id}`, { token: world.secretary })
    expect(JSON.stringify(trail)).toContain('补录')
    await shotBoth(run.browser, `/h5/people/${id}/edit`, 'person-edit', world.secretary)
    await shotBoth(run.browser, `/h5/people/new?org=${world.branch.id}`, 'person-new', world.secretary)
  })

  it('lets the committee\'s staff reset a secretary\'s password and make her the branch\'s account administrator, '
    + 'and the secretary reset a colleague\'s password on her phone', async () => {
    const world = await makeBranch(run.admin, { people: [] })
    const staff = await staffOf(world.committee.id)
    const page = await (await newContext(run.browser, PHONE, staff.token)).newPage()
    await page.goto(`${BASE}/h5/accounts`)
    const card = page.locator(`[data-account="${world.username}"]`)
    await card.getByRole('button', { name: '重置密码' }).click()
    await page.locator('.van-dialog [name=new-password]').fill('Lotus@Pond#2027')
    await shot(page, 'accounts-reset-phone')
    await page.locator('.van-dialog__confirm').click()
    await page.getByText('密码已重置').waitFor()
    await expect(loginToken(world.username, world.password)).rejects.toThrow(/401/)

    // A colleague's account on the branch committee, made on the phone too; then the secretary administers them.
    await page.getByRole('button', { name: '新增账号' }).click()
    const form = page.getByTestId('new-account')
    const colleague = unique('sec2_')
    await form.locator('[name=username]').fill(colleague)
    await form.locator('.van-field', { hasText: '所属组织' }).click()
    await page.locator('.van-picker-column__item', { hasText: world.branch.name }).click()
    await page.locator('.van-picker__confirm').click()
    expect(await form.locator('select[aria-label=角色]').inputValue()).toBe('secretary')
    await form.locator('[name=password]').fill('12345678')  // too weak: the server says why
    await form.getByRole('button', { name: '创建' }).click()
    await page.getByRole('alert').waitFor()
    expect(await page.getByRole('alert').innerText()).toMatch(/密码/)
    await form.locator('[name=password]').fill('Camellia!Hill77')
    await form.getByRole('button', { name: '创建' }).click()
    await page.locator(`[data-account="${colleague}"]`).waitFor()
    await card.getByRole('button', { name: '设为管理员' }).click()
    await card.getByText('账号管理员').waitFor()
    const secretary = await loginToken(world.username, 'Lotus@Pond#2027')  // (any change of an account ends its logins)

    // The secretary's password was set by someone else: she replaces it before anything else.
    const own = await (await newContext(run.browser, PHONE, secretary)).newPage()
    await own.goto(`${BASE}/h5/`)
    await own.waitForURL(/\/h5\/password/)
    await own.getByTestId('password-required').waitFor()
    await shot(own, 'password-required-phone')
    await own.locator('[name=old-password]').fill('Lotus@Pond#2027')
    await own.locator('[name=new-password]').fill('Osmanthus*Moon88')
    await own.locator('[name=new-password-again]').fill('Osmanthus*Moon88')
    await own.getByRole('button', { name: '修改' }).click()
    await own.waitForURL(`${BASE}/h5/`)
    const fresh = await loginToken(world.username, 'Osmanthus*Moon88')

    // As the branch's account administrator she finds 账号管理 on her home page and resets her colleague's password.
    await own.locator('.van-grid-item', { hasText: '账号管理' }).click()  // (this page keeps the new login)
    await own.waitForURL(/\/h5\/accounts/)
    const colleagueCard = own.locator(`[data-account="${colleague}"]`)
    await colleagueCard.waitFor()
    expect(await own.locator(`[data-account="${world.username}"]`).getByRole('button').count()).toBe(0)  // not her own
    await colleagueCard.getByRole('button', { name: '重置密码' }).click()
    await own.locator('.van-dialog [name=new-password]').fill('Peony#Garden2028')
    await own.locator('.van-dialog__confirm').click()
    await own.getByText('密码已重置').waitFor()
    await shot(own, 'accounts-secretary-phone')
    const colleagueToken = await loginToken(colleague, 'Peony#Garden2028')
    expect((await api('GET', '/auth/me', { token: colleagueToken })).must_change_password).toBe(true)
    await shotBoth(run.browser, '/h5/accounts', 'accounts', staff.token)
    await shotBoth(run.browser, '/h5/accounts', 'accounts-secretary', fresh)
    await shotBoth(run.browser, '/h5/password', 'password', fresh)
  })
})
