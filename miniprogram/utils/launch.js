// Where a ballot credential comes from when the mini-program opens on the ballot page:
// - "扫普通链接二维码打开小程序": options.q is the scanned https link, /h5/vote?join=… or /h5/vote#code=…
// - a mini-program code (getUnlimited): options.scene is the short join token
// - wx.scanCode inside the app: the scanned text, either of the above links or a typed code
function fromLink(link) {
  const text = String(link || '').trim()
  const hash = text.indexOf('#')
  if (hash >= 0) {
    const match = /(?:^|&)code=([^&]+)/.exec(text.slice(hash + 1))
    if (match) return { code: decodeURIComponent(match[1]).toUpperCase() }
  }
  const join = /[?&]join=([^&#]+)/.exec(text)
  if (join) return { join: decodeURIComponent(join[1]) }
  if (/^[MQ]-[0-9A-Z-]{10,}$/i.test(text)) return { code: text.toUpperCase() }
  return null
}

function credentialFromOptions(options) {
  if (!options) return null
  if (options.code) return { code: decodeURIComponent(options.code).toUpperCase() }
  if (options.join) return { join: decodeURIComponent(options.join) }
  if (options.q) return fromLink(decodeURIComponent(options.q))
  if (options.scene) return { join: decodeURIComponent(options.scene) }
  return null
}

/** A teller's link (/h5/t/<token>, scanned in WeChat): their token, or null. */
function tellerToken(link) {
  const match = /\/h5\/t\/([A-Za-z0-9_-]{20,64})(?:[?#]|$)/.exec(String(link || '').trim())
  return match ? match[1] : null
}

module.exports = { fromLink, credentialFromOptions, tellerToken }
