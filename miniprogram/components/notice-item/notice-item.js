// One inbox item (notice or warning) with its unread mark; a tap emits `open` with the notice id.
Component({
  properties: { item: { type: Object, value: {} } },
  methods: {
    open() {
      this.triggerEvent('open', { noticeId: this.data.item.notice_id })
    },
  },
})
