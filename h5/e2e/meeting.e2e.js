// One whole meeting per session kind, in real browsers: the secretary sets it up and runs it on a phone,
// the projector shows the QR and turnout, voters vote from their own phones (separate contexts), and the
// results on the screen and on the voters' phones match the API's.
import { describe, expect, it } from 'vitest'
import { buildAnswers, credentialQuery, prepareSubmission } from '../src/core/voting-core.js'
import {
  api, BASE, bindInBrowser, browserRun, confirmDialog, daysAgo, horizontalOverflow, makeBranch, newContext, PHONE, SCREEN, shot, shotBoth, smallTapTargets,
  unique, ADMISSION_READY } from './helpers.js'

const run = browserRun()

const range = (n, prefix) => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`)
const lastYear = `${new Date().getFullYear() - 1}-06-20`

const MEETINGS = {
  recommendation: {
    meetingKind: '党员和群众代表会议', sessionKind: '两推荐',
    people: [...range(6, '党员').map((n) => [n, 'member', { status_since: '2010-07-01' }]),
      ['申请人甲', 'applicant', { applied_at: daysAgo(250) }], ['申请人乙', 'applicant', { applied_at: daysAgo(250) }],
      ['新申请人', 'applicant', { applied_at: daysAgo(30) }], // under six months: never offered
      ...range(6, '群众代表').map((n) => [n, 'mass_rep'])],
    candidates: ['申请人甲', '申请人乙'],
    joinVoters: range(4, '党员'), joinAnswer: () => ({ choices: ['申请人甲'] }),
    codeGroup: 'mass', codeCount: 6,
    codeAnswers: [['申请人甲'], ['申请人甲'], ['申请人甲', '申请人乙'], ['申请人乙'], []].map((choices) => ({ choices })),
    absentee: { person: '党员5', answers: { choices: ['申请人甲'] } },
    needsReason: true,
  },
  stage_vote: {
    meetingKind: '支部党员大会', sessionKind: '四票决', stage: '接收预备党员',
    people: [...range(11, '党员').map((n) => [n, 'member', { status_since: '2010-07-01' }]),
      ['对象甲', 'target', { applied_at: daysAgo(1500), status_since: daysAgo(400), history: ADMISSION_READY }],
      ['对象乙', 'target', { applied_at: daysAgo(1500), status_since: daysAgo(400), history: ADMISSION_READY }]],
    candidates: ['对象甲', '对象乙'],
    // Yes votes must exceed half of the 11 who should attend (5.5): 6 passes, 5 does not. A stage vote's
    // electorate is members only, and member codes exclude roster voting, so here every member scans.
    joinVoters: range(10, '党员'),
    joinAnswer: (i) => ({ votes: { 对象甲: i < 6 ? 'yes' : 'no', 对象乙: i < 5 ? 'yes' : 'abstain' } }),
    lateJoinVoter: '党员11',
  },
  satisfaction: {
    meetingKind: '党员和群众代表会议', sessionKind: '双评议',
    people: [...range(5, '党员').map((n) => [n, 'member', { status_since: '2010-07-01' }]),
      ['新党员', 'probationary', { status_since: lastYear }], ...range(6, '群众代表').map((n) => [n, 'mass_rep'])],
    subjects: ['本支部上年度发展党员工作', '新党员'],
    joinVoters: range(4, '党员'),
    joinAnswer: (i) => ({ ratings: { 本支部上年度发展党员工作: 'very_satisfied', 新党员: i % 2 ? 'satisfied' : 'basic' } }),
    codeGroup: 'mass', codeCount: 6,
    codeAnswers: ['satisfied', 'basic', 'unsatisfied', 'very_satisfied', 'satisfied'].map((g) => ({ ratings: { 本支部上年度发展党员工作: g, 新党员: 'satisfied' } })),
    needsReason: true,
  },
}

async function secretaryLogsIn(page, who, tag) {
  await page.goto(`${BASE}/h5/login`)
  await shot(page, 'login-phone')
  await page.locator('input[name=username]').fill(who.username)
  await page.locator('input[name=password]').fill(who.password)
  await page.getByRole('button', { name: '登录' }).click()
  await page.getByText('会议与表决').first().waitFor()
  await shot(page, `${tag}-home-phone`)
}

async function secretaryCreatesSession(page, cfg, tag) {
  await page.goto(`${BASE}/h5/meetings`)
  await page.getByRole('button', { name: '召开会议' }).click()
  await page.locator('.van-popup input[name=title]').fill(`${cfg.sessionKind}会议`)
  await page.locator('.van-popup .van-radio', { hasText: cfg.meetingKind }).click()
  await shot(page, `${tag}-meeting-form-phone`)
  await page.getByRole('button', { name: '创建会议' }).click()
  await page.waitForURL(/\/h5\/meetings\/\d+$/)
  await page.getByRole('button', { name: '新建表决' }).click()
  await page.locator('.van-cell', { hasText: cfg.sessionKind }).click()
  if (cfg.stage) await page.locator('.van-cell', { hasText: cfg.stage }).click()
  await shot(page, `${tag}-wizard-kind-phone`)
  await page.getByRole('button', { name: '下一步' }).click()
  if (cfg.candidates) {
    await page.locator(`[data-person="${cfg.candidates[0]}"]`).waitFor()
    // Only eligible people are offered: the applicant of one month is not.
    expect(await page.locator('[data-person="新申请人"]').count()).toBe(0)
    for (const name of cfg.candidates) await page.locator(`[data-person="${name}"]`).click()
  } else {
    await page.locator('[data-person="新党员"]').waitFor()
  }
  await shot(page, `${tag}-wizard-people-phone`)
  await page.getByRole('button', { name: /下一步/ }).click()
  await shot(page, `${tag}-wizard-confirm-phone`)
  await page.getByRole('button', { name: '创建表决（草稿）' }).click()
  await page.waitForURL(/\/h5\/sessions\/\d+$/)
  return Number(page.url().match(/sessions\/(\d+)/)[1])
}

async function fillBallot(page, kind, answers, idsByName) {
  if (kind === 'recommendation') {
    for (const name of answers.choices) await page.locator('.candidate', { hasText: name }).click()
    return
  }
  const map = kind === 'stage_vote' ? answers.votes : answers.ratings
  for (const [name, value] of Object.entries(map)) {
    await page.locator(`.item[data-option="${idsByName[name]}"] button[data-value="${value}"]`).click()
  }
}

async function submitBallot(page) {
  await page.getByRole('button', { name: '提交选票' }).click()
  await confirmDialog(page, '确认提交')
}

async function screenCast(screen, group) {
  return Number(await screen.locator(`[data-group=${group}] [data-testid=cast]`).textContent())
}

/** The projector follows within 2 s (it polls every 1.5 s); allow a little for a loaded test machine. */
async function waitForScreenCast(screen, group, expected) {
  await screen.waitForFunction(([g, n]) => {
    const el = document.querySelector(`[data-group=${g}] [data-testid=cast]`)
    return el && Number(el.textContent) === n
  }, [group, expected], { timeout: 4000, polling: 100 })
}

/**
 * A voter on the mini-program, by the calls it makes (utils/request.js, services/voting.js): wx.login's code and the
 * secretary's bind code for a member, who then scans the screen's QR; a mass representative types the slip's code.
 * The answers are built by the voting core both clients share. A room votes from both clients at once; the H5 voters
 * are driven in the browser, these through the API, which keeps the browser run short.
 */
async function miniProgramVote(sid, secretary, { bindCode, code }, answers) {
  let credential = { code }
  let token = null
  if (!code) {
    const { bind_ticket: ticket } = await api('POST', '/auth/wechat', { body: { code: unique('wx-login-') } })
    token = (await api('POST', '/auth/bind', { body: { bind_ticket: ticket, bind_code: bindCode } })).token
    const { url } = await api('GET', `/sessions/${sid}/join-qr`, { token: secretary })
    credential = { join: new URL(url).searchParams.get('join') }
  }
  const form = await api('GET', `/ballot-form?${new URLSearchParams(credentialQuery(credential))}`, { token })
  if (form.join) credential = { join: form.join }
  const submission = prepareSubmission(null, form.session_id, credential, answers, () => unique('submission-'))
  return api('POST', '/ballots', { token, body: submission })
}

/** Answers given by candidate name, as the server takes them (by option id). */
function answersById(kind, answers, idsByName) {
  if (kind === 'recommendation') return buildAnswers(kind, { choices: answers.choices.map((name) => idsByName[name]) })
  const byName = kind === 'stage_vote' ? answers.votes : answers.ratings
  return buildAnswers(kind, { marks: Object.fromEntries(Object.entries(byName).map(([name, value]) => [idsByName[name], value])) })
}

describe.each(Object.keys(MEETINGS))('a whole %s meeting', (kind) => {
  it('runs from set-up to the published result in real browsers', async () => {
    const cfg = MEETINGS[kind]
    const tag = kind
    const world = await makeBranch(run.admin, { people: cfg.people })

    // --- the secretary, on a phone ---
    const secContext = await newContext(run.browser, PHONE)
    const sec = await secContext.newPage()
    await secretaryLogsIn(sec, world, tag)
    const sid = await secretaryCreatesSession(sec, cfg, tag)
    const session = await api('GET', `/sessions/${sid}`, { token: world.secretary })
    const options = session.candidates || session.subjects
    const idsByName = Object.fromEntries(options.map((o) => [o.name, o.id]))
    await sec.locator('[data-testid=state]', { hasText: '草稿' }).waitFor()
    if (cfg.needsReason) await sec.locator('[data-testid=mass-rule]').waitFor()
    await shot(sec, `${tag}-session-draft-phone`)

    let codes = []
    if (cfg.codeGroup) {
      await sec.locator('.van-radio', { hasText: '群众代表' }).click()
      await sec.locator('input[name=count]').fill(String(cfg.codeCount))
      const made = sec.waitForResponse((r) => r.url().endsWith(`/sessions/${sid}/codes`) && r.request().method() === 'POST')
      await sec.getByRole('button', { name: '生成票码' }).click()
      const response = await made
      expect(response.status()).toBe(201)
      const batch = await response.json()
      codes = batch.codes
      expect(codes).toHaveLength(cfg.codeCount)
      // The slips print as a PDF.
      const pdf = await fetch(BASE + batch.slips_pdf, { headers: { Authorization: `Bearer ${world.secretary}` } })
      expect(pdf.headers.get('content-type')).toBe('application/pdf')
      expect((await pdf.arrayBuffer()).byteLength).toBeGreaterThan(1000)
    }

    // Bind codes for the members who will scan the screen (the secretary gives them out in person).
    const bindCodes = {}
    for (const name of [...cfg.joinVoters, ...(cfg.lateJoinVoter ? [cfg.lateJoinVoter] : [])]) {
      bindCodes[name] = (await api('POST', `/people/${world.people[name].id}/bind-code`, { token: world.secretary })).code
    }

    // Before the vote opens, the secretary enters an absent member's written opinion, under the member's name.
    if (cfg.absentee) {
      await sec.getByTestId('absentee-opinions').getByRole('button', { name: /书面意见/ }).click() // folded until needed
      await sec.locator('select[name=absentee_person]').selectOption({ label: cfg.absentee.person })
      const card = sec.locator('.card', { hasText: '书面意见' }).last()
      await fillBallot(card, kind, cfg.absentee.answers, idsByName)
      await sec.getByRole('button', { name: '录入书面意见' }).click()
      await sec.getByText(cfg.absentee.person, { exact: true }).last().waitFor()
      // The signed paper's photo goes with it; the member is no longer offered for a second opinion.
      const row = sec.locator(`[data-opinion="${cfg.absentee.person}"]`)
      await row.locator('input[type=file]').setInputFiles({ name: '书面意见.png', mimeType: 'image/png',
        buffer: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108020000009077053e', 'hex') })
      await row.getByText('已附扫描件').waitFor()
      expect(await sec.locator('select[name=absentee_person] option', { hasText: cfg.absentee.person }).count()).toBe(0)
      await shotBoth(run.browser, `/h5/sessions/${sid}`, `${tag}-session-opinion`, world.secretary)
    }

    if (cfg.needsReason) await sec.locator('textarea[name=override_reason]').fill('本村常住群众代表外出务工，实到人数不足')
    await sec.getByRole('button', { name: '开始投票' }).click()
    await confirmDialog(sec)
    await sec.locator('[data-testid=state]', { hasText: '投票中' }).waitFor()
    await shot(sec, `${tag}-session-open-phone`)

    // --- the projector ---
    const screenContext = await newContext(run.browser, SCREEN, world.secretary)
    const screen = await screenContext.newPage()
    await screen.goto(`${BASE}/h5/screen/${sid}`)
    await screen.locator('img[data-testid=join-qr]').waitFor()
    await screen.locator('[data-testid=countdown]').waitFor()
    await shot(screen, `${tag}-screen-open`)
    const phoneScreen = await (await newContext(run.browser, PHONE, world.secretary)).newPage()
    await phoneScreen.goto(`${BASE}/h5/screen/${sid}`)
    await phoneScreen.locator('img[data-testid=join-qr]').waitFor()
    await shot(phoneScreen, `${tag}-screen-open-phone`)
    expect(await horizontalOverflow(phoneScreen)).toBeLessThanOrEqual(1)

    const receipts = []
    let memberCast = 0
    // --- members scan the screen's QR, each on their own phone: the first and the last in the H5 (the last then
    // scans again), the others on the mini-program ---
    for (const [i, name] of cfg.joinVoters.entries()) {
      if (i > 0 && i < cfg.joinVoters.length - 1) {
        await miniProgramVote(sid, world.secretary, { bindCode: bindCodes[name] }, answersById(kind, cfg.joinAnswer(i), idsByName))
        memberCast += 1
        continue
      }
      const context = await newContext(run.browser, PHONE)
      const page = await context.newPage()
      const { url } = await api('GET', `/sessions/${sid}/join-qr`, { token: world.secretary })
      await page.goto(url)
      await page.getByTestId('welcome').waitFor() // a kind first screen that says what to do, not an error
      if (i === 0) {
        expect(await page.getByRole('alert').count()).toBe(0)
        await shot(page, `${tag}-member-join-welcome-phone`)
      }
      await page.getByRole('button', { name: '验证党员身份' }).click()
      if (i === 0) await shot(page, `${tag}-member-auth-phone`)
      await bindInBrowser(page, bindCodes[name])
      await page.locator('.ballot').waitFor()
      if (i === 0) await shot(page, `${tag}-ballot-join-phone`)
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1)
      expect(await smallTapTargets(page)).toEqual([])
      await fillBallot(page, kind, cfg.joinAnswer(i), idsByName)
      await page.getByRole('button', { name: '提交选票' }).click()
      if (i === 0) await shot(page, `${tag}-confirm-phone`)
      await confirmDialog(page, '确认提交')
      const receipt = await page.locator('[data-testid=receipt]').textContent()
      receipts.push({ context, page, receipt })
      if (i === 0) await shot(page, `${tag}-receipt-phone`)
      memberCast += 1
      await waitForScreenCast(screen, 'member', memberCast)
      if (i < cfg.joinVoters.length - 1) await context.close()
      else {
        // Scanning again after voting is refused with its reason.
        await page.goto((await api('GET', `/sessions/${sid}/join-qr`, { token: world.secretary })).url)
        await page.getByText('您已经投过票了').waitFor()
        await shot(page, `${tag}-already-voted-phone`)
      }
    }

    // --- mass representatives scan their slips: two in the H5, the others on the mini-program ---
    let massCast = 0
    const codeVoters = (cfg.codeAnswers || []).map((answers, i) => ({ answers, code: codes[i] }))
    for (const [i, voter] of codeVoters.entries()) {
      if (i >= 2) {
        await miniProgramVote(sid, world.secretary, { code: voter.code }, answersById(kind, voter.answers, idsByName))
        massCast += 1
        await waitForScreenCast(screen, 'mass', massCast)
        continue
      }
      const context = await newContext(run.browser, PHONE)
      const page = await context.newPage()
      await page.goto(`${BASE}/h5/vote#code=${voter.code}`)
      await page.locator('.ballot').waitFor()
      if (i === 0) await shot(page, `${tag}-ballot-code-phone`)
      await fillBallot(page, kind, voter.answers, idsByName)
      await submitBallot(page)
      const receipt = await page.locator('[data-testid=receipt]').textContent()
      receipts.push({ context, page, receipt, code: voter.code })
      massCast += 1
      await waitForScreenCast(screen, 'mass', massCast)
    }
    if (codeVoters.length) {
      expect(await screenCast(screen, 'mass')).toBe(codeVoters.length)
      await shot(screen, `${tag}-screen-turnout`)
      // A slip used twice: the second phone is told so.
      const again = await (await newContext(run.browser, PHONE)).newPage()
      await again.goto(`${BASE}/h5/vote#code=${codes[0]}`)
      await again.getByText('该票码已使用').waitFor()
      await shot(again, `${tag}-code-used-phone`)
    }

    // A late voter opens the ballot while voting is open and submits after it closed.
    const late = await (await newContext(run.browser, PHONE)).newPage()
    let lateAnswers
    if (cfg.lateJoinVoter) {
      await late.goto((await api('GET', `/sessions/${sid}/join-qr`, { token: world.secretary })).url)
      await late.getByRole('button', { name: '验证党员身份' }).click()
      await bindInBrowser(late, bindCodes[cfg.lateJoinVoter])
      lateAnswers = cfg.joinAnswer(0)
    } else {
      await late.goto(`${BASE}/h5/vote#code=${codes[codes.length - 1]}`)
      lateAnswers = cfg.codeAnswers[0]
    }
    await late.locator('.ballot').waitFor()
    await fillBallot(late, kind, lateAnswers, idsByName)

    await sec.reload()
    await sec.getByRole('button', { name: '结束投票并计票' }).click()
    await confirmDialog(sec)
    await sec.locator('[data-testid=state]', { hasText: '已结束' }).waitFor()
    await shot(sec, `${tag}-session-closed-phone`)

    await submitBallot(late)
    await late.getByText('表决已经结束').waitFor()
    await shot(late, `${tag}-late-vote-phone`)

    await screen.getByText('投票已结束').waitFor()
    await sec.getByRole('button', { name: '当场公布结果' }).click()
    await confirmDialog(sec)
    await sec.locator('[data-testid=state]', { hasText: '已公布' }).waitFor()
    await shot(sec, `${tag}-session-published-phone`)

    // --- the result: the API, the screen and a voter's phone agree ---
    const result = await api('GET', `/sessions/${sid}/result`, { token: world.secretary })
    const ballots = cfg.joinVoters.length + codeVoters.length
    if (kind === 'stage_vote') {
      expect(result.present).toBe(ballots)
      const yes = Object.fromEntries(result.candidates.map((c) => [c.name, [c.yes, c.passed]]))
      expect(yes).toEqual({ 对象甲: [6, true], 对象乙: [5, false] })
    } else if (kind === 'recommendation') {
      expect(result.groups.member).toEqual({ ballots: cfg.joinVoters.length, absentee: 1, denominator: cfg.joinVoters.length + 1 })
      expect(result.groups.mass.ballots).toBe(codeVoters.length)
      const 甲 = result.candidates.find((c) => c.name === '申请人甲')
      expect([甲.member_votes, 甲.mass_votes, 甲.qualifies]).toEqual([5, 3, true])
    } else {
      expect(result.groups.member.ballots + result.groups.mass.ballots).toBe(ballots)
    }
    await screen.locator('.result-table table').waitFor({ timeout: 4000 })
    await screen.locator('.result-chart svg').waitFor()
    await shot(screen, `${tag}-screen-published`)
    await phoneScreen.reload()
    await phoneScreen.locator('.result-table table').waitFor()
    await shot(phoneScreen, `${tag}-screen-published-phone`)

    const rows = result.candidates || result.subjects
    const expectedRows = rows.map((r) => [r.name, ...('yes' in r ? [r.yes, r.no, r.abstain]
      : 'member_votes' in r ? [r.member_votes, r.mass_votes] : [r.score.toFixed(2)])])
    const tableRows = async (page) => page.$$eval('.result-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.candidate, ...[...tr.children].slice(1).map((td) => td.textContent.trim())]))
    const pick = (cells) => [cells[0],
      ...('yes' in rows[0] ? [+cells[1], +cells[2], +cells[3]]
        : 'member_votes' in rows[0] ? [parseInt(cells[1]), parseInt(cells[2])] : [cells[cells.length - 2]])]
    expect((await tableRows(screen)).map(pick)).toEqual(expectedRows)

    const voter = receipts[receipts.length - 1]
    const page = await voter.context.newPage()
    await page.goto(`${BASE}/h5/receipt/${sid}`)
    await page.locator('[data-testid=counted]', { hasText: '已核对' }).waitFor()
    await shot(page, `${tag}-receipt-counted-phone`)
    await page.getByRole('button', { name: '查看结果' }).click()
    await page.locator('.result-table table').waitFor()
    await page.locator('.result-chart svg').waitFor()
    expect((await tableRows(page)).map(pick)).toEqual(expectedRows)
    await shot(page, `${tag}-voter-result-phone`)
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1)

    // Every published receipt is in the list, and the list has one entry per ballot.
    const counted = await api('GET', `/sessions/${sid}/receipts`, { token: world.secretary })
    expect(counted.receipts).toHaveLength(ballots + (cfg.absentee ? 0 : 0))

    // The published session and its projector page at phone and screen size (console.e2e.js lays out the others).
    if (kind === 'recommendation') {
      for (const [path, name] of [[`/h5/sessions/${sid}`, 'session-published'], [`/h5/screen/${sid}`, 'screen-published']]) {
        await shotBoth(run.browser, path, `console-${name}`, world.secretary)
      }
    }
    for (const r of receipts) await r.context.close().catch(() => {})
    await secContext.close()
    await screenContext.close()
  })
})
