// ECharts options for a session's result against the thresholds the result carries (rates, half of
// should-attend, a score): nothing here knows the rules' numbers.

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Tooltips are HTML: every name in them comes from people and must be escaped. */
export const escapeHtml = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])

const markLine = (big) => (value, label, color) => ({
  silent: true, symbol: 'none', lineStyle: { color, type: 'dashed', width: 2 },
  label: { formatter: label, color, fontSize: big ? 18 : 12, position: 'insideEndTop' }, data: [{ yAxis: value }],
})

export function chartOption(result, big = false) {
  const font = big ? 20 : 12
  const line = markLine(big)
  const base = {
    animation: false,
    legend: { top: 0, textStyle: { fontSize: font } },
    grid: { left: 8, right: 16, bottom: 8, top: big ? 56 : 40, containLabel: true },
    tooltip: { trigger: 'axis' },
  }
  const limits = result.thresholds
  if (result.kind === 'recommendation') {
    const [member, mass] = [100 * limits.member_rate, 100 * limits.mass_rate]
    const names = result.candidates.map((c) => c.name)
    return {
      ...base,
      xAxis: { type: 'category', data: names, axisLabel: { fontSize: font } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%', fontSize: font } },
      series: [
        { name: '党员推荐率', type: 'bar', itemStyle: { color: '#c8161d' },
          data: result.candidates.map((c) => +(100 * (c.member_rate || 0)).toFixed(1)), markLine: line(member, `党员 ${member}%`, '#c8161d') },
        { name: '群众推荐率', type: 'bar', itemStyle: { color: '#f0a020' },
          data: result.candidates.map((c) => +(100 * (c.mass_rate || 0)).toFixed(1)), markLine: line(mass, `群众 ${mass}%`, '#d48806') },
      ],
    }
  }
  if (result.kind === 'stage_vote') {
    const half = limits.yes_more_than
    const names = result.candidates.map((c) => c.name)
    return {
      ...base,
      xAxis: { type: 'category', data: names, axisLabel: { fontSize: font } },
      yAxis: { type: 'value', minInterval: 1, max: Math.max(result.should_attend, 1), axisLabel: { fontSize: font } },
      series: [
        { name: '赞成', type: 'bar', itemStyle: { color: '#c8161d' }, data: result.candidates.map((c) => c.yes),
          markLine: line(half, `应到人数的一半 ${half}`, '#1989fa') },
        { name: '反对', type: 'bar', itemStyle: { color: '#646566' }, data: result.candidates.map((c) => c.no) },
        { name: '弃权', type: 'bar', itemStyle: { color: '#f0a020' }, data: result.candidates.map((c) => c.abstain) },
      ],
    }
  }
  return {
    ...base,
    legend: { show: false },
    xAxis: { type: 'category', data: result.subjects.map((s) => s.name), axisLabel: { fontSize: font, interval: 0 } },
    yAxis: { type: 'value', max: 100, axisLabel: { fontSize: font } },
    series: [{
      name: '满意度', type: 'bar', data: result.subjects.map((s) => ({
        value: s.score ?? 0, itemStyle: { color: s.below_threshold ? '#646566' : '#c8161d' },
      })),
      label: { show: true, position: 'top', fontSize: font }, markLine: line(limits.score, `${limits.score} 分`, '#1989fa'),
    }],
    tooltip: { trigger: 'axis', formatter: (p) => `${escapeHtml(p[0].name)}：${escapeHtml(p[0].value)} 分` },
  }
}

