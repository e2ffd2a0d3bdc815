import { beforeAll, describe, expect, it, vi } from 'vitest'
import * as echarts from 'echarts'
import { COLORS, barLabel, chartOption, escapeHtml } from './charts.js'

const PAYLOAD = '<img src=x onerror="window.__xss=1">'
const thresholds = { member_rate: 0.3, mass_rate: 0.3, yes_more_than: 2, score: 60 }

const results = {
  satisfaction: { kind: 'satisfaction', thresholds, subjects: [{ name: PAYLOAD, score: 80, member_score: 85, mass_score: 70, below_threshold: false }] },
  recommendation: { kind: 'recommendation', thresholds, candidates: [{ name: PAYLOAD, member_rate: 0.5, mass_rate: 0.4 }] },
  stage_vote: { kind: 'stage_vote', thresholds, should_attend: 4, candidates: [{ name: PAYLOAD, yes: 3, no: 1, abstain: 0 }] },
}

describe('chart tooltips', () => {
  // jsdom has no canvas; the SVG renderer only measures text with one.
  beforeAll(() => { vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null) })

  it('escapes markup in a name', () => {
    expect(escapeHtml(PAYLOAD)).toBe('&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;')
  })

  it('the satisfaction tooltip shows a name as text, never as markup', () => {
    const option = chartOption(results.satisfaction)
    const html = option.tooltip.formatter([{ name: PAYLOAD, value: 80, seriesName: '综合满意度' }])
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;img')
  })

  it.each(Object.keys(results))('the %s chart shown and hovered in a page runs no script from a name', async (kind) => {
    document.body.innerHTML = '<div id="c" style="width:600px;height:400px"></div>'
    const el = document.getElementById('c')
    Object.defineProperty(el, 'clientWidth', { value: 600 })
    Object.defineProperty(el, 'clientHeight', { value: 400 })
    const chart = echarts.init(el, null, { renderer: 'svg', width: 600, height: 400 })
    chart.setOption(chartOption(results[kind]))
    chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 0 })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(document.body.querySelector('img')).toBeNull()
    chart.dispose()
  })
})

describe('chart readability', () => {
  it('shrinks, then stands upright, the numbers on bars too narrow for them, and leaves them to the table below 10 px', () => {
    expect(barLabel(30, 200)).toEqual({ fontSize: 30 })
    expect(barLabel(30, 50).fontSize).toBe(15)
    const upright = barLabel(30, 20)
    expect(upright.rotate).toBe(90)
    expect(upright.fontSize).toBeGreaterThanOrEqual(10)
    expect(barLabel(30, 8)).toEqual({ show: false })
  })

  it('keeps fifteen names on one line each on a projector, standing them upright rather than breaking them', () => {
    const many = { kind: 'recommendation', thresholds, candidates: Array.from({ length: 15 }, (_, i) => ({ name: `候选人${i + 1}`, member_rate: 0.5, mass_rate: 0.4 })) }
    const axis = chartOption(many, { big: true, width: 900 }).xAxis.axisLabel
    expect(axis.overflow).toBeUndefined()
    expect(axis.fontSize >= 12 || axis.rotate === 90).toBe(true)
  })

  it('puts a number on every bar of every chart', () => {
    for (const kind of Object.keys(results)) {
      for (const series of chartOption(results[kind]).series) expect(series.label.show, `${kind} ${series.name}`).toBe(true)
    }
  })

  it('sizes projector text to the screen and keeps phone text at 14 px', () => {
    const named = { ...results.stage_vote, candidates: [{ name: '张三', yes: 3, no: 1, abstain: 0 }] }
    expect(chartOption(named, { big: true, width: 900 }).xAxis.axisLabel.fontSize).toBeGreaterThanOrEqual(30)
    expect(chartOption(named).xAxis.axisLabel.fontSize).toBe(14)
  })

  it('shows member, mass and overall satisfaction, a passing subject never painted as a no', () => {
    const option = chartOption(results.satisfaction)
    expect(option.series.map((s) => [s.name, s.data[0]])).toEqual([['党员评分', 85], ['群众评分', 70], ['综合满意度', 80]])
    expect(option.series.map((s) => s.itemStyle.color)).not.toContain(COLORS.no)
  })

  it('labels threshold lines past the end of the line, outside the bars', () => {
    const line = chartOption(results.satisfaction).series[2].markLine
    expect(line.label.position).toBe('end')
    expect(line.label.formatter).toBe('60 分')
  })

  it('draws one line when both recommendation thresholds are equal', () => {
    const lines = chartOption(results.recommendation).series.filter((s) => s.markLine)
    expect(lines).toHaveLength(1)
  })

  it('never skips a candidate name on the axis', () => {
    expect(chartOption(results.stage_vote, { big: true, width: 900 }).xAxis.axisLabel.interval).toBe(0)
  })
})

describe('statistics charts', () => {
  it('label every bar, keep every name and escape names in tooltips', async () => {
    const { planOption, flowOption, structureOption } = await import('./stats-charts.js')
    const rows = [{ org_name: PAYLOAD, planned_admissions: 4, admitted: 3 }]
    for (const option of [planOption(rows), flowOption({ applied: 5 }), structureOption({ women_pct: 40 })]) {
      for (const series of option.series) expect(series.label.show).toBe(true)
      expect(option.xAxis.axisLabel.interval).toBe(0)
    }
    const html = planOption(rows).tooltip.formatter([{ name: PAYLOAD, seriesName: '已发展', value: 3 }])
    expect(html).not.toContain('<img')
    expect(planOption(rows).series.map((s) => s.data[0])).toEqual([4, 3])
  })
})
