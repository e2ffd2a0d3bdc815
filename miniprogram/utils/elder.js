// 长辈模式 (elder-friendly mode) for this phone: larger text and tap targets on every page. Until the user chooses,
// it follows WeChat's own font-size setting (设置 → 通用 → 字体大小): a setting above the standard turns it on.
const KEY = 'pq_elder'
const STANDARD_FONT_PX = 17 // WeChat's 标准 font size, as wx.getSystemInfoSync().fontSizeSetting reports it

function wechatFontIsLarge() {
  try {
    const info = wx.getSystemInfoSync()
    return Number(info.fontSizeSetting || 0) > STANDARD_FONT_PX
  } catch (error) {
    return false
  }
}

function isElder() {
  const chosen = wx.getStorageSync(KEY)
  if (chosen === '1' || chosen === '0') return chosen === '1'
  return wechatFontIsLarge()
}

function setElder(on) {
  wx.setStorageSync(KEY, on ? '1' : '0')
}

/** A page definition whose `elder` follows the setting each time the page shows, and that can switch it. */
function withElder(definition) {
  const onShow = definition.onShow
  return {
    ...definition,
    data: { ...(definition.data || {}), elder: false },
    onShow(...args) {
      if (this.data.elder !== isElder()) this.setData({ elder: isElder() })
      return onShow ? onShow.apply(this, args) : undefined
    },
    toggleElder(event) {
      const on = event && event.detail && 'value' in event.detail ? Boolean(event.detail.value) : !this.data.elder
      setElder(on)
      this.setData({ elder: on })
    },
  }
}

module.exports = { isElder, setElder, withElder }
