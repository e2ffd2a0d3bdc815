// The secretary's side of voting: meetings, sessions, electorate, codes, lifecycle, written opinions.
import { del, get, patch, post, request } from './request.js'

export const listMeetings = (orgId) => get('/meetings', { org_id: orgId }).then((r) => r.items)
/** The next meetings from now, soonest first (one begun within the last 3 hours still counts). */
export const upcomingMeetings = () => get('/meetings', { upcoming: true }).then((r) => r.items)
export const getMeeting = (id) => get(`/meetings/${id}`)
export const createMeeting = (body) => post('/meetings', body)
export const updateMeeting = (id, body) => patch(`/meetings/${id}`, body)
export const deleteMeeting = (id) => del(`/meetings/${id}`)
/** { items, suggestion }: who may stand, and for a 两推荐 the 1:2 suggestion from the year's plan (or null). */
export const eligiblePeople = (meetingId, kind, stage) => get(`/meetings/${meetingId}/eligible`, { kind, stage })

export const listSessions = (meetingId) => get(`/meetings/${meetingId}/sessions`).then((r) => r.items)
export const createSession = (meetingId, body) => post(`/meetings/${meetingId}/sessions`, body)
export const getSession = (id) => get(`/sessions/${id}`)
export const deleteSession = (id) => del(`/sessions/${id}`)
export const chooseSealing = (id, sealing) => request('PUT', `/sessions/${id}/sealing`, { body: { sealing } })

/** open / close / publish / cancel; open may carry the reason for too few mass representatives. */
export const transition = (id, action, body) => post(`/sessions/${id}/${action}`, body)

export const electorate = (id) => get(`/sessions/${id}/electorate`)
export const exclude = (id, personId, reason) => post(`/sessions/${id}/exclusions`, { person_id: personId, reason })
export const include = (id, personId) => del(`/sessions/${id}/exclusions/${personId}`)

export const createCodes = (id, group, count) => post(`/sessions/${id}/codes`, { group, count })
export const codeBatches = (id) => get(`/sessions/${id}/codes`)
/** The slips PDF needs the token, so it is fetched and opened as a blob URL. */
export async function slipsPdfUrl(path) {
  const blob = await request('GET', path.replace(/^\/api\/v1/, ''), { blob: true })
  return URL.createObjectURL(blob)
}

export const joinQr = (id) => get(`/sessions/${id}/join-qr`)
export const absenteeOpinions = (id) => get(`/sessions/${id}/absentee-opinions`).then((r) => r.items)
export const addAbsenteeOpinion = (id, answers, personId) =>
  post(`/sessions/${id}/absentee-opinions`, { answers, person_id: personId || undefined })
export const deleteAbsenteeOpinion = (id, opinionId) => del(`/sessions/${id}/absentee-opinions/${opinionId}`)
/** The scan or photo of the signed written opinion (PDF, PNG, JPEG). */
export function attachAbsenteeScan(id, opinionId, file) {
  const form = new FormData()
  form.append('file', file)
  return request('POST', `/sessions/${id}/absentee-opinions/${opinionId}/scan`, { form })
}
export const followUps = () => get('/follow-ups').then((r) => r.items)
