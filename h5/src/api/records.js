// The development record (全程纪实): a person's steps, recording one, documents, the printable 纪实表, due lists.
import { get, post, request } from './request.js'

export const getRecord = (personId) => get(`/people/${personId}/record`)
export const recordStep = (personId, key, body) => post(`/people/${personId}/steps/${key}`, body)
export const recordPdf = (personId) => request('GET', `/people/${personId}/record.pdf`, { blob: true })
export const listDocuments = (personId) => get(`/people/${personId}/documents`).then((r) => r.items)
export const downloadDocument = (documentId) => request('GET', `/documents/${documentId}`, { blob: true })
export const dueList = (query) => get('/record/due', query).then((r) => r.items)
/** The soonest few due steps and how many there are in all (a home page). */
export const dueSummary = (limit = 3) => get('/record/due', { limit })
export const waitingList = (query) => get('/record/waiting', query).then((r) => r.items)
export const historyTemplate = (orgId) => request('GET', `/orgs/${orgId}/record-history/template`, { blob: true })

export function uploadDocument(personId, file, stepKey) {
  const form = new FormData()
  form.append('file', file)
  return request('POST', `/people/${personId}/documents`, { form, query: { step_key: stepKey } })
}

export function importHistory(orgId, file) {
  const form = new FormData()
  form.append('file', file)
  return request('POST', `/orgs/${orgId}/record-history/import`, { form })
}
