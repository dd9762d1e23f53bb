import type { ApiRouter } from '../../http/api-router';
import type { Clock } from '../../shared/clock';
import { NotFoundError } from '../../shared/errors';
import type { CategoryCatalog } from '../categories';
import type { CalendarOverride, SlaAdminRepository } from './sla-admin.repository';
import {
  calendarOverrideList,
  calendarOverrideView,
  calendarQuerySchema,
  calendarYearView,
  policyListQuery,
  slaPolicyList,
  slaPolicyView,
  overrideBodySchema,
  overrideParamsSchema,
  overridesQuerySchema,
  policyParamsSchema,
  slaPolicyBodySchema,
} from './sla-admin.schemas';
import { WorkingCalendar } from './working-calendar';

export interface SlaAdminRoutesDeps {
  repo: SlaAdminRepository;
  catalog: CategoryCatalog;
  clock: Clock;
}

const adminOnly = { roles: ['admin'] } as const;
const DAY_MS = 86_400_000;

interface CalendarDay {
  date: string;
  source: 'official' | 'override';
  note: string | null;
}

/**
 * The year as the SLA clocks see it: the weekdays that are off (public holidays, admin overrides)
 * and the weekend days that are working (调休 make-up days, overrides). Every other Saturday and
 * Sunday is off and every other weekday on, so they are not listed.
 */
export function calendarYear(year: number, overrides: CalendarOverride[]) {
  const byDate = new Map(overrides.map((o) => [o.date, o]));
  const calendar = new WorkingCalendar(new Map(overrides.map((o) => [o.date, o.working])));
  const official = new WorkingCalendar();
  const daysOff: CalendarDay[] = [];
  const makeUpWorkingDays: CalendarDay[] = [];
  let publishedHolidays = false;
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += DAY_MS) {
    const date = new Date(ms).toISOString().slice(0, 10);
    const weekday = new Date(ms).getUTCDay();
    const weekend = weekday === 0 || weekday === 6;
    if (!weekend && !official.isWorkingDay(date)) publishedHolidays = true;
    const working = calendar.isWorkingDay(date);
    if (working === !weekend) continue;
    const override = byDate.get(date);
    const day: CalendarDay = { date, source: override ? 'override' : 'official', note: override ? override.note : null };
    (working ? makeUpWorkingDays : daysOff).push(day);
  }
  return {
    year,
    // Every published year has holidays on weekdays (the Spring Festival alone); none means the
    // State Council's calendar for the year is not in the package yet: admins must add it.
    officialCalendarPublished: publishedHolidays,
    daysOff,
    makeUpWorkingDays,
    overrides,
  };
}

export function registerSlaAdminRoutes(router: ApiRouter, deps: SlaAdminRoutesDeps): void {
  const { repo, clock } = deps;
  const policyBody = slaPolicyBodySchema(deps.catalog);
  const noSuchPolicy = (id: number) => new NotFoundError(`No SLA policy ${id}`, 'POLICY_NOT_FOUND');

  router.add({
    method: 'get',
    path: '/admin/sla-policies',
    access: adminOnly,
    summary: 'The SLA policies, inactive ones included, a page at a time',
    schemas: { query: policyListQuery },
    response: slaPolicyList,
    handle: async ({ res, query }) => {
      res.json(await repo.listPolicies(query));
    },
  });

  router.add({
    method: 'post',
    path: '/admin/sla-policies',
    access: adminOnly,
    summary: 'Add an SLA policy; it applies to tickets dispatched from now on',
    schemas: { body: policyBody },
    successStatus: 201,
    response: slaPolicyView,
    handle: async ({ res, body }) => {
      res.status(201).json(await repo.createPolicy(body, clock.now()));
    },
  });

  router.add({
    method: 'put',
    path: '/admin/sla-policies/:id',
    access: adminOnly,
    summary: 'Replace an SLA policy; tickets already dispatched keep the due times they were given',
    response: slaPolicyView,
    schemas: { params: policyParamsSchema.shape, body: policyBody },
    handle: async ({ res, params: { id }, body }) => {
      const policy = await repo.replacePolicy(id, body, clock.now());
      if (!policy) throw noSuchPolicy(id);
      res.json(policy);
    },
  });

  router.add({
    method: 'delete',
    path: '/admin/sla-policies/:id',
    access: adminOnly,
    summary: 'Deactivate an SLA policy (kept for the history of tickets timed by it)',
    response: slaPolicyView,
    schemas: { params: policyParamsSchema.shape },
    handle: async ({ res, params: { id } }) => {
      // Deactivated, not deleted: dispatch events name the policy that set a ticket's due times,
      // and those explanations (and a later PUT with active: true) must still find it.
      const policy = await repo.deactivatePolicy(id, clock.now());
      if (!policy) throw noSuchPolicy(id);
      res.json(policy);
    },
  });

  router.add({
    method: 'get',
    path: '/admin/calendar',
    access: adminOnly,
    summary: "A year's days off and make-up working days as the SLA clocks see them, overrides included",
    schemas: { query: calendarQuerySchema },
    response: calendarYearView,
    handle: async ({ res, query: { year } }) => {
      res.json(calendarYear(year, await repo.listOverrides(year)));
    },
  });

  router.add({
    method: 'get',
    path: '/admin/calendar/overrides',
    access: adminOnly,
    summary: 'Admin overrides of the official calendar (optionally ?year=), a page at a time',
    schemas: { query: overridesQuerySchema },
    response: calendarOverrideList,
    handle: async ({ res, query }) => {
      res.json(await repo.pageOverrides(query));
    },
  });

  router.add({
    method: 'put',
    path: '/admin/calendar/overrides/:date',
    access: adminOnly,
    summary: 'Make one day a working day or a day off; applies to tickets dispatched from now on',
    response: calendarOverrideView,
    schemas: { params: overrideParamsSchema.shape, body: overrideBodySchema },
    handle: async ({ res, params: { date }, body }) => {
      res.json(await repo.putOverride(date, body, clock.now()));
    },
  });

  router.add({
    method: 'delete',
    path: '/admin/calendar/overrides/:date',
    access: adminOnly,
    summary: 'Remove an override: the day follows the official calendar again',
    schemas: { params: overrideParamsSchema.shape },
    successStatus: 204,
    handle: async ({ res, params: { date } }) => {
      if (!(await repo.deleteOverride(date))) throw new NotFoundError(`No override for ${date}`, 'OVERRIDE_NOT_FOUND');
      res.status(204).end();
    },
  });
}
