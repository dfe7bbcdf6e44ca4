// The console's entry point: sign in with a bearer token, ask the hub who that is and what its
// role may call (/api/v1/principal), and show only those views.
import { ApiError, forget, get, remember, token } from './api.js';
import { $, describe } from './dom.js';
import { initSubmissions, loadSubmissions } from './submissions.js';
import { loadTimeliness } from './timeliness.js';
import { initTrends, loadTrends } from './trends.js';

/** Each view, the operations it needs, and how to fill it. */
const VIEWS = [
  { id: 'trends', needs: ['getTrends', 'getSignals'], load: loadTrends },
  { id: 'timeliness', needs: ['getTimeliness'], load: loadTimeliness },
  { id: 'submissions', needs: ['findSubmissions'], load: loadSubmissions },
];

function showLogin(message) {
  for (const view of VIEWS) {
    $(view.id).hidden = true;
  }
  $('who').hidden = true;
  $('login').hidden = false;
  const error = $('login-error');
  error.textContent = message ?? '';
  error.hidden = !message;
  $('token').value = '';
  $('token').focus();
}

async function signIn() {
  let principal;
  try {
    principal = await get('/api/v1/principal');
  } catch (error) {
    forget();
    showLogin(
      error instanceof ApiError && error.status === 401
        ? 'The hub refused this token (expired, revoked, or not one of its tokens).'
        : describe(error),
    );
    return;
  }
  $('login').hidden = true;
  $('who-name').textContent = principal.name || principal.clientId;
  $('who-role').textContent = principal.role + (principal.ownSubmissionsOnly ? ' (own submissions)' : '');
  $('who').hidden = false;
  document.body.dataset.role = principal.role;
  const allowed = new Set(principal.operations);
  const visible = VIEWS.filter((v) => v.needs.every((op) => allowed.has(op)));
  for (const view of VIEWS) {
    $(view.id).hidden = !visible.includes(view);
  }
  if (visible.length === 0) {
    showLogin(`Signed in as ${principal.role}: this role has no views in the console.`);
    forget();
    return;
  }
  await Promise.all(visible.map((v) => v.load()));
  document.body.dataset.loaded = 'true';
}

function start() {
  initTrends();
  initSubmissions();
  $('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('token').value.trim().replace(/^Bearer\s+/i, '');
    if (value) {
      remember(value);
      signIn();
    }
  });
  $('sign-out').addEventListener('click', () => {
    forget();
    // A fresh page: nothing read with the token stays in memory or on screen.
    window.location.reload();
  });
  if (token()) {
    signIn();
  } else {
    showLogin();
  }
}

start();
