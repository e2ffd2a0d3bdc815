// The 长辈模式 switch, always labelled in words (its state is never told by colour alone); the page keeps the state.
Component({
  properties: { on: { type: Boolean, value: false } },
  methods: {
    change(event) {
      this.triggerEvent('change', { value: event.detail.value })
    },
  },
})
