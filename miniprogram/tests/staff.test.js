// Staff log in once in the mini-program with their console password; a password set by someone else is replaced
// before anything else, as in the console.
const { installWx } = require('./wx-mock')
const { openPage, text, settle } = require('./page-harness')

let wx
beforeEach(() => {
  jest.resetModules()
  wx = installWx()
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
  page.querySelector('.change').dispatchEvent('click')
  await settle()
  expect(wx.requests.at(-1).data).toEqual({ old_password: 'Set-by-admin-1', new_password: 'Only-I-know-it-2026' })
  expect(wx.getStorageSync('pq_token')).toBe('SECOND')
  expect(wx.reLaunch).toHaveBeenCalled()
})
