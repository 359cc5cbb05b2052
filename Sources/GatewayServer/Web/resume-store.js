// Keeps the resume tokens of this page's calls in sessionStorage, so that a call to a phone
// (or a phone's call an agent answered) survives a reload of the page (docs/signaling.md,
// "Reconnecting"). sessionStorage belongs to one tab: it survives the tab's reloads, not its
// closing.
//
// A record: {callId, token, disconnectInterval (s), number, identity, url (the WebSocket URL,
// which names the identity), connectedAt, droppedAt, aliveAt, leftAt, incoming (an agent's
// call: the caller's details of its `incoming`; null for a placed call)} (times: ms since 1970).
// A record can be taken over by a new page only when the page that held it is gone: it left
// (pagehide wrote `leftAt`) or stopped marking it (`aliveAt` is stale). A duplicated tab
// gets a copy of sessionStorage, and must not take the call from the tab still holding it.

const KEY = 'gateway.resumableCalls';
/** How often this page marks the records it holds as still held. */
const HEARTBEAT_MS = 2000;
/** A record not marked for this long, by a page that did not say it left, is an orphan. */
const ORPHAN_AFTER_MS = 3 * HEARTBEAT_MS;

/** callIds of the records this page holds. */
const held = new Set();
let heartbeat = null;
/** Set by pagehide: what the page still writes must not make its calls look held. */
let leaving = false;

function storage() {
  try {
    return globalThis.sessionStorage || null;
  } catch {
    return null; // storage disabled: calls still reconnect, only not across a reload
  }
}

function readAll() {
  const store = storage();
  if (!store) return {};
  try {
    const value = JSON.parse(store.getItem(KEY) || '{}');
    return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

function writeAll(records) {
  const store = storage();
  if (!store) return;
  try {
    if (Object.keys(records).length) store.setItem(KEY, JSON.stringify(records));
    else store.removeItem(KEY);
  } catch {
    /* quota or disabled storage: the call only cannot survive a reload */
  }
}

function isRecord(record) {
  return record && typeof record === 'object' && typeof record.callId === 'string'
    && typeof record.token === 'string' && typeof record.url === 'string'
    && Number.isFinite(record.disconnectInterval) && record.disconnectInterval > 0
    && Number.isFinite(record.aliveAt);
}

function markHeld(fields) {
  const records = readAll();
  const now = Date.now();
  for (const callId of held) {
    if (records[callId]) records[callId] = { ...records[callId], ...fields(now) };
  }
  writeAll(records);
}

function startHeartbeat() {
  if (heartbeat === null) heartbeat = setInterval(() => markHeld((now) => ({ aliveAt: now })), HEARTBEAT_MS);
}

/** Saves (or updates) a call this page holds. `fields` must hold the callId. */
export function saveCall(fields) {
  const records = readAll();
  const now = Date.now();
  const earlier = records[fields.callId] || {};
  records[fields.callId] = { ...earlier, ...fields, aliveAt: now, leftAt: leaving ? (earlier.leftAt ?? now) : null };
  writeAll(records);
  held.add(fields.callId);
  startHeartbeat();
}

/** Updates fields of a call this page holds; does nothing when it is not saved. */
export function updateCall(callId, fields) {
  if (held.has(callId)) saveCall({ ...fields, callId });
}

/** Removes a call: it ended, or cannot be resumed any more. */
export function forgetCall(callId) {
  held.delete(callId);
  const records = readAll();
  if (records[callId]) {
    delete records[callId];
    writeAll(records);
  }
  if (!held.size && heartbeat !== null) {
    clearInterval(heartbeat);
    heartbeat = null;
  }
}

/**
 * The calls an earlier page of this tab left behind for the WebSocket `url` that can still
 * be resumed, newest first, each with `deadline` (ms since 1970): the end of its
 * disconnect interval. Records past their deadline are removed.
 */
export function orphanedCalls(url, now = Date.now()) {
  const records = readAll();
  const found = [];
  let changed = false;
  for (const [callId, record] of Object.entries(records)) {
    if (!isRecord(record) || record.callId !== callId) {
      delete records[callId];
      changed = true;
      continue;
    }
    if (held.has(callId)) continue;
    const left = Number.isFinite(record.leftAt) ? record.leftAt
      : (now - record.aliveAt > ORPHAN_AFTER_MS ? record.aliveAt : null);
    if (left === null) continue; // another page still holds it
    const since = Number.isFinite(record.droppedAt) ? Math.min(record.droppedAt, left) : left;
    const deadline = since + record.disconnectInterval * 1000;
    if (deadline <= now) {
      delete records[callId];
      changed = true;
    } else if (record.url === url) {
      found.push({ ...record, deadline });
    }
  }
  if (changed) writeAll(records);
  return found.sort((a, b) => b.aliveAt - a.aliveAt);
}

// A reload or a navigation: the calls wait for the next page. Back from the back/forward
// cache, the page holds them again.
addEventListener('pagehide', () => {
  leaving = true;
  if (held.size) markHeld((now) => ({ leftAt: now }));
});
addEventListener('pageshow', (event) => {
  if (!event.persisted) return;
  leaving = false;
  if (held.size) markHeld((now) => ({ aliveAt: now, leftAt: null }));
});
