// The agent console's connection (agent.html): signing in with an identity (remembered in
// localStorage, so a reload signs the agent in again), and connecting again after a drop —
// an agent's console must not quietly stop ringing. This is the console's only reconnection:
// its GatewayClient does not reconnect by itself (`reconnect: false`). A phone's call the
// agent accepted has a resume token and waits, `reconnecting`, while the WebSocket is down;
// the client resumes it on the next connection this opens, at the pace of the dialer's calls
// (resumeRetryDelay) while it waits. The gateway gives the presence back on each connection.
import { GatewayClient, GatewayError, RAW_AUDIO_CONSTRAINTS, resumeRetryDelay } from './gateway.js';

const STORAGE_KEY = 'gateway.agent';            // {identity, signedIn}
const IDENTITY = /^[A-Za-z0-9._\-@+]{1,64}$/;   // what the gateway accepts (docs/signaling.md)
/** Reconnection delays after a drop with no call waiting: the first, doubled each time, up to the cap. */
const RECONNECT_FIRST_MS = 1000;
const RECONNECT_MAX_MS = 10000;

/** What the previous page remembered: {identity, signedIn} (both may be missing). */
export function remembered() {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) || 'null');
    return value && typeof value === 'object' ? value : {};
  } catch {
    return {};
  }
}

function remember(identity, signedIn) {
  try { localStorage.setItem(STORAGE_KEY, JSON.stringify({ identity, signedIn })); } catch { /* private mode */ }
}

/** `?audio=raw`: voice processing off (tones, music, measurements; see media.js). */
const AUDIO = new URLSearchParams(location.search).get('audio') === 'raw' ? RAW_AUDIO_CONSTRAINTS : undefined;

export class AgentSession {
  #hooks;
  #timer = null;
  #attempts = 0;

  /**
   * `hooks`: {client(client) (a new GatewayClient, to attach listeners to), connected()
   * (each time a connection is up), change() (connection or identity changed), leaving()
   * (the client is about to be closed by a sign-out), error(e)}.
   */
  constructor(hooks) {
    this.#hooks = hooks;
    this.client = null;
    this.identity = null;
    /** 'signed_out', 'signing_in', 'connected' or 'reconnecting'. */
    this.connection = 'signed_out';
  }

  /**
   * Signs in as `identity` (signing out first); throws a GatewayError for a bad identity.
   * With `token` (web_auth.mode: token, docs/tokens.md) the token names the agent instead.
   */
  signIn(identity, { token } = {}) {
    const name = String(identity || '').trim();
    if (!token && !IDENTITY.test(name)) {
      throw new GatewayError('bad_identity', 'An identity is 1 to 64 letters, digits or . _ - @ +.');
    }
    this.signOut({ forget: false });
    if (!token) remember(name, true);
    this.identity = token ? null : name;
    const client = token ? new GatewayClient({ token, reconnect: false, audioConstraints: AUDIO })
      : new GatewayClient({ identity: name, reconnect: false, audioConstraints: AUDIO });
    this.client = client;
    client.addEventListener('close', () => { if (this.client === client) this.#lost(); });
    this.#hooks.client(client);
    this.#connect(client, true);
  }

  /** Closes the connection; `forget`: the next page does not sign in by itself. */
  signOut({ forget = true } = {}) {
    clearTimeout(this.#timer);
    this.#timer = null;
    const client = this.client;
    if (client) this.#hooks.leaving();
    this.client = null;
    this.connection = 'signed_out';
    if (client) client.close();
    if (forget && this.identity) remember(this.identity, false);
    this.#hooks.change();
  }

  #connect(client, first) {
    this.connection = first ? 'signing_in' : 'reconnecting';
    this.#hooks.change();
    client.connect().then(() => {
      if (this.client !== client) return;
      this.identity = client.identity;
      this.connection = 'connected';
      this.#attempts = 0;
      this.#hooks.connected();
      this.#hooks.change();
    }, (error) => {
      if (this.client !== client) return;
      // A call restored after a reload waits for a connection as one after a drop does.
      if (!first || client.resuming) {
        this.#lost();
        return;
      }
      this.signOut({ forget: false });
      this.#hooks.error(String(error?.code).startsWith('token_') ? error
        : new GatewayError('connection_failed', 'Cannot reach the gateway. Check that it is running, then sign in again.'));
    });
  }

  /**
   * The WebSocket closed under the agent: again after 1 s, 2 s, 4 s, ... at most 10 s apart;
   * after 0.5 s, 1 s, 2 s, ... at most 5 s apart while a call waits to be resumed (its
   * disconnect interval is short).
   */
  #lost() {
    const client = this.client;
    if (!client || this.#timer !== null) return;
    this.connection = 'reconnecting';
    const delay = client.resuming ? resumeRetryDelay(this.#attempts)
      : Math.min(RECONNECT_FIRST_MS * 2 ** Math.min(this.#attempts, 8), RECONNECT_MAX_MS);
    this.#attempts += 1;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.client === client) this.#connect(client, false);
    }, delay);
    this.#hooks.change();
  }
}
