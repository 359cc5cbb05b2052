// What the agent console knows of its current or last accepted call (window.agentConsole's
// `lastCall`, agent-contract.js; the call view shows it): who called, the call's states and
// how it ended. Fed by the Call's `state` events, across a dropped connection and the call's
// resumption; a call lost meanwhile stays `failed`.

/**
 * A new summary of the call `callId`. `details`: the caller's details of its `incoming`
 * ({from, fromName, to, group, keys}); `answered`: the gateway took the accept already
 * (errors from then on are shown, the accept's own reject it).
 */
export function callSummary(callId, details, { state, connectedAt = null, answered = false }) {
  const { from = '', fromName = null, to = '', group = null, keys = null } = details || {};
  return {
    callId, from, fromName, to, group, keys, state, states: [], cause: null, reason: null,
    side: null, connectedAt, answered,
  };
}

/** Takes in a `state` event's detail ({state, end}) of `call`. */
export function followState(summary, call, { state, end }) {
  summary.states.push(state);
  if (!(state === 'closed' && summary.state === 'failed')) summary.state = state;
  if (state === 'connected' && !summary.connectedAt) summary.connectedAt = call.connectedAt || Date.now();
  if (end) Object.assign(summary, { cause: end.cause, reason: end.reason, side: end.side });
}

/** The summary as the test contract hands it out: plain data, without `answered`. */
export function summaryData(summary) {
  if (!summary) return null;
  const { answered, ...data } = summary;
  return { ...data, states: [...data.states] };
}
