// A warning received, handled from the phone: acknowledged, reported (a yellow card's 书面检讨 in its three parts),
// a document attached from a chat, the notice opened.
const { freshWx } = require('./wx-mock')
const { openPage, text, settle } = require('./page-harness')

let wx
beforeEach(() => {
  wx = freshWx({ token: 'SECRETARY' })
  wx.chooseMessageFile = jest.fn()
  wx.uploadFile = jest.fn()
  wx.downloadFile = jest.fn(({ success }) => success({ statusCode: 200, tempFilePath: 'wxfile://notice.pdf' }))
  wx.openDocument = jest.fn(({ success }) => success())
})

const warning = (extra = {}) => ({ id: 9, org_name: '金湖村党支部', level: 'letter', level_text: '函告督办', state: 'issued',
  criterion: 3, criterion_text: '计划完成偏差较大', facts: '上半年未完成计划的一半', issued_on: '2026-11-02', deadline: '2026-12-28',
  report_due: null, overdue: false, report_text: null, report_document_name: null,
  allowed_actions: ['acknowledge', 'notice'], report_parts: [], ...extra })

test('the warning reads in words and dates, and 签收 acknowledges it', async () => {
  wx.answer(200, warning())
  const page = await openPage('warnings/detail', { id: '9' })
  const shown = text(page)
  expect(shown).toContain('函告督办')
  expect(shown).toContain('整改期限：12月28日')
  expect(shown).toContain('已发出')
  wx.answer(200, warning({ state: 'acknowledged', allowed_actions: ['report', 'attach_report', 'notice'] }))
  page.querySelector('.acknowledge').dispatchEvent('click')
  await settle()
  expect(wx.requests.at(-1).url).toMatch(/\/warnings\/9\/acknowledge$/)
  expect(text(page)).toContain('已签收')
  expect(page.querySelector('.acknowledge')).toBeFalsy()
  expect(page.querySelector('.report')).toBeTruthy()
})

test('a yellow card is reported in its three parts, each required', async () => {
  wx.answer(200, warning({ level: 'yellow', level_text: '黄牌警告', state: 'acknowledged', report_due: '2026-12-20',
    allowed_actions: ['report', 'attach_report'], report_parts: ['cause', 'measures', 'plan'] }))
  const page = await openPage('warnings/detail', { id: '9' })
  expect(page.self.data.parts.map((p) => p.label)).toEqual(['问题原因', '解决问题的具体措施', '工作方案'])
  page.self.typePart({ currentTarget: { dataset: { index: 0 } }, detail: '计划制定脱离实际' })
  await page.self.report()
  expect(page.self.data.error).toBe('请把每一项都填写完整')
  expect(wx.requests).toHaveLength(1)
  page.self.typePart({ currentTarget: { dataset: { index: 1 } }, detail: '每月调度一次' })
  page.self.typePart({ currentTarget: { dataset: { index: 2 } }, detail: '年底前完成' })
  wx.answer(200, warning({ level: 'yellow', state: 'reported', report_text: '…', allowed_actions: ['attach_report'] }))
  await page.self.report()
  expect(wx.requests.at(-1).data).toEqual({ cause: '计划制定脱离实际', measures: '每月调度一次', plan: '年底前完成' })
})

test('a document chosen from a chat is uploaded with this login; a wrong kind of file is refused before sending', async () => {
  wx.answer(200, warning({ state: 'reported', allowed_actions: ['attach_report'] }))
  const page = await openPage('warnings/detail', { id: '9' })
  wx.chooseMessageFile.mockImplementationOnce(({ success }) => success({ tempFiles: [{ name: '检讨.docx', size: 100, path: 'wxfile://a' }] }))
  await page.self.attach()
  expect(page.self.data.error).toBe('只能上传 PDF、PNG 或 JPEG 文件')
  expect(wx.uploadFile).not.toHaveBeenCalled()
  wx.chooseMessageFile.mockImplementationOnce(({ success }) => success({ tempFiles: [{ name: '整改报告.PDF', size: 2048, path: 'wxfile://b' }] }))
  wx.uploadFile.mockImplementationOnce(({ success }) => success({ statusCode: 200,
    data: JSON.stringify(warning({ state: 'reported', report_document_name: '整改报告.PDF', allowed_actions: ['attach_report'] })) }))
  await page.self.attach()
  const sent = wx.uploadFile.mock.calls[0][0]
  expect(sent.url).toBe('https://dangjian.example.cn/api/v1/warnings/9/report-document')
  expect(sent.name).toBe('file')
  expect(sent.header.Authorization).toBe('Bearer SECRETARY')
  await settle()
  expect(text(page)).toContain('附件：整改报告.PDF')
  expect(text(page)).toContain('附件已上传')
})

test('a message about a warning leads to it from the inbox', async () => {
  wx.answer(200, { items: [{ notice_id: 3, kind: 'warning', ref_id: 9, title: '函告督办', body: '…', sender: '区委组织部',
    read_receipt: true, read: true }], unread: 0 })
  const page = await openPage('inbox/detail', { id: '3' })
  expect(page.dom.innerHTML).toContain('处理这条预警')
})
