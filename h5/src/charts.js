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

/** Chart text for a width: phone-sized on a phone (never under 14 px), readable from the back row on a projector. */
export const fontFor = (width, big) => (big ? Math.round(Math.min(40, Math.max(18, width / 26))) : 14)

// A character of chart text is about 0.62 of its font size wide (digits and %), a Chinese one a whole font size.
const DIGIT = 0.66
const LEGEND_ROWS = 1.8 // the legend's height, in fonts

/**
 * The labels on the bars, sized to the room each bar has (`slot` px): the chart's font while it fits beside the next
 * bar's, smaller down to 12 px, then turned upright above the bar, so two numbers never run into each other; on
 * bars too thin even for that (many candidates on a phone) the numbers are left to the table beside the chart.
 */
export function barLabel(font, slot, chars = 5) {
  if (slot >= chars * DIGIT * font) return { fontSize: font }
  const fitted = Math.floor(slot / (chars * DIGIT))
  if (fitted >= 12) return { fontSize: fitted }
  const upright = Math.min(font, Math.floor(slot * 0.7))
  if (upright < 10) return { show: false }
  return { fontSize: upright, rotate: 90, align: 'left', verticalAlign: 'middle', distance: 4 }
}

const markLine = (font) => (value, label) => ({
  silent: true, symbol: 'none', lineStyle: { color: COLORS.line, type: 'dashed', width: 2 },
  label: { formatter: label, color: COLORS.line, fontSize: font, position: 'end', fontWeight: 600 }, data: [{ yAxis: value }],
})

const bar = (name, color, data, font, extra = {}) => ({
  name, type: 'bar', itemStyle: { color }, data, barMaxWidth: 96,
  label: { show: true, position: 'top', fontSize: font, color: '#1f1f1f', ...(extra.fit || {}), ...(extra.label || {}) },
  ...(extra.markLine ? { markLine: extra.markLine } : {}),
})

/** Names under their bars on one line each (a name is never broken): smaller while they fit, else upright. */
export function categories(names, font, plot) {
  const per = plot / Math.max(names.length, 1)
  const longest = Math.max(1, ...names.map((n) => [...n].length))
  const fitted = Math.min(font, Math.floor((per * 0.92) / longest))
  const axisLabel = fitted >= 12 ? { fontSize: fitted, interval: 0 }
    : { fontSize: Math.max(10, Math.min(font, Math.floor(per * 0.55))), interval: 0, rotate: 90 }
  return { type: 'category', data: names, axisLabel }
}

export function chartOption(result, { big = false, width = 600 } = {}) {
  const font = fontFor(width, big)
  const line = markLine(font)
  const count = (result.candidates || result.subjects || []).length
  const plot = Math.max(120, width - font * 8) // less the value axis and the threshold labels on the right
  const seriesCount = result.kind === 'recommendation' ? 2 : 3
  // ECharts' bars: 80 % of a category's width (barCategoryGap 20 %), 30 % of a bar between two bars (barGap)
  const fit = barLabel(font, ((plot / Math.max(count, 1)) * 0.8) / (seriesCount + 0.3 * (seriesCount - 1)))
  const labelRoom = fit.show === false ? font * 0.8 : fit.rotate ? 5 * DIGIT * fit.fontSize + 8 : fit.fontSize * 1.6 // above the tallest bar
  const base = {
    animation: false,
    legend: { top: 0, textStyle: { fontSize: font }, itemWidth: font * 1.4, itemHeight: font * 0.8 },
    // room on the right for the threshold labels, which sit past the end of their line, and on top for the legend
    // and the numbers over a full bar
    grid: { left: 8, right: font * 5, bottom: 8, top: Math.round(font * LEGEND_ROWS + labelRoom), containLabel: true },
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
      xAxis: categories(names, font, plot),
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%', fontSize: font } },
      series: [
        bar('党员推荐率', COLORS.member, result.candidates.map((c) => +(100 * (c.member_rate || 0)).toFixed(1)), font,
          { fit, label: percent, markLine: line(member, same ? `${member}%` : `党员 ${member}%`) }),
        bar('群众推荐率', COLORS.mass, result.candidates.map((c) => +(100 * (c.mass_rate || 0)).toFixed(1)), font,
          { fit, label: percent, markLine: same ? undefined : line(mass, `群众 ${mass}%`) }),
      ],
    }
  }
  if (result.kind === 'stage_vote') {
    const half = limits.yes_more_than
    const names = result.candidates.map((c) => c.name)
    return {
      ...base,
      xAxis: categories(names, font, plot),
      yAxis: { type: 'value', minInterval: 1, max: Math.max(result.should_attend, 1), axisLabel: { fontSize: font } },
      series: [
        bar('赞成', COLORS.yes, result.candidates.map((c) => c.yes), font, { fit, markLine: line(half, `半数 ${half}`) }),
        bar('反对', COLORS.no, result.candidates.map((c) => c.no), font, { fit }),
        bar('弃权', COLORS.abstain, result.candidates.map((c) => c.abstain), font, { fit }),
      ],
    }
  }
  const subjects = result.subjects
  const scoreOf = (key) => subjects.map((s) => (s[key] == null ? null : +Number(s[key]).toFixed(1)))
  return {
    ...base,
    xAxis: categories(subjects.map((s) => s.name), font, plot),
    yAxis: { type: 'value', max: 100, axisLabel: { fontSize: font } },
    series: [
      bar('党员评分', COLORS.member, scoreOf('member_score'), font, { fit }),
      bar('群众评分', COLORS.mass, scoreOf('mass_score'), font, { fit }),
      bar('综合满意度', COLORS.overall, scoreOf('score'), font, { fit, markLine: line(limits.score, `${limits.score} 分`) }),
    ],
    tooltip: {
      trigger: 'axis',
      formatter: (p) => `${escapeHtml(p[0].name)}<br>${p.map((x) => `${escapeHtml(x.seriesName)}：${escapeHtml(x.value ?? '—')} 分`).join('<br>')}`,
    },
  }
}
