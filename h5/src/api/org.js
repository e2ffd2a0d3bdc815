// Organizations, the roster, accounts, bind codes and the audit trail.
import { get, patch, post, request } from './request.js'

export const listOrgs = () => get('/orgs').then((r) => (Array.isArray(r) ? r : r.items))
export const getOrg = (id) => get(`/orgs/${id}`)
export const listPeople = (query) => get('/people', query)
export const getPerson = (id) => get(`/people/${id}`)
export const bindCode = (personId) => post(`/people/${personId}/bind-code`)
export const updatePerson = (id, body) => patch(`/people/${id}`, body)
export const createPerson = (body) => post('/people', body)

export const listAccounts = () => get('/accounts').then((r) => r.items)
export const createAccount = (body) => post('/accounts', body)
export const updateAccount = (id, body) => patch(`/accounts/${id}`, body)

export const rosterTemplate = (orgId) => request('GET', `/orgs/${orgId}/roster/template`, { blob: true })
export const rosterExport = (orgId) => request('GET', `/orgs/${orgId}/roster/export`, { blob: true })
export function importRoster(orgId, file) {
  const form = new FormData()
  form.append('file', file)
  return request('POST', `/orgs/${orgId}/roster/import`, { form })
}

export const auditTrail = (query) => get('/audit', query)
