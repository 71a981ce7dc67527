import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

/**
 * Routes. Seams between the two halves of the designer:
 * - `src/designer/**` and `src/forms/**` (canvas, palette, parameter forms, run view) export `DesignerView.vue`,
 *   mounted at `/workflows/:id` (`/workflows/new` for a new one; `?execution=<id>` replays a past run).
 * - everything else (shell, sign-in, lists, executions, versions, credentials, scheduler) lives in `src/pages/**`.
 */
const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/workflows' },
  { path: '/workflows', name: 'workflows', component: () => import('./pages/HomePage.vue') },
  {
    path: '/workflows/:id',
    name: 'designer',
    component: () => import('./designer/DesignerView.vue'),
    props: (route) => ({ id: route.params.id, execution: route.query.execution ?? null }),
  },
];

export const router = createRouter({ history: createWebHistory(), routes });
