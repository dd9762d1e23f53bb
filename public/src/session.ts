// Who is signed in in this tab: the token and the user, kept in sessionStorage (one login per tab).
import { ref } from 'vue';
import type { Role, User } from './api/types';

const TOKEN_KEY = 'hotline.token';
const USER_KEY = 'hotline.user';

function storedUser(): User | null {
  try {
    return JSON.parse(sessionStorage.getItem(USER_KEY) || 'null') as User | null;
  } catch {
    return null;
  }
}

/** The signed-in user, reactive for the top bar. */
export const currentUser = ref<User | null>(storedUser());

export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  save(token: string, user: User): void {
    sessionStorage.setItem(TOKEN_KEY, token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(user));
    currentUser.value = user;
  },
  clear(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
    currentUser.value = null;
  },
};

/** Where each role starts its day. */
export const landingPage: Record<Role, string> = {
  operator: '/operator',
  dispatcher: '/dispatch',
  handler: '/workbench',
  supervisor: '/workbench',
  admin: '/dashboard',
};

/** Only a path on this site, never elsewhere (no open redirect): `/x`, not `//host` or `/\host`. */
export function safeNext(next: string | null | undefined): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\') || next === '/') return null;
  try {
    return new URL(next, location.origin).origin === location.origin ? next : null;
  } catch {
    return null;
  }
}
