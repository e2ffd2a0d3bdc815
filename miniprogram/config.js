// The server the mini-program talks to: must be an https domain registered as a request domain (README), and its
// H5, which the web-view opens for the console's PC pages (registered as a 业务域名).
module.exports = {
  apiBase: 'https://dangjian.example.cn/api/v1',
  h5Base: 'https://dangjian.example.cn/h5',
}
