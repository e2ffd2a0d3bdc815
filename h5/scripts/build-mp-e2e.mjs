// The mini-program's copy of the end-to-end ballot protocol (h5/src/core/e2e.js with @noble/curves and
// @noble/hashes inside, one ES module): WeChat's npm build cannot take the ESM-only @noble packages, so the H5's
// own Vite bundles them. `make client-core` runs it; the output is committed like the other shared core files.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'

// The output directory is the mini-program's, or the one given (a test compares a fresh build with the committed file).
const out = process.argv[2] ? `${process.argv[2].replace(/\/$/, '')}/` : fileURLToPath(new URL('../../miniprogram/utils/core/', import.meta.url))
await build({
  configFile: false, logLevel: 'warn', root: fileURLToPath(new URL('..', import.meta.url)),
  build: {
    outDir: out, emptyOutDir: false, minify: true, target: 'es2020',
    lib: { entry: 'src/core/e2e.js', formats: ['cjs'], fileName: () => 'e2e.js' },
  },
})

const file = `${out}e2e.js`
writeFileSync(file, '// Generated from h5/src/core/e2e.js by h5/scripts/build-mp-e2e.mjs (make client-core); do not edit.\n'
  + '// Contains @noble/curves and @noble/hashes, (c) Paul Miller, MIT licence (https://paulmillr.com/noble/).\n'
  + readFileSync(file, 'utf8'))
