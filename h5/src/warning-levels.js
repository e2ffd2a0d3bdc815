// What each warning level asks for and how it is shown, in one place for the warning form, a proposal's form and the
// lists: 口头告知 records how and to whom; 黄牌警告 names the responsible persons and its deadline defaults to the
// report date; the others need a deadline. Colours by severity, always beside the level's name (never alone).
export const LEVEL_COLORS = { verbal: '#1c5fb8', letter: '#9a5b00', yellow: '#a8071a' }
export const levelColor = (level) => LEVEL_COLORS[level]

/** Whether the level's own fields are filled in (the facts and the target are the form's business). */
export function levelFieldsReady(form) {
  if (form.level !== 'yellow' && !form.deadline) return false
  if (form.level === 'verbal' && !form.told_to.trim()) return false
  return form.level !== 'yellow' || Boolean(form.responsible_persons.trim())
}

/** The level's part of the request: only the fields the level takes. */
export function levelPayload(form) {
  const verbal = form.level === 'verbal'
  return {
    level: form.level,
    deadline: form.deadline || undefined,
    told_how: verbal ? form.told_how : undefined,
    told_to: verbal ? form.told_to : undefined,
    responsible_persons: form.level === 'yellow' ? form.responsible_persons : undefined,
  }
}
