const { resultRows, warnings } = require('../utils/results')

test('a stage vote shows yes / no / abstain and 通过 only where the server says passed', () => {
  const { rows, summary } = resultRows({ kind: 'stage_vote', should_attend: 11, present: 10, quorum_met: true,
    thresholds: { present_more_than: 5.5, yes_more_than: 5.5 },
    candidates: [{ id: 1, name: '甲', yes: 6, no: 4, abstain: 0, passed: true }, { id: 2, name: '乙', yes: 5, no: 0, abstain: 5, passed: false }] })
  expect(rows.map((r) => [r.name, r.mark, r.figures])).toEqual([['甲', '通过', '赞成 6 · 反对 4 · 弃权 0'], ['乙', '未通过', '赞成 5 · 反对 0 · 弃权 5']])
  expect(summary).toContain('应到 11 人，实到 10 人')
})

test('a stage vote counts those present for the quorum and names written opinions beside them', () => {
  const { summary } = resultRows({ kind: 'stage_vote', should_attend: 10, present: 4, absentee: 2, quorum_met: false,
    thresholds: { present_more_than: 5, yes_more_than: 5 }, candidates: [] })
  expect(summary).toContain('应到 10 人，实到 4 人，不足法定人数（另有书面意见 2 份，计入票数，不计入到会人数）')
})

test('recommendation rates are percentages and satisfaction scores have two decimals', () => {
  const rec = resultRows({ kind: 'recommendation', thresholds: { member_rate: 0.7, mass_rate: 0.5 }, groups: { member: { denominator: 10, absentee: 1 } },
    candidates: [{ id: 1, name: '甲', member_votes: 7, member_rate: 0.7, mass_votes: 15, mass_rate: 0.5, qualifies: true }] })
  expect(rec.rows[0].figures).toBe('党员 7 票 70.0% · 群众 15 票 50.0%')
  const sat = resultRows({ kind: 'satisfaction', thresholds: { score: 80 }, subjects: [{ id: 0, name: '支部工作', score: 80, member_score: 85, mass_score: null, below_threshold: false }] })
  expect([sat.rows[0].figures, sat.rows[0].mark]).toEqual(['综合 80.00 分 · 党员 85.00 · 群众 —', '达标'])
})

test('a recommendation says 符合条件 and, first, a group at or under half attendance; a stage vote its missed quorum', () => {
  const rec = { kind: 'recommendation', thresholds: { member_rate: 0.7, mass_rate: 0.5 }, groups: { member: { denominator: 1, absentee: 0 } },
    candidates: [{ id: 1, name: '甲', member_votes: 1, member_rate: 1, mass_votes: 20, mass_rate: 1, qualifies: true }],
    attendance_warnings: [{ group: 'member', message: '党员应到 26 人，实到 1 人，未超过一半' }] }
  expect(resultRows(rec).rows[0].mark).toBe('符合条件')
  expect(warnings(rec)).toEqual(['党员应到 26 人，实到 1 人，未超过一半：推荐结果仅供党委研究时参考'])
  expect(warnings({ kind: 'stage_vote', quorum_met: false, should_attend: 11, present: 4 }))
    .toEqual(['不足法定人数：应到 11 人，实到 4 人，本次票决无效'])
})
