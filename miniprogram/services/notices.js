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

module.exports = { inbox, markRead, subscriptionTemplates, recordGrants, askSubscriptions, previewAudience, sendNotice }
