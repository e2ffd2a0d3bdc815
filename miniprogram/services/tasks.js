// A special organizer's tasks.
const { get, post } = require('../utils/request')

const listTasks = (openOnly = true) => get('/tasks', { open_only: openOnly }).then((r) => r.items)
const completeTask = (taskId, note) => post(`/tasks/${taskId}/done`, { note })

module.exports = { listTasks, completeTask }
