// Recent submissions, newest first, a page at a time (/api/v1/submissions without controlId):
// metadata, acknowledgement and receipt status only; the hub never serves payloads.
import { get } from './api.js';
import { $, badge, cell, describe, fillTable, status } from './dom.js';

const PAGE = 15;
/** The `before` cursor of each page walked so far (null: the newest page). */
let cursors = [null];
let current = 0;
let next = null;

export function initSubmissions() {
  $('older').addEventListener('click', () => {
    cursors = [...cursors.slice(0, current + 1), next];
    show(current + 1);
  });
  $('newer').addEventListener('click', () => show(current - 1));
  $('refresh').addEventListener('click', () => loadSubmissions());
}

export function loadSubmissions() {
  cursors = [null];
  return show(0);
}

async function show(index) {
  status('submissions-status', 'Loading…');
  try {
    const body = await get('/api/v1/submissions', { limit: PAGE, before: cursors[index] ?? undefined });
    current = index;
    next = body.next;
    const rows = body.submissions.map((s) => [
      cell(new Date(s.receivedAt).toLocaleString()),
      cell(s.sender || '(unreadable)'),
      cell(`${s.messageType || '?'} · ${s.format} over ${s.transport}`),
      cell(s.controlId),
      badge(s.ackCode, ackKind(s.ackCode)),
      badge(s.receipt, s.receipt),
      idCell(s.id),
    ]);
    fillTable($('submissions-table'), rows, 'No submissions yet.');
    $('newer').disabled = current === 0;
    $('older').disabled = !next;
    status(
      'submissions-status',
      `Page ${current + 1}: ${rows.length} submissions${next ? '' : ', the oldest reached'}.`,
    );
  } catch (error) {
    status('submissions-status', describe(error), true);
  }
}

function ackKind(code) {
  if (code === 'AA' || code === 'CA') {
    return 'ok';
  }
  return code === 'AE' ? 'warn' : 'bad';
}

function idCell(id) {
  const td = cell(`${id.slice(0, 8)}…`, 'mono');
  td.title = id;
  return td;
}
