// Building encrypted ballots on a phone (DESIGN §12), in headless Chromium with the CPU slowed 4x: the H5's own
// protocol chunk (h5/dist, the file the voter's page loads) encrypts and proves a 10-candidate 两推荐 ballot (up to 5
// choices) and a 5-candidate 四票决 ballot. Prints each build's milliseconds as JSON.
// Run by bench_e2e_phone.py: node tests/bench/e2e_phone.mjs <base url> <chunk path> <runs>
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const h5 = fileURLToPath(new URL('../../h5/', import.meta.url))
const { chromium } = createRequire(h5)('playwright-core')
const [base, chunk, runs] = process.argv.slice(2)
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' }

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
})
try {
  const page = await (await browser.newContext(PHONE)).newPage()
  await page.goto(`${base}/blank.html`)
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
  const times = await page.evaluate(async ([url, n]) => {
    const e2e = await import(url)
    const secret = e2e.randomScalar()
    const key = e2e.fromHex(e2e.publicOf(secret))
    const context = e2e.sessionContext('bench', key)
    const cases = {
      recommendation: [e2e.layout('choices', null, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5), { choices: [2, 5, 7] }],
      stage_vote: [e2e.layout('votes', { yes: '', no: '', abstain: '' }, [1, 2, 3, 4, 5], null),
        { votes: { 1: 'yes', 2: 'no', 3: 'abstain', 4: 'yes', 5: 'yes' } }],
    }
    const out = {}
    for (const [name, [questions, answers]] of Object.entries(cases)) {
      out[name] = []
      for (let i = 0; i < n; i += 1) {
        const started = performance.now()
        const ballot = e2e.encryptBallot(context, key, questions, answers)
        out[name].push(performance.now() - started)
        if (!e2e.verifyBallot(context, key, questions, ballot)) throw new Error('a built ballot does not verify')
      }
    }
    return out
  }, [`${base}/${chunk}`, Number(runs)])
  console.log(JSON.stringify(times))
} finally {
  await browser.close()
}
