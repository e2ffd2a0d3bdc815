// Phone or PC: one breakpoint for the whole console, followed as the window is resized.
import { onBeforeUnmount, onMounted, ref } from 'vue'

export const WIDE_QUERY = '(min-width: 1024px)'

/** True on a PC-width window (side navigation, tables); false on a phone (tab bar, cards). */
export function useWide() {
  const query = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(WIDE_QUERY) : null
  const wide = ref(Boolean(query && query.matches))
  const follow = (event) => { wide.value = event.matches }
  onMounted(() => query && query.addEventListener('change', follow))
  onBeforeUnmount(() => query && query.removeEventListener('change', follow))
  return wide
}
