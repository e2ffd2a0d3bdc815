// A teller's key share on their own phone (DESIGN §12), as the H5's teller page does it: one tap makes the share and
// publishes its public part with a proof, the secret stays in this phone's storage (and on the key card the teller
// copies down); after the vote one tap decrypts this teller's part of every sum and proves it. Nothing secret is sent.
const e2e = require('../utils/core/e2e')
const { scaleOf } = require('../utils/core/voting-core')
const { request } = require('../utils/request')

const open = { auth: false }
const page = (token) => request({ path: `/public/tellers/${token}`, ...open })
const storeKey = (sealing, role) => `pq_teller_share:${sealing.uid}:${role}`

const randomValues = (length) => new Promise((resolve, reject) => wx.getRandomValues({
  length, success: ({ randomValues: buffer }) => resolve(new Uint8Array(buffer)), fail: reject,
}))

/** Random bytes for `scalars` scalars, fetched first (wx.getRandomValues answers asynchronously). */
async function useRandom(scalars) {
  const pool = await randomValues(64 * scalars)
  let at = 0
  e2e.useRandomBytes((count) => {
    if (at + count > pool.length) throw new Error('not enough random bytes')
    at += count
    return pool.slice(at - count, at)
  })
}

/** The secret share this phone holds for the teller, when it matches their published key. */
function heldSecret(view) {
  const secret = e2e.readSecret(wx.getStorageSync(storeKey(view.sealing, view.role)))
  return secret && e2e.publicOf(secret) === view.sealing.my_public_key ? secret : null
}

/** Make and publish the share; the key card's text (shown once) and the new page. */
async function makeKey(token, view) {
  await useRandom(3)
  const secret = e2e.randomScalar()
  const share = e2e.publicOf(secret)
  const proof = e2e.proveKnowledge(e2e.shareContext(view.sealing.uid, view.role), secret, share)
  const next = await request({ method: 'PUT', path: `/public/tellers/${token}/key`, data: { public_key: share, proof }, ...open })
  const text = e2e.secretHex(secret)
  wx.setStorageSync(storeKey(view.sealing, view.role), text)
  return { page: next, card: text.match(/.{8}/g).join(' ') }
}

/** Bring the share from its key card onto this phone; false when the card is not this teller's. */
function useCard(view, typed) {
  const secret = e2e.readSecret(typed)
  if (!secret || e2e.publicOf(secret) !== view.sealing.my_public_key) return false
  wx.setStorageSync(storeKey(view.sealing, view.role), e2e.secretHex(secret))
  return true
}

/** Decrypt this teller's part of every sum, with its proofs, and send it. */
async function confirmTally(token, view) {
  const secret = heldSecret(view)
  if (!secret) throw new Error('这部手机上没有本人的密钥，请先输入密钥卡')
  await useRandom(view.sealing.entries.length + 1)
  const key = e2e.fromHex(view.sealing.public_key)
  const context = e2e.sessionContext(view.sealing.uid, key)
  const parts = view.sealing.entries.map((entry) => e2e.partialDecryption(context, secret, view.sealing.my_public_key, entry.alpha))
  return request({ method: 'PUT', path: `/public/tellers/${token}/decryption`, data: { decryption: parts }, ...open })
}

/** The paper count form of one group (§11): the teller's own earlier entry, or blanks (废票 0). Each option gets one
 *  number, or one per scale value (赞成/反对/弃权, the grades). Numbers are kept as typed text. */
function paperForm(view, group) {
  const scale = scaleOf(view.kind)
  const mine = group.mine
  const text = (n) => (mine ? String(n) : '')
  const rows = view.options.map((option) => {
    const key = String(option.id)
    const cells = scale
      ? scale.map(({ value, label }) => ({ value, label, typed: text(mine && mine.counts[key][value]) }))
      : [{ value: '', label: '得票', typed: text(mine && mine.counts[key]) }]
    return { key, name: option.name, cells }
  })
  return { group: group.group, returned: text(mine && mine.returned), spoiled: mine ? String(mine.spoiled) : '0', rows }
}

const whole = (typed) => (String(typed || '').trim() === '' ? 0 : Number(typed))

/** The form as the API takes it: {returned, spoiled, counts}. */
function paperCount(form) {
  const counts = {}
  for (const row of form.rows) {
    counts[row.key] = row.cells.length === 1 && row.cells[0].value === ''
      ? whole(row.cells[0].typed)
      : Object.fromEntries(row.cells.map((cell) => [cell.value, whole(cell.typed)]))
  }
  return { returned: whole(form.returned), spoiled: whole(form.spoiled), counts }
}

/** Enter (or replace) this teller's count of a group; the new page. */
const enterCount = (token, group, count) =>
  request({ method: 'PUT', path: `/public/tellers/${token}/groups/${group}`, data: count, ...open })

module.exports = { paperForm, paperCount, enterCount, page, heldSecret, makeKey, useCard, confirmTally }
