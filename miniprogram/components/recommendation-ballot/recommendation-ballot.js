// 两推荐: tick up to max_choices candidates; ticking none is a blank ballot. Emits `change` with the ids.
Component({
  properties: {
    elder: { type: Boolean, value: false }, // 长辈模式: larger names and choices
    candidates: { type: Array, value: [] },
    maxChoices: { type: Number, value: 0 },
    value: { type: Array, value: [] },
  },
  data: { rows: [], limit: 0, full: false },
  observers: {
    'candidates, maxChoices, value': function refresh(candidates, maxChoices, value) {
      const limit = maxChoices || candidates.length
      const full = value.length >= limit
      const rows = candidates.map((c) => {
        const chosen = value.indexOf(c.id) >= 0
        return { id: c.id, name: c.name, chosen, disabled: full && !chosen }
      })
      this.setData({ rows, limit, full })
    },
  },
  methods: {
    toggle(event) {
      const id = event.currentTarget.dataset.id
      const { value } = this.data
      const chosen = value.indexOf(id) >= 0
      if (!chosen && this.data.full) return
      const next = chosen ? value.filter((x) => x !== id) : value.concat([id])
      this.setData({ value: next })
      this.triggerEvent('change', { value: next })
    },
  },
})
