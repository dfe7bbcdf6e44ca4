// Reporting timeliness per sender × condition × MMWR week (/api/v1/timeliness; a sender's token
// gets its own rows only, the hub decides).
import { get } from './api.js';
import { $, cell, describe, fillTable, status } from './dom.js';

export async function loadTimeliness() {
  status('timeliness-status', 'Loading…');
  try {
    const body = await get('/api/v1/timeliness');
    const rows = body.rows.map((r) => [
      cell(`#${r.senderId}`),
      cell(r.condition),
      cell(`${r.mmwrYear}-W${String(r.mmwrWeek).padStart(2, '0')}`),
      cell(String(r.reports), 'num'),
      cell(`${hours(r.collectedToReceivedP50Minutes)} / ${hours(r.collectedToReceivedP90Minutes)}`, 'num'),
      cell(percent(r.pctReceived24hAfterResult), 'num'),
      cell(percent(r.pctCollected3d), 'num'),
      cell(percent(r.pctMissingCollected), 'num'),
    ]);
    fillTable($('timeliness-table'), rows, 'No timeliness figures for these weeks yet.');
    status('timeliness-status', `MMWR weeks ${body.from} to ${body.to}: ${rows.length} sender × condition × week cells.`);
  } catch (error) {
    status('timeliness-status', describe(error), true);
  }
}

function hours(minutes) {
  if (minutes == null) {
    return '—';
  }
  const h = Number(minutes) / 60;
  return h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} d`;
}

function percent(value) {
  return value == null ? '—' : `${Number(value).toFixed(1)} %`;
}
