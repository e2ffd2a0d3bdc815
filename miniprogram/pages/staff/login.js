// Staff log in once with their console username and password; from then on this WeChat logs them in silently.
// A password someone else chose (a new account, a reset) is replaced here first, as in the console.
const { withElder } = require('../../utils/elder')
const { bindStaff, changePassword } = require('../../utils/request')
const { me } = require('../../services/meetings')
const { attempt } = require('../../utils/attempt')
const notices = require('../../services/notices')

Page(withElder({
  data: { username: '', password: '', newPassword: '', again: '', busy: false, error: '', mustChange: false,
    askable: [] },

  async submit() {
    await attempt(this, async () => {
      await bindStaff(this.data.username.trim(), this.data.password)
      const who = await me()
      if (who.must_change_password) return this.setData({ mustChange: true })
      await this.done()
    })
  },

  async replace() {
    if (this.data.newPassword !== this.data.again) return this.setData({ error: '两次输入的新密码不一致' })
    await attempt(this, async () => {
      await changePassword(this.data.password, this.data.newPassword)
      await this.done()
    })
  },

  /** Logged in: offer the reminders staff need (notices, warnings, due steps) when on a roster, else go home. */
  async done() {
    const askable = await notices.askableFor(['notice', 'warning', 'record_due']).catch(() => [])
    if (askable.length) return this.setData({ askable, mustChange: false })
    this.home()
  },

  async subscribe() {
    await notices.askSubscriptions(this.data.askable)
    this.home()
  },

  home() {
    wx.showToast({ title: '登录成功', icon: 'success' })
    wx.reLaunch({ url: '/pages/index/index' })
  },
}))
