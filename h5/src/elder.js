// 长辈模式 (elder-friendly mode): larger text and tap targets, kept on this device. The class sits on <html>, so the
// ballot, the console and every dialog follow it.
import { ref, watch } from 'vue'
import { setToastDefaultOptions } from 'vant'

const KEY = 'pq_elder'
const stored = () => {
  try {
    return localStorage.getItem(KEY) === '1'
  } catch {
    return false // storage blocked (private mode): the mode simply does not persist
  }
}

export const elderMode = ref(stored())

function apply(on) {
  if (typeof document !== 'undefined') document.documentElement.classList.toggle('elder', on)
  // No time limit on reading: in 长辈模式 a message stays until it is tapped away.
  setToastDefaultOptions(on ? { duration: 0, closeOnClick: true } : { duration: 2000, closeOnClick: false })
}

watch(elderMode, (on) => {
  try {
    localStorage.setItem(KEY, on ? '1' : '0')
  } catch {
    // see above
  }
  apply(on)
})
apply(elderMode.value)
