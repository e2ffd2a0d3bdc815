// Notices, the inbox, warnings and special organizers' tasks.
import { get, post, request } from './request.js'

export const previewAudience = (audience) => post('/notices/preview', { audience })
export const sendNotice = (body) => post('/notices', body)
export const listNotices = () => get('/notices').then((r) => r.items)
export const getNotice = (id) => get(`/notices/${id}`)
export const noticeStats = (id) => get(`/notices/${id}/stats`)
export const unreadPeople = (id) => get(`/notices/${id}/unread`).then((r) => r.items)
export const remindUnread = (id) => post(`/notices/${id}/remind`)

export const inbox = () => get('/inbox')
export const markRead = (noticeId) => post(`/inbox/${noticeId}/read`)

export const listWarnings = (query) => get('/warnings', query).then((r) => r.items)
export const getWarning = (id) => get(`/warnings/${id}`)
export const warningNoticePdf = (id) => request('GET', `/warnings/${id}/notice.pdf`, { blob: true })
export const warningDocument = (id) => request('GET', `/warnings/${id}/report-document`, { blob: true })
export function attachWarningDocument(id, file) {
  const form = new FormData()
  form.append('file', file)
  return request('POST', `/warnings/${id}/report-document`, { form })
}
export const warningEvents = (id) => get(`/warnings/${id}/events`).then((r) => r.items)
export const issueWarning = (body) => post('/warnings', body)
/** acknowledge / report / lift / escalate */
export const warningAction = (id, action, body = {}) => post(`/warnings/${id}/${action}`, body)

export const listTasks = (query) => get('/tasks', query).then((r) => r.items)
export const completeTask = (id, note) => post(`/tasks/${id}/done`, { note })
