// The one way a page runs what the user asked for: `busy` while it runs (true, or the name of the button that
// waits), the server's message in `error` when it fails, and `done` when it succeeded.
async function attempt(page, work, { busy = true, done = '' } = {}) {
  page.setData({ busy, error: '', done: '' })
  try {
    const result = await work()
    if (done) page.setData({ done })
    return { ok: true, result }
  } catch (error) {
    page.setData({ error: error.message })
    return { ok: false, error }
  } finally {
    page.setData({ busy: typeof busy === 'string' ? '' : false })
  }
}

module.exports = { attempt }
