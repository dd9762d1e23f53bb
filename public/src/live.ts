// Socket.io namespace /live (SPEC section 10), authenticated with the signed-in token. The state
// (on / reconnecting / refused) is shared with the top bar; a page re-reads what it may have missed
// on every reconnection through `onConnect`.
import { io, type Socket } from 'socket.io-client';
import { onBeforeUnmount, ref } from 'vue';
import { session } from './session';

export type LiveState = 'off' | 'on' | 'reconnecting' | 'refused';
export const liveState = ref<LiveState>('off');

export type LiveHandlers = Record<string, (payload: never) => void>;

/** Connects for the life of the calling component. */
export function useLive(handlers: LiveHandlers, onConnect: (info: { reconnect: boolean }) => void = () => {}): Socket {
  const socket = io('/live', { auth: { token: session.token() } });
  let connectedBefore = false;
  socket.on('connect', () => {
    liveState.value = 'on';
    onConnect({ reconnect: connectedBefore });
    connectedBefore = true;
  });
  socket.on('disconnect', () => (liveState.value = 'reconnecting'));
  // A refusal by the server's auth check is final (socket.active false); a network error retries.
  socket.on('connect_error', () => (liveState.value = socket.active ? 'reconnecting' : 'refused'));
  for (const [event, fn] of Object.entries(handlers)) socket.on(event, fn as (...args: unknown[]) => void);
  onBeforeUnmount(() => {
    socket.disconnect();
    liveState.value = 'off';
  });
  return socket;
}
