// A secretary's quick actions: the sessions of a day, open (with the reason the rules may ask for) / close /
// publish, turnout and result, codes and their slips.
const { get, post } = require('../utils/request')

const me = () => get('/auth/me')
const listMeetings = (orgId) => get('/meetings', { org_id: orgId }).then((r) => r.items)
const listSessions = (meetingId) => get(`/meetings/${meetingId}/sessions`).then((r) => r.items)
const getSession = (sessionId) => get(`/sessions/${sessionId}`)
/** action: open, close or publish */
const transition = (sessionId, action, body) => post(`/sessions/${sessionId}/${action}`, body)

/** Open; with the reason the rules ask for when there are fewer mass representatives than they require. */
const openSession = (sessionId, overrideReason) =>
  post(`/sessions/${sessionId}/open`, overrideReason ? { override_reason: overrideReason } : undefined)
/** One-time codes for a group; the answer names the PDF of their slips. */
const createCodes = (sessionId, group, count) => post(`/sessions/${sessionId}/codes`, { group, count })
const codeBatches = (sessionId) => get(`/sessions/${sessionId}/codes`)

module.exports = { me, listMeetings, listSessions, getSession, transition, openSession, createCodes, codeBatches }
