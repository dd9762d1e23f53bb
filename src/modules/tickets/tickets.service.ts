import { createHash } from 'node:crypto';
import type { Tx } from '../../db/knex';
import type { Clock } from '../../shared/clock';
import { ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../../shared/errors';
import type { Principal } from '../auth';
import type { CategoryCatalog } from '../categories';
import type { DepartmentDirectory } from '../departments';
import { canAct, canRead, readScope } from './ticket-policy';
import type { CreateTicketInput, SimilarQuery } from './ticket.schemas';
import type { TicketIntake } from './ticket-intake';
import type { PhoneKey } from './phone-key';
import type { TicketRow, TicketsRepository } from './tickets.repository';

/** Emergency screening of a ticket's text, injected (it belongs to routing). */
export type EmergencyScreen = (text: string) => { emergency: boolean; kind: string | null; matches: string[] };

export interface TicketsDeps {
  repo: TicketsRepository;
  intake: TicketIntake;
  directory: DepartmentDirectory;
  catalog: CategoryCatalog;
  clock: Clock;
  screen: EmergencyScreen;
  phoneKey: PhoneKey;
}

export interface CreateResult {
  ticket: TicketRow;
  /** False when an earlier request with the same Idempotency-Key already created it. */
  created: boolean;
  /** Whether the text reads like a police, fire or ambulance emergency (SPEC section 7.1). */
  emergency: ReturnType<EmergencyScreen>;
}

export function createTicketsService(deps: TicketsDeps) {
  const { repo, directory, catalog, clock } = deps;

  function idempotencyScope(principal: Principal): string {
    switch (principal.kind) {
      case 'user':
        return `user:${principal.userId}`;
      case 'api_key':
        return `key:${principal.apiKeyId}`;
      case 'public':
        return 'public';
      case 'system':
        return `system:${principal.name}`;
    }
  }

  /** Who may hand in what: partner keys are bound to their channels and lines. */
  function checkIntakeAllowed(principal: Principal, input: CreateTicketInput): void {
    if (principal.kind === 'api_key') {
      if (!principal.lines.includes(input.line)) throw new ForbiddenError(`This API key may not submit on line ${input.line}`, 'LINE_NOT_ALLOWED');
      if (!principal.channels.includes(input.channel)) throw new ForbiddenError(`This API key may not submit on channel ${input.channel}`, 'CHANNEL_NOT_ALLOWED');
    }
    if (principal.kind === 'user' && input.channel === 'transfer') {
      throw new ForbiddenError('Channel transfer is for partner systems handing matters over', 'CHANNEL_NOT_ALLOWED');
    }
    if (input.answeredOnSpot && !(principal.kind === 'user' && principal.role === 'operator')) {
      throw new ForbiddenError('Only an operator can answer a call on the spot', 'ANSWER_NOT_ALLOWED');
    }
  }

  /** References to reference data, checked all at once so every bad field is named. */
  function resolveReferences(input: CreateTicketInput) {
    const problems: FieldProblem[] = [];
    const category = input.categoryCode === undefined ? undefined : catalog.getByCode(input.categoryCode);
    if (input.categoryCode !== undefined && !category) problems.push({ field: 'categoryCode', message: `unknown category ${input.categoryCode}` });
    const districtCode = input.location?.districtCode;
    const district = districtCode === undefined ? undefined : directory.district(districtCode);
    if (districtCode !== undefined && !district) problems.push({ field: 'location.districtCode', message: `unknown district ${districtCode}` });
    if (problems.length) throw new ValidationError('Invalid input', problems);
    return { categoryId: category?.id ?? null, districtId: district?.id ?? null };
  }

  /**
   * What makes a second request the same request: a partner's own reference for the matter (its
   * externalRef, e.g. 110's incident number: the same one twice is one ticket, however the partner
   * retries), else the Idempotency-Key the client sent, scoped to the caller.
   */
  function idempotencyOf(principal: Principal, input: CreateTicketInput, idempotencyKey?: string): { scope: string; key: string } | null {
    if (principal.kind === 'api_key' && input.externalRef) return { scope: `${idempotencyScope(principal)}:external-ref`, key: input.externalRef };
    return idempotencyKey ? { scope: idempotencyScope(principal), key: idempotencyKey } : null;
  }

  function requestHash(input: CreateTicketInput): string {
    return createHash('sha256').update(JSON.stringify(input)).digest('hex');
  }

  async function visibleTicket(principal: Principal, ref: string | number): Promise<TicketRow> {
    const ticket = typeof ref === 'number' ? await repo.findById(ref) : await repo.findByTicketNo(ref);
    if (!ticket || !canRead(principal, ticket, directory)) throw new NotFoundError('No such ticket', 'TICKET_NOT_FOUND');
    return ticket;
  }

  return {
    async createTicket(principal: Principal, input: CreateTicketInput, idempotencyKey?: string, opts: { via?: 'open311' } = {}): Promise<CreateResult> {
      checkIntakeAllowed(principal, input);
      const refs = resolveReferences(input);
      const actor = actorColumns(principal);
      const idempotency = idempotencyOf(principal, input, idempotencyKey);
      const { ticket, created } = await deps.intake.create({
        ticket: {
          line: input.line,
          channel: input.channel,
          type: input.type,
          urgency: input.urgency,
          status: input.answeredOnSpot ? 'answered' : 'pending_dispatch',
          category_id: refs.categoryId,
          title: input.title ?? null,
          description: input.description,
          citizen_name: input.citizen?.name ?? null,
          citizen_phone: input.citizen?.phone ?? null,
          citizen_phone_hash: input.citizen?.phone ? deps.phoneKey(input.citizen.phone) : null,
          citizen_anonymous: input.citizen?.anonymous ?? false,
          callback_consent: input.citizen?.callbackConsent ?? true,
          district_id: refs.districtId,
          street: input.location?.street ?? null,
          address: input.location?.address ?? null,
          lat: input.location?.lat ?? null,
          lng: input.location?.lng ?? null,
          external_ref: input.externalRef ?? null,
          intake_via: opts.via ?? null,
          answer: input.answeredOnSpot?.answer ?? null,
          created_by_user_id: actor.actor_user_id,
          created_by_api_key_id: actor.actor_api_key_id,
          idempotency_scope: idempotency?.scope ?? null,
          idempotency_key: idempotency?.key ?? null,
          request_hash: idempotency ? requestHash(input) : null,
        },
        actor,
      });
      return { ticket, created, emergency: deps.screen(ticketText(ticket)) };
    },

    /** A ticket by id or number, if the caller may see it (404 otherwise, never 403: no probing). */
    async getTicket(principal: Principal, ref: string | number) {
      const ticket = await visibleTicket(principal, ref);
      const [timeline, suggestedDuplicates, callers] = await Promise.all([repo.timeline(ticket.id), repo.duplicatesOf(ticket, readScope(principal, directory)), repo.callersOf(ticket.id)]);
      return { ticket, timeline, suggestedDuplicates, callers };
    },

    /** The citizen's full phone number, for a caller the ticket policy lets read it; every reveal is audited. */
    async revealPhone(principal: Principal, ref: string | number, reason: string): Promise<{ phone: string | null }> {
      const ticket = await visibleTicket(principal, ref);
      const verdict = canAct(principal, 'reveal-phone', ticket, { directory, now: clock.now() });
      if (!verdict.allowed) throw verdict.refusal;
      const actor = actorColumns(principal);
      await repo.insertAudit({
        action: 'reveal-phone',
        actor_user_id: actor.actor_user_id,
        actor_api_key_id: actor.actor_api_key_id,
        ticket_id: ticket.id,
        detail: { reason },
        created_at: clock.now(),
      });
      return { phone: ticket.citizen_phone };
    },

    /**
     * The citizen's tracking lookup: the number plus the last 4 digits of the phone given, by the
     * ticket's own citizen or by any caller attached to it (each of them reads the reply).
     */
    async trackTicket(ticketNo: string, phone4: string) {
      const ticket = await repo.findByTicketNo(ticketNo);
      const own = ticket?.citizen_phone?.endsWith(phone4) ?? false;
      if (!ticket || !(own || (await repo.hasCallerWithPhoneEnding(ticket.id, phone4)))) {
        throw new NotFoundError('No ticket with this number and phone', 'TICKET_NOT_FOUND');
      }
      return { ticket, timeline: await repo.timeline(ticket.id) };
    },

    /**
     * Open tickets at the place the operator is typing about (same normalised address or within
     * 250 m, last 7 days), of the chosen category if any: the caller may be attached to one of them.
     */
    async similarOpen(principal: Principal, q: SimilarQuery) {
      const category = q.categoryCode === undefined ? undefined : catalog.getByCode(q.categoryCode);
      if (q.categoryCode !== undefined && !category) throw new ValidationError('Invalid query', [{ field: 'categoryCode', message: `unknown category ${q.categoryCode}` }]);
      const found = await repo.openAtPlace({ id: null, category_id: category?.id ?? null, address: q.address ?? null, lat: q.lat ?? null, lng: q.lng ?? null, created_at: clock.now() }, readScope(principal, directory));
      // The whole tickets, so that what the operator may do with each (attach the caller) comes from the policy.
      const rows = await Promise.all(found.map((f) => repo.findById(f.id)));
      return found.flatMap((f, i) => (rows[i] ? [{ ticket: rows[i], distanceM: f.distanceM, summary: f.summary }] : []));
    },

    /** The citizens attached to a ticket after its own (SPEC section 5), for staff who may read it. */
    async callers(principal: Principal, ref: string | number) {
      const ticket = await visibleTicket(principal, ref);
      return repo.callersOf(ticket.id);
    },

    /**
     * Puts something that happened around a ticket on its timeline without changing it: status
     * unchanged, version not bumped (so nobody's concurrent action is refused because of it).
     * Pass `tx` to write it together with the caller's own change, and `by` when a person did it.
     */
    async appendEvent(ticketId: number, action: string, note: string | null, data: Record<string, unknown>, tx?: Tx, by?: Principal): Promise<boolean> {
      const event = { ticket_id: ticketId, action, ...actorColumns(by ?? { kind: 'system', name: action }), note, data, created_at: clock.now() };
      return repo.appendNote(event, tx);
    },
  };
}

const ticketText = (t: Pick<TicketRow, 'title' | 'description'>) => `${t.title ?? ''} ${t.description}`;

export function actorColumns(principal: Principal) {
  switch (principal.kind) {
    case 'user':
      return { actor_type: 'user' as const, actor_user_id: principal.userId, actor_api_key_id: null };
    case 'api_key':
      return { actor_type: 'api_key' as const, actor_user_id: null, actor_api_key_id: principal.apiKeyId };
    case 'public':
      return { actor_type: 'citizen' as const, actor_user_id: null, actor_api_key_id: null };
    case 'system':
      return { actor_type: 'system' as const, actor_user_id: null, actor_api_key_id: null };
  }
}

export type TicketsService = ReturnType<typeof createTicketsService>;
