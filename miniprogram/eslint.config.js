// eslint for the mini-program (make test runs it): recommended rules, WeChat's globals, jest in tests.
const js = require('@eslint/js')
const globals = require('globals')

// The mini-program's JavaScript runtime: WeChat's API and the timers it provides (no DOM).
const wechat = { wx: 'readonly', App: 'readonly', Page: 'readonly', Component: 'readonly', getApp: 'readonly',
  getCurrentPages: 'readonly', Behavior: 'readonly', requirePlugin: 'readonly', setTimeout: 'readonly',
  clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', console: 'readonly' }

module.exports = [
  { ignores: ['node_modules/**', 'miniprogram_npm/**', 'utils/core/e2e.js'] }, // e2e.js: a generated bundle
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'commonjs', globals: { ...wechat } },
    rules: { 'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }] },
  },
  // The shared voting core is an ES module (copied from the H5; WeChat's compiler turns it into CommonJS).
  { files: ['utils/core/**/*.js'], languageOptions: { sourceType: 'module' } },
  { files: ['tests/**/*.js'], languageOptions: { globals: { ...globals.jest, ...globals.node, ...globals.browser } } },
  { files: ['scripts/**/*.js', '*.config.js'], languageOptions: { globals: { ...globals.node } } },
]
