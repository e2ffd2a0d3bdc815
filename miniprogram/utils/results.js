// A session's result as rows of text with their marks; the rules' numbers come with the result (`thresholds`).
const pct = (rate) => (rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`)

function resultRows(result) {
  const limits = result.thresholds || {}
  if (result.kind === 'recommendation') {
    return {
      summary: `党员推荐率 ≥ ${pct(limits.member_rate)} 且群众推荐率 ≥ ${pct(limits.mass_rate)} 为符合条件（党员计算基数 ${result.groups.member.denominator}，含书面意见 ${result.groups.member.absentee} 份）`,
      rows: result.candidates.map((c) => ({ id: c.id, name: c.name, pass: c.qualifies, mark: c.qualifies ? '通过' : '未通过',
        figures: `党员 ${c.member_votes} 票 ${pct(c.member_rate)} · 群众 ${c.mass_votes} 票 ${pct(c.mass_rate)}` })),
    }
  }
  if (result.kind === 'stage_vote') {
    return {
      summary: `应到 ${result.should_attend} 人，实到 ${result.present} 人，${result.quorum_met ? '会议有效' : '不足法定人数'}；赞成票超过 ${limits.yes_more_than} 票（应到人数的一半）为通过`,
      rows: result.candidates.map((c) => ({ id: c.id, name: c.name, pass: c.passed, mark: c.passed ? '通过' : '未通过',
        figures: `赞成 ${c.yes} · 反对 ${c.no} · 弃权 ${c.abstain}` })),
    }
  }
  return {
    summary: `满意度低于 ${limits.score} 分的须整改或提醒谈话`,
    rows: result.subjects.map((s) => ({ id: s.id, name: s.name, pass: !s.below_threshold,
      mark: s.below_threshold ? `低于${limits.score}分` : '达标', figures: `${Number(s.score).toFixed(2)} 分` })),
  }
}

module.exports = { resultRows }
