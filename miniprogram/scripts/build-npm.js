// What WeChat DevTools' "构建 npm" does, without DevTools: copy each dependency's mini-program build (the
// directory named by its package.json "miniprogram" field) to miniprogram_npm/<name>, with its licence.
const fs = require('fs')
const path = require('path')

const root = path.resolve(__dirname, '..')
const { dependencies } = require(path.join(root, 'package.json'))
const out = path.join(root, 'miniprogram_npm')
fs.rmSync(out, { recursive: true, force: true })
for (const name of Object.keys(dependencies)) {
  const pkgDir = path.join(root, 'node_modules', name)
  const pkg = require(path.join(pkgDir, 'package.json'))
  const source = path.join(pkgDir, pkg.miniprogram || 'miniprogram_dist')
  const target = path.join(out, name)
  fs.cpSync(source, target, { recursive: true })
  for (const file of ['LICENSE', 'LICENSE.md']) {
    if (fs.existsSync(path.join(pkgDir, file))) fs.copyFileSync(path.join(pkgDir, file), path.join(target, file))
  }
  console.log(`miniprogram_npm/${name} ← ${name}@${pkg.version} (${pkg.license})`)
}
