// Plain-language explanations of why a call did not work, and what to do about it: from the
// end cause of a call (docs/hangup-causes.md) or the error code of a call that was never
// placed (docs/signaling.md "Errors", errors.js). The status line keeps the gateway's own
// sentence; these add the "what now".
//
//   explain({ code: 'user_busy', side: 'remote' })
//     -> { kind: 'busy', title: 'The line is busy', text: '…', steps: [] }

/** Steps that lift a microphone block, for the browser the page runs in. */
export function microphoneSteps(userAgent = navigator.userAgent) {
  const ua = String(userAgent);
  const site = `${location.host || 'this site'}`;
  const steps = [];
  if (/Firefox\//.test(ua)) {
    steps.push(`Click the crossed-out microphone icon at the left of the address bar.`,
      `Next to “Use the microphone: Blocked”, click the × to clear the block.`,
      'Call again, and choose Allow when the browser asks.');
  } else if (/Safari\//.test(ua) && !/Chrome\/|Chromium\/|Edg\//.test(ua)) {
    steps.push('In the Safari menu, open Settings for This Website (Settings for ' + site + ').',
      'Set Microphone to Allow.',
      'Call again.');
  } else {
    steps.push('Click the icon at the left of the address bar (a lock or two sliders), or the crossed-out camera icon at its right.',
      `Set Microphone to Allow for ${site}. (Or open the browser's Settings › Privacy and security › Site settings › Microphone and remove ${site} from “Not allowed”.)`,
      'Call again; reload the page if the browser asks you to.');
  }
  if (/Mac OS X|Macintosh/.test(ua)) {
    steps.push('Still blocked? In macOS System Settings › Privacy & Security › Microphone, turn the browser on.');
  } else if (/Windows/.test(ua)) {
    steps.push('Still blocked? In Windows Settings › Privacy & security › Microphone, let desktop apps use the microphone.');
  }
  return steps;
}

const NETWORK_TROUBLE = {
  kind: 'network',
  title: 'The telephone network could not complete the call',
  text: 'This is usually temporary and not a problem with the number or your computer. Try again in a few minutes.',
};

/** Explanations by end cause or error code; a function gets {side, state}. */
const EXPLANATIONS = {
  // ---- The microphone (errors.js) ----
  microphone_blocked: ({ state }) => ({
    kind: 'microphone',
    title: 'Your microphone is blocked for this site',
    text: state === 'idle'
      ? 'Calls need your microphone, and the browser blocks it for this page. To allow it:'
      : 'The browser did not let this page use the microphone, so the call could not start. To allow it:',
    steps: microphoneSteps(),
  }),
  microphone_allowed: {
    kind: 'microphone_allowed',
    title: 'Microphone allowed',
    text: 'The browser now lets this page use the microphone. You can call.',
  },
  microphone_missing: {
    kind: 'microphone',
    title: 'No microphone found',
    text: 'Plug in a headset or microphone, or check that it is turned on and chosen in your system\'s sound settings, then call again.',
  },
  microphone_busy: {
    kind: 'microphone',
    title: 'The microphone is in use',
    text: 'Another application (a meeting or recording app) may be holding the microphone. Close it, then call again.',
  },
  microphone_unavailable: {
    kind: 'microphone',
    title: 'This page cannot use a microphone',
    text: 'Browsers allow microphones only on secure pages. Open the page with https:// (or from localhost).',
  },
  microphone_error: {
    kind: 'microphone',
    title: 'The microphone could not be started',
    text: 'Check your microphone and the browser\'s permission for this site, then call again.',
  },

  // ---- The number ----
  bad_destination: {
    kind: 'number',
    title: 'Check the number',
    text: 'Type digits only (with + and the country code first for an international number). * and # are for service codes.',
  },
  call_rejected: ({ side }) => (side === 'remote' ? {
    kind: 'not_allowed',
    title: 'The call was declined',
    text: 'The number you called, or its telephone network, refused the call. It may not accept calls from this service.',
  } : {
    kind: 'not_allowed',
    title: 'This number is not allowed',
    text: 'This service does not allow calls to this number (for example premium-rate, international or blocked numbers). Check the number, or ask whoever runs this service.',
  }),
  unallocated_number: {
    kind: 'number',
    title: 'This number does not exist',
    text: 'Check the number, including the area code. For an international number, start with + and the country code.',
  },
  invalid_number_format: {
    kind: 'number',
    title: 'The number is incomplete or invalid',
    text: 'Some digits may be missing. For an international number, start with + and the country code.',
  },
  number_changed: {
    kind: 'number',
    title: 'This number has changed',
    text: 'The person or business now has another number. Look up their new one.',
  },

  // ---- The far end ----
  user_busy: {
    kind: 'busy',
    title: 'The line is busy',
    text: 'The person you called is on another call. Try again in a few minutes.',
  },
  no_answer: {
    kind: 'no_answer',
    title: 'No answer',
    text: 'The phone rang, but nobody picked up. Try again later.',
  },
  no_user_response: {
    kind: 'no_answer',
    title: 'No answer',
    text: 'The phone you called is not responding: it may be switched off or out of coverage. Try again later.',
  },
  incompatible_destination: {
    kind: 'network',
    title: 'The other side cannot take this call',
    text: 'The number you called does not support this kind of call audio. It may be a fax or data line.',
  },

  // ---- The network ----
  destination_out_of_order: NETWORK_TROUBLE,
  network_out_of_order: NETWORK_TROUBLE,
  normal_unspecified: NETWORK_TROUBLE,
  no_circuit_available: NETWORK_TROUBLE,
  switching_equipment_congestion: NETWORK_TROUBLE,
  service_unavailable: NETWORK_TROUBLE,
  recovery_on_timer_expiry: NETWORK_TROUBLE,
  interworking: NETWORK_TROUBLE,
  temporary_failure: ({ state }) => (state === 'failed' ? {
    kind: 'connection',
    title: 'Your connection dropped for too long',
    text: 'The call was kept on the line for a while, but your browser could not reconnect in time. Check your internet connection, then call again.',
  } : NETWORK_TROUBLE),
  resume_failed: {
    kind: 'connection',
    title: 'The call could not be taken back',
    text: 'After the connection dropped, the service no longer had this call. Call again.',
  },
  media_failure: {
    kind: 'connection',
    title: 'No audio connection',
    text: 'Your browser could not set up the audio with the service. A firewall, VPN or strict company network may block it: try another network, or ask your IT department to allow WebRTC audio.',
  },
  media_timeout: {
    kind: 'connection',
    title: 'The audio stopped',
    text: 'No audio arrived from the other side for a while, so the call was ended. Call again.',
  },
  connection_failed: {
    kind: 'connection',
    title: 'Cannot reach the service',
    text: 'Check your internet connection. If it works, the service may be down: try again in a few minutes.',
  },
  not_connected: {
    kind: 'connection',
    title: 'Not connected to the service',
    text: 'The connection to the service closed. Check your internet connection, then call again.',
  },
  timeout: {
    kind: 'connection',
    title: 'The service did not answer',
    text: 'Your call request got no answer in time. Check your internet connection, then call again.',
  },
  unavailable: {
    kind: 'limit',
    title: 'The service cannot take calls right now',
    text: 'It may be restarting or full. Try again in a minute.',
  },

  // ---- Limits and access ----
  limit_exceeded: {
    kind: 'limit',
    title: 'Too many calls',
    text: 'You have reached the number of calls allowed at once or per minute. Hang up your other calls (other tabs or windows too), or wait a minute, then call again.',
  },
  token_expired: {
    kind: 'session',
    title: 'Your session expired',
    text: 'For your security, access to calling is only valid for a limited time. Reload the page to continue.',
  },
  token_invalid: {
    kind: 'session',
    title: 'Your access to calling is not valid',
    text: 'Reload the page. If this keeps happening, open the dialer again from the site or app that gave you the link.',
  },
  token_required: {
    kind: 'session',
    title: 'Sign-in needed',
    text: 'This service needs a link with an access token. Open the dialer from the site or app that provides it.',
  },
  token_not_yet_valid: {
    kind: 'session',
    title: 'Your access is not valid yet',
    text: 'Your computer\'s clock may be wrong. Check the date and time settings, then reload the page.',
  },
};

/**
 * The explanation of a cause or error `code`, or null when there is nothing to explain (a
 * normal hangup, a cancelled call). `side` is the end's side; `state` the page's state.
 */
export function explain({ code, side = null, state = null }) {
  const entry = code ? EXPLANATIONS[code] : null;
  if (!entry) return null;
  const value = typeof entry === 'function' ? entry({ side, state }) : entry;
  return { steps: [], ...value, code };
}

/** Renders `explanation` (or nothing) into the box: a title, a sentence, numbered steps. */
export function showExplanation(box, explanation) {
  const [title, text, steps] = ['.explanation-title', '.explanation-text', '.explanation-steps']
    .map((selector) => box.querySelector(selector));
  const shown = box.dataset.code || '';
  const next = explanation ? explanation.code : '';
  if (shown === next && box.dataset.text === (explanation ? explanation.text : '')) return;
  box.dataset.code = next;
  box.dataset.kind = explanation ? explanation.kind : '';
  box.dataset.text = explanation ? explanation.text : '';
  box.hidden = !explanation;
  title.textContent = explanation ? explanation.title : '';
  text.textContent = explanation ? explanation.text : '';
  steps.replaceChildren(...(explanation ? explanation.steps : []).map((step) => {
    const item = document.createElement('li');
    item.textContent = step;
    return item;
  }));
  steps.hidden = !(explanation && explanation.steps.length);
}
