// A special organizer's work in the mini-program, as the console's 我的工作: what is due in the organizations they
// serve, meeting invitations and whether they attended, reports to the committee with its answers, recommendations.
const { get, post } = require('../utils/request')

const items = (r) => r.items

const myDue = () => get('/organizers/me/due')
const listReports = () => get('/organizer-reports').then(items)
const fileReport = (kind, title, body) => post('/organizer-reports', { kind, title, body })
const listRecommendations = () => get('/organizer-recommendations').then(items)
const recommend = (orgId, name, reason) => post('/organizer-recommendations', { org_id: orgId, name, reason })
const recordAttendance = (id, attended) => post(`/meeting-invitations/${id}/attendance`, { attended, note: null })

module.exports = { myDue, listReports, fileReport, listRecommendations, recommend, recordAttendance }
