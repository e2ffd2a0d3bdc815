// What each warning level asks for, read from the server's WarningLevel (generated into core/vocab.js), for the
// warning form, a proposal's form, an escalation and the lists: a level told in person records how and to whom; a
// yellow card names the responsible persons, is circulated, and its deadline defaults to the report date; the
// others need a deadline.
// Colours by severity are the H5's own, always beside the level's name (never alone).
import { WARNING_LEVEL_RULES } from './core/vocab.js'

export const LEVEL_COLORS = { verbal: '#1c5fb8', letter: '#9a5b00', yellow: '#a8071a' }
export const levelColor = (level) => LEVEL_COLORS[level]
export const levelRules = (level) => WARNING_LEVEL_RULES[level] || {}

/** Whether the level's own fields are filled in (the facts and the target are the form's business). */
export function levelFieldsReady(form) {
  const rules = levelRules(form.level)
  if (rules.deadline_required && !form.deadline) return false
  if (rules.told_in_person && !form.told_to.trim()) return false
  return !rules.yellow_card || Boolean(form.responsible_persons.trim())
}

/** The level's part of the request: only the fields the level takes; a yellow card is circulated within the
 * issuer's own organization (`circulateTo`) when the form says so. */
export function levelPayload(form, circulateTo) {
  const rules = levelRules(form.level)
  return {
    level: form.level,
    deadline: form.deadline || undefined,
    told_how: rules.told_in_person ? form.told_how : undefined,
    told_to: rules.told_in_person ? form.told_to : undefined,
    responsible_persons: rules.yellow_card ? form.responsible_persons : undefined,
    circulate_org_ids: rules.yellow_card && form.circulate && circulateTo ? [circulateTo] : undefined,
  }
}

/** A new empty form for a level's fields. */
export const levelForm = (level) => ({ level, deadline: '', told_how: 'face_to_face', told_to: '', responsible_persons: '', circulate: true })
