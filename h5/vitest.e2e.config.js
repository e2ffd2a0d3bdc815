import { defineConfig } from 'vitest/config'

// Browser tests against a running server (E2E_BASE_URL); tests/e2e/test_h5_browser.py starts one and runs these.
// Files run side by side against one Chromium (e2e/global-setup.js); each makes its own branch, so they never meet.
// The two that change the whole server (the clock, the criteria scan over every organization) run afterwards, alone.
const WHOLE_SERVER = ['e2e/publicity.e2e.js', 'e2e/plans.e2e.js']
const shared = { environment: 'node', testTimeout: 180000, hookTimeout: 60000, globalSetup: ['e2e/global-setup.js'] }

export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'side-by-side', include: ['e2e/**/*.e2e.js'], exclude: WHOLE_SERVER, fileParallelism: true,
        maxWorkers: Number(process.env.E2E_WORKERS || 2) } },
      { test: { ...shared, name: 'whole-server', include: WHOLE_SERVER, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
})
