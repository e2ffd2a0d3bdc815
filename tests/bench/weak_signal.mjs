// The ballot on a weak village signal, in headless Chromium: slow 4G (1.6 Mbps down, 750 kbps up, 150 ms round
// trip) and the CPU slowed 4x. For each code (a new phone with an empty cache): from navigation start to a usable
// ballot (candidates shown, submit enabled), and from confirming the submission to the receipt on screen.
// Run by bench_weak_signal.py: node tests/bench/weak_signal.mjs <base url> <code> [<code> ...]
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const h5 = fileURLToPath(new URL('../../h5/', import.meta.url))
const { chromium } = createRequire(h5)('playwright-core')
const [base, ...codes] = process.argv.slice(2)
const SLOW_4G = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 }
const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' }

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
})
try {
  for (const code of codes) {
    const context = await browser.newContext(PHONE)
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)
    await cdp.send('Network.enable')
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
    let bytes = 0
    let requests = 0
    cdp.on('Network.loadingFinished', (event) => { bytes += event.encodedDataLength; requests += 1 })
    const trace = []  // WEAK_SIGNAL_TRACE=1 prints when each request started and finished
    const started = {}
    cdp.on('Network.requestWillBeSent', (e) => { started[e.requestId] = [e.timestamp, e.request.url] })
    cdp.on('Network.loadingFinished', (e) => started[e.requestId] && trace.push([started[e.requestId][1].split('/').pop().slice(0, 40),
      started[e.requestId][0], e.timestamp, e.encodedDataLength]))

    await page.goto(`${base}/h5/vote#code=${code}`, { waitUntil: 'commit' })
    // Usable: the first candidate is on screen and the submit button can be pressed (timed inside the page,
    // from its navigation start).
    const usable = await page.waitForFunction(() => {
      const candidate = document.querySelector('.ballot .candidate, .ballot .item')
      const submit = [...document.querySelectorAll('button')].find((b) => b.textContent.includes('提交选票'))
      return candidate && submit && !submit.disabled && performance.now()
    }, null, { polling: 'raf', timeout: 30000 }).then((h) => h.jsonValue())
    const loaded = { bytes, requests }
    if (process.env.WEAK_SIGNAL_TRACE) {
      const t0 = Math.min(...trace.map((t) => t[1]))
      for (const [name, from, to, size] of trace) console.error(`${Math.round((from - t0) * 1000)}\t${Math.round((to - t0) * 1000)}\t${size}\t${name}`)
    }

    await page.locator('.candidate').first().click()
    await page.getByRole('button', { name: '提交选票' }).click()
    const confirm = page.locator('.van-dialog__confirm', { hasText: '确认提交' })
    await confirm.waitFor()
    await confirm.evaluate((button) => { window.__confirmedAt = performance.now(); button.click() })
    const receipt = await page.waitForFunction(() => {
      const shown = document.querySelector('[data-testid=receipt]')
      return shown && shown.textContent.trim() && performance.now() - window.__confirmedAt
    }, null, { polling: 'raf', timeout: 30000 }).then((h) => h.jsonValue())
    console.log(JSON.stringify({ usable_ms: Math.round(usable), receipt_ms: Math.round(receipt),
      first_load_bytes: loaded.bytes, first_load_requests: loaded.requests }))
    await context.close()
  }
} finally {
  await browser.close()
}
