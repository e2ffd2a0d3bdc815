// Pages are loaded on demand, so a voter's phone downloads nothing of the console or screen. The ballot itself is
// part of the first download: on a weak village signal every further round trip before it shows costs ~150 ms.
import { createRouter, createWebHistory } from 'vue-router'
import { isLoggedIn } from './api/auth.js'
import { onUnauthorized } from './api/request.js'
import VotePage from './pages/vote/VotePage.vue'

const console = (path, name, loader, meta = {}) => ({ path, name, component: loader, meta: { auth: true, ...meta } })

export const routes = [
  { path: '/vote', name: 'vote', component: VotePage },
  { path: '/receipt/:sessionId', name: 'receipt', component: () => import('./pages/vote/ReceiptPage.vue'), props: true },
  { path: '/result/:sessionId', name: 'result', component: () => import('./pages/vote/ResultPage.vue'), props: true },
  { path: '/oauth', name: 'oauth', component: () => import('./pages/vote/MemberAuthPage.vue') },
  { path: '/screen/:sessionId', name: 'screen', component: () => import('./pages/screen/ScreenPage.vue'), props: true,
    meta: { auth: true } },
  { path: '/login', name: 'login', component: () => import('./pages/console/LoginPage.vue') },
  { path: '/p/:token', name: 'publicity', component: () => import('./pages/public/PublicityPage.vue'), props: true },
  { path: '/r/:token', name: 'review-reply', component: () => import('./pages/public/ReviewReplyPage.vue'), props: true },
  { path: '/t/:token', name: 'teller', component: () => import('./pages/public/TellerPage.vue'), props: true },
  {
    path: '/',
    component: () => import('./pages/console/ConsoleLayout.vue'),
    children: [
      console('', 'home', () => import('./pages/console/HomePage.vue')),
      console('roster', 'roster', () => import('./pages/console/RosterPage.vue')),
      console('people/new', 'new-person', () => import('./pages/console/PersonEditPage.vue')),
      console('people/:id', 'person', () => import('./pages/console/PersonPage.vue')),
      console('people/:id/edit', 'edit-person', () => import('./pages/console/PersonEditPage.vue')),
      console('accounts', 'accounts', () => import('./pages/console/AccountsPage.vue')),
      console('password', 'password', () => import('./pages/console/PasswordPage.vue')),
      console('due', 'due', () => import('./pages/console/DuePage.vue')),
      console('meetings', 'meetings', () => import('./pages/console/MeetingsPage.vue')),
      console('meetings/:id', 'meeting', () => import('./pages/console/MeetingPage.vue')),
      console('meetings/:id/new-session', 'new-session', () => import('./pages/console/SessionWizard.vue')),
      console('sessions/:id', 'session', () => import('./pages/console/SessionPage.vue')),
      console('notices', 'notices', () => import('./pages/console/NoticesPage.vue')),
      console('notices/new', 'new-notice', () => import('./pages/console/NoticeCompose.vue')),
      console('notices/:id', 'notice', () => import('./pages/console/NoticePage.vue')),
      console('inbox', 'inbox', () => import('./pages/console/InboxPage.vue')),
      console('inbox/:id', 'inbox-item', () => import('./pages/console/InboxPage.vue')),
      console('warnings', 'warnings', () => import('./pages/console/WarningsPage.vue')),
      console('warnings/:id', 'warning', () => import('./pages/console/WarningPage.vue')),
      console('tasks', 'tasks', () => import('./pages/console/TasksPage.vue')),
      console('my-work', 'my-work', () => import('./pages/console/MyWorkPage.vue')),
      console('organizers', 'organizers', () => import('./pages/console/OrganizersPage.vue')),
      console('organizers/:id', 'organizer', () => import('./pages/console/OrganizerPage.vue')),
      console('organizer-mail', 'organizer-mail', () => import('./pages/console/OrganizerMailPage.vue')),
      console('follow-ups/:id', 'follow-up', () => import('./pages/console/FollowUpPage.vue')),
      console('audit', 'audit', () => import('./pages/console/AuditPage.vue')),
      console('stats', 'stats', () => import('./pages/console/StatsPage.vue')),
      console('plans', 'plans', () => import('./pages/console/PlansPage.vue')),
      console('proposals', 'proposals', () => import('./pages/console/ProposalsPage.vue')),
      console('quarterly', 'quarterly', () => import('./pages/console/QuarterlyPage.vue')),
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory('/h5/'), routes })

router.beforeEach((to) => {
  if (to.meta.auth && !isLoggedIn()) return { name: 'login', query: { next: to.fullPath } }
  return true
})

onUnauthorized(() => {
  const current = router.currentRoute.value
  if (current.meta.auth) router.replace({ name: 'login', query: { next: current.fullPath, expired: '1' } })
})
