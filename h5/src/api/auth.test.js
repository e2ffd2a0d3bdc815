import { describe, expect, test } from 'vitest'
import { internalPath } from './auth.js'

describe('where a web-view link may send the console', () => {
  test.each([
    ['/stats', '/stats'], ['/plans?year=2026', '/plans?year=2026'], ['/roster', '/roster'],
    ['//evil.example', '/'], ['/\\evil.example', '/'], ['https://evil.example/', '/'], ['javascript:alert(1)', '/'],
    ['stats', '/'], ['', '/'], [null, '/'],
  ])('%s → %s', (given, expected) => {
    expect(internalPath(given)).toBe(expected)
  })
})
