// 五公示 and 六部门审查: the staff's side, and the public pages (no login: the link's token is the only key).
import { get, post, request } from './request.js'

export const startPublicity = (body) => post('/publicities', body)
export const personPublicities = (personId) => get(`/people/${personId}/publicities`).then((r) => r.items)
export const objections = (publicityId) => get(`/publicities/${publicityId}/objections`).then((r) => r.items)
export const noticePdf = (path) => request('GET', path.replace(/^\/api\/v1/, ''), { blob: true })
export const answerObjection = (id, body) => post(`/objections/${id}/answer`, body)
export const decideObjection = (id, body) => post(`/objections/${id}/decision`, body)

export const personReview = (personId) => get(`/people/${personId}/review`)
export const requestReview = (personId, extra) => post(`/people/${personId}/review`, { extra_departments: extra })
export const replyByHand = (reviewId, departmentId, body) => post(`/reviews/${reviewId}/departments/${departmentId}/reply`, body)
export const decideReview = (reviewId, body) => post(`/reviews/${reviewId}/decision`, body)

const open = { auth: false }
export const publicPublicity = (token) => get(`/public/publicities/${token}`, undefined, open)
export const sendObjection = (token, body) => request('POST', `/public/publicities/${token}/objections`, { ...open, body })
export const receiptState = (token, receipt) => get(`/public/publicities/${token}/receipts/${encodeURIComponent(receipt)}`, undefined, open)
export const publicReview = (token) => get(`/public/reviews/${token}`, undefined, open)
export const sendReply = (token, body) => request('POST', `/public/reviews/${token}/reply`, { ...open, body })
