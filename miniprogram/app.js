// Logs in silently with wx.login when this WeChat is already bound; otherwise pages ask for the bind code.
const { login, isLoggedIn } = require('./utils/request')

App({
  onLaunch() {
    if (!isLoggedIn()) login().catch(() => {})
  },
})
