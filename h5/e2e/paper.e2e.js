// Paper ballots beside phones, in real browsers: the secretary prints the ballots, marks the members who take
// one, counts the mass representatives' ones and names the two tellers; mass representatives vote by code on
// their phones; after close each teller enters the counts on their own phone (a mismatch first, then agreement);
// the result says how many of each channel and the result sheet is downloaded.
import { describe, expect, it } from 'vitest'
import { api, BASE, browserRun, confirmDialog, makeBranch, newContext, PHONE, SCREEN, shot, shotBoth } from './helpers.js'

const run = browserRun()
const range = (n, prefix) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`)

async function tellerEnters(context, url, counts, tag) {
  const page = await context.newPage()
  await page.goto(BASE + new URL(url).pathname)
  await page.locator('[data-testid=teller-who]').waitFor()
  for (const [group, g] of Object.entries(counts)) {
    const card = page.locator(`[data-group=${group}]`)
    await card.locator(`input[name=${group}-returned]`).fill(String(g.returned))
    await card.locator(`input[name=${group}-spoiled]`).fill(String(g.spoiled))
    for (const [optionId, votes] of Object.entries(g.votes)) await card.locator(`input[name=${group}-${optionId}]`).fill(String(votes))
    await card.getByRole('button', { name: /提交/ }).click()
    await card.getByText(/已录入/).waitFor()
  }
  await shot(page, `paper-${tag}-phone`)
  return page
}

describe('a session with paper ballots beside phones', () => {
  it('goes from printing to the published result sheet, with both tellers on their own phones', async () => {
    const world = await makeBranch(run.admin, { people: [
      ...range(5, '党员').map((n) => [n, 'member', { status_since: '2010-07-01' }]),
      ['申请人甲', 'applicant', { applied_at: '2024-01-10' }], ['申请人乙', 'applicant', { applied_at: '2024-02-10' }],
      ...range(6, '群众代表').map((n) => [n, 'mass_rep']),
    ] })
    const token = world.secretary
    const meeting = await api('POST', '/meetings', { token, body: { org_id: world.branch.id, title: '推荐大会',
      kind: 'members_and_masses', starts_at: new Date().toISOString() } })
    const [a, b] = [world.people['申请人甲'].id, world.people['申请人乙'].id]
    const session = await api('POST', `/meetings/${meeting.id}/sessions`, { token, body: {
      kind: 'recommendation', title: '推荐入党积极分子', candidate_ids: [a, b] } })
    const sid = session.id
    const codes = (await api('POST', `/sessions/${sid}/codes`, { token, body: { group: 'mass', count: 3 } })).codes

    // Before the vote, on a phone: a paper mark is chosen and confirmed, never one tap beside a name, and undone.
    const phoneDesk = await (await newContext(run.browser, PHONE, token)).newPage()
    await phoneDesk.goto(`${BASE}/h5/sessions/${sid}`)
    const folded = phoneDesk.locator('[data-testid=paper-section]')
    await folded.waitFor()
    expect(await folded.getByRole('button', { name: '领取', exact: true }).count()).toBe(0)
    expect(await folded.locator('select[name=paper_member]').isVisible()).toBe(false) // folded until paper is used
    await folded.getByRole('button', { name: /纸质选票/ }).click()
    await folded.locator('select[name=paper_member]').selectOption({ label: '党员1' })
    await folded.getByTestId('mark-paper').click()
    await confirmDialog(phoneDesk, '确认领取')
    await folded.locator('[data-paper-person="党员1"]').getByText('已领取纸质选票').waitFor()
    await shot(phoneDesk, 'paper-mark-draft-phone')
    await folded.locator('[data-paper-person="党员1"]').getByRole('button', { name: '撤销' }).click()
    await folded.locator('[data-paper-person="党员1"]').waitFor({ state: 'detached' })
    await phoneDesk.context().close()
    await api('POST', `/sessions/${sid}/open`, { token, body: { override_reason: '本村群众代表共 6 人' } })

    // The secretary, at a desk: print, mark three members, count three mass ballots, name the tellers.
    const desk = await (await newContext(run.browser, SCREEN, token)).newPage()
    await desk.goto(`${BASE}/h5/sessions/${sid}`)
    const paper = desk.locator('[data-testid=paper-section]')
    await paper.waitFor()
    const download = desk.waitForEvent('download')
    await paper.getByRole('button', { name: /打印党员选票/ }).click()
    expect((await download).suggestedFilename()).toContain('选票')
    for (const name of ['党员3', '党员4', '党员5']) {
      await paper.locator('select[name=paper_member]').selectOption({ label: name })
      await paper.getByTestId('mark-paper').click()
      await confirmDialog(desk, '确认领取')
      await paper.locator(`[data-paper-person="${name}"]`).getByText('已领取纸质选票').waitFor()
    }
    expect(await paper.getByRole('button', { name: '撤销' }).count()).toBe(0) // the vote is open: marks stay
    await paper.locator('input[name=mass_paper]').fill('3')
    await paper.getByRole('button', { name: '保存张数' }).click()
    await paper.locator('input[name=counter]').fill('王计票')
    await paper.locator('input[name=monitor]').fill('李监票')
    await paper.getByRole('button', { name: /指定并生成录入链接/ }).click()
    await paper.locator('[data-teller-link=monitor]').waitFor()
    const links = {}
    for (const role of ['counter', 'monitor']) links[role] = await paper.locator(`[data-teller-link=${role}] a`).getAttribute('href')
    await shot(desk, 'paper-secretary-screen')

    // Mass representatives vote by code on their phones; a member holding paper cannot also vote by phone.
    for (const code of codes) {
      const phone = await (await newContext(run.browser, PHONE)).newPage()
      await phone.goto(`${BASE}/h5/vote#code=${code}`)
      await phone.locator('.candidate', { hasText: '申请人甲' }).click()
      await phone.getByRole('button', { name: '提交选票' }).click()
      await confirmDialog(phone, '确认提交')
      await phone.locator('[data-testid=receipt]').waitFor()
      await phone.context().close()
    }
    await desk.getByRole('button', { name: '结束投票并计票' }).click()
    await confirmDialog(desk)
    await desk.locator('[data-testid=paper-pending]').waitFor()

    // The tellers, each on their own phone: the monitor miscounts one candidate, sees the mismatch, recounts.
    const paperCounts = (mass) => ({ member: { returned: 3, spoiled: 0, votes: { [a]: 3, [b]: 1 } },
      mass: { returned: 2, spoiled: 1, votes: { [a]: mass, [b]: 0 } } })
    const counter = await tellerEnters(await newContext(run.browser, PHONE), links.counter, paperCounts(2), 'counter')
    const monitorContext = await newContext(run.browser, PHONE)
    const monitor = await tellerEnters(monitorContext, links.monitor, paperCounts(1), 'monitor-mismatch')
    await monitor.getByText('与另一位不一致').waitFor()
    await desk.reload()
    await desk.locator('[data-testid=paper-agreement]').getByText(/不一致（计票人 \/ 监票人）：申请人甲：2 票 \/ 1 票/).waitFor()
    const mass = monitor.locator('[data-group=mass]')
    await mass.locator(`input[name=mass-${a}]`).fill('2')
    await mass.getByRole('button', { name: /修改并重新提交/ }).click()
    await monitor.locator('[data-testid=teller-agreed]').waitFor()
    await shot(monitor, 'paper-monitor-agreed-phone')
    await counter.reload()
    await counter.locator('[data-testid=teller-agreed]').waitFor()

    // Counted: phone and paper together; publish, and the sheet for the file.
    await desk.reload()
    await desk.getByRole('button', { name: '当场公布结果' }).click()
    await confirmDialog(desk)
    await desk.locator('[data-testid=channels]').first().waitFor()
    expect(await desk.locator('[data-testid=channels]').first().textContent())
      .toContain('党员手机 0 票、纸质 3 票；群众代表手机 3 票、纸质 3 票（其中废票 1 张）')
    const result = await api('GET', `/sessions/${sid}/result`, { token })
    const rowA = result.candidates.find((c) => c.id === a)
    expect([rowA.member_votes, rowA.mass_votes]).toEqual([3, 5])
    const sheet = desk.waitForEvent('download')
    await desk.locator('[data-testid=result-sheet]').click()
    expect((await sheet).suggestedFilename()).toContain('票决结果单')
    await shot(desk, 'paper-published-screen')
    expect(await desk.getByRole('button', { name: /打印.*选票/ }).count()).toBe(0) // nothing to print once published
    await shotBoth(run.browser, `/h5/sessions/${sid}`, 'paper-session', token)
    await shotBoth(run.browser, new URL(links.counter).pathname, 'paper-teller-page')
    await counter.context().close()
    await monitorContext.close()
  })
})
