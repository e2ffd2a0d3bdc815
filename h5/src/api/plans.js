// Annual plans, statistics (and their quarterly .xlsx), and the proposals of the nightly criteria scan.
import { get, post, request } from './request.js'

export const listPlans = (query) => get('/plans', query)
export const savePlan = (body) => post('/plans', body)
export const confirmPlan = (id) => post(`/plans/${id}/confirm`)

export const getStats = (query) => get('/stats', query)
export const statsExport = (query) => request('GET', '/stats/export.xlsx', { query, blob: true })

export const listProposals = (query) => get('/warning-proposals', query)
export const issueProposal = (id, body) => post(`/warning-proposals/${id}/issue`, body)
export const dismissProposal = (id, reason) => post(`/warning-proposals/${id}/dismiss`, { reason })
export const warningTargets = (criterion) => get('/warning-targets', { criterion })
export const keyManagement = (query) => get('/key-management', query)
export const listQuarterly = (query) => get('/quarterly-reports', query)
export const generateQuarterly = (body) => post('/quarterly-reports', body)
export const submitQuarterly = (id, comment) => post(`/quarterly-reports/${id}/submit`, { comment })
export const reviewQuarterly = (id, decision, comment) => post(`/quarterly-reports/${id}/review`, { decision, comment })
export const circulateQuarter = (body) => post('/quarterly-circulars', body)
export const calendarStatus = () => get('/calendar')
export function importCalendar(year, file) {
  const form = new FormData()
  form.append('file', file)
  return request('POST', `/calendar/${year}/import`, { form })
}
