// Drives the hub's web console in headless Chromium (playwright-core, Debian's /usr/bin/chromium)
// and checks what each role sees. Run by WebConsoleIT; exits non-zero on the first failed check.
//
// Environment: CONSOLE_URL (the hub's base URL), ANALYST_TOKEN, AUDITOR_TOKEN, ADMIN_TOKEN,
// SENDER_TOKEN, SCREENSHOT_DIR,
// WEB_NODE_DIR (where npm installed playwright-core), CHROMIUM (default /usr/bin/chromium).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) {
    throw new Error(`missing environment variable ${name}`);
  }
  return value;
};
const base = env('CONSOLE_URL');
const shots = env('SCREENSHOT_DIR');
const { chromium } = createRequire(path.join(env('WEB_NODE_DIR'), 'package.json'))('playwright-core');

function check(condition, message) {
  if (!condition) {
    throw new Error(`check failed: ${message}`);
  }
  console.log(`ok - ${message}`);
}

/** A fresh browser profile, a page at the console, and everything the page complained about. */
async function open(label) {
  const profile = mkdtempSync(path.join(tmpdir(), `vigil-console-${label}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: env('CHROMIUM', '/usr/bin/chromium'),
    headless: true,
    viewport: { width: 1280, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  const requests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      problems.push(`console: ${msg.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  const response = await page.goto(base, { waitUntil: 'load' });
  check(response.status() === 200, `${label}: the console loads (${response.status()})`);
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, problems, requests, close };
}

async function signIn(page, token) {
  await page.fill('#token', token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
}

const visible = (page, id) => page.isVisible(`#${id}`);

/** Fails when the page shows a value the code did not find ("undefined", "NaN", "null"). */
async function noMissingValues(page, label) {
  const text = await page.innerText('main');
  const found = text.match(/\b(undefined|NaN|null)\b/);
  check(!found, `${label}: every shown value is defined${found ? ` (saw "${found[0]}")` : ''}`);
}
const rowCount = (page, table) => page.locator(`#${table} tbody tr:not(:has(td.empty))`).count();

async function analyst() {
  const token = env('ANALYST_TOKEN');
  const { page, problems, requests, close } = await open('analyst');
  try {
    check(await visible(page, 'login'), 'analyst: the sign-in form shows first');
    await signIn(page, token);
    check(await visible(page, 'trends'), 'analyst: trends and signals are shown');
    check(!(await visible(page, 'timeliness')), 'analyst: timeliness is hidden');
    check(!(await visible(page, 'submissions')), 'analyst: submissions are hidden');
    check((await page.textContent('#who-role')).startsWith('analyst'), 'analyst: the role is named');
    const points = Number(await page.getAttribute('#trend-chart', 'data-points'));
    check(points > 0, `analyst: the chart shows data (${points} values)`);
    const alarms = Number(await page.getAttribute('#trend-chart', 'data-alarms'));
    check(alarms > 0, `analyst: the chart marks alarm periods (${alarms})`);
    const signals = await rowCount(page, 'signals-table');
    check(signals > 0, `analyst: the alarms table has rows (${signals})`);
    await noMissingValues(page, 'analyst');
    await page.screenshot({ path: path.join(shots, 'console-analyst.png'), fullPage: true });
    check(!requests.some((u) => u.includes(token)), 'analyst: the token never appears in a URL');
    check(problems.length === 0, `analyst: no console errors or CSP violations ${JSON.stringify(problems)}`);
    // Signing out forgets the token.
    await page.click('#sign-out');
    await page.waitForSelector('#login:not([hidden])');
    const stored = await page.evaluate(() => sessionStorage.length);
    check(stored === 0, 'analyst: signing out clears session storage');
  } finally {
    await close();
  }
}

async function auditor() {
  const token = env('AUDITOR_TOKEN');
  const { page, problems, requests, close } = await open('auditor');
  try {
    // A token the hub did not issue is refused with a message.
    await page.fill('#token', 'not-a-token');
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#login-error:not([hidden])');
    check((await page.textContent('#login-error')).includes('refused'), 'auditor: a bad token is refused');
    problems.length = 0; // the refused call's 401 is logged by the browser, as it should be

    await signIn(page, token);
    check(!(await visible(page, 'trends')), 'auditor: trends are hidden');
    check(await visible(page, 'timeliness'), 'auditor: timeliness is shown');
    check(await visible(page, 'submissions'), 'auditor: recent submissions are shown');
    const timeliness = await rowCount(page, 'timeliness-table');
    check(timeliness > 0, `auditor: the timeliness table has rows (${timeliness})`);
    const first = await rowCount(page, 'submissions-table');
    check(first === 15, `auditor: a full first page of submissions (${first})`);
    const receipts = await page.locator('#submissions-table .badge.pending, #submissions-table .badge.checkpointed, #submissions-table .badge.anchored').count();
    check(receipts === first, 'auditor: every submission shows its receipt status');
    const newest = await page.getAttribute('#submissions-table tbody tr:first-child td:last-child', 'title');
    await noMissingValues(page, 'auditor');
    await page.screenshot({ path: path.join(shots, 'console-auditor.png'), fullPage: true });
    await page.click('#older');
    await page.waitForFunction(
      (id) => document.querySelector('#submissions-table tbody tr:first-child td:last-child')?.title !== id,
      newest,
    );
    check(await page.isEnabled('#newer'), 'auditor: paging to older submissions works');
    check((await page.textContent('#submissions-status')).startsWith('Page 2'), 'auditor: on page 2');
    // A reload keeps the session (sessionStorage) without asking again.
    await page.reload();
    await page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
    check(!(await visible(page, 'login')), 'auditor: a reload keeps the tab signed in');
    check(!requests.some((u) => u.includes(token)), 'auditor: the token never appears in a URL');
    check(problems.length === 0, `auditor: no console errors or CSP violations ${JSON.stringify(problems)}`);
  } finally {
    await close();
  }
}

async function admin() {
  // Admins manage principals and senders; they read no surveillance data (docs/security.md), so
  // the console signs them in, says so, and shows no view.
  const { page, problems, close } = await open('admin');
  try {
    await page.fill('#token', env('ADMIN_TOKEN'));
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#login-error:has-text("no views")', { timeout: 30_000 });
    for (const view of ['trends', 'timeliness', 'submissions']) {
      check(!(await visible(page, view)), `admin: ${view} is hidden`);
    }
    await page.screenshot({ path: path.join(shots, 'console-admin.png'), fullPage: true });
    check(problems.length === 0, `admin: no console errors or CSP violations ${JSON.stringify(problems)}`);
  } finally {
    await close();
  }
}

async function sender() {
  const { page, problems, close } = await open('sender');
  try {
    await signIn(page, env('SENDER_TOKEN'));
    check(!(await visible(page, 'trends')), 'sender: trends are hidden');
    check(await visible(page, 'timeliness'), 'sender: its timeliness is shown');
    check(await visible(page, 'submissions'), 'sender: its submissions are shown');
    check((await rowCount(page, 'submissions-table')) > 0, 'sender: submissions are listed');
    check(problems.length === 0, `sender: no console errors or CSP violations ${JSON.stringify(problems)}`);
  } finally {
    await close();
  }
}

mkdirSync(shots, { recursive: true });
try {
  await analyst();
  await auditor();
  await admin();
  await sender();
  console.log('console-check: all checks passed');
} catch (error) {
  console.error(`console-check: ${error.stack ?? error}`);
  process.exit(1);
}
