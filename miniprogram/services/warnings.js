// Warnings received (调控预警) in the mini-program: the target organization acknowledges, reports its rectification
// (a yellow card's 书面检讨 in its three parts) and attaches a document chosen from a chat; the notice as PDF.
const { get, post, openPdf, uploadFile } = require('../utils/request')

const listWarnings = (query) => get('/warnings', query).then((r) => r.items)
const getWarning = (id) => get(`/warnings/${id}`)
const acknowledge = (id) => post(`/warnings/${id}/acknowledge`)
/** `parts` gives cause, measures and plan when the warning asks for them (report_parts), else `text` is the report. */
const report = (id, text, parts) => post(`/warnings/${id}/report`, parts && Object.keys(parts).length ? parts : { report: text })
const noticePdf = (id) => openPdf(`/api/v1/warnings/${id}/notice.pdf`)

const ACCEPTED = ['pdf', 'png', 'jpg', 'jpeg']
const MAX_BYTES = 10 * 1024 * 1024

/** Choose a PDF or picture from a chat (wx.chooseMessageFile) and attach it to the report. */
function chooseAndAttach(id) {
  return new Promise((resolve, reject) => {
    wx.chooseMessageFile({
      count: 1, type: 'file', extension: ACCEPTED,
      success: ({ tempFiles }) => {
        const [file] = tempFiles
        const extension = (file.name.split('.').pop() || '').toLowerCase()
        if (!ACCEPTED.includes(extension)) return reject(new Error('只能上传 PDF、PNG 或 JPEG 文件'))
        if (file.size > MAX_BYTES) return reject(new Error('文件不能超过 10 MB'))
        uploadFile(`/warnings/${id}/report-document`, file.path).then(resolve, reject)
      },
      fail: () => resolve(null), // the user closed the chooser
    })
  })
}

module.exports = { listWarnings, getWarning, acknowledge, report, noticePdf, chooseAndAttach }
