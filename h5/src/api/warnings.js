// Warnings (调控预警): issuing and answering them, their papers; the proposals of the nightly criteria scan and
// key management (重点管理).
import { get, post, request } from './request.js'

/** { items, can_issue } */
export const listWarnings = (query) => get('/warnings', query)
export const getWarning = (id) => get(`/warnings/${id}`)
export const warningEvents = (id) => get(`/warnings/${id}/events`).then((r) => r.items)
export const issueWarning = (body) => post('/warnings', body)
/** One of the warning's allowed_actions: acknowledge / report / lift / escalate */
export const warningAction = (id, action, body = {}) => post(`/warnings/${id}/${action}`, body)
export const warningTargets = (criterion) => get('/warning-targets', { criterion })
export const warningNoticePdf = (id) => request('GET', `/warnings/${id}/notice.pdf`, { blob: true })
export const warningDocument = (id) => request('GET', `/warnings/${id}/report-document`, { blob: true })
export function attachWarningDocument(id, file) {
  const form = new FormData()
  form.append('file', file)
  return request('POST', `/warnings/${id}/report-document`, { form })
}

export const listProposals = (query) => get('/warning-proposals', query)
export const issueProposal = (id, body) => post(`/warning-proposals/${id}/issue`, body)
export const dismissProposal = (id, reason) => post(`/warning-proposals/${id}/dismiss`, { reason })
export const keyManagement = (query) => get('/key-management', query)
/** 发展党员难度较大 (county staff): a reason marks the organization, an empty one takes the mark off. */
export const markHardToDevelop = (orgId, reason) => request('PUT', `/orgs/${orgId}/hard-to-develop`, { body: { reason } })

// 责任追究 (seed 二(四)) on a warning, and across a subtree.
/** { items, may_record } */
export const warningAccountability = (id) => get(`/warnings/${id}/accountability`)
export const recordAccountability = (id, body) => post(`/warnings/${id}/accountability`, body)
export const listAccountability = (query) => get('/accountability', query).then((r) => r.items)
export const accountabilityDocument = (id) => request('GET', `/accountability/${id}/document`, { blob: true })
export function attachAccountabilityDocument(id, file) {
  const form = new FormData()
  form.append('file', file)
  return request('POST', `/accountability/${id}/document`, { form })
}

/** 黄牌警告 of the year: 评先评优 lost, 先锋模范系列评选 in principle too (with the issuer's exception, if any). */
export const awardRegister = (year) => get('/award-ineligible', { year })
