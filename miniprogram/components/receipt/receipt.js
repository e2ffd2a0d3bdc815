// The receipt after voting: copy it with a tap; once published, `check` asks the parent to verify it.
Component({
  properties: {
    receipt: { type: String, value: '' },
    published: { type: Boolean, value: false },
    counted: { type: String, value: '' }, // '', 'yes' or 'no'
  },
  methods: {
    copy() {
      wx.setClipboardData({ data: this.data.receipt })
    },
    check() {
      this.triggerEvent('check', { receipt: this.data.receipt })
    },
  },
})
