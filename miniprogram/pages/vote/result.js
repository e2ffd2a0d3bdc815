// The published result in the same terms as the meeting screen: 符合条件 for a 两推荐 (the committee decides),
// 通过 / 未通过 for a 四票决, and first what must be read before the rows (low attendance, a missed quorum).
const { withElder } = require('../../utils/elder')
const voting = require('../../services/voting')
const { resultRows, warnings } = require('../../utils/results')

Page(withElder({
  data: { result: null, rows: [], summary: '', warnings: [], error: '' },
  async onLoad({ session, receipt }) {
    try {
      const result = await voting.sessionResult(session, { receipt: receipt && decodeURIComponent(receipt) })
      this.setData({ result, ...resultRows(result), warnings: warnings(result) })
    } catch (error) {
      this.setData({ error: error.message })
    }
  },
}))
