// The pages and who uses each. Staff pages need a session (else the sign-in page, which comes back
// here afterwards); the layout explains when the signed-in role has no use for a page. Each page is
// its own chunk, so the citizen's phone loads only the citizen's page.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { Role } from './api/types';
import { session } from './session';

declare module 'vue-router' {
  interface RouteMeta {
    /** The page title's message key. */
    title: string;
    /** Roles the page is for; absent on public pages. */
    roles?: readonly Role[];
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/', component: () => import('./pages/login/LoginPage.vue'), meta: { title: 'login.pageTitle' } },
  { path: '/citizen', component: () => import('./pages/citizen/CitizenPage.vue'), meta: { title: 'citizen.pageTitle' } },
  { path: '/survey/:token', component: () => import('./pages/survey/SurveyPage.vue'), meta: { title: 'survey.pageTitle' } },
  {
    path: '/',
    component: () => import('./layout/StaffLayout.vue'),
    children: [
      { path: 'operator', component: () => import('./pages/operator/OperatorPage.vue'), meta: { title: 'operator.pageTitle', roles: ['operator'] } },
      { path: 'dispatch', component: () => import('./pages/dispatch/DispatchPage.vue'), meta: { title: 'dispatch.pageTitle', roles: ['dispatcher'] } },
      { path: 'workbench', component: () => import('./pages/workbench/WorkbenchPage.vue'), meta: { title: 'workbench.pageTitle', roles: ['handler', 'supervisor'] } },
      { path: 'dashboard', component: () => import('./pages/dashboard/DashboardPage.vue'), meta: { title: 'dashboard.pageTitle', roles: ['supervisor', 'admin'] } },
      { path: 'queues', component: () => import('./pages/queues/QueuesPage.vue'), meta: { title: 'queues.pageTitle', roles: ['supervisor', 'admin'] } },
      // The console's tabs are addresses of their own; /admin/queues is the server's queue board, not a page here.
      {
        path: 'admin',
        component: () => import('./pages/admin/AdminPage.vue'),
        meta: { title: 'admin.pageTitle', roles: ['admin'] },
        children: [
          { path: '', redirect: '/admin/users', meta: { title: 'admin.pageTitle' } },
          { path: 'users', component: () => import('./pages/admin/UsersTab.vue'), meta: { title: 'admin.pageTitle' } },
          { path: 'api-keys', component: () => import('./pages/admin/ApiKeysTab.vue'), meta: { title: 'admin.pageTitle' } },
          { path: 'departments', component: () => import('./pages/admin/DepartmentsTab.vue'), meta: { title: 'admin.pageTitle' } },
          { path: 'categories', component: () => import('./pages/admin/CategoriesTab.vue'), meta: { title: 'admin.pageTitle' } },
          { path: 'kb', component: () => import('./pages/admin/KbTab.vue'), meta: { title: 'admin.pageTitle' } },
          { path: 'routing-rules', component: () => import('./pages/admin/RoutingRulesTab.vue'), meta: { title: 'admin.pageTitle' } },
          { path: 'sla-policies', component: () => import('./pages/admin/SlaPoliciesTab.vue'), meta: { title: 'admin.pageTitle' } },
          { path: 'calendar', component: () => import('./pages/admin/CalendarTab.vue'), meta: { title: 'admin.pageTitle' } },
          { path: 'partners', component: () => import('./pages/admin/PartnersTab.vue'), meta: { title: 'admin.pageTitle' } },
          { path: 'deliveries', component: () => import('./pages/admin/DeliveriesTab.vue'), meta: { title: 'admin.pageTitle' } },
          { path: 'audit', component: () => import('./pages/admin/AuditTab.vue'), meta: { title: 'admin.pageTitle' } },
        ],
      },
    ],
  },
  { path: '/:unknown(.*)*', component: () => import('./pages/NotFoundPage.vue'), meta: { title: 'notFound.title' } },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  if (to.meta.roles && !session.token()) return { path: '/', query: { next: to.fullPath } };
  return true;
});
