// The one way a page runs a request and tells what went wrong: `attempt(work)` clears the last message, runs
// `work`, and on a failure keeps its message (with the server's field messages) in `error` and resolves to
// undefined; `busy` is true meanwhile.
import { ref } from 'vue'

export function useAttempt() {
  const error = ref('')
  const busy = ref(false)
  async function attempt(work) {
    error.value = ''
    busy.value = true
    try {
      return await work()
    } catch (e) {
      error.value = (e && (e.fullMessage || e.message)) || '出现意外错误，请重试'
      return undefined
    } finally {
      busy.value = false
    }
  }
  return { error, busy, attempt }
}
