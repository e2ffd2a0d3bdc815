// Binding: one tap with the phone number WeChat verified (after the privacy guide is agreed), or the bind code
// from the branch secretary. The number goes from WeChat to the server as a one-time code: this page never sees it.
const { withElder } = require('../../utils/elder')
const { bind, bindPhone } = require('../../utils/request')
const notices = require('../../services/notices')
const { attempt } = require('../../utils/attempt')

Page(withElder({
  data: { code: '', busy: false, error: '', privacyNeeded: true, contractName: '《用户隐私保护指引》', showCode: false,
    bound: false, askable: [] },

  onLoad() {
    if (!wx.getPrivacySetting) this.setData({ privacyNeeded: false }) // a base library without the privacy check
    else {
      wx.getPrivacySetting({
        success: (res) => this.setData({ privacyNeeded: Boolean(res.needAuthorization),
          contractName: res.privacyContractName || this.data.contractName }),
      })
    }
    // Should WeChat ask before our own card was agreed (another entry point), the same card answers it.
    if (wx.onNeedPrivacyAuthorization) {
      this.privacyHandler = (resolve) => { this.resolvePrivacy = resolve; this.setData({ privacyNeeded: true }) }
      wx.onNeedPrivacyAuthorization(this.privacyHandler)
    }
  },

  onUnload() {
    if (wx.offNeedPrivacyAuthorization && this.privacyHandler) wx.offNeedPrivacyAuthorization(this.privacyHandler)
  },

  openContract() {
    if (wx.openPrivacyContract) wx.openPrivacyContract({})
  },

  agreePrivacy() {
    if (this.resolvePrivacy) this.resolvePrivacy({ buttonId: 'agree-privacy', event: 'agree' })
    this.resolvePrivacy = null
    this.setData({ privacyNeeded: false })
  },

  async onPhone(event) {
    const { code } = event.detail || {}
    if (!code) { // refused in WeChat's sheet, or no number on this WeChat
      this.setData({ error: '未获取到手机号。可以再试一次，或使用支部书记发给您的绑定码。', showCode: true })
      return
    }
    await this.finish(() => bindPhone(code))
  },

  useCode() {
    this.setData({ showCode: true, error: '' })
  },

  async submit() {
    await this.finish(() => bind(this.data.code.trim()))
  },

  async subscribe() {
    await notices.askSubscriptions(this.data.askable)
    this.leave()
  },

  leave() {
    wx.showToast({ title: '绑定成功', icon: 'success' })
    wx.navigateBack()
  },

  async finish(binding) {
    const { ok, result: askable } = await attempt(this, async () => {
      await binding()
      // The moment reminders matter: offer them now (the tap on the offer asks WeChat), else go back.
      return notices.askableFor(['notice', 'meeting']).catch(() => [])
    })
    if (!ok) return this.setData({ showCode: true })
    if (!askable.length) return this.leave()
    this.setData({ bound: true, askable })
  },
}))
