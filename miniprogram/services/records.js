// The development record: the due list of the caller's organizations (a secretary's branch, an organizer's).
const { get } = require('../utils/request')

/** Steps due within a week and overdue, soonest first. */
const dueList = (overdueOnly = false) => get('/record/due', { overdue_only: overdueOnly }).then((r) => r.items)

module.exports = { dueList }
