// Who is logged in, loaded once per login and shared by the console pages.
import { ref } from 'vue'
import { me } from './api/auth.js'

const current = ref(null)
let loading = null

export function useMe() {
  if (!current.value && !loading) {
    loading = me().then((value) => { current.value = value }).finally(() => { loading = null })
  }
  return current
}

export function forgetMe() {
  current.value = null
}

export const isStaff = (who) => Boolean(who && who.role)
export const isSecretary = (who) => Boolean(who && who.role === 'secretary')
export const isOrganizer = (who) => Boolean(who && who.role === 'organizer')
