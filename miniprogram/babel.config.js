// Jest only: the shared voting core (utils/core/) is an ES module, which WeChat's compiler turns into CommonJS
// itself ("es6": true in project.config.json); babel does the same for the tests.
module.exports = { presets: [['@babel/preset-env', { targets: { node: 'current' } }]] }
