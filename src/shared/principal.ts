/** Who is acting: passed from routes to services (the "accountability" of each change). */
export const roles = ['operator', 'dispatcher', 'handler', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface UserPrincipal {
  kind: 'user';
  userId: number;
  username: string;
  role: Role;
  departmentId: number;
}

export interface ApiKeyPrincipal {
  kind: 'api_key';
  apiKeyId: number;
  name: string;
  channels: string[];
  lines: string[];
}

export interface PublicPrincipal {
  kind: 'public';
}

/** A worker acting on its own (routing, SLA timers, the survey worker); never from HTTP. */
export interface SystemPrincipal {
  kind: 'system';
  name: string;
}

export type Principal = UserPrincipal | ApiKeyPrincipal | PublicPrincipal | SystemPrincipal;

/** Who may call a route. Every route declares one; there is no default. */
export type Access =
  | { public: true }
  | { roles: readonly Role[]; partners?: boolean }
  | { partnersOnly: true };

export const anyStaff: readonly Role[] = roles;
