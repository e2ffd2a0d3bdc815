// A 四票决 sealed by its tellers, in real browsers (DESIGN §12): the secretary names the tellers in the wizard, whose
// keys then seal the vote by default; each teller makes a key on their own phone and keeps the key card (a forged
// share is refused); twelve members vote — four on phones in the browser, whose pages encrypt and prove each ballot,
// eight through the API with the same protocol (a tampered ballot is refused); after close each teller confirms the
// tally on their phone (a wrong partial decryption is refused), the result equals the votes cast, and the public
// board is checked by tools/verify_board.py and by the H5 on a phone.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import * as e2e from '../src/core/e2e.js'
import { SESSION_KIND_RULES } from '../src/core/vocab.js'
import { ADMISSION_READY, api, BASE, browserRun, confirmDialog, daysAgo, makeBranch, newContext, PHONE, SCREEN, shot, shotBoth } from './helpers.js'

const run = browserRun()

async function tellerMakesKey(browser, url, tag) {
  const phone = await (await newContext(browser, PHONE)).newPage()
  await phone.goto(BASE + new URL(url).pathname)
  const section = phone.getByTestId('teller-key')
  await section.getByTestId('make-key').click()
  const card = phone.getByTestId('key-card')
  await card.waitFor()
  const secret = (await card.locator('.secret').innerText()).replace(/\s/g, '')
  expect(secret).toMatch(/^[0-9a-f]{64}$/)
  await shot(phone, `sealed-${tag}-key-card-phone`)
  await card.getByRole('button', { name: '已收好' }).click()
  await section.getByText('已生成密钥，保存在这部手机上').waitFor()
  return phone
}

async function sealedBallot(sessionId, answers) {
  const session = await api('GET', `/sessions/${sessionId}`, { token: run.secretary })
  const rules = SESSION_KIND_RULES[session.kind]
  const key = e2e.fromHex(session.sealing.public_key)
  const questions = e2e.layout(rules.answer_key, rules.scale, session.options.map((o) => o.id), session.max_choices)
  return { sealed: e2e.encryptBallot(e2e.sessionContext(session.sealing.uid, key), key, questions, answers) }
}

describe('a vote sealed by its tellers', () => {
  it('keys on the tellers\' phones, encrypted ballots, both confirmations, and the result of the votes cast', async () => {
    const members = Array.from({ length: 12 }, (_, i) => [`党员${i + 1}`, 'member', { status_since: '2010-07-01' }])
    const world = await makeBranch(run.admin, { people: [...members, ['陆向阳', 'target',
      { applied_at: daysAgo(1500), status_since: daysAgo(400), history: ADMISSION_READY }]] })
    run.secretary = world.secretary
    const person = world.people['陆向阳']
    const meeting = await api('POST', '/meetings', { token: world.secretary, body: { org_id: world.branch.id,
      title: '支部党员大会', kind: 'branch_assembly', starts_at: new Date().toISOString() } })
    // The secretary, at a desk, makes the vote in the wizard and names the two tellers: their keys then seal it
    // (on by default once both are named); their links are shown there once.
    const desk = await (await newContext(run.browser, SCREEN, world.secretary)).newPage()
    await desk.goto(`${BASE}/h5/meetings/${meeting.id}/new-session`)
    await desk.locator('.van-cell', { hasText: '四票决' }).click()
    await desk.locator('.van-cell', { hasText: '接收预备党员' }).click()
    await desk.getByRole('button', { name: '下一步' }).click()
    await desk.locator('[data-person="陆向阳"]').click()
    await desk.getByRole('button', { name: /下一步/ }).click()
    await desk.locator('input[name=wizard-counter]').fill('王计票')
    await desk.locator('input[name=wizard-monitor]').fill('李监票')
    await desk.getByTestId('wizard-seal').waitFor()
    await shot(desk, 'sealed-wizard-screen')
    await desk.getByRole('button', { name: '创建表决（草稿）' }).click()
    const made = desk.getByTestId('wizard-made')
    await made.waitFor()
    const links = []
    for (const role of ['counter', 'monitor']) links.push({ role, url: await made.locator(`[data-teller-link=${role}] .url`).innerText() })
    await shot(desk, 'sealed-wizard-links-screen')
    await made.getByText('进入表决').click()
    await desk.waitForURL(/\/sessions\/\d+$/)
    const sid = Number(desk.url().match(/sessions\/(\d+)/)[1])
    const { codes } = await api('POST', `/sessions/${sid}/codes`, { token: world.secretary, body: { group: 'member', count: 12 } })
    const sealing = desk.getByTestId('sealing')
    await desk.reload()
    await sealing.locator('[data-teller=counter]').getByText('尚未生成密钥').waitFor()
    await expect(api('POST', `/sessions/${sid}/open`, { token: world.secretary })).rejects.toThrow(/422/)
    const phones = {}
    // A share whose proof does not hold is refused and named.
    const tokenOf = (role) => new URL(links.find((l) => l.role === role).url).pathname.split('/').pop()
    const uid = (await api('GET', `/public/tellers/${tokenOf('counter')}`)).sealing.uid
    const forged = e2e.randomScalar()
    await expect(api('PUT', `/public/tellers/${tokenOf('counter')}/key`, { body: { public_key: e2e.publicOf(forged),
      proof: e2e.proveKnowledge(e2e.shareContext(uid, 'counter'), forged + 1n, e2e.publicOf(forged)) } })).rejects.toThrow(/422.*invalid_share_proof/)
    for (const link of links) phones[link.role] = await tellerMakesKey(run.browser, link.url, link.role)
    await desk.reload()
    await sealing.locator('[data-teller=monitor]').getByText('已生成密钥').waitFor()
    await shotBoth(run.browser, `/h5/sessions/${sid}`, 'sealed-session-draft', world.secretary)
    await api('POST', `/sessions/${sid}/open`, { token: world.secretary })

    // Four members vote on phones: the page encrypts and proves; eight through the API, the same way.
    const votes = ['yes', 'yes', 'no', 'abstain', 'yes', 'yes', 'yes', 'no', 'yes', 'abstain', 'yes', 'no']
    for (let i = 0; i < 4; i += 1) {
      const voter = await (await newContext(run.browser, PHONE)).newPage()
      await voter.goto(`${BASE}/h5/vote#code=${codes[i]}`)
      await voter.locator(`.item[data-option="${person.id}"] button[data-value="${votes[i]}"]`).click()
      await voter.getByRole('button', { name: '提交选票' }).click()
      await confirmDialog(voter, '确认提交')
      await voter.waitForURL(/\/receipt\//)
      if (i === 0) {
        await voter.getByTestId('tracker-note').waitFor() // the receipt is the ballot's tracker, on the board later
        expect(await voter.getByTestId('receipt').innerText()).toMatch(/^([0-9A-F]{8}-){7}[0-9A-F]{8}$/)
        await shot(voter, 'sealed-voter-receipt-phone')
      }
      await voter.context().close()
    }
    // A tampered ballot is refused whole: nothing is written and its code stays unused (the last voter
    // below casts with it).
    const tampered = await sealedBallot(sid, { votes: { [person.id]: 'yes' } })
    const [yes, no] = tampered.sealed.questions[0].options
    ;[yes.beta, no.beta] = [no.beta, yes.beta]
    await expect(api('POST', '/ballots', { body: { session_id: sid, code: codes[11], answers: tampered } })).rejects.toThrow(/422.*invalid_ballot_proof/)
    for (let i = 4; i < 12; i += 1) {
      await api('POST', '/ballots', { body: { session_id: sid, code: codes[i], answers: await sealedBallot(sid, { votes: { [person.id]: votes[i] } }) } })
    }
    await expect(api('POST', '/ballots', { body: { session_id: sid, code: codes[0], answers: { votes: { [person.id]: 'yes' } } } }))
      .rejects.toThrow()
    await api('POST', `/sessions/${sid}/close`, { token: world.secretary })
    // A partial decryption made with another secret is refused and named.
    const mine = (await api('GET', `/public/tellers/${tokenOf('monitor')}`)).sealing
    const context = e2e.sessionContext(mine.uid, e2e.fromHex(mine.public_key))
    const wrong = mine.entries.map((entry) => e2e.partialDecryption(context, e2e.randomScalar(), mine.my_public_key, entry.alpha))
    await expect(api('PUT', `/public/tellers/${tokenOf('monitor')}/decryption`, { body: { decryption: wrong } }))
      .rejects.toThrow(/422.*invalid_decryption/)

    // Each teller confirms on their phone; the result appears when both have.
    for (const role of ['counter', 'monitor']) {
      const phone = phones[role]
      await phone.reload()
      await phone.getByTestId('confirm-tally').click()
      await phone.getByTestId('tally-confirmed').waitFor()
      await shot(phone, `sealed-${role}-confirmed-phone`)
    }
    await api('POST', `/sessions/${sid}/publish`, { token: world.secretary })
    const result = await api('GET', `/sessions/${sid}/result`, { token: world.secretary })
    const [candidate] = result.candidates
    const count = (v) => votes.filter((x) => x === v).length
    expect([candidate.yes, candidate.no, candidate.abstain]).toEqual([count('yes'), count('no'), count('abstain')])
    await shotBoth(run.browser, `/h5/sessions/${sid}`, 'sealed-session-published', world.secretary)

    // Anyone with the result sheet checks the public board with the outsider's tool: every proof, sum and count.
    const python = fileURLToPath(new URL('../../.venv/bin/python', import.meta.url))
    const tool = fileURLToPath(new URL('../../tools/verify_board.py', import.meta.url))
    const report = execFileSync(python, [tool, `${BASE}/api/v1/public/boards/${uid}`], { encoding: 'utf8' })
    expect(report).toContain('12/12 张选票的追踪码与全部证明成立')
    expect(report).toContain('全部成立。')

    // …or on a phone, in the H5 itself: the page checks every proof and sum and says so in words.
    const reader = await (await newContext(run.browser, PHONE)).newPage()
    await reader.goto(`${BASE}/h5/board/${uid}`)
    await reader.getByTestId('check-board').click()
    await reader.getByTestId('check-status').getByText(/✓ 全部 \d+ 项核对成立/).waitFor({ timeout: 60000 })
    await shot(reader, 'sealed-board-checked-phone')
    await shotBoth(run.browser, `/h5/board/${uid}`, 'sealed-board', null)
  })
})
