import type { CreateTicketInput, TicketsService } from '../tickets';
import type { ApiKeyPrincipal } from '../../shared/principal';
import type { AuthService } from '../auth';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import type { Clock } from '../../shared/clock';
import { ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors';
import { checkAttributeAnswers } from './attribute-answers';
import { districtForPosition } from './districts-geo';
import { DAY_MS } from './open311-time';
import type { ListRequestsQuery, PostRequestInput } from './open311.schemas';
import type { Open311Repository } from './open311.repository';
import { composeDescription } from './request-extras';
import { requestView, ticketStatusesFor } from './request-view';
import { attributesFor } from './service-attributes';
import { leafService, ticketTypeFor, urgencyFor } from './service-list';

export interface Open311Deps {
  tickets: TicketsService;
  auth: AuthService;
  catalog: CategoryCatalog;
  directory: DepartmentDirectory;
  repo: Open311Repository;
  clock: Clock;
}

/** GeoReport v2's default and maximum window, and its default page. */
const WINDOW_MS = 90 * DAY_MS;
const MAX_REQUESTS = 1000;

/** The longest citizen name a ticket keeps (tickets' citizenSchema). */
const MAX_NAME = 100;

export function createOpen311Service(deps: Open311Deps) {
  const { catalog } = deps;
  const view = (row: Parameters<typeof requestView>[0]) => requestView(row, deps);

  /** Who may post: a partner key that may submit on channel app, line 12345 (the open311 grant). */
  async function submitter(apiKey: string | undefined): Promise<ApiKeyPrincipal> {
    if (!apiKey) throw new ForbiddenError('api_key is required to submit a service request', 'API_KEY_MISSING');
    const principal = await deps.auth.principalForApiKey(apiKey);
    if (!principal) throw new ForbiddenError('Invalid api_key', 'API_KEY_INVALID');
    if (!principal.channels.includes('app') || !principal.lines.includes('12345')) {
      throw new ForbiddenError('This api_key may not submit Open311 requests (needs channel app on line 12345)', 'API_KEY_NOT_ALLOWED');
    }
    return principal;
  }

  function ticketInput(input: PostRequestInput): CreateTicketInput {
    const category = leafService(catalog, input.service_code);
    const { answers, problems } = checkAttributeAnswers(attributesFor(category.code), input.attribute);
    let districtCode: string | undefined;
    if (input.lat !== undefined && input.long !== undefined) {
      districtCode = districtForPosition(input.lat, input.long) ?? undefined;
      if (!districtCode) problems.push({ field: 'lat', message: 'lat/long is outside Shanghai' });
    }
    const description = composeDescription(input.description ?? category.name, {
      answers,
      mediaUrl: input.media_url,
      addressId: input.address_id,
    });
    if (description.length > 4000) {
      problems.push({ field: 'description', message: 'with the attribute answers added, the description is longer than 4000 characters' });
    }
    const name = citizenName(input.first_name, input.last_name);
    if (name !== undefined && name.length > MAX_NAME) {
      problems.push({ field: 'first_name', message: `with last_name, must be at most ${MAX_NAME} characters` });
    }
    if (problems.length) throw new ValidationError('Invalid service request', problems);

    // Every field already checked: the request's own schema (lengths, ranges, the phone rule), the checks above.
    return {
      line: '12345',
      channel: 'app',
      type: ticketTypeFor(category.code),
      urgency: urgencyFor(category.code),
      description,
      categoryCode: category.code,
      citizen: name || input.phone ? { name, phone: input.phone, anonymous: false, callbackConsent: input.phone !== undefined } : undefined,
      location: { districtCode, address: input.address_string, lat: input.lat, lng: input.long },
    };
  }

  /** [start, end] of GET requests: 90 days at most, the last 90 days when neither is given. */
  function requestWindow(start: Date | undefined, end: Date | undefined): { from: Date; to: Date | null } {
    if (start && end) {
      if (end < start) throw new ValidationError('Invalid query', [{ field: 'end_date', message: 'must not be before start_date' }]);
      if (end.getTime() - start.getTime() > WINDOW_MS) {
        throw new ValidationError('Invalid query', [{ field: 'end_date', message: 'the range may not span more than 90 days' }]);
      }
      return { from: start, to: end };
    }
    if (start) return { from: start, to: new Date(start.getTime() + WINDOW_MS) };
    if (end) return { from: new Date(end.getTime() - WINDOW_MS), to: end };
    return { from: new Date(deps.clock.now().getTime() - WINDOW_MS), to: null };
  }

  return {
    submitter,

    /** POST requests: one ticket on line 12345, channel app; answers the specification's list. */
    async submitRequest(principal: ApiKeyPrincipal, form: PostRequestInput) {
      const { ticket, emergency } = await deps.tickets.createTicket(principal, ticketInput(form), undefined, { via: 'open311' });
      // An emergency from an app is handed to 110 by the routing worker; the citizen must hear so now.
      const notice = emergency.emergency
        ? '您反映的情况可能属于紧急警情，已转110处理；如情况危急请立即拨打110/119/120。'
        : `12345市民服务热线已受理（编号 ${ticket.ticket_no}），将派至责任部门办理，可凭编号查询进度。`;
      return [
        {
          service_request_id: ticket.ticket_no,
          service_notice: notice,
          account_id: form.account_id ?? null,
        },
      ];
    },

    async listRequests(query: ListRequestsQuery) {
      // The specification: service_request_id overrides all other arguments.
      if (query.service_request_id) return (await deps.repo.findByTicketNos(query.service_request_id)).map(view);
      const categoryIds = query.service_code?.map((code) => leafService(catalog, code).id);
      const statuses = query.status ? [...new Set(query.status)].flatMap(ticketStatusesFor) : undefined;
      const rows = await deps.repo.list({ ...requestWindow(query.start_date, query.end_date), categoryIds, statuses, limit: MAX_REQUESTS });
      return rows.map(view);
    },

    /** One request as a one-element list, or 404. */
    async getRequest(id: string) {
      const rows = await deps.repo.findByTicketNos([id]);
      if (!rows.length) throw new NotFoundError(`No service request ${id}`, 'REQUEST_NOT_FOUND');
      return rows.map(view);
    },

    /**
     * Requests are created while the client waits (service type "realtime"), so there are no
     * pending tokens: a token is simply the request id, answered when that request exists.
     */
    async requestForToken(token: string) {
      const rows = await deps.repo.findByTicketNos([token]);
      if (!rows.length) throw new NotFoundError(`No service request for token ${token}`, 'TOKEN_NOT_FOUND');
      return [{ service_request_id: rows[0].ticket_no, token }];
    },
  };
}

/** Chinese names are family name first, with no space (张 + 三 → 张三); others "first last". */
export function citizenName(first?: string, last?: string): string | undefined {
  if (!first || !last) return first ?? last;
  const han = /^[\p{Script=Han}·]+$/u;
  return han.test(first) && han.test(last) ? last + first : `${first} ${last}`;
}

export type Open311Service = ReturnType<typeof createOpen311Service>;
