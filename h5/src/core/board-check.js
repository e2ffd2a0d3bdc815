// The H5's own check of a session's public board (docs/verification.md), step by step so the page can show progress:
// the tellers' keys, every ballot's tracker and proofs, the sums, both partial decryptions and the totals. The rules
// (rates, quorum, the counts with paper and written opinions) are recomputed by tools/verify_board.py; here each
// total is solved from the sums and both tellers' parts.
import * as e2e from './e2e.js'

/** The checks, each `{ label, run }` where run() returns true when it holds; run them one by one. */
export function boardChecks(board) {
  const uid = board.session.uid
  const key = e2e.fromHex(board.public_key)
  const context = e2e.sessionContext(uid, key)
  const checks = board.tellers.map((t) => ({
    label: `${t.role === 'counter' ? '计票人' : '监票人'}的密钥证明`,
    run: () => e2e.verifyKnowledge(e2e.shareContext(uid, t.role), t.public_key, t.proof),
  }))
  checks.push({ label: '表决公钥 = 两人份额之和', run: () => e2e.addHex(...board.tellers.map((t) => t.public_key)) === board.public_key })
  const sums = {}
  for (const [group, rows] of Object.entries(board.ballots)) {
    rows.forEach((row, i) => checks.push({
      label: `${group === 'member' ? '党员' : '群众代表'}选票 ${i + 1}/${rows.length}`,
      run: () => {
        if (e2e.tracker(row.ballot) !== row.tracker || !e2e.verifyBallot(context, key, board.questions, row.ballot)) return false
        row.ballot.questions.forEach((q, qi) => q.options.forEach((o, oi) => {
          const at = `${group}|${board.questions[qi].key}|${board.questions[qi].options[oi]}`
          sums[at] = sums[at] ? [e2e.addHex(sums[at][0], o.alpha), e2e.addHex(sums[at][1], o.beta)] : [o.alpha, o.beta]
        }))
        return true
      },
    }))
  }
  const zero = '00'.repeat(32)
  checks.push({
    label: '合计 = 各选票密文之和',
    run: () => board.aggregates.every((e) => {
      const [a, b] = sums[`${e.group}|${e.question}|${e.option}`] || [zero, zero]
      return a === e.alpha && b === e.beta
    }),
  })
  for (const d of board.decryptions) {
    const share = board.tellers.find((t) => t.role === d.role).public_key
    checks.push({
      label: `${d.role === 'counter' ? '计票人' : '监票人'}的解密证明`,
      run: () => d.parts.length === board.aggregates.length
        && d.parts.every((p, i) => e2e.verifyPartial(context, share, board.aggregates[i].alpha, p.d, p.proof)),
    })
  }
  checks.push({
    label: '解出每项合计的票数',
    run: () => board.aggregates.every((e, i) => {
      const rest = e2e.subHex(e.beta, e2e.addHex(...board.decryptions.map((d) => d.parts[i].d)))
      return e2e.smallLog(rest, board.ballot_counts[e.group]) >= 0
    }),
  })
  return checks
}
