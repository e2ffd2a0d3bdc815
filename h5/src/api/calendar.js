// The working-day calendar the deadlines count on: its status, and each new year's official schedule.
import { get, request } from './request.js'

export const calendarStatus = () => get('/calendar')
export function importCalendar(year, file) {
  const form = new FormData()
  form.append('file', file)
  return request('POST', `/calendar/${year}/import`, { form })
}
