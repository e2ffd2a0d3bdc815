const { withElder } = require('../../utils/elder')
const { bind } = require('../../utils/request')

Page(withElder({
  data: { code: '', busy: false, error: '' },
  async submit() {
    this.setData({ busy: true, error: '' })
    try {
      await bind(this.data.code.trim())
      wx.showToast({ title: '绑定成功', icon: 'success' })
      wx.navigateBack()
    } catch (error) {
      this.setData({ error: error.message })
    } finally {
      this.setData({ busy: false })
    }
  },
}))
