// Pages are loaded on demand, so a voter's phone downloads nothing of the console or screen. The ballot itself is
// part of the first download: on a weak village signal every further round trip before it shows costs ~150 ms.
import { createRouter, createWebHistory } from 'vue-router'
import { isLoggedIn } from './api/auth.js'
import { onUnauthorized } from './api/request.js'
import { mayVisit } from './navigation.js'
import { loadMe } from './session.js'
import VotePage from './pages/vote/VotePage.vue'

// `who` names the place a page belongs to (the server's `may`, navigation.js); a caller sent there by a link who may
// not use it is taken home instead.
const console = (path, name, loader, who = null) => ({ path, name, component: loader, meta: { auth: true, who } })

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
  { path: '/ticket', name: 'ticket', component: () => import('./pages/public/TicketPage.vue') },
  { path: '/board/:token', name: 'board', component: () => import('./pages/public/BoardPage.vue'), props: true },
  {
    path: '/',
    component: () => import('./pages/console/ConsoleLayout.vue'),
    children: [
      console('', 'home', () => import('./pages/console/HomePage.vue')),
      console('roster', 'roster', () => import('./pages/console/RosterPage.vue'), 'runs_meetings'),
      console('people/new', 'new-person', () => import('./pages/console/PersonEditPage.vue'), 'runs_meetings'),
      console('people/:id', 'person', () => import('./pages/console/PersonPage.vue'), 'staff'),
      console('people/:id/edit', 'edit-person', () => import('./pages/console/PersonEditPage.vue'), 'runs_meetings'),
      console('accounts', 'accounts', () => import('./pages/console/AccountsPage.vue'), 'accounts'),
      console('password', 'password', () => import('./pages/console/PasswordPage.vue'), 'staff'),
      console('due', 'due', () => import('./pages/console/DuePage.vue'), 'staff'),
      console('meetings', 'meetings', () => import('./pages/console/MeetingsPage.vue'), 'runs_meetings'),
      console('meetings/:id', 'meeting', () => import('./pages/console/MeetingPage.vue'), 'runs_meetings'),
      console('meetings/:id/new-session', 'new-session', () => import('./pages/console/SessionWizard.vue'), 'runs_meetings'),
      console('sessions/:id', 'session', () => import('./pages/console/SessionPage.vue'), 'runs_meetings'),
      console('notices', 'notices', () => import('./pages/console/NoticesPage.vue'), 'runs_meetings'),
      console('notices/new', 'new-notice', () => import('./pages/console/NoticeCompose.vue'), 'runs_meetings'),
      console('notices/:id', 'notice', () => import('./pages/console/NoticePage.vue'), 'runs_meetings'),
      console('inbox', 'inbox', () => import('./pages/console/InboxPage.vue')),
      console('inbox/:id', 'inbox-item', () => import('./pages/console/InboxPage.vue')),
      console('warnings', 'warnings', () => import('./pages/console/WarningsPage.vue'), 'staff'),
      console('warnings/:id', 'warning', () => import('./pages/console/WarningPage.vue'), 'staff'),
      console('tasks', 'tasks', () => import('./pages/console/TasksPage.vue'), 'staff'),
      console('my-work', 'my-work', () => import('./pages/console/MyWorkPage.vue'), 'organizer'),
      console('organizers', 'organizers', () => import('./pages/console/OrganizersPage.vue'), 'department'),
      console('organizers/:id', 'organizer', () => import('./pages/console/OrganizerPage.vue'), 'department'),
      console('organizer-mail', 'organizer-mail', () => import('./pages/console/OrganizerMailPage.vue'), 'runs_meetings'),
      console('follow-ups/:id', 'follow-up', () => import('./pages/console/FollowUpPage.vue'), 'runs_meetings'),
      console('audit', 'audit', () => import('./pages/console/AuditPage.vue'), 'staff'),
      console('stats', 'stats', () => import('./pages/console/StatsPage.vue'), 'department'),
      console('plans', 'plans', () => import('./pages/console/PlansPage.vue'), 'department'),
      console('proposals', 'proposals', () => import('./pages/console/ProposalsPage.vue'), 'department'),
      console('quarterly', 'quarterly', () => import('./pages/console/QuarterlyPage.vue'), 'department'),
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
]

export const router = createRouter({ history: createWebHistory('/h5/'), routes })

router.beforeEach(async (to) => {
  if (to.meta.auth && !isLoggedIn()) return { name: 'login', query: { next: to.fullPath } }
  if (!to.meta.auth) return true
  const who = await loadMe()
  // A password someone else set (a new account, a reset) is replaced before anything else (only its owner knows it then).
  if (who && who.must_change_password && to.name !== 'password') return { name: 'password', query: { required: '1' } }
  if (to.meta.who && !mayVisit(to, who)) return { name: 'home', query: { denied: '1' } }
  return true
})

onUnauthorized(() => {
  const current = router.currentRoute.value
  if (current.meta.auth) router.replace({ name: 'login', query: { next: current.fullPath, expired: '1' } })
})
