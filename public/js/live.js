// Socket.io namespace /live (SPEC section 10). The client script is served by the server itself
// at /socket.io/socket.io.js (no CDN); pages keep working, without live updates, if it is missing.
import { getToken } from './api.js';

let clientScript = null;

function loadClient() {
  if (typeof window.io === 'function') return Promise.resolve(window.io);
  clientScript ??= new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = '/socket.io/socket.io.js';
    s.onload = () => (typeof window.io === 'function' ? resolve(window.io) : reject(new Error('no io')));
    s.onerror = () => reject(new Error('socket.io client not served'));
    document.head.append(s);
  });
  return clientScript;
}

/**
 * Connects with the signed-in token. `onStatus` gets on / reconnecting / refused / unavailable;
 * `onConnect({reconnect})` runs on every (re)connection, so the page can re-fetch what it may have
 * missed while disconnected; `handlers` maps event names (metrics, ticket:changed, sla:at-risk,
 * sla:overdue, dispatch:pool) to functions.
 */
export async function connectLive({ handlers = {}, onStatus = () => {}, onConnect = () => {} }) {
  let io;
  try {
    io = await loadClient();
  } catch {
    onStatus('unavailable');
    return null;
  }
  const socket = io('/live', { auth: { token: getToken() } });
  let connectedBefore = false;
  socket.on('connect', () => {
    onStatus('on');
    onConnect({ reconnect: connectedBefore });
    connectedBefore = true;
  });
  socket.on('disconnect', () => onStatus('reconnecting'));
  // A refusal by the server's auth check is final (socket.active false); a network error retries.
  socket.on('connect_error', () => onStatus(socket.active ? 'reconnecting' : 'refused'));
  for (const [event, fn] of Object.entries(handlers)) socket.on(event, fn);
  return socket;
}
