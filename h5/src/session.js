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

/** Who is logged in, once it is known (null when the login is gone). */
export async function loadMe() {
  if (current.value) return current.value
  if (!loading) useMe()
  try {
    await loading
  } catch {
    return null
  }
  return current.value
}

export function forgetMe() {
  current.value = null
}

/** Whether the server says the caller may use a place or take an action (`GET /auth/me` → `may`,
 * server/domain/capabilities.py); the server still checks every request. */
export const may = (who, capability) => Boolean(who && who.may && who.may.includes(capability))

export const isStaff = (who) => Boolean(who && who.role)
export const isSecretary = (who) => Boolean(who && who.role === 'secretary')
export const isOrganizer = (who) => Boolean(who && who.role === 'organizer')
