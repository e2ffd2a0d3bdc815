// The development record: the due list of the caller's organizations (a secretary's branch, an organizer's), and
// the caller's own path.
const { get } = require('../utils/request')

/** Steps due within a week and overdue, soonest first. */
const dueList = (overdueOnly = false) => get('/record/due', { overdue_only: overdueOnly }).then((r) => r.items)

/** 我的发展进程: the caller's own record (steps done with dates, the next ones and when). */
const myRecord = () => get('/me/record')

module.exports = { dueList, myRecord }
