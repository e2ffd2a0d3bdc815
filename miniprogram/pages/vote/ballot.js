// The ballot, opened from the meeting screen's QR (a link with ?join= or a mini-program code's scene),
// a slip's QR (#code=), or 扫码投票. Same confirmation, receipt and messages as the H5.
const { withElder } = require('../../utils/elder')
const { credentialFromOptions, fromLink } = require('../../utils/launch')
const { GROUPS, voteErrorAdvice, describeAnswers } = require('../../utils/labels')
const { buildAnswers, optionsOf, scaleOf, unmarked } = require('../../utils/core/voting-core')
const voting = require('../../services/voting')

Page(withElder({
  data: { loading: false, submitting: false, form: null, options: [], choices: [], ratings: {}, scale: [], hint: '',
    groupLabel: '', missing: 0, problem: null, pending: null },

  onLoad(options) {
    this.credential = credentialFromOptions(options)
    if (!this.credential) return this.setData({ problem: { message: '没有找到投票凭证，请扫描会场大屏或票码条上的二维码。', action: 'rescan' } })
    this.load()
  },

  async load() {
    this.setData({ loading: true, problem: null })
    try {
      const form = await voting.ballotForm(this.credential)
      if (form.join) this.credential = { join: form.join } // the member's own ticket outlasts the 30-second QR
      const options = optionsOf(form)
      this.setData({ form, options, groupLabel: GROUPS[form.group], scale: scaleOf(form.kind) || [],
        hint: form.kind === 'stage_vote' ? '请对每位人选选择“赞成”“反对”或“弃权”' : '请对每一项评议对象选择满意程度',
        missing: unmarked(form.kind, options, {}) })
    } catch (error) {
      this.explain(error)
    } finally {
      this.setData({ loading: false })
    }
  },

  explain(error) {
    const problem = voteErrorAdvice(error)
    const update = { problem }
    if (error.code === 'already_voted' || error.code === 'session_closed') update.form = null
    this.setData(update)
  },

  onChoices(event) {
    this.setData({ choices: event.detail.value })
  },

  onRatings(event) {
    const ratings = event.detail.value
    this.setData({ ratings, missing: unmarked(this.data.form.kind, this.data.options, ratings) })
  },

  answers() {
    const { form, choices, ratings } = this.data
    return buildAnswers(form.kind, { choices, marks: ratings })
  },

  confirm() {
    const answers = this.answers()
    wx.showModal({
      title: '请确认您的选择',
      content: describeAnswers(this.data.form.kind, answers, this.data.options).join('\n') + '\n提交后不能修改。',
      confirmText: '确认提交',
      cancelText: '返回修改',
      success: ({ confirm }) => confirm && this.seal(answers),
    })
  },

  /** Encrypt and prove the ballot when the session is sealed by its tellers (a second at most), then send it. */
  async seal(answers) {
    const form = this.data.form
    if (form.sealing) wx.showLoading({ title: '正在加密选票…', mask: true })
    let submission
    try {
      submission = voting.prepareSubmission(form.session_id, this.credential, answers, await voting.sealerFor(form))
    } catch (error) {
      this.explain(error)
      return
    } finally {
      if (form.sealing) wx.hideLoading()
    }
    await this.submit(submission)
  },

  resend() {
    this.submit(this.data.pending)
  },

  async submit(submission) {
    this.setData({ submitting: true, problem: null })
    try {
      await voting.castBallot(submission)
      this.setData({ pending: null })
      wx.redirectTo({ url: `/pages/vote/receipt?session=${submission.session_id}` })
    } catch (error) {
      if (voteErrorAdvice(error).action === 'retry') this.setData({ pending: submission })
      this.explain(error)
    } finally {
      this.setData({ submitting: false })
    }
  },

  rescan() {
    wx.scanCode({
      success: ({ result }) => {
        const credential = fromLink(result)
        if (!credential) return wx.showToast({ title: '不是本平台的投票二维码', icon: 'none' })
        this.credential = credential
        this.load()
      },
    })
  },

  goBind() {
    wx.navigateTo({ url: '/pages/bind/bind' })
  },

  onShow() {
    if (this.data.problem && this.data.problem.action === 'bind') this.load() // back from binding
  },
}))
