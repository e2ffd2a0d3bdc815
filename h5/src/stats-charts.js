// ECharts options of the statistics page. Colours as everywhere (charts.js): blue the Party members admitted, grey
// the plan; every bar carries its number; names stay whole (smaller, or upright) rather than overlap; tooltips escape names.
import { categories as nameAxis, COLORS, escapeHtml } from './charts.js'

const FONT = 14
const PLAN = '#8c8e91'

// An organization's name is never broken: smaller while it fits under its bars, else upright (charts.js).
const categories = (names, width) => nameAxis(names, FONT, Math.max(120, width - 60))
const labelled = { show: true, position: 'top', fontSize: FONT, color: '#1f1f1f' }
const tooltip = { trigger: 'axis', formatter: (p) => `${escapeHtml(p[0].name)}<br>${p.map((x) => `${escapeHtml(x.seriesName)}：${x.value ?? '—'}`).join('<br>')}` }

/** Plan against admissions, one pair of bars per organization directly under (click a bar to drill down). */
export function planOption(rows, width = 600) {
  return {
    animation: false, tooltip,
    legend: { top: 0, textStyle: { fontSize: FONT } },
    grid: { left: 8, right: 8, bottom: 8, top: 40, containLabel: true },
    xAxis: categories(rows.map((r) => r.org_name), width),
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: FONT } },
    series: [
      { name: '计划发展', type: 'bar', itemStyle: { color: PLAN }, label: labelled, barMaxWidth: 48, data: rows.map((r) => r.planned_admissions) },
      { name: '已发展', type: 'bar', itemStyle: { color: COLORS.member }, label: labelled, barMaxWidth: 48, data: rows.map((r) => r.admitted) },
    ],
  }
}

export const FLOW_STEPS = [['applied', '入党申请'], ['activists', '积极分子'], ['targets', '发展对象'], ['admitted', '发展党员'], ['full_members', '转正']]

/** The period's flow from application to full membership. */
export function flowOption(flow, width = 600) {
  return {
    animation: false, tooltip,
    grid: { left: 8, right: 8, bottom: 8, top: 24, containLabel: true },
    xAxis: categories(FLOW_STEPS.map(([, label]) => label), width),
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: FONT } },
    series: [{ name: '人数', type: 'bar', itemStyle: { color: COLORS.member }, label: labelled, barMaxWidth: 56,
      data: FLOW_STEPS.map(([key]) => flow[key] || 0) }],
  }
}

export const STRUCTURE_PARTS = [['women_pct', '女性'], ['young_pct', '35岁及以下'], ['college_pct', '大专及以上'], ['frontline_pct', '生产工作一线']]

/** The structure of the period's admissions, as shares. */
export function structureOption(structure, width = 600) {
  return {
    animation: false, tooltip,
    grid: { left: 8, right: 8, bottom: 8, top: 24, containLabel: true },
    xAxis: categories(STRUCTURE_PARTS.map(([, label]) => label), width),
    yAxis: { type: 'value', max: 100, axisLabel: { fontSize: FONT, formatter: '{value}%' } },
    series: [{ name: '占比（%）', type: 'bar', itemStyle: { color: COLORS.member }, barMaxWidth: 56,
      label: { ...labelled, formatter: (p) => (p.value == null ? '—' : `${p.value}%`) },
      data: STRUCTURE_PARTS.map(([key]) => structure[key]) }],
  }
}
