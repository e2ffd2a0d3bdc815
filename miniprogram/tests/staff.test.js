// Staff log in once in the mini-program with their console password; a password set by someone else is replaced
// before anything else, as in the console.
const { freshWx } = require('./wx-mock')
const { openPage, text, settle } = require('./page-harness')

let wx
beforeEach(() => {
  wx = freshWx()
  wx.showToast = jest.fn()
  wx.reLaunch = jest.fn()
})

async function typeAndLogin(page, username, password) {
  page.self.setData({ username, password })
  await settle()
  page.querySelector('.login').dispatchEvent('click')
  await settle()
}

test('the username and password bind this WeChat, and the home page opens logged in', async () => {
  const page = await openPage('staff/login')
  expect(text(page)).toContain('以后打开小程序即自动登录')
  wx.answer(200, { bind_required: true, bind_ticket: 'TICKET' }) // wx.login → /auth/wechat
  wx.answer(200, { token: 'STAFF', role: 'org_staff', org_id: 2 })
  wx.answer(200, { username: 'county_a_staff', role: 'org_staff', must_change_password: false, may: [] })
  wx.answer(403, { error: { code: 'not_a_roster_person', message: '只有绑定微信的人员可以订阅消息' } }) // no pushes to offer
  await typeAndLogin(page, ' county_a_staff ', 'correct horse battery')
  const sent = wx.requests[1]
  expect(sent.url).toMatch(/\/auth\/bind-staff$/)
  expect(sent.data).toEqual({ bind_ticket: 'TICKET', username: 'county_a_staff', password: 'correct horse battery' })
  expect(wx.getStorageSync('pq_token')).toBe('STAFF')
  expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
})

test('a wrong password says so and keeps nothing', async () => {
  wx.setStorageSync('pq_bind_ticket', 'TICKET')
  const page = await openPage('staff/login')
  wx.answer(401, { error: { code: 'bad_credentials', message: '用户名或密码错误' } })
  await typeAndLogin(page, 'county_a_staff', 'wrong')
  expect(text(page)).toContain('用户名或密码错误')
  expect(wx.getStorageSync('pq_token')).toBe('')
  expect(wx.reLaunch).not.toHaveBeenCalled()
})

test('a password someone else chose is replaced first, with the new one typed twice', async () => {
  wx.setStorageSync('pq_bind_ticket', 'TICKET')
  const page = await openPage('staff/login')
  wx.answer(200, { token: 'FIRST', role: 'secretary', org_id: 5 })
  wx.answer(200, { username: 'jinhu_weiyuan', must_change_password: true, may: [] })
  await typeAndLogin(page, 'jinhu_weiyuan', 'Set-by-admin-1')
  expect(text(page)).toContain('请先修改密码')
  expect(wx.reLaunch).not.toHaveBeenCalled()
  page.self.setData({ newPassword: 'Only-I-know-it-2026', again: 'Only-I-know-it-2027' })
  await settle()
  page.querySelector('.change').dispatchEvent('click')
  await settle()
  expect(text(page)).toContain('两次输入的新密码不一致')
  page.self.setData({ again: 'Only-I-know-it-2026' })
  wx.answer(200, { token: 'SECOND' })
  wx.answer(200, { templates: [], grants: {} })
  page.querySelector('.change').dispatchEvent('click')
  await settle()
  expect(wx.requests.find((r) => r.url.endsWith('/auth/password')).data)
    .toEqual({ old_password: 'Set-by-admin-1', new_password: 'Only-I-know-it-2026' })
  expect(wx.getStorageSync('pq_token')).toBe('SECOND')
  expect(wx.reLaunch).toHaveBeenCalled()
})

test('a secretary on a roster is offered the reminders staff need, asked for in the tap itself', async () => {
  wx.setStorageSync('pq_bind_ticket', 'TICKET')
  wx.requestSubscribeMessage = jest.fn(({ tmplIds, success }) => success(Object.fromEntries(tmplIds.map((id) => [id, 'accept']))))
  const page = await openPage('staff/login')
  wx.answer(200, { token: 'SEC', role: 'secretary', org_id: 5 })
  wx.answer(200, { username: 'jinhu_secretary', must_change_password: false, may: [] })
  wx.answer(200, { templates: [
    { template_id: 'T-N', kind: 'notice', title: '通知提醒' }, { template_id: 'T-M', kind: 'meeting', title: '会议提醒' },
    { template_id: 'T-W', kind: 'warning', title: '预警通知' }, { template_id: 'T-D', kind: 'record_due', title: '发展环节到期提醒' }],
  grants: { 'T-N': 1 } })
  await typeAndLogin(page, 'jinhu_secretary', 'correct horse battery')
  expect(text(page)).toContain('登录成功')
  expect(wx.reLaunch).not.toHaveBeenCalled()
  wx.answer(200, { templates: [], grants: {} }) // the grants recorded
  page.querySelector('.subscribe').dispatchEvent('click')
  await settle()
  expect(wx.requestSubscribeMessage.mock.calls[0][0].tmplIds).toEqual(['T-W', 'T-D']) // 通知 granted already, 会议 is a member's
  expect(wx.requests.at(-1).data).toEqual({ accepted: ['T-W', 'T-D'] })
  expect(wx.reLaunch).toHaveBeenCalledWith({ url: '/pages/index/index' })
})
