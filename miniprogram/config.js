// The server the mini-program talks to: must be an https domain registered as a request domain (README).
module.exports = {
  apiBase: 'https://dangjian.example.cn/api/v1',
}
