// A secretary's quick actions: the sessions of a day, open (with the reason the rules may ask for) / close /
// publish, turnout and result, codes and their slips.
const { get, post, request } = require('../utils/request')

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

const electorate = (sessionId) => get(`/sessions/${sessionId}/electorate`)
const paperState = (sessionId) => get(`/sessions/${sessionId}/paper`)
/** A member takes a paper ballot instead of scanning (while the vote is open), or gives it back. */
const markPaper = (sessionId, personId) => post(`/sessions/${sessionId}/paper/members`, { person_id: personId })
const unmarkPaper = (sessionId, personId) => request({ method: 'DELETE', path: `/sessions/${sessionId}/paper/members/${personId}` })
const handOutPaper = (sessionId, group, handedOut) =>
  request({ method: 'PUT', path: `/sessions/${sessionId}/paper/groups/${group}`, data: { handed_out: handedOut } })
/** Written opinions (书面意见) of members who cannot attend, entered before the vote. */
const opinions = (sessionId) => get(`/sessions/${sessionId}/absentee-opinions`).then((r) => r.items)
const addOpinion = (sessionId, personId, answers) =>
  post(`/sessions/${sessionId}/absentee-opinions`, { person_id: personId, answers })
const deleteOpinion = (sessionId, opinionId) =>
  request({ method: 'DELETE', path: `/sessions/${sessionId}/absentee-opinions/${opinionId}` })

module.exports = { me, listMeetings, listSessions, getSession, transition, openSession, createCodes, codeBatches,
  electorate, paperState, markPaper, unmarkPaper, handOutPaper, opinions, addOpinion, deleteOpinion }
