// Staff log in once with their console username and password; from then on this WeChat logs them in silently.
// A password someone else chose (a new account, a reset) is replaced here first, as in the console.
const { withElder } = require('../../utils/elder')
const { bindStaff, changePassword } = require('../../utils/request')
const { me } = require('../../services/meetings')

Page(withElder({
  data: { username: '', password: '', newPassword: '', again: '', busy: false, error: '', mustChange: false },

  async submit() {
    await this.attempt(async () => {
      await bindStaff(this.data.username.trim(), this.data.password)
      const who = await me()
      if (who.must_change_password) return this.setData({ mustChange: true })
      this.done()
    })
  },

  async replace() {
    if (this.data.newPassword !== this.data.again) return this.setData({ error: '两次输入的新密码不一致' })
    await this.attempt(async () => {
      await changePassword(this.data.password, this.data.newPassword)
      this.done()
    })
  },

  async attempt(work) {
    this.setData({ busy: true, error: '' })
    try {
      await work()
    } catch (error) {
      this.setData({ error: error.message })
    } finally {
      this.setData({ busy: false })
    }
  },

  done() {
    wx.showToast({ title: '登录成功', icon: 'success' })
    wx.reLaunch({ url: '/pages/index/index' })
  },
}))
