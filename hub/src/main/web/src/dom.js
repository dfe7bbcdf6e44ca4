// Small DOM helpers. Text goes in through textContent only: nothing from the API is parsed as HTML.

export function $(id) {
  return document.getElementById(id);
}

/** A table cell; `className` e.g. 'num' for right-aligned figures. */
export function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '—';
  if (className) {
    td.className = className;
  }
  return td;
}

/** Replaces a table's body with `rows` (arrays of cells), or one "nothing" row spanning it. */
export function fillTable(table, rows, emptyText) {
  const body = table.tBodies[0];
  body.replaceChildren();
  if (rows.length === 0) {
    const td = cell(emptyText, 'empty');
    td.colSpan = table.tHead.rows[0].cells.length;
    const tr = document.createElement('tr');
    tr.append(td);
    body.append(tr);
    return;
  }
  for (const cells of rows) {
    const tr = document.createElement('tr');
    tr.append(...cells);
    body.append(tr);
  }
}

/** A short coloured label. */
export function badge(text, kind) {
  const span = document.createElement('span');
  span.className = `badge ${kind}`;
  span.textContent = text;
  const td = document.createElement('td');
  td.append(span);
  return td;
}

export function status(id, text, isError = false) {
  const p = $(id);
  p.textContent = text;
  p.classList.toggle('error', isError);
}

/** A human line for a failed call. */
export function describe(error) {
  if (error?.status === 403) {
    return 'This role may not read this view.';
  }
  if (error?.status === 503) {
    return 'The hub cannot reach its database right now; try again shortly.';
  }
  return `Could not load (${error?.code ?? 'NETWORK_ERROR'}): ${error?.message ?? error}`;
}

/** ISO date (yyyy-mm-dd) of a Date, in UTC. */
export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}
