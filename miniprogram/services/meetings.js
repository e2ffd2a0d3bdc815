// A secretary's quick actions: today's sessions, open / close / publish, turnout and result.
const { get, post } = require('../utils/request')

const me = () => get('/auth/me')
const listMeetings = (orgId) => get('/meetings', { org_id: orgId }).then((r) => r.items)
const listSessions = (meetingId) => get(`/meetings/${meetingId}/sessions`).then((r) => r.items)
const getSession = (sessionId) => get(`/sessions/${sessionId}`)
/** action: open, close or publish */
const transition = (sessionId, action, body) => post(`/sessions/${sessionId}/${action}`, body)

module.exports = { me, listMeetings, listSessions, getSession, transition }
