// Paper ballots beside phones: the secretary hands them out and names the tellers; each teller enters the counts
// on their own page (no login: the link's token is the only key).
import { del, get, put, post, request } from './request.js'

export const paperState = (id) => get(`/sessions/${id}/paper`)
export const markMember = (id, personId) => post(`/sessions/${id}/paper/members`, { person_id: personId })
export const unmarkMember = (id, personId) => del(`/sessions/${id}/paper/members/${personId}`)
export const handOut = (id, group, count) => put(`/sessions/${id}/paper/groups/${group}`, { handed_out: count })
export const appointTellers = (id, counter, monitor) => post(`/sessions/${id}/tellers`, { counter, monitor })
export const paperBallots = (id, group, copies) =>
  request('GET', `/sessions/${id}/paper-ballots.pdf`, { query: { group, copies }, blob: true })
export const resultSheet = (id) => request('GET', `/sessions/${id}/result-sheet.pdf`, { blob: true })

const open = { auth: false }
export const tellerPage = (token) => get(`/public/tellers/${token}`, undefined, open)
export const enterCount = (token, group, body) => request('PUT', `/public/tellers/${token}/groups/${group}`, { ...open, body })
export const publishKey = (token, body) => request('PUT', `/public/tellers/${token}/key`, { ...open, body })
export const confirmTally = (token, decryption) => request('PUT', `/public/tellers/${token}/decryption`, { ...open, body: { decryption } })
export const publicBoard = (token) => get(`/public/boards/${token}`, undefined, open)
