// The microphone mute choice a GatewayClient carries from one call to the next (docs/sdk.md,
// "Muting"): a new call starts muted when the last one ended muted. It is kept in
// localStorage per web identity (an agent's choice is not the dialer's), so it holds for every
// page of the origin signed in as that identity, across reloads and visits, and the latest
// choice of any tab wins; in memory only where storage is unavailable (private mode, a
// sandboxed frame) or when the client is made with `rememberMute: false`.

const STORAGE_PREFIX = 'gateway.muted.';   // + identity: '1' muted, '0' not; absent: never chosen

export class MuteMemory {
  #stored;
  #identity;
  #muted = false;

  /**
   * `stored`: false keeps the choice in this object only. `identity`: a function giving
   * the identity the choice is kept for (the client's, once the gateway confirmed it).
   */
  constructor(stored, identity = () => 'anonymous') {
    this.#stored = stored;
    this.#identity = identity;
  }

  get #key() { return STORAGE_PREFIX + (this.#identity() || 'anonymous'); }

  get muted() {
    if (this.#stored) {
      try {
        const value = localStorage.getItem(this.#key);
        if (value !== null) return value === '1';
      } catch {
        // no storage: the choice made on this page
      }
    }
    return this.#muted;
  }

  set muted(value) {
    this.#muted = Boolean(value);
    if (!this.#stored) return;
    try {
      localStorage.setItem(this.#key, this.#muted ? '1' : '0');
    } catch {
      // no storage: the choice lasts as long as the page
    }
  }
}
