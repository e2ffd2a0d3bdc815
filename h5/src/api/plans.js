// Annual plans, statistics (and their quarterly .xlsx) and quarterly reports.
import { get, post, request } from './request.js'

export const listPlans = (query) => get('/plans', query)
export const savePlan = (body) => post('/plans', body)
export const confirmPlan = (id) => post(`/plans/${id}/confirm`)

export const getStats = (query) => get('/stats', query)
export const statsExport = (query) => request('GET', '/stats/export.xlsx', { query, blob: true })

export const listQuarterly = (query) => get('/quarterly-reports', query)
export const generateQuarterly = (body) => post('/quarterly-reports', body)
export const submitQuarterly = (id, comment) => post(`/quarterly-reports/${id}/submit`, { comment })
export const reviewQuarterly = (id, decision, comment) => post(`/quarterly-reports/${id}/review`, { decision, comment })
export const circulateQuarter = (body) => post('/quarterly-circulars', body)
