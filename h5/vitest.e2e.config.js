import { defineConfig } from 'vitest/config'

// Browser tests against a running server (E2E_BASE_URL); tests/e2e/test_h5_browser.py starts one and runs these.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.js'],
    testTimeout: 180000,
    hookTimeout: 60000,
    fileParallelism: false,
  },
})
