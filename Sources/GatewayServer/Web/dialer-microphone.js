// The microphone permission of the dialer and the call link page, watched so that a page can
// say it is blocked before a call fails, and that it is allowed again once the user changed
// it. (The mute choice kept between calls is the client's: GatewayClient.startMuted.)

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
