// Pages under miniprogram-simulate: a page's own WXML rendered by the official compiler and its definition run
// as a component, so a test taps what the user taps and reads what the page shows. Vant's tags stay plain nodes
// (their events are dispatched on them as WeChat would).
const path = require('path')
const simulate = require('miniprogram-simulate')

const PAGES = path.join(__dirname, '..', 'pages')
const LIFECYCLE = ['onLoad', 'onShow', 'onUnload', 'onReady', 'onHide']

let attached = null // the page's own `this` (what its event handlers see), caught as it attaches

function asComponent(definition) {
  const methods = {}
  for (const [key, value] of Object.entries(definition)) if (typeof value === 'function') methods[key] = value
  return { data: definition.data || {}, methods, options: { multipleSlots: true },
    lifetimes: { attached() { attached = this } } }
}

/** Render pages/<name> (e.g. 'bind/bind'), call its onLoad with `query`, and return the rendered page. */
async function openPage(name, query = {}) {
  const previous = global.Page
  global.Page = (definition) => global.Component(asComponent(definition))
  let id
  try {
    const stub = path.relative(path.dirname(path.join(PAGES, name)), path.join(__dirname, 'stubs', 'van-button', 'index'))
    id = simulate.load(path.join(PAGES, name), name.replace(/\W/g, '-'), { rootPath: path.join(__dirname, '..'),
      usingComponents: { 'van-button': stub } })
  } finally {
    global.Page = previous
  }
  const page = simulate.render(id, {})
  page.attach(document.createElement('parent-wrapper'))
  page.self = attached
  for (const hook of LIFECYCLE.slice(0, 2)) if (page.self[hook]) await page.self[hook](query)
  await simulate.sleep(0)
  return page
}

/** The open-type a (Vant) button asks WeChat for. */
const openType = (page, selector) => {
  const found = /open-(\w+)/.exec(page.querySelector(selector).dom.innerHTML)
  return found && found[1] !== 'none' ? found[1] : null
}
const text = (page) => page.dom.textContent.replace(/\s+/g, '')
/** Wait until the page is still: no request of the mocked wx in flight for a few turns (at most 3 s). */
async function settle() {
  let quiet = 0
  for (let waited = 0; waited < 3000 && quiet < 4; waited += 5) {
    await simulate.sleep(5)
    quiet = global.wx && global.wx.pending ? 0 : quiet + 1
  }
}

module.exports = { openPage, text, settle, openType }
