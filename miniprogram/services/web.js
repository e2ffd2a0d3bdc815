// The console's PC pages (statistics, plans, roster import) inside the mini-program: a web-view of the H5, logged
// in by a one-time ticket of this account. The ticket rides after '#', so it reaches no server log.
const config = require('../config')
const { post } = require('../utils/request')

/** The pages that stay on the PC, opened in the web-view: the console path and its title. */
const PC_PAGES = {
  stats: { to: '/stats', title: '统计分析' },
  plans: { to: '/plans', title: '年度计划' },
  roster: { to: '/roster', title: '党员名册与导入' },
  quarterly: { to: '/quarterly', title: '季报' },
}

async function webViewUrl(place) {
  const page = PC_PAGES[place]
  if (!page) throw new Error('没有这个页面')
  const { ticket } = await post('/auth/web-ticket')
  return `${config.h5Base}/ticket#t=${encodeURIComponent(ticket)}&to=${encodeURIComponent(page.to)}`
}

module.exports = { PC_PAGES, webViewUrl }
