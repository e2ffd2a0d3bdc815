const { installWx } = require('./wx-mock')
const { isElder, setElder, withElder } = require('../utils/elder')

beforeEach(() => installWx())

test('长辈模式 follows WeChat\'s font size until the user chooses', () => {
  wx.getSystemInfoSync = () => ({ fontSizeSetting: 17 })
  expect(isElder()).toBe(false)
  wx.getSystemInfoSync = () => ({ fontSizeSetting: 22 })
  expect(isElder()).toBe(true)
  setElder(false) // the user's own choice wins over WeChat's setting
  expect(isElder()).toBe(false)
})

test('a page shows in 长辈模式 once it is switched on, and keeps its own onShow', () => {
  wx.getSystemInfoSync = () => ({ fontSizeSetting: 17 })
  const shown = []
  const page = withElder({ data: { n: 1 }, onShow() { shown.push(this.data.elder) } })
  const instance = { data: { ...page.data }, setData(values) { Object.assign(this.data, values) } }
  page.onShow.call(instance)
  page.toggleElder.call(instance, { detail: { value: true } })
  page.onShow.call(instance)
  expect(shown).toEqual([false, true])
  expect(instance.data).toMatchObject({ n: 1, elder: true })
  expect(wx.getStorageSync('pq_elder')).toBe('1')
})
