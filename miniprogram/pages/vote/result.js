// The published result with 通过 / 未通过 marks, in the same terms as the meeting screen.
const voting = require('../../services/voting')
const { resultRows } = require('../../utils/results')

Page({
  data: { result: null, rows: [], summary: '', error: '' },
  async onLoad({ session, receipt }) {
    try {
      const result = await voting.sessionResult(session, { receipt: receipt && decodeURIComponent(receipt) })
      this.setData({ result, ...resultRows(result) })
    } catch (error) {
      this.setData({ error: error.message })
    }
  },
})
