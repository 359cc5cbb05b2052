// Admin console (admin.html): operators sign in with a name and password, then watch live
// calls (and hang them up), read call records, see trunks and agents, make and revoke call
// links, set the STUN and TURN servers browsers get, and edit, check, trace, save and roll
// back the dialplan. It speaks only the JSON admin API; the session is an HttpOnly cookie
// this page never sees, plus a CSRF token every change carries.
import { AdminApi, ApiError } from './admin-api.js';
import { LiveCalls } from './admin-live.js';
import { CallRecords } from './admin-records.js';
import { Trunks } from './admin-trunks.js';
import { Agents } from './admin-agents.js';
import { CallLinks } from './admin-links.js';
import { IceServers } from './admin-ice.js';
import { DialplanEditor } from './admin-dialplan.js';

const $ = (id) => document.getElementById(id);
const ui = {
  form: $('sign-in-form'), name: $('sign-in-name'), password: $('sign-in-password'),
  signInButton: $('sign-in-button'), signInMessage: $('sign-in-message'),
  console: $('console'), signedIn: $('signed-in'), operator: $('operator-name'), signOut: $('sign-out-button'),
  status: $('status'), error: $('error'),
};

const SESSION_ENDED = 'Your session has ended (signed out elsewhere, timed out, or the password was changed). Sign in again.';

const api = new AdminApi({ onUnauthorized: () => showSignIn(SESSION_ENDED) });

/** What every section may use: the API and the page's status lines. */
const context = {
  api,
  status: (message) => { ui.status.textContent = message; },
  problem: (error) => {
    // A lost session is told on the sign-in form; the section need not repeat it.
    if (error instanceof ApiError && error.status === 401) return;
    ui.error.textContent = error instanceof Error ? error.message : String(error);
    ui.error.hidden = false;
  },
  clearProblem: () => {
    ui.error.hidden = true;
    ui.error.textContent = '';
  },
};

const sections = {
  live: new LiveCalls(context),
  records: new CallRecords(context),
  trunks: new Trunks(context),
  agents: new Agents(context),
  links: new CallLinks(context),
  ice: new IceServers(context),
  dialplan: new DialplanEditor(context),
};
let current = null;             // the name of the section shown
let signedIn = false;

// ---- Signing in and out ------------------------------------------------------------------

function showSignIn(message = '') {
  const wasSignedIn = signedIn;
  signedIn = false;
  api.csrfToken = null;
  hideSection();
  for (const section of Object.values(sections)) section.reset();
  ui.console.hidden = true;
  ui.signedIn.hidden = true;
  ui.form.hidden = false;
  ui.signInMessage.textContent = message;
  ui.signInMessage.classList.toggle('problem', Boolean(message));
  ui.signInButton.disabled = false;
  context.clearProblem();
  context.status(wasSignedIn ? 'Signed out.' : '');
  ui.name.focus();
}

function showConsole(session) {
  signedIn = true;
  api.csrfToken = session.csrfToken;
  ui.operator.textContent = session.operator;
  ui.form.hidden = true;
  ui.password.value = '';
  ui.signInMessage.textContent = '';
  ui.console.hidden = false;
  ui.signedIn.hidden = false;
  context.clearProblem();
  route({ focus: false });
}

ui.form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = ui.name.value.trim();
  const password = ui.password.value;
  if (!name || !password) {
    ui.signInMessage.textContent = 'Enter your name and password.';
    ui.signInMessage.classList.add('problem');
    (name ? ui.password : ui.name).focus();
    return;
  }
  ui.signInButton.disabled = true;
  ui.signInMessage.textContent = '';
  context.status('Signing in…');
  try {
    const { data } = await api.request('POST', '/api/session', { body: { name, password }, what: 'Signing in' });
    context.status(`Signed in as ${data.operator}.`);
    showConsole(data);
  } catch (error) {
    ui.signInButton.disabled = false;
    context.status('');
    ui.signInMessage.classList.add('problem');
    ui.signInMessage.textContent = signInFailure(error);
    ui.password.select();
    ui.password.focus();
  }
});

function signInFailure(error) {
  if (!(error instanceof ApiError)) return String(error);
  switch (error.status) {
    case 401: return 'Wrong name or password.';
    case 429: {
      const minutes = error.retryAfter ? Math.ceil(error.retryAfter / 60) : null;
      return 'Too many failed sign-ins from this address. '
        + (minutes ? `Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.` : 'Try again later.');
    }
    default: return error.message;
  }
}

ui.signOut.addEventListener('click', async () => {
  try {
    await api.request('DELETE', '/api/session', { what: 'Signing out' });
  } catch (error) {
    // The session is gone either way once the page forgets its token; say if the gateway did not hear it.
    if (!(error instanceof ApiError) || error.status !== 401) {
      showSignIn(`Signed out on this page, but the gateway did not confirm it: ${error.message}`);
      return;
    }
  }
  showSignIn('You are signed out.');
});

// ---- Sections ------------------------------------------------------------------------------

function hideSection() {
  if (current) {
    sections[current].hide();
    $(current).hidden = true;
  }
  current = null;
}

/** Shows the section the address names (#live by default); `focus` moves focus to its heading. */
function route({ focus }) {
  if (!signedIn) return;
  const wanted = location.hash.slice(1);
  const name = Object.hasOwn(sections, wanted) ? wanted : 'live';
  if (name !== current) {
    // What was said about the section left behind no longer applies.
    if (current) {
      context.status('');
      context.clearProblem();
    }
    hideSection();
    current = name;
    $(name).hidden = false;
    sections[name].show();
  }
  for (const link of document.querySelectorAll('.sections-nav a')) {
    if (link.hash === `#${name}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${$(`${name}-heading`).textContent} — Gateway admin`;
  if (focus) $(`${name}-heading`).focus();
}

window.addEventListener('hashchange', () => route({ focus: true }));

// A page opened (or reloaded) while signed in carries on without asking again.
async function resume() {
  context.status('Checking your session…');
  try {
    const { data } = await api.request('GET', '/api/session', { what: 'Checking the session' });
    context.status('');
    showConsole(data);
  } catch (error) {
    showSignIn(error instanceof ApiError && error.status === 401 ? '' : error.message);
    context.status('');
  }
}

resume();
