// End-to-end verifiable ballots on the phone (DESIGN §12, docs/verification.md): the same protocol as the server's
// server/domain/e2e/, over ristretto255 from @noble/curves. The phone encrypts each option (exponential ElGamal under
// the tellers' joint key) and proves that each is 0 or 1 and that each question's sum is allowed; the server checks
// every proof and never learns the marks. Nothing here talks to the network.
import { ristretto255 } from '@noble/curves/ed25519.js'
import { sha256, sha512 } from '@noble/hashes/sha2.js'

const Point = ristretto255.Point
export const ORDER = Point.Fn.ORDER
const PROTOCOL = 'party-quality-e2e-v1'
const GROUP = 'ristretto255'
const BIT = [0, 1]
/** UTF-8 bytes of a text (written out: WeChat's runtime has no TextEncoder). */
function utf8(text) {
  const out = []
  for (const ch of text) {
    const c = ch.codePointAt(0)
    if (c < 0x80) out.push(c)
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return Uint8Array.from(out)
}

export const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
export function fromHex(hex) {
  if (typeof hex !== 'string' || hex.length % 2 || /[^0-9a-f]/i.test(hex)) throw new Error('not hex')
  return Uint8Array.from(hex.match(/../g) || [], (h) => parseInt(h, 16))
}

const mod = (n) => ((n % ORDER) + ORDER) % ORDER
const littleEndian = (bytes) => bytes.reduceRight((n, b) => (n << 8n) + BigInt(b), 0n)

/** A scalar as the 32 little-endian bytes libsodium uses. */
export function scalarBytes(n) {
  let value = mod(n)
  const out = new Uint8Array(32)
  for (let i = 0; i < 32; i += 1) {
    out[i] = Number(value & 0xffn)
    value >>= 8n
  }
  return out
}

// Where random bytes come from: the Web Crypto API in a browser; the mini-program hands in bytes it fetched
// beforehand from wx.getRandomValues (which is asynchronous) with useRandomBytes.
let randomBytes = (count) => crypto.getRandomValues(new Uint8Array(count))
export function useRandomBytes(source) {
  randomBytes = source
}

/** How many random bytes building a ballot of these questions takes, at most (a scalar is 64 bytes). */
export const bytesForBallot = (questions) => 64 * questions.reduce((n, q) => n + 4 * q.options.length + 2 * q.sums.length + 2, 0)

/** A uniformly random non-zero scalar: 64 random bytes reduced mod ℓ. */
export function randomScalar() {
  for (;;) {
    const bytes = randomBytes(64)
    if (!bytes || bytes.length !== 64) throw new Error('no random bytes')
    const n = mod(littleEndian(bytes))
    if (n !== 0n) return n
  }
}

const point = (bytes) => Point.fromBytes(bytes)
const baseMul = (n) => (mod(n) === 0n ? Point.ZERO : Point.BASE.multiply(mod(n)))
const mul = (n, p) => (mod(n) === 0n || p.is0() ? Point.ZERO : p.multiply(mod(n)))

/** Items length-prefixed (4 bytes, big-endian): strings in UTF-8, scalars as 32 bytes, points as their encoding. */
export function encode(items) {
  const parts = items.map((item) => {
    if (typeof item === 'string') return utf8(item)
    if (typeof item === 'bigint' || typeof item === 'number') return scalarBytes(BigInt(item))
    if (item instanceof Point) return item.toBytes()
    return item
  })
  const out = new Uint8Array(parts.reduce((n, p) => n + 4 + p.length, 0))
  let at = 0
  for (const part of parts) {
    new DataView(out.buffer).setUint32(at, part.length)
    out.set(part, at + 4)
    at += 4 + part.length
  }
  return out
}

export const challenge = (label, context, ...items) => mod(littleEndian(sha512(encode([PROTOCOL, GROUP, label, context, ...items]))))

/** What every proof of a session is bound to: its public identifier and its public key (32 bytes). */
export const sessionContext = (sessionUid, publicKey) => encode(['session', sessionUid, 'public-key', publicKey])

function simulated(key, alpha, beta, value, c, s) {
  return [baseMul(s).subtract(mul(c, alpha)), mul(s, key).subtract(mul(c, beta.subtract(baseMul(BigInt(value)))))]
}

const flat = (values, commitments) => values.flatMap((v, j) => [BigInt(v), commitments[j][0], commitments[j][1]])

/** A disjunctive proof that (alpha, beta) = (r·G, m·G + r·H) with m among `values`. */
export function proveOneOf(context, key, alpha, beta, values, value, nonce, label = 'range') {
  const truth = values.indexOf(value)
  if (truth < 0) throw new Error('the value is not among those allowed')
  const challenges = values.map(() => 0n)
  const responses = values.map(() => 0n)
  const w = randomScalar()
  const commitments = values.map((v, j) => {
    if (j === truth) return [baseMul(w), mul(w, key)]
    challenges[j] = randomScalar()
    responses[j] = randomScalar()
    return simulated(key, alpha, beta, v, challenges[j], responses[j])
  })
  const c = challenge(label, context, key, alpha, beta, ...flat(values, commitments))
  challenges[truth] = mod(c - challenges.reduce((a, b) => a + b, 0n))
  responses[truth] = mod(w + challenges[truth] * nonce)
  return challenges.map((cj, j) => [toHex(scalarBytes(cj)), toHex(scalarBytes(responses[j]))])
}

export function verifyOneOf(context, key, alpha, beta, values, proof, label = 'range') {
  if (!Array.isArray(proof) || proof.length !== values.length) return false
  const pairs = proof.map(([c, s]) => [littleEndian(fromHex(c)), littleEndian(fromHex(s))])
  if (pairs.some(([c, s]) => c >= ORDER || s >= ORDER)) return false
  const commitments = pairs.map(([c, s], j) => simulated(key, alpha, beta, values[j], c, s))
  return challenge(label, context, key, alpha, beta, ...flat(values, commitments)) === mod(pairs.reduce((a, [c]) => a + c, 0n))
}

/** A teller's share: the public part of a secret, X = x·G, as 32-byte hex. */
export const publicOf = (secret) => toHex(baseMul(secret).toBytes())

/** What a teller's proof of their share is bound to: the session and the teller's role. */
export const shareContext = (sessionUid, role) => encode(['session', sessionUid, 'teller', role])

/** A Schnorr proof of knowing x for X = x·G (label `knowledge`). */
export function proveKnowledge(context, secret, publicHex) {
  const w = randomScalar()
  const c = challenge('knowledge', context, fromHex(publicHex), baseMul(w))
  return [[toHex(scalarBytes(c)), toHex(scalarBytes(mod(w + c * secret)))]]
}

/** A teller's partial decryption of a sum's alpha, D = x·A, with the Chaum–Pedersen proof (label `decryption`). */
export function partialDecryption(context, secret, shareHex, alphaHex) {
  const alpha = point(fromHex(alphaHex))
  const d = mul(secret, alpha)
  const w = randomScalar()
  const c = challenge('decryption', context, fromHex(shareHex), alpha, d, baseMul(w), mul(w, alpha))
  return { d: toHex(d.toBytes()), proof: [[toHex(scalarBytes(c)), toHex(scalarBytes(mod(w + c * secret)))]] }
}

const proofPair = (proof) => {
  if (!Array.isArray(proof) || proof.length !== 1) return null
  const [c, s] = proof[0].map((h) => littleEndian(fromHex(h)))
  return c < ORDER && s < ORDER ? [c, s] : null
}

/** A teller's proof of their share (label `knowledge`). */
export function verifyKnowledge(context, publicHex, proof) {
  const pair = proofPair(proof)
  if (!pair) return false
  const X = point(fromHex(publicHex))
  return challenge('knowledge', context, X, baseMul(pair[1]).subtract(mul(pair[0], X))) === pair[0]
}

/** A teller's partial decryption D of a sum's alpha A (label `decryption`). */
export function verifyPartial(context, shareHex, alphaHex, dHex, proof) {
  const pair = proofPair(proof)
  if (!pair) return false
  const [c, s] = pair
  const X = point(fromHex(shareHex))
  const A = point(fromHex(alphaHex))
  const D = point(fromHex(dHex))
  return challenge('decryption', context, X, A, D, baseMul(s).subtract(mul(c, X)), mul(s, A).subtract(mul(c, D))) === c
}

/** t with t·G = the point, 0 ≤ t ≤ most (the totals are small: a walk is enough on a phone); -1 when none. */
export function smallLog(pointHex, most) {
  const target = point(fromHex(pointHex))
  let current = Point.ZERO
  for (let t = 0; t <= most; t += 1) {
    if (current.equals(target)) return t
    current = current.add(Point.BASE)
  }
  return -1
}

export const addHex = (...hexes) => toHex(hexes.reduce((sum, h) => sum.add(point(fromHex(h))), Point.ZERO).toBytes())
export const subHex = (a, b) => toHex(point(fromHex(a)).subtract(point(fromHex(b))).toBytes())

/** A secret share read back from its key card (64 hex digits, spaces and hyphens ignored); null when malformed. */
export function readSecret(text) {
  const hex = String(text || '').toLowerCase().replace(/[\s-]/g, '')
  if (!/^[0-9a-f]{64}$/.test(hex)) return null
  const value = littleEndian(fromHex(hex))
  return value > 0n && value < ORDER ? value : null
}

export const secretHex = (secret) => toHex(scalarBytes(secret))

/** The questions of a ballot, as server/domain/e2e/ballot.py lays them out from the session kind's answer shape. */
export function layout(answerKey, scale, optionIds, maxChoices) {
  const ids = [...optionIds].sort((a, b) => a - b).map(String)
  if (!scale) {
    const most = maxChoices == null ? ids.length : Math.min(maxChoices, ids.length)
    return [{ key: answerKey, options: ids, sums: Array.from({ length: most + 1 }, (_, i) => i) }]
  }
  return ids.map((id) => ({ key: `${answerKey}:${id}`, options: Object.keys(scale), sums: [1] }))
}

export function marks(questions, answers) {
  const given = Object.values(answers)[0]
  if (Array.isArray(given)) {
    const chosen = new Set(given.map(String))
    return questions.map((q) => q.options.map((o) => (chosen.has(o) ? 1 : 0)))
  }
  return questions.map((q) => q.options.map((v) => (given[q.key.split(':')[1]] === v ? 1 : 0)))
}

/** The encrypted ballot of an answer, with its proofs: what the phone sends instead of the answer. */
export function encryptBallot(context, keyBytes, questions, answers) {
  const key = point(keyBytes)
  const rows = marks(questions, answers)
  return {
    questions: questions.map((question, q) => {
      const row = rows[q]
      let alphaSum = Point.ZERO
      let betaSum = Point.ZERO
      let nonceSum = 0n
      const options = row.map((m) => {
        const nonce = randomScalar()
        const alpha = baseMul(nonce)
        const beta = baseMul(BigInt(m)).add(mul(nonce, key))
        alphaSum = alphaSum.add(alpha)
        betaSum = betaSum.add(beta)
        nonceSum = mod(nonceSum + nonce)
        return { alpha: toHex(alpha.toBytes()), beta: toHex(beta.toBytes()), proof: proveOneOf(context, key, alpha, beta, BIT, m, nonce) }
      })
      const total = row.reduce((a, b) => a + b, 0)
      return { options, sum_proof: proveOneOf(context, key, alphaSum, betaSum, question.sums, total, nonceSum, 'sum') }
    }),
  }
}

/** Every proof of a ballot (the H5's own check of a bulletin board). */
export function verifyBallot(context, keyBytes, questions, ballot) {
  const key = point(keyBytes)
  if (!ballot || !Array.isArray(ballot.questions) || ballot.questions.length !== questions.length) return false
  return questions.every((question, q) => {
    const given = ballot.questions[q]
    if (!given || !Array.isArray(given.options) || given.options.length !== question.options.length) return false
    let alphaSum = Point.ZERO
    let betaSum = Point.ZERO
    for (const option of given.options) {
      let alpha
      let beta
      try {
        alpha = point(fromHex(option.alpha))
        beta = point(fromHex(option.beta))
      } catch {
        return false
      }
      if (!verifyOneOf(context, key, alpha, beta, BIT, option.proof)) return false
      alphaSum = alphaSum.add(alpha)
      betaSum = betaSum.add(beta)
    }
    return verifyOneOf(context, key, alphaSum, betaSum, question.sums, given.sum_proof, 'sum')
  })
}

/** Canonical JSON (keys sorted, no spaces): what the tracker hashes. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`
  }
  return JSON.stringify(value)
}

/** The ballot's tracker, the voter's receipt: SHA-256 of its canonical JSON, in hex. */
export const tracker = (ballot) => toHex(sha256(utf8(canonical(ballot))))
