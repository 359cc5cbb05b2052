// The call link behind the link page: its id, read from the page's address (/call/<id>),
// and what the gateway says of it at /call-links/<id>.json (no credentials):
// {title, dialPad, state, message}. An unknown or revoked link answers 404 alike.
//
//   const info = await loadLinkInfo(linkIdFrom(location.pathname));
//   // {state: 'open'|'scheduled'|'closed_now'|'expired'|'spent'|'missing'|'error', title, dialPad, message}

/** The ids the gateway makes: letters, digits, '-' and '_'. */
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const MISSING_TEXT = 'This call link does not exist.';
const UNREACHABLE_TEXT = 'The call link could not be loaded. Check your internet connection, then reload the page.';

/** Words for a state the gateway sent without a message of its own. */
const STATE_TEXT = {
  scheduled: 'This link is not open yet.',
  closed_now: 'This link is closed at the moment. Try again during its opening hours.',
  expired: 'This link has expired.',
  spent: 'This link has been used.',
  revoked: MISSING_TEXT,
};

/** The link id of a page at /call/<id> (a trailing slash allowed), or null. */
export function linkIdFrom(pathname) {
  const match = /\/call\/([^/]+)\/?$/.exec(String(pathname));
  if (!match) return null;
  let id;
  try {
    id = decodeURIComponent(match[1]);
  } catch {
    return null;
  }
  return ID_PATTERN.test(id) ? id : null;
}

function missing(message) {
  return { state: 'missing', title: null, dialPad: false, message: message || MISSING_TEXT };
}

/**
 * What the gateway says of link `id` now. Never rejects: a link that does not exist (or was
 * revoked) is state 'missing', a gateway that could not be asked state 'error'; both carry
 * a sentence to show in `message`.
 */
export async function loadLinkInfo(id) {
  if (!id) return missing();
  let response;
  let data = null;
  try {
    response = await fetch(`/call-links/${encodeURIComponent(id)}.json`,
      { cache: 'no-store', credentials: 'omit', headers: { Accept: 'application/json' } });
    data = await response.json().catch(() => null);
  } catch {
    return { state: 'error', title: null, dialPad: false, message: UNREACHABLE_TEXT };
  }
  if (response.status === 404) return missing(data && typeof data.error === 'string' ? data.error : null);
  if (!response.ok || !data || typeof data !== 'object' || typeof data.state !== 'string') {
    return { state: 'error', title: null, dialPad: false, message: UNREACHABLE_TEXT };
  }
  if (data.state === 'revoked') return missing();
  const open = data.state === 'open';
  return {
    state: data.state,
    title: typeof data.title === 'string' && data.title ? data.title : null,
    dialPad: data.dialPad !== false,
    message: open ? null : (typeof data.message === 'string' && data.message) || STATE_TEXT[data.state] || 'This link cannot be used now.',
  };
}
