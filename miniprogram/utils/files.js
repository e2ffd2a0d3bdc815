// A document chosen from a WeChat chat (wx.chooseMessageFile): a PDF or a picture of at most 10 MB, as the server
// takes them for reports and the record's materials.
const ACCEPTED = ['pdf', 'png', 'jpg', 'jpeg']
const MAX_BYTES = 10 * 1024 * 1024

/** The chosen file ({name, size, path}), or null when the user closes the chooser; refused kinds and sizes throw. */
function chooseDocument() {
  return new Promise((resolve, reject) => {
    wx.chooseMessageFile({
      count: 1, type: 'file', extension: ACCEPTED,
      success: ({ tempFiles: [file] }) => {
        if (!ACCEPTED.includes((file.name.split('.').pop() || '').toLowerCase())) return reject(new Error('只能上传 PDF、PNG 或 JPEG 文件'))
        if (file.size > MAX_BYTES) return reject(new Error('文件不能超过 10 MB'))
        resolve(file)
      },
      fail: () => resolve(null),
    })
  })
}

module.exports = { chooseDocument }
