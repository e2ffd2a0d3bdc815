import { beforeAll, describe, expect, it, vi } from 'vitest'
import * as echarts from 'echarts'
import { chartOption, escapeHtml } from './charts.js'

const PAYLOAD = '<img src=x onerror="window.__xss=1">'
const thresholds = { member_rate: 0.3, mass_rate: 0.3, yes_more_than: 2, score: 60 }

const results = {
  satisfaction: { kind: 'satisfaction', thresholds, subjects: [{ name: PAYLOAD, score: 80, below_threshold: false }] },
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
    const html = option.tooltip.formatter([{ name: PAYLOAD, value: 80 }])
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
