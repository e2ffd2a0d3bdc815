// What WeChat DevTools would check when opening the project, checked here without it: every page and
// component of app.json exists, every usingComponents path resolves (Vant Weapp after `npm run build:npm`),
// and every WXML file compiles with the official WXML compiler.
const fs = require('fs')
const path = require('path')
const { execFileSync } = require('child_process')
const utils = require('miniprogram-simulate/src/utils')

const ROOT = path.join(__dirname, '..')
const app = JSON.parse(fs.readFileSync(path.join(ROOT, 'app.json'), 'utf8'))
const pages = [...app.pages, ...app.subPackages.flatMap((p) => p.pages.map((page) => `${p.root}/${page}`))]

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'miniprogram_npm'))) execFileSync('node', [path.join(ROOT, 'scripts/build-npm.js')])
})

function resolveComponent(from, target) {
  if (target.startsWith('/')) return path.join(ROOT, target)
  if (target.startsWith('.')) return path.join(path.dirname(from), target)
  return path.join(ROOT, 'miniprogram_npm', target) // an npm package, as DevTools resolves it
}

test.each(pages)('page %s has its four files and its components exist', (page) => {
  for (const ext of ['js', 'json', 'wxml']) expect(fs.existsSync(path.join(ROOT, `${page}.${ext}`))).toBe(true)
  const own = JSON.parse(fs.readFileSync(path.join(ROOT, `${page}.json`), 'utf8')).usingComponents || {}
  for (const target of Object.values({ ...app.usingComponents, ...own })) {
    expect([target, fs.existsSync(`${resolveComponent(path.join(ROOT, page), target)}.js`)]).toEqual([target, true])
  }
})

test('every WXML file compiles with the official compiler', () => {
  const compiler = utils.getCompiler()
  const gwx = new Function(compiler.wxmlToJs(ROOT))()
  const files = [...pages.map((p) => `${p}.wxml`),
    ...fs.readdirSync(path.join(ROOT, 'components')).map((c) => `components/${c}/${c}.wxml`)]
  for (const file of files) expect([file, typeof gwx(file)]).toEqual([file, 'function'])
})

test('the subpackage of the ballot holds the page the mini-program code opens', () => {
  expect(pages).toContain('pages/vote/ballot') // server/services/lifecycle.py MP_VOTE_PAGE
})
