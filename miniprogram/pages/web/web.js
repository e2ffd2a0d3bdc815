// A console page that stays on the PC, in a web-view logged in as this account (services/web.js).
const { PC_PAGES, webViewUrl } = require('../../services/web')

Page({
  data: { url: '', error: '' },
  async onLoad({ place }) {
    const page = PC_PAGES[place]
    if (page) wx.setNavigationBarTitle({ title: page.title })
    try {
      this.setData({ url: await webViewUrl(place) })
    } catch (error) {
      this.setData({ error: error.message || '打开失败，请重试' })
    }
  },
})
