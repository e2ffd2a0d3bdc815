// The inbox, subscribe-message permissions, and a short notice from a secretary to the branch.
const { get, post } = require('../utils/request')

const inbox = () => get('/inbox')
const markRead = (noticeId) => post(`/inbox/${noticeId}/read`)
const subscriptionTemplates = () => get('/wechat/subscriptions')
const recordGrants = (accepted) => post('/wechat/subscriptions', { accepted })
const previewAudience = (orgId) => post('/notices/preview', { audience: { org_ids: [orgId] } })
const sendNotice = (orgId, title, body) =>
  post('/notices', { title, body, audience: { org_ids: [orgId] }, read_receipt: true })

/** Ask for the subscribe permission of the templates not granted yet, and tell the server what was granted. */
function askSubscriptions(templateIds) {
  return new Promise((resolve) => {
    if (!templateIds.length) return resolve([])
    wx.requestSubscribeMessage({
      tmplIds: templateIds,
      success: (res) => {
        const accepted = templateIds.filter((id) => res[id] === 'accept')
        ;(accepted.length ? recordGrants(accepted) : Promise.resolve()).then(() => resolve(accepted), () => resolve(accepted))
      },
      fail: () => resolve([]),
    })
  })
}

/** The templates of these push kinds (notice, meeting, warning, record_due) this person has no grant of yet: fetched
 *  before the tap that asks for them (wx.requestSubscribeMessage must run in the tap itself). [] for staff who are on
 *  no roster, who receive no pushes. */
async function askableFor(kinds) {
  try {
    const { templates, grants } = await subscriptionTemplates()
    return templates.filter((t) => kinds.includes(t.kind) && !(grants[t.template_id] > 0)).map((t) => t.template_id)
  } catch (error) {
    if (error.code === 'not_a_roster_person') return []
    throw error
  }
}

module.exports = { inbox, markRead, subscriptionTemplates, recordGrants, askSubscriptions, askableFor, previewAudience,
  sendNotice }
