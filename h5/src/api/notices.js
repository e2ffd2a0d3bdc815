// Notices and the inbox.
import { get, post } from './request.js'

export const previewAudience = (audience) => post('/notices/preview', { audience })
export const sendNotice = (body) => post('/notices', body)
export const listNotices = () => get('/notices').then((r) => r.items)
export const getNotice = (id) => get(`/notices/${id}`)
export const noticeStats = (id) => get(`/notices/${id}/stats`)
export const unreadPeople = (id) => get(`/notices/${id}/unread`).then((r) => r.items)
export const remindUnread = (id) => post(`/notices/${id}/remind`)

export const inbox = () => get('/inbox')
export const markRead = (noticeId) => post(`/inbox/${noticeId}/read`)
