import { describe, expect, it } from 'vitest'
import { ristretto255 } from '@noble/curves/ed25519.js'
import * as e2e from './e2e.js'

const Point = ristretto255.Point
// RFC 9496 A.1: 2·B and 15·B.
const TWO_B = '6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919'
const FIFTEEN_B = 'e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e'

const secrets = [e2e.randomScalar(), e2e.randomScalar()]
const key = Point.BASE.multiply(secrets[0]).add(Point.BASE.multiply(secrets[1])).toBytes()
const context = e2e.sessionContext('s-1', key)

describe('the phone\'s end-to-end ballot', () => {
  it('uses the group of RFC 9496', () => {
    expect(e2e.toHex(Point.BASE.multiply(2n).toBytes())).toBe(TWO_B)
    expect(e2e.toHex(Point.BASE.multiply(15n).toBytes())).toBe(FIFTEEN_B)
  })

  it('builds a 两推荐 ballot whose proofs hold, and whose altered copy fails', () => {
    const questions = e2e.layout('choices', null, [3, 1, 2], 2)
    const ballot = e2e.encryptBallot(context, key, questions, { choices: [1, 3] })
    expect(e2e.verifyBallot(context, key, questions, ballot)).toBe(true)
    const altered = structuredClone(ballot)
    altered.questions[0].options[1].proof[0][1] = altered.questions[0].options[1].proof[1][1]
    expect(e2e.verifyBallot(context, key, questions, altered)).toBe(false)
    expect(e2e.verifyBallot(e2e.sessionContext('s-2', key), key, questions, ballot)).toBe(false)
  })

  it('refuses to prove more choices than the question allows', () => {
    const questions = e2e.layout('choices', null, [1, 2, 3], 1)
    expect(() => e2e.encryptBallot(context, key, questions, { choices: [1, 2] })).toThrow()
  })

  it('asks one of yes, no, abstain per candidate in a 四票决', () => {
    const questions = e2e.layout('votes', { yes: '赞成', no: '反对', abstain: '弃权' }, [5, 4], null)
    expect(questions.map((q) => q.key)).toEqual(['votes:4', 'votes:5'])
    const ballot = e2e.encryptBallot(context, key, questions, { votes: { 4: 'yes', 5: 'abstain' } })
    expect(e2e.verifyBallot(context, key, questions, ballot)).toBe(true)
    expect(e2e.tracker(ballot)).toMatch(/^[0-9a-f]{64}$/)
  })
})
