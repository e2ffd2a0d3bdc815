// A session's result as rows of text with their marks; the rules' numbers come with the result (`thresholds`).
const pct = (rate) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`)

/** What must be read before the rows: groups at or under half attendance, a 四票决 without quorum. */
function warnings(result) {
  const list = (result.attendance_warnings || []).map((w) => `${w.message}${result.kind === 'recommendation' ? '：推荐结果仅供党委研究时参考' : '：评议结果代表性不足'}`)
  if (result.kind === 'stage_vote' && result.quorum_met === false) {
    list.push(`不足法定人数：应到 ${result.should_attend} 人，实到 ${result.present} 人，本次票决无效`)
  }
  return list
}

function resultRows(result) {
  const limits = result.thresholds || {}
  if (result.kind === 'recommendation') {
    return {
      summary: `党员推荐率 ≥ ${pct(limits.member_rate)} 且群众推荐率 ≥ ${pct(limits.mass_rate)} 为符合条件（党员计算基数 ${result.groups.member.denominator}，含书面意见 ${result.groups.member.absentee} 份）`,
      rows: result.candidates.map((c) => ({ id: c.id, name: c.name, pass: c.qualifies, mark: c.qualifies ? '符合条件' : '不符合条件',
        figures: `党员 ${c.member_votes} 票 ${pct(c.member_rate)} · 群众 ${c.mass_votes} 票 ${pct(c.mass_rate)}` })),
    }
  }
  if (result.kind === 'stage_vote') {
    return {
      summary: `应到 ${result.should_attend} 人，实到 ${result.present} 人，${result.quorum_met ? '会议有效' : '不足法定人数'}${result.absentee ? `（另有书面意见 ${result.absentee} 份，计入票数，不计入到会人数）` : ''}；赞成票超过 ${limits.yes_more_than} 票（应到人数的一半）为通过`,
      rows: result.candidates.map((c) => ({ id: c.id, name: c.name, pass: c.passed, mark: c.passed ? '通过' : '未通过',
        figures: `赞成 ${c.yes} · 反对 ${c.no} · 弃权 ${c.abstain}` })),
    }
  }
  return {
    summary: `满意度低于 ${limits.score} 分的须整改或提醒谈话`,
    rows: result.subjects.map((s) => ({ id: s.id, name: s.name, pass: !s.below_threshold,
      mark: s.below_threshold ? `低于${limits.score}分` : '达标',
      figures: `综合 ${score(s.score)} 分 · 党员 ${score(s.member_score)} · 群众 ${score(s.mass_score)}` })),
  }
}

function score(value) {
  return value === null || value === undefined ? '—' : Number(value).toFixed(2)
}

module.exports = { resultRows, warnings }
