// The agent console's ringing panels (agent.html): one per IncomingCall, with what the
// caller told the gateway so far and Accept / Decline. A panel whose call stopped ringing
// says why for a few seconds, so the agent is not left wondering where it went.

/** The words for a `cancel` reason (docs/signaling.md, "Agents"; two are the client's own). */
const CANCEL_TEXT = {
  answered_elsewhere: 'Answered elsewhere',
  caller_hung_up: 'Caller hung up',
  timeout: 'Timed out',
  declined_elsewhere: 'Declined on another tab',
  agent_unavailable: 'Withdrawn: you are not available',
  signaling_lost: 'Connection to the gateway lost',
  call_gone: 'No longer ringing',
};
/** How long a panel stays after its call stopped ringing. */
const LINGER_MS = 5000;

export function cancelText(reason) {
  return CANCEL_TEXT[reason] || 'No longer ringing';
}

/** "Bob (+15551230000)", or the number alone. */
export function callerText(incoming) {
  if (!incoming.from) return incoming.fromName || 'an unknown caller';
  return incoming.fromName ? `${incoming.fromName} (${incoming.from})` : incoming.from;
}

export class IncomingList {
  #list;
  #announcer;
  #actions;
  #panels = new Map(); // callId → {item, note, accept, decline, timer}

  /** `actions`: {accept(incoming), reject(incoming)}, called from the buttons. */
  constructor(list, announcer, actions) {
    this.#list = list;
    this.#announcer = announcer;
    this.#actions = actions;
  }

  add(incoming) {
    this.#drop(incoming.callId);
    const item = element('li', 'incoming');
    item.dataset.callId = incoming.callId;
    const titleId = `incoming-${this.#panels.size}-${Date.now().toString(36)}`;
    const title = element('h3', '', `Incoming call from ${callerText(incoming)}`);
    title.id = titleId;
    const facts = element('dl', 'facts');
    fact(facts, 'Caller', incoming.fromName ? `${incoming.fromName}, ${incoming.from || 'number withheld'}` : incoming.from || 'Number withheld');
    fact(facts, 'Dialed', incoming.to || 'Unknown');
    fact(facts, 'Group', incoming.group || 'Direct call');
    fact(facts, 'Keys pressed', incoming.keys || 'None');
    const note = element('p', 'incoming-note');
    note.hidden = true;
    const buttons = element('div', 'actions two');
    const accept = element('button', 'call', 'Accept');
    const decline = element('button', 'hangup', 'Decline');
    for (const button of [accept, decline]) {
      button.type = 'button';
      button.setAttribute('aria-describedby', titleId);
      buttons.append(button);
    }
    accept.addEventListener('click', () => this.#actions.accept(incoming));
    decline.addEventListener('click', () => this.#actions.reject(incoming));
    item.append(title, facts, note, buttons);
    this.#list.append(item);
    this.#panels.set(incoming.callId, { item, note, accept, decline, timer: null });
    this.#announce(`Incoming call from ${callerText(incoming)}${incoming.group ? `, group ${incoming.group}` : ''}.`);
    this.update(incoming);
  }

  /** Shows the incoming's state: buttons while ringing, a note once it stopped. */
  update(incoming) {
    const panel = this.#panels.get(incoming.callId);
    if (!panel) return;
    const ringing = incoming.state === 'ringing';
    panel.accept.disabled = !ringing;
    panel.decline.disabled = !ringing;
    panel.item.dataset.state = incoming.state;
    if (incoming.state === 'accepting') this.#note(panel, 'Answering…');
    if (incoming.state === 'ringing') panel.note.hidden = true;
    if (incoming.state === 'accepted' || incoming.state === 'rejected') this.#drop(incoming.callId);
    if (incoming.state === 'cancelled') {
      const text = cancelText(incoming.cancelReason);
      this.#note(panel, text);
      panel.accept.hidden = true;
      panel.decline.hidden = true;
      this.#announce(`Call from ${callerText(incoming)}: ${text.toLowerCase()}.`);
      clearTimeout(panel.timer);
      panel.timer = setTimeout(() => this.#drop(incoming.callId), LINGER_MS);
    }
  }

  /** The callIds whose panels are on the page (lingering ones included). */
  get shown() { return [...this.#panels.keys()]; }

  #note(panel, text) {
    panel.note.textContent = text;
    panel.note.hidden = false;
  }

  #drop(callId) {
    const panel = this.#panels.get(callId);
    if (!panel) return;
    clearTimeout(panel.timer);
    panel.item.remove();
    this.#panels.delete(callId);
  }

  #announce(text) {
    // Emptied first so the same words twice are still read out.
    this.#announcer.textContent = '';
    setTimeout(() => { this.#announcer.textContent = text; }, 50);
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function fact(list, term, value) {
  list.append(element('dt', '', term), element('dd', '', value));
}
