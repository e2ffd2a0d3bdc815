// ECharts options for a session's result against the thresholds the result carries (rates, half of
// should-attend, a score): nothing here knows the rules' numbers.
//
// One colour means one thing on every chart and table: green is a yes / a pass, red a no / a fail, blue the Party
// members, amber the mass representatives, grey an abstention; threshold lines are dark and dashed, labelled
// outside the bars so no bar hides them. Every bar carries its number, so colour is never the only way to read it.

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Tooltips are HTML: every name in them comes from people and must be escaped. */
export const escapeHtml = (text) => String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])

export const COLORS = { yes: '#05693a', no: '#c8161d', abstain: '#8c8e91', member: '#1c5fb8', mass: '#a15c00',
  overall: '#323233', line: '#323233' }

/** Chart text for a width: phone-sized on a phone, readable from the back row on a projector. */
export const fontFor = (width, big) => (big ? Math.round(Math.min(40, Math.max(18, width / 26))) : 13)

const markLine = (font) => (value, label) => ({
  silent: true, symbol: 'none', lineStyle: { color: COLORS.line, type: 'dashed', width: 2 },
  label: { formatter: label, color: COLORS.line, fontSize: font, position: 'end', fontWeight: 600 }, data: [{ yAxis: value }],
})

const bar = (name, color, data, font, extra = {}) => ({
  name, type: 'bar', itemStyle: { color }, data, barMaxWidth: 96,
  label: { show: true, position: 'top', fontSize: font, color: '#1f1f1f', ...(extra.label || {}) },
  ...(extra.markLine ? { markLine: extra.markLine } : {}),
})

/** Category labels at full width of their slot, broken onto lines rather than overlapping. */
const categories = (names, font, width) => ({
  type: 'category', data: names,
  axisLabel: { fontSize: font, interval: 0, width: Math.max(font * 2, (0.8 * width) / Math.max(names.length, 1)), overflow: 'break' },
})

export function chartOption(result, { big = false, width = 600 } = {}) {
  const font = fontFor(width, big)
  const line = markLine(font)
  const base = {
    animation: false,
    legend: { top: 0, textStyle: { fontSize: font }, itemWidth: font * 1.4, itemHeight: font * 0.8 },
    // room on the right for the threshold labels, which sit past the end of their line
    grid: { left: 8, right: font * 5, bottom: 8, top: font * 3.2, containLabel: true },
    tooltip: { trigger: 'axis' },
  }
  const limits = result.thresholds
  const percent = { formatter: '{c}%' }
  if (result.kind === 'recommendation') {
    const [member, mass] = [+(100 * limits.member_rate).toFixed(1), +(100 * limits.mass_rate).toFixed(1)]
    const names = result.candidates.map((c) => c.name)
    const same = member === mass // one line, not two labels on top of each other
    return {
      ...base,
      xAxis: categories(names, font, width),
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%', fontSize: font } },
      series: [
        bar('党员推荐率', COLORS.member, result.candidates.map((c) => +(100 * (c.member_rate || 0)).toFixed(1)), font,
          { label: percent, markLine: line(member, same ? `${member}%` : `党员 ${member}%`) }),
        bar('群众推荐率', COLORS.mass, result.candidates.map((c) => +(100 * (c.mass_rate || 0)).toFixed(1)), font,
          { label: percent, markLine: same ? undefined : line(mass, `群众 ${mass}%`) }),
      ],
    }
  }
  if (result.kind === 'stage_vote') {
    const half = limits.yes_more_than
    const names = result.candidates.map((c) => c.name)
    return {
      ...base,
      xAxis: categories(names, font, width),
      yAxis: { type: 'value', minInterval: 1, max: Math.max(result.should_attend, 1), axisLabel: { fontSize: font } },
      series: [
        bar('赞成', COLORS.yes, result.candidates.map((c) => c.yes), font, { markLine: line(half, `半数 ${half}`) }),
        bar('反对', COLORS.no, result.candidates.map((c) => c.no), font),
        bar('弃权', COLORS.abstain, result.candidates.map((c) => c.abstain), font),
      ],
    }
  }
  const subjects = result.subjects
  const scoreOf = (key) => subjects.map((s) => (s[key] == null ? null : +Number(s[key]).toFixed(1)))
  return {
    ...base,
    xAxis: categories(subjects.map((s) => s.name), font, width),
    yAxis: { type: 'value', max: 100, axisLabel: { fontSize: font } },
    series: [
      bar('党员评分', COLORS.member, scoreOf('member_score'), font),
      bar('群众评分', COLORS.mass, scoreOf('mass_score'), font),
      bar('综合满意度', COLORS.overall, scoreOf('score'), font, { markLine: line(limits.score, `${limits.score} 分`) }),
    ],
    tooltip: {
      trigger: 'axis',
      formatter: (p) => `${escapeHtml(p[0].name)}<br>${p.map((x) => `${escapeHtml(x.seriesName)}：${escapeHtml(x.value ?? '—')} 分`).join('<br>')}`,
    },
  }
}
