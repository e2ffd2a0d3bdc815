// How the installation runs: the schedule's last and next runs (the city's administrators).
import { get } from './request.js'

export const scheduleStatus = () => get('/schedule')
