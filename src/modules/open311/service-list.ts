import type { Category, CategoryCatalog } from '../categories';
import type { TicketType, Urgency } from '../tickets';
import { NotFoundError } from '../../shared/errors';
import { attributesFor } from './service-attributes';

/** The Open311 services are the leaf categories: a request needs a category a department can act on. */
export function leafService(catalog: CategoryCatalog, code: string): Category {
  const category = catalog.getByCode(code);
  if (!category || !catalog.isLeaf(category)) throw new NotFoundError(`Unknown service_code ${code}`, 'SERVICE_NOT_FOUND');
  return category;
}

function ancestry(catalog: CategoryCatalog, category: Category): Category[] {
  const path = [category];
  for (let c = category; c.parentId !== null; ) {
    const parent = catalog.get(c.parentId);
    if (!parent) break;
    path.unshift(parent);
    c = parent;
  }
  return path;
}

export function serviceList(catalog: CategoryCatalog) {
  return catalog
    .leaves()
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((c) => {
      const path = ancestry(catalog, c);
      return {
        service_code: c.code,
        service_name: c.name,
        description: `${path.map((p) => p.name).join(' > ')} (${c.nameEn})`,
        metadata: attributesFor(c.code).length > 0,
        // We create the ticket while the client waits, so the request id comes back at once.
        type: 'realtime',
        keywords: c.keywords.join(', '),
        group: path[0].name,
      };
    });
}

export function serviceDefinition(catalog: CategoryCatalog, code: string) {
  const category = leafService(catalog, code);
  return {
    service_code: category.code,
    attributes: attributesFor(category.code).map((a, i) => ({
      variable: true,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatypeDescription ?? null,
      order: i + 1,
      description: a.description,
      values: a.values ?? [],
    })),
  };
}

/**
 * The ticket type of a request, which sets its reply time limit (SPEC section 6). Open311 clients
 * report problems for a department to fix, so a complaint (5 working days) unless the service says
 * otherwise: thanks are praise, policy questions a consultation (1 working day).
 */
export function ticketTypeFor(code: string): TicketType {
  if (code.startsWith('PRAISE.')) return 'praise';
  if (code.startsWith('POLICY.')) return 'consult';
  return 'complaint';
}

/** Utility outages are urgent by SPEC section 3 (water, power, gas, heating); the rest normal. */
const urgentServices = new Set(['UTILITIES.WATER_OUTAGE', 'UTILITIES.POWER', 'UTILITIES.GAS', 'UTILITIES.HEATING']);

export function urgencyFor(code: string): Urgency {
  return urgentServices.has(code) ? 'urgent' : 'normal';
}
