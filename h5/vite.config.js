import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { VantResolver } from '@vant/auto-import-resolver'

// Served by Flask at /h5/; `npm run dev` proxies the API to the Flask dev server.
export default defineConfig({
  base: '/h5/',
  plugins: [vue(), Components({ resolvers: [VantResolver()], dts: false })],
  build: { outDir: 'dist', emptyOutDir: true, manifest: true, chunkSizeWarningLimit: 700 },
  server: { proxy: { '/api': 'http://127.0.0.1:5000' } },
})
