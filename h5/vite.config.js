import { gzipSync } from 'node:zlib'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'

// A phone on a weak village signal downloads the ballot's scripts and styles gzipped: each text file of the
// build gets a .gz beside it, which Flask sends to browsers that accept gzip (server/h5.py).
function precompress(dir = 'dist') {
  const walk = (path) => statSync(path).isDirectory()
    ? readdirSync(path).flatMap((name) => walk(join(path, name))) : [path]
  return {
    name: 'precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(dir).filter((f) => /\.(js|css|html|svg)$/.test(f))) {
        const data = readFileSync(file)
        if (data.length >= 1024) writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }))
      }
    },
  }
}

// Vant's icon font comes inline (a woff2 data URL) with a remote woff fallback on alicdn.com, which the page's
// Content-Security-Policy refuses (a console error on every page): the build keeps the inline font only.
export function localIcons() {
  const remote = /,\s*url\((["']?)\/\/at\.alicdn\.com[^)]*\1\)\s*format\((["'])woff\2\)/g
  return {
    name: 'local-icons',
    enforce: 'pre',
    transform(code, id) {
      if (id.includes('vant') && id.endsWith('.css') && code.includes('at.alicdn.com')) {
        return { code: code.replace(remote, ''), map: null }
      }
      return null
    },
  }
}

// Served by Flask at /h5/; `npm run dev` proxies the API to the Flask dev server.
export default defineConfig({
  base: '/h5/',
  plugins: [localIcons(), vue(), Components({ resolvers: [VantResolver()], dts: false }), precompress()],
  build: { outDir: 'dist', emptyOutDir: true, manifest: true, chunkSizeWarningLimit: 700 },
  server: { proxy: { '/api': 'http://127.0.0.1:5000' } },
})
