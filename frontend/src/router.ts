import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useAuth } from './stores/auth';

/**
 * Routes. Seams between the two halves of the designer:
 * - `src/designer/**` and `src/forms/**` (canvas, palette, parameter forms, run view) export `DesignerView.vue`,
 *   mounted at `/workflows/:id` (`/workflows/new` for a new one; `?execution=<id>` replays a past run).
 * - everything else (shell, sign-in, lists, executions, versions, credentials, templates, scheduler) lives in `src/pages/**`.
 *
 * Routes with `meta.public` are reachable signed out; every other one resumes the stored session or sends the user
 * to sign-in, coming back afterwards (`?next=`).
 */
const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/workflows' },
  { path: '/signin', name: 'signin', component: () => import('./pages/SignInPage.vue'), meta: { public: true } },
  { path: '/signup', name: 'signup', component: () => import('./pages/SignUpPage.vue'), meta: { public: true } },
  { path: '/invite', name: 'invite', component: () => import('./pages/InvitePage.vue'), meta: { public: true } },
  { path: '/workflows', name: 'workflows', component: () => import('./pages/WorkflowsPage.vue') },
  {
    path: '/workflows/:id',
    name: 'designer',
    component: () => import('./designer/DesignerView.vue'),
    props: (route) => ({ id: route.params.id, execution: route.query.execution ?? null }),
  },
  {
    path: '/workflows/:id/versions',
    name: 'versions',
    component: () => import('./pages/VersionsPage.vue'),
    props: true,
  },
  { path: '/executions', name: 'executions', component: () => import('./pages/ExecutionsPage.vue') },
  { path: '/credentials', name: 'credentials', component: () => import('./pages/CredentialsPage.vue') },
  { path: '/templates', name: 'templates', component: () => import('./pages/TemplatesPage.vue') },
  { path: '/scheduler', name: 'scheduler', component: () => import('./pages/SchedulerPage.vue') },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const auth = useAuth();
  if (auth.signedIn || (await auth.resume())) return true;
  return { name: 'signin', query: to.fullPath === '/workflows' ? {} : { next: to.fullPath } };
});
