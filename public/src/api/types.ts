// The shapes the API answers with (SPEC section 10), as the pages read them.
export type Role = 'operator' | 'dispatcher' | 'handler' | 'supervisor' | 'admin';

export interface User {
  id: number;
  username: string;
  role: Role;
  departmentId: number;
  displayName?: string | null;
}

export interface Department {
  id: number;
  code: string;
  name: string;
  nameEn?: string | null;
  kind: string;
  parentCode: string | null;
}

export interface Category {
  code: string;
  name: string;
  nameEn?: string | null;
  parentCode: string | null;
  leaf: boolean;
  keywords?: string[];
  /** Where routing sends the category when no rule says otherwise. */
  defaultDepartmentCode?: string | null;
}

/** The running department clock, computed by the server's SLA module. */
export interface SlaClock {
  kind: 'accept' | 'reply';
  dueAt: string;
  atRiskAt: string;
  state: 'ok' | 'at_risk' | 'overdue';
}

export interface Ticket {
  id: number;
  ticketNo: string;
  line: string;
  channel: string;
  type: string;
  categoryCode: string | null;
  urgency: string;
  status: string;
  title: string | null;
  description: string;
  citizen: { name: string | null; phone: string | null; anonymous: boolean; callbackConsent: boolean };
  location: { districtCode: string | null; districtName: string | null; street: string | null; address: string | null; lat: number | null; lng: number | null };
  department: { id: number; code: string; name: string } | null;
  answer: string | null;
  replyResult: string | null;
  replyOutcome: string | null;
  pendingExtension: { workingDays: number; reason: string } | null;
  extensionWorkingDays: number;
  createdAt: string;
  dispatchedAt: string | null;
  acceptedAt: string | null;
  repliedAt: string | null;
  closedAt: string | null;
  acceptDueAt: string | null;
  replyDueAt: string | null;
  atRisk: boolean;
  overdue: boolean;
  externalRef: string | null;
  /** The on-time verdicts of this dispatch's accept and reply, stored when they happened. */
  acceptedOnTime?: boolean | null;
  repliedOnTime?: boolean | null;
  /** The citizen's clock: due from creation (kept across re-dispatch), elapsed ms, on time once replied. */
  citizenDueAt?: string | null;
  citizenElapsed?: number;
  citizenOnTime?: boolean | null;
  /** A possible emergency (the screening's kind) waiting for a person's decision. */
  emergency?: string | null;
  reopenedAt?: string | null;
  /** A citizen's withdraw request waiting for a dispatcher (dismiss-withdrawal) or a cancel. */
  withdrawRequest?: { requestedAt: string; note: string | null } | null;
  /** The actions of SPEC section 5 the signed-in caller may take now (the server decides). */
  allowedActions?: string[];
  clock?: SlaClock | null;
}

export interface TimelineEvent {
  id: number;
  action: string;
  actor: { type: string; userId: number | null; apiKeyId: number | null; name: string | null; username: string | null; role: string | null };
  fromStatus: string | null;
  toStatus: string | null;
  department: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
  at: string;
}

/** An open ticket of the same category at the same place, reported in the 7 days before. */
export interface DuplicateSuggestion {
  id: number;
  ticketNo: string;
  status: string;
  createdAt: string;
  address: string | null;
  /** Metres apart, when both tickets have coordinates. */
  distanceM: number | null;
}

export interface TicketDetail extends Ticket {
  timeline: TimelineEvent[];
  suggestedDuplicates: DuplicateSuggestion[];
}

/** A callback survey of a ticket's citizen or of a caller attached to it (GET /surveys). */
export interface Survey {
  id: number;
  ticket: { id: number; ticketNo: string };
  attachedCaller: boolean;
  citizen: { name: string | null; phone: string | null; callbackConsent: boolean };
  repliedAt: string;
  attempts: number;
  outcome: string | null;
  completedAt: string | null;
  escalated: boolean;
  answers: { contacted: boolean | null; resolved: string | null; comment: string | null } | null;
}

export interface SurveyPage {
  items: Survey[];
  total: number;
  nextCursor: string | null;
}

export interface TicketPage {
  tickets: Ticket[];
  total: number;
  /** More match than the server counted (10,000, or what it could count in its time budget): `total` is a lower bound. */
  totalCapped?: boolean;
  nextCursor: string | null;
}
