// The development record: the due list of the caller's organizations (a secretary's branch, an organizer's), and
// the caller's own path.
const { get, post, uploadFile } = require('../utils/request')

/** Steps due within a week and overdue, soonest first. */
const dueList = (overdueOnly = false) => get('/record/due', { overdue_only: overdueOnly }).then((r) => r.items)

/** How many steps are due within a week and how many of them overdue (the server counts; no list fetched). */
const dueCounts = () => get('/record/due', { limit: 1 }).then(({ total, overdue }) => ({ total, overdue }))

/** 我的发展进程: the caller's own record (steps done with dates, the next ones and when). */
const myRecord = () => get('/me/record')

/** A person's record as staff see it: every step with its state, dates, the fields it asks for, can_record. */
const personRecord = (personId) => get(`/people/${personId}/record`)
/** The full members of an organization (contacts and introducers are chosen among them). */
const fullMembers = (orgId) => get('/people', { org_id: orgId, status: 'member', per_page: 500 }).then((r) => r.items)
const recordStep = (personId, key, body) => post(`/people/${personId}/steps/${key}`, body)

const uploadDocument = (personId, file, stepKey) =>
  uploadFile(`/people/${personId}/documents?step_key=${encodeURIComponent(stepKey)}`, file.path)

module.exports = { dueList, dueCounts, myRecord, personRecord, fullMembers, recordStep, uploadDocument }
