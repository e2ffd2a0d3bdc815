// One task of a special organizer, with its overdue mark; 完成 emits `done` with the task id.
const { TASK_KINDS } = require('../../utils/labels')

Component({
  properties: { task: { type: Object, value: {} } },
  data: { kindLabel: '' },
  observers: {
    task(task) {
      this.setData({ kindLabel: TASK_KINDS[task.kind] || task.kind || '' })
    },
  },
  methods: {
    done() {
      this.triggerEvent('done', { taskId: this.data.task.id })
    },
  },
})
