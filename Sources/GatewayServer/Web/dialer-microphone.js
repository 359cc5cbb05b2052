// The dialer's microphone settings: the mute choice, kept between calls and visits
// (localStorage), and the browser's microphone permission, watched so that the page can say
// it is blocked before a call fails, and that it is allowed again once the user changed it.

const MUTE_KEY = 'gatewayDialer.muted';

/** The remembered mute choice: true when calls should start muted. */
export function rememberedMute() {
  try {
    return localStorage.getItem(MUTE_KEY) === '1';
  } catch {
    return false; // storage disabled (private mode, a sandboxed frame)
  }
}

/** Remembers the mute choice for the next calls. */
export function rememberMute(muted) {
  try {
    if (muted) localStorage.setItem(MUTE_KEY, '1'); else localStorage.removeItem(MUTE_KEY);
  } catch {
    // nothing to keep it in; the choice lasts for this call only
  }
}

/**
 * Calls `changed(state)` with the microphone permission ('granted', 'denied', 'prompt') now
 * and whenever it changes, where the browser tells it (the Permissions API; Firefox and older
 * Safari do not for the microphone: then never).
 */
export async function watchMicrophonePermission(changed) {
  if (!navigator.permissions || !navigator.permissions.query) return;
  let status;
  try {
    status = await navigator.permissions.query({ name: 'microphone' });
  } catch {
    return; // 'microphone' is not a permission name this browser knows
  }
  changed(status.state);
  status.addEventListener('change', () => changed(status.state));
}
