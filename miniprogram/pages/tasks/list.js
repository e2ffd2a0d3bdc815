// A special organizer's open tasks, soonest due first with overdue marks; done with a note.
const { withElder } = require('../../utils/elder')
const { listTasks, completeTask } = require('../../services/tasks')

Page(withElder({
  data: { tasks: [] },
  onShow() {
    this.load()
  },
  async load() {
    try {
      this.setData({ tasks: await listTasks(true) })
    } catch (error) {
      wx.showToast({ title: error.message, icon: 'none' })
    }
  },
  done(event) {
    wx.showModal({
      title: '完成任务',
      editable: true,
      placeholderText: '填写完成情况',
      success: async ({ confirm, content }) => {
        if (!confirm) return
        if (!content || !content.trim()) return wx.showToast({ title: '请填写完成情况', icon: 'none' })
        try {
          await completeTask(event.detail.taskId, content.trim())
          wx.showToast({ title: '已完成', icon: 'success' })
          this.load()
        } catch (error) {
          wx.showToast({ title: error.message, icon: 'none' })
        }
      },
    })
  },
}))
