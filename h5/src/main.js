import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.js'
// Styles of the Vant functions called from code (components get theirs through the auto-import resolver).
import 'vant/es/toast/style'
import 'vant/es/dialog/style'
import 'vant/es/notify/style'
import './styles.css'
import './elder.js'

createApp(App).use(router).mount('#app')
