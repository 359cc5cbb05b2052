// The agent console's one-word state and its status line, from the session's connection,
// the calls on the page and the reported presence.
import { callerText } from './agent-incoming-view.js';

/**
 * `signed_out`, `signing_in`, `reconnecting`, a call's state, `ringing` or `idle`.
 * @param {string} connection the session's connection state
 * @param {{call: object|null, last: object|null, incoming: object[]}} page
 */
export function consoleState(connection, page) {
  if (connection !== 'connected') return connection;
  if (page.call) return page.last.state;
  if (page.incoming.some((incoming) => incoming.ringing)) return 'ringing';
  return 'idle';
}

/**
 * The status line for `state`, in words.
 * @param {string} state from consoleState
 * @param {{page: object, presence: object|null, identity: string|null}} facts
 */
export function statusText(state, { page, presence, identity }) {
  switch (state) {
    case 'signed_out': return 'Sign in to take calls.';
    case 'signing_in': return 'Connecting to the gateway…';
    case 'reconnecting': return 'Connection lost — reconnecting…';
    case 'ringing': {
      const first = page.incoming.find((incoming) => incoming.ringing);
      return `Incoming call from ${callerText(first)}.`;
    }
    case 'idle': {
      if (!presence) return `Signed in as ${identity}.`;
      return presence.state === 'available' ? 'Ready for calls.' : 'Not taking calls.';
    }
    default: return page.call ? `On a call with ${callerText(page.last)}.` : '';
  }
}
