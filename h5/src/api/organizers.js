// Special organizers (appointments, terms, their work, their tasks) and the follow-ups of a 双评议.
import { get, post, request } from './request.js'

const items = (r) => r.items

export const listAppointments = (query) => get('/organizer-appointments', query).then(items)
export const getAppointment = (id) => get(`/organizer-appointments/${id}`)
export const appoint = (body) => post('/organizer-appointments', body)
export const assess = (id, body) => post(`/organizer-appointments/${id}/assessments`, body)
export const renew = (id) => post(`/organizer-appointments/${id}/renew`)
export const appointmentLetter = (id) => request('GET', `/organizer-appointments/${id}/letter.pdf`, { blob: true })
export const listActivities = (id) => get(`/organizer-appointments/${id}/activities`).then(items)
export const addActivity = (id, body) => post(`/organizer-appointments/${id}/activities`, body)
export const assignOrg = (accountId, orgId) => post(`/organizers/${accountId}/assignments`, { org_id: orgId })
export const coverage = () => get('/organizer-coverage').then(items)

export const myDue = () => get('/organizers/me/due')
export const listReports = () => get('/organizer-reports').then(items)
export const fileReport = (body) => post('/organizer-reports', body)
export const answerReport = (id, answer) => post(`/organizer-reports/${id}/answer`, { answer })
/** { items, can_report_to_city }: the reports, and whether the caller's county or committee reports to the city. */
export const reportsAndRights = () => get('/organizer-reports')
/** A county's or committee's 经验做法 / 存在问题 to the city's 组织三科. */
export const fileWorkReport = (body) => post('/work-reports', body)
export const listRecommendations = () => get('/organizer-recommendations').then(items)
export const recommend = (body) => post('/organizer-recommendations', body)
export const decideRecommendation = (id, decision, note) => post(`/organizer-recommendations/${id}/decision`, { decision, note })
export const listInvitations = () => get('/meeting-invitations').then(items)
export const recordAttendance = (id, attended, note) => post(`/meeting-invitations/${id}/attendance`, { attended, note })

export const getFollowUp = (id) => get(`/follow-ups/${id}`)
export const followUpStep = (id, action, body) => post(`/follow-ups/${id}/${action}`, body)
export const recordDelegate = (sessionId, delegate) => post(`/sessions/${sessionId}/guidance`, { delegate })
export const branchesWithoutSatisfaction = (year) => get('/follow-ups/branches-without-satisfaction', { year })

export const listTasks = (query) => get('/tasks', query).then(items)
export const completeTask = (id, note) => post(`/tasks/${id}/done`, { note })
