// Warnings received (调控预警) in the mini-program: the target organization acknowledges, reports its rectification
// (a yellow card's 书面检讨 in its three parts) and attaches a document chosen from a chat; the notice as PDF.
const { get, post, openPdf, uploadFile } = require('../utils/request')
const { chooseDocument } = require('../utils/files')

const listWarnings = (query) => get('/warnings', query).then((r) => r.items)
/** The warnings to the caller's own organization (those it acknowledges and answers). */
const receivedWarnings = () => listWarnings({ received: true })
const getWarning = (id) => get(`/warnings/${id}`)
const acknowledge = (id) => post(`/warnings/${id}/acknowledge`)
/** `parts` gives cause, measures and plan when the warning asks for them (report_parts), else `text` is the report. */
const report = (id, text, parts) => post(`/warnings/${id}/report`, parts && Object.keys(parts).length ? parts : { report: text })
const noticePdf = (id) => openPdf(`/api/v1/warnings/${id}/notice.pdf`)

/** Choose a PDF or picture from a chat and attach it to the report; null when the user closes the chooser. */
async function chooseAndAttach(id) {
  const file = await chooseDocument()
  return file ? uploadFile(`/warnings/${id}/report-document`, file.path) : null
}

module.exports = { listWarnings, receivedWarnings, getWarning, acknowledge, report, noticePdf, chooseAndAttach }
