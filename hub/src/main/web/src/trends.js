// Trends and signals: suppressed tests / positives / positivity per period from /api/v1/trends,
// with the periods that had EARS alarms (/api/v1/signals) marked, and the alarms listed.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import { get } from './api.js';
import { $, cell, describe, fillTable, isoDay, status } from './dom.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Legend,
  Tooltip,
);

let chart;

export function initTrends() {
  const form = $('trends-form');
  const today = new Date();
  form.elements.to.value = isoDay(today);
  form.elements.from.value = isoDay(new Date(today.getTime() - 55 * 86_400_000));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    loadTrends();
  });
}

export async function loadTrends() {
  const form = $('trends-form');
  const query = {
    condition: form.elements.condition.value,
    jurisdiction: form.elements.jurisdiction.value.trim() || 'all',
    from: form.elements.from.value,
    to: form.elements.to.value,
    granularity: form.elements.granularity.value,
  };
  status('trends-status', 'Loading…');
  try {
    const [trends, signals] = await Promise.all([
      get('/api/v1/trends', query),
      get('/api/v1/signals', { ...query, granularity: undefined }),
    ]);
    const alarms = (signals.signals ?? []).filter((s) => s.alarm);
    const shown = draw(trends, alarms);
    listAlarms(alarms);
    const periods = trends.rows.length;
    const withheld = trends.rows.reduce((n, r) => n + (r.suppressed?.length ?? 0), 0);
    status(
      'trends-status',
      `${query.condition}, ${trends.jurisdiction}: ${periods} ${trends.granularity === 'week' ? 'weeks' : 'days'}, ` +
        `${shown} values shown, ${withheld} withheld (k = ${trends.k}), ${alarms.length} alarms.`,
    );
  } catch (error) {
    status('trends-status', describe(error), true);
  }
}

/** Draws the chart; returns how many values it shows (also left on the canvas as data-points). */
function draw(trends, alarms) {
  const rows = trends.rows.filter((r) => (r.ageBand ?? 'all') === 'all' && (r.sex ?? 'all') === 'all');
  const labels = rows.map((r) =>
    trends.granularity === 'week' && r.mmwrWeek ? `${r.mmwrYear}-W${String(r.mmwrWeek).padStart(2, '0')}` : r.period,
  );
  const perPeriod = alarmsPerPeriod(rows.map((r) => r.period), trends.granularity, alarms);
  const tests = rows.map((r) => r.tests);
  const positives = rows.map((r) => r.positives);
  const positivity = rows.map((r) => (r.positivity == null ? null : Math.round(r.positivity * 1000) / 10));
  const alarmPoints = rows.map((r, i) => (perPeriod[i] > 0 ? (r.positives ?? r.tests ?? 0) : null));
  const data = {
    labels,
    datasets: [
      { type: 'bar', label: 'Tests', data: tests, backgroundColor: '#c9d6e3', yAxisID: 'y', order: 3 },
      {
        type: 'line', label: 'Positives', data: positives, borderColor: '#1f5f99', backgroundColor: '#1f5f99',
        yAxisID: 'y', order: 2, spanGaps: false,
      },
      {
        type: 'line', label: 'Positivity %', data: positivity, borderColor: '#d08a1c', backgroundColor: '#d08a1c',
        borderDash: [6, 4], yAxisID: 'pct', order: 1, spanGaps: false,
      },
      {
        type: 'line', label: 'EARS alarm', data: alarmPoints, showLine: false, pointStyle: 'triangle',
        pointRadius: 9, pointHoverRadius: 11, borderColor: '#b3261e', backgroundColor: '#d93025', yAxisID: 'y', order: 0,
      },
    ],
  };
  const options = {
    animation: false,
    maintainAspectRatio: false,
    interaction: { mode: 'index', intersect: false },
    scales: {
      y: { beginAtZero: true, title: { display: true, text: 'Reports' } },
      pct: { position: 'right', beginAtZero: true, suggestedMax: 100, grid: { drawOnChartArea: false }, title: { display: true, text: 'Positivity %' } },
    },
    plugins: {
      legend: { labels: { usePointStyle: true, sort: (a, b) => a.datasetIndex - b.datasetIndex } },
      tooltip: {
        callbacks: {
          label: (item) => {
            if (item.dataset.label === 'EARS alarm') {
              return `EARS alarms: ${perPeriod[item.dataIndex]} county-day(s)`;
            }
            return `${item.dataset.label}: ${item.raw ?? 'withheld'}`;
          },
        },
      },
    },
  };
  if (chart) {
    chart.data = data;
    chart.update();
  } else {
    chart = new Chart($('trend-chart'), { data, options });
  }
  const shown = [tests, positives, positivity].flat().filter((v) => v != null).length;
  const canvas = $('trend-chart');
  canvas.dataset.points = String(shown);
  canvas.dataset.alarms = String(alarmPoints.filter((v) => v != null).length);
  return shown;
}

/** Distinct alarming county-days per period (a period is a day, or an MMWR week from its start). */
function alarmsPerPeriod(periods, granularity, alarms) {
  const days = granularity === 'week' ? 7 : 1;
  const sets = periods.map(() => new Set());
  for (const a of alarms) {
    const day = Date.parse(a.day);
    const i = periods.findIndex((p) => {
      const start = Date.parse(p);
      return day >= start && day < start + days * 86_400_000;
    });
    if (i >= 0) {
      sets[i].add(`${a.countyFips}/${a.day}`);
    }
  }
  return sets.map((s) => s.size);
}

function listAlarms(alarms) {
  const seen = new Set();
  const rows = [];
  for (const a of [...alarms].sort((x, y) => y.day.localeCompare(x.day))) {
    const key = `${a.day}/${a.countyFips}/${a.method}`;
    if (seen.has(key) || rows.length >= 30) {
      continue;
    }
    seen.add(key);
    rows.push([
      cell(a.day),
      cell(a.countyFips),
      cell(a.method),
      cell(a.observed == null ? 'withheld' : String(a.observed), 'num'),
      cell(a.expected == null ? 'withheld' : a.expected.toFixed(1), 'num'),
      cell(
        `${a.statistic == null ? 'withheld' : a.statistic.toFixed(2)} (> ${a.threshold == null ? '?' : a.threshold.toFixed(1)})`,
        'num',
      ),
    ]);
  }
  fillTable($('signals-table'), rows, 'No alarms in this range.');
}
