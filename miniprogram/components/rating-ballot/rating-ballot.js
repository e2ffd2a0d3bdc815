// One answer per option from a fixed scale: 四票决 (赞成/反对/弃权) and 双评议 (four grades).
// Emits `change` with the whole {option id: value} map.
Component({
  properties: {
    elder: { type: Boolean, value: false }, // 长辈模式: larger names and choices
    options: { type: Array, value: [] },
    scale: { type: Array, value: [] },
    hint: { type: String, value: '' },
    value: { type: Object, value: {} },
  },
  methods: {
    choose(event) {
      const { id, value } = event.currentTarget.dataset
      const next = Object.assign({}, this.data.value, { [id]: value })
      this.setData({ value: next })
      this.triggerEvent('change', { value: next })
    },
  },
})
