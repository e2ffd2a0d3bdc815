// The bind page: the privacy guide is agreed before WeChat is asked for the number; one tap binds when the roster
// has the number once; otherwise, or when the user declines, the bind code is offered.
const { freshWx } = require('./wx-mock')
const { openPage, text, settle, openType } = require('./page-harness')

let wx
beforeEach(() => {
  wx = freshWx()
  wx.getPrivacySetting = ({ success }) => success({ needAuthorization: true, privacyContractName: '《党员发展质量保证小程序隐私保护指引》' })
  wx.onNeedPrivacyAuthorization = jest.fn()
  wx.offNeedPrivacyAuthorization = jest.fn()
  wx.openPrivacyContract = jest.fn()
  wx.showToast = jest.fn()
  wx.navigateBack = jest.fn()
})

test('the privacy guide comes first, and only once agreed is the phone number asked for', async () => {
  const page = await openPage('bind/bind')
  expect(text(page)).toContain('《党员发展质量保证小程序隐私保护指引》')
  expect(openType(page, '#agree-privacy')).toBe('agreePrivacyAuthorization')
  expect(page.querySelector('.phone')).toBeFalsy()
  page.querySelector('.link').dispatchEvent('tap')
  await settle()
  expect(wx.openPrivacyContract).toHaveBeenCalled()
  page.querySelector('#agree-privacy').dispatchEvent('agreeprivacyauthorization')
  await settle()
  expect(openType(page, '.phone')).toBe('getPhoneNumber')
  expect(text(page)).toContain('用微信手机号一键绑定')
})

test('WeChat asking for the privacy agreement on its own is answered by the same card', async () => {
  const page = await openPage('bind/bind')
  page.self.agreePrivacy()
  await settle()
  const handler = wx.onNeedPrivacyAuthorization.mock.calls[0][0]
  const resolve = jest.fn()
  handler(resolve)
  await settle()
  expect(page.querySelector('#agree-privacy')).toBeTruthy()
  page.querySelector('#agree-privacy').dispatchEvent('agreeprivacyauthorization')
  await settle()
  expect(resolve).toHaveBeenCalledWith({ buttonId: 'agree-privacy', event: 'agree' })
})

test('one tap sends the one-time phone code with the bind ticket, keeps the token and never the number', async () => {
  wx.getPrivacySetting = ({ success }) => success({ needAuthorization: false })
  const page = await openPage('bind/bind')
  wx.answer(200, { bind_required: true, bind_ticket: 'TICKET' })
  wx.answer(200, { token: 'TOKEN' })
  wx.answer(200, { templates: [{ template_id: 'T-N', kind: 'notice', title: '通知提醒' }], grants: { 'T-N': 2 } })
  await page.self.onPhone({ detail: { code: 'PHONE-CODE' } })
  const sent = wx.requests[1]
  expect(sent.url).toMatch(/\/auth\/bind-phone$/)
  expect(sent.data).toEqual({ bind_ticket: 'TICKET', phone_code: 'PHONE-CODE' })
  expect(wx.getStorageSync('pq_token')).toBe('TOKEN')
  expect(wx.getStorageSync('pq_bind_ticket')).toBe('')
  expect(wx.navigateBack).toHaveBeenCalled()
})

test('a number the roster does not have once, or a declined sheet, leads to the bind code', async () => {
  wx.getPrivacySetting = ({ success }) => success({ needAuthorization: false })
  const page = await openPage('bind/bind')
  expect(text(page)).not.toContain('用绑定码绑定')
  await page.self.onPhone({ detail: { errMsg: 'getPhoneNumber:fail user deny' } })
  await settle()
  expect(text(page)).toContain('未获取到手机号')
  expect(text(page)).toContain('用绑定码绑定')
  wx.setStorageSync('pq_bind_ticket', 'TICKET')
  wx.answer(401, { error: { code: 'phone_not_matched', message: '未能用这个手机号确认您的身份（花名册上没有或不止一人），请使用支部书记发给您的绑定码' } })
  await page.self.onPhone({ detail: { code: 'PHONE-CODE' } })
  await settle()
  expect(text(page)).toContain('请使用支部书记发给您的绑定码')
  expect(wx.getStorageSync('pq_token')).toBe('')
})

test('right after binding the member is offered notice and meeting reminders, asked for in the tap itself', async () => {
  wx.getPrivacySetting = ({ success }) => success({ needAuthorization: false })
  wx.requestSubscribeMessage = jest.fn(({ tmplIds, success }) => success({ [tmplIds[0]]: 'accept', [tmplIds[1]]: 'reject' }))
  wx.setStorageSync('pq_bind_ticket', 'TICKET')
  const page = await openPage('bind/bind')
  wx.answer(200, { token: 'TOKEN' })
  wx.answer(200, { templates: [
    { template_id: 'T-N', kind: 'notice', title: '通知提醒' }, { template_id: 'T-M', kind: 'meeting', title: '会议提醒' },
    { template_id: 'T-W', kind: 'warning', title: '预警通知' }], grants: {} })
  await page.self.onPhone({ detail: { code: 'PHONE-CODE' } })
  await settle()
  expect(text(page)).toContain('绑定成功')
  expect(wx.navigateBack).not.toHaveBeenCalled()
  wx.answer(200, { templates: [], grants: { 'T-N': 1 } })
  page.querySelector('.subscribe').dispatchEvent('click')
  await settle()
  expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['T-N', 'T-M'])
  expect(wx.requests.at(-1).data).toEqual({ accepted: ['T-N'] })
  expect(wx.navigateBack).toHaveBeenCalled()
})
