// Plain-language explanations on the call link page. The caller did not choose the number
// and cannot change it, so what the dialer says about "the number you typed" is said here
// about the link; the rest (the microphone, busy, no answer, the network) is the dialer's
// (dialer-explain.js).
//
//   explainLink({ code: 'link_unavailable' })
//     -> { kind: 'link', title: 'This link cannot be used now', text: '…', steps: [], code }

import { explain } from './dialer-explain.js';

const NUMBER_TROUBLE = {
  kind: 'number',
  title: 'The number behind this link does not work',
  text: 'This link calls a number that cannot be reached. Tell whoever gave you the link.',
};

/** Explanations that differ on a link page, by end cause or error code; a function gets {side, state}. */
const LINK_EXPLANATIONS = {
  link_unavailable: {
    kind: 'link',
    title: 'This link cannot be used now',
    text: 'It may have expired, been used already, or be outside its opening hours. Try again when it opens, or ask whoever gave you the link for a new one.',
  },
  link_missing: {
    kind: 'link',
    title: 'Check the address',
    text: 'It may be incomplete: compare it with the link you were given. The link may also have been withdrawn; ask whoever gave it to you for a new one.',
  },
  // Refused by the far end: the dialer's words fit. Refused here: the link closed meanwhile.
  call_rejected: ({ side, state }) => (side === 'remote' ? explain({ code: 'call_rejected', side, state }) : {
    kind: 'not_allowed',
    title: 'The call could not go through this link',
    text: 'The link may have closed meanwhile (its opening hours or its last day), or, if it can be used only once, it is in use already. Try again later, or ask whoever gave you the link.',
  }),
  bad_destination: NUMBER_TROUBLE,
  unallocated_number: NUMBER_TROUBLE,
  invalid_number_format: NUMBER_TROUBLE,
  number_changed: NUMBER_TROUBLE,
  limit_exceeded: {
    kind: 'limit',
    title: 'Too many calls through this link',
    text: 'This link takes only a few calls at a time. Try again in a minute.',
  },
};

/**
 * The explanation of a cause or error `code` on the link page, or null when there is
 * nothing to explain (a normal hangup, a cancelled call).
 */
export function explainLink({ code, side = null, state = null }) {
  const entry = code ? LINK_EXPLANATIONS[code] : null;
  if (!entry) return explain({ code, side, state });
  const value = typeof entry === 'function' ? entry({ side, state }) : entry;
  if (!value) return null;
  return { steps: [], ...value, code };
}
