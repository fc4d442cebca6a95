// Forecast: won amount expected in the window after an as-of date, P10 / P50 / P90, from the
// method with the best track record on this workspace's own history.

import { h, replace, formatCompactMoney, formatNumber, plural } from '../dom.js';
import { chartImage } from '../chart.js';

const METHODS = [
  ['auto', 'Recommended by track record'],
  ['stage', 'Stage-weighted'],
  ['calibrated', 'Calibrated'],
  ['run_rate', 'Run-rate'],
];

let ctx = null;
let root = null;
let view = null;
let ask = { as_of: '', window_days: 90, method: 'auto' };
let busy = false;

export async function render(container, context) {
  ctx = context;
  root = container;
  await load();
}

async function load() {
  busy = true;
  if (!view) replace(root, h('p', { class: 'hint' }, 'Running the forecast and its backtest…'));
  try {
    view = await ctx.call('forecast_get', { requestJson: { ...ask, as_of: ask.as_of || null } });
    ask.as_of = view.forecast.as_of;
    ask.window_days = view.forecast.window_days;
    draw();
  } catch (e) {
    ctx.showError(e);
    if (!view) {
      replace(
        root,
        h('h1', { class: 'headline' }, 'Forecast'),
        h('div', { class: 'empty' }, h('strong', null, 'No forecast yet'), e.message || String(e)),
      );
    }
  } finally {
    busy = false;
  }
}

const money = (v) => formatCompactMoney(v);
const pct = (v, digits = 0) => (Number.isFinite(v) ? `${formatNumber(v * 100, digits)}%` : '—');
const span = (r) => `${money(r.p10)} – ${money(r.p90)}`;

function draw() {
  const f = view.forecast;
  const sourced = f.by_source.find((l) => l.label === 'Partner-sourced');
  replace(
    root,
    h(
      'h1',
      { class: 'headline', 'data-testid': 'forecast-headline' },
      `${money(f.total.p50)} expected won in the ${f.window_days} days after ${f.as_of}; partner-sourced ${money(sourced.p50)}.`,
    ),
    h('p', { class: 'subline' }, `P10–P90 ${span(f.total)}. ${f.chosen_because[0].toUpperCase()}${f.chosen_because.slice(1)}${f.chosen_because.endsWith('.') ? '' : '.'}`),
    h('p', { class: 'subline', 'data-testid': 'forecast-partner-track-record' }, `Partner-sourced line: ${f.partner_headline}.`),
    controls(),
    h(
      'div',
      { class: 'facts' },
      fact('P10', f.total.p10, 'forecast-p10'),
      fact('P50', f.total.p50, 'forecast-p50'),
      fact('P90', f.total.p90, 'forecast-p90'),
      h(
        'div',
        { class: 'fact track' },
        h('div', { class: 'value small', 'data-testid': 'forecast-track-record' }, f.headline),
        h('div', { class: 'label' }, f.track_record ? `bias ${pct(f.track_record.bias, 1)} · P10–P90 held the outcome ${pct(f.track_record.coverage)} of the time` : f.backtest_note || 'No backtest yet'),
      ),
    ),
    f.notes.length ? h('ul', { class: 'notes' }, f.notes.map((n) => h('li', null, n))) : null,
    h(
      'section',
      { class: 'card chart-card', 'aria-label': 'Forecast fan' },
      chartImage('forecast-fan', {
        forecast: { as_of: f.as_of, window_days: f.window_days, method: ask.method === 'auto' ? null : ask.method, seed: f.seed },
      }),
    ),
    h(
      'div',
      { class: 'grid-even' },
      h('div', { class: 'stack' }, breakdown('By source', f.by_source, 'forecast-by-source'), breakdown('By tier', f.by_tier), breakdown('By partner type', f.by_type), partners(f.by_partner)),
      h('div', { class: 'stack' }, backtestCard(), partnerVsDirect(), weekly(f)),
    ),
  );
}

function fact(label, value, testid) {
  return h('div', { class: 'fact' }, h('div', { class: 'value', 'data-testid': testid, 'data-value': String(value) }, money(value)), h('div', { class: 'label' }, label));
}

function controls() {
  const asOf = h('input', {
    class: 'input narrow',
    type: 'date',
    value: ask.as_of,
    min: view.first_day || null,
    max: view.last_day || null,
    'aria-label': 'As-of date',
    'data-testid': 'forecast-as-of',
    'data-view': 'true',
    on: { change: (e) => update({ as_of: e.target.value }) },
  });
  const windowDays = h('input', {
    class: 'input num narrow',
    value: String(ask.window_days),
    inputmode: 'numeric',
    'aria-label': 'Window in days',
    'data-testid': 'forecast-window',
    'data-view': 'true',
    on: { change: (e) => update({ window_days: Number(e.target.value) }) },
  });
  const method = h(
    'select',
    { class: 'input narrow', 'aria-label': 'Method', 'data-testid': 'forecast-method', 'data-view': 'true', on: { change: (e) => update({ method: e.target.value }) } },
    METHODS.map(([v, label]) => h('option', { value: v, selected: v === ask.method }, label)),
  );
  return h(
    'div',
    { class: 'filters' },
    h('span', { class: 'hint' }, 'As of'),
    asOf,
    h('span', { class: 'hint' }, 'Window (days)'),
    windowDays,
    h('span', { class: 'hint' }, 'Method'),
    method,
    view.first_day ? h('span', { class: 'hint' }, `Snapshots from ${view.first_day} to ${view.last_day}`) : null,
  );
}

async function update(change) {
  if (busy) return;
  const before = { ...ask };
  ask = { ...ask, ...change };
  if (!Number.isFinite(ask.window_days)) ask.window_days = before.window_days;
  try {
    const next = await ctx.call('forecast_get', { requestJson: { ...ask, as_of: ask.as_of || null } });
    view = next;
    ctx.clearError();
  } catch (e) {
    ask = before;
    ctx.showError(e);
  }
  draw();
}

function rangeTable(lines, testid) {
  return h(
    'table',
    { class: 'table', 'data-testid': testid || null },
    h('thead', null, h('tr', null, h('th', null, ''), h('th', { class: 'num' }, 'P10'), h('th', { class: 'num' }, 'P50'), h('th', { class: 'num' }, 'P90'))),
    h(
      'tbody',
      null,
      lines.map((l) => h('tr', null, h('td', { class: 'name' }, l.label), h('td', { class: 'num muted' }, money(l.p10)), h('td', { class: 'num' }, money(l.p50)), h('td', { class: 'num muted' }, money(l.p90)))),
    ),
  );
}

function breakdown(title, lines, testid) {
  return h(
    'section',
    { class: 'card', 'aria-label': title },
    h('h2', { class: 'section' }, title),
    lines.length ? rangeTable(lines, testid) : h('p', { class: 'hint' }, 'Nothing expected here in this window.'),
  );
}

let showAllPartners = false;
function partners(lines) {
  const shown = showAllPartners ? lines : lines.slice(0, 12);
  return h(
    'section',
    { class: 'card', 'aria-label': 'By partner' },
    h('h2', { class: 'section' }, `By partner (${lines.length})`),
    lines.length ? rangeTable(shown) : h('p', { class: 'hint' }, 'No partner deals are expected to close in this window.'),
    lines.length > 12
      ? h('button', { 'data-view': 'true', type: 'button', class: 'btn small', on: { click: () => { showAllPartners = !showAllPartners; draw(); } } }, showAllPartners ? 'Show the top 12' : `Show all ${lines.length}`)
      : null,
  );
}

function backtestCard() {
  const f = view.forecast;
  return h(
    'section',
    { class: 'card', 'aria-label': 'Track record' },
    h('h2', { class: 'section' }, 'Track record'),
    view.backtest.length
      ? h(
          'table',
          { class: 'table', 'data-testid': 'forecast-backtest' },
          h('thead', null, h('tr', null, h('th', null, 'Method'), h('th', { class: 'num' }, 'WAPE'), h('th', { class: 'num' }, 'Bias'), h('th', { class: 'num' }, 'P10–P90 held'), h('th', { class: 'num' }, 'Origins'), h('th', { class: 'num' }, 'Independent windows'))),
          h(
            'tbody',
            null,
            view.backtest.map((m) =>
              h(
                'tr',
                { 'aria-selected': m.method === f.method ? 'true' : null },
                h('td', { class: 'name' }, m.label, m.method === f.recommended ? h('span', { class: 'pill' }, 'recommended') : null),
                h('td', { class: 'num' }, pct(m.wape)),
                h('td', { class: 'num' }, pct(m.bias, 1)),
                h('td', { class: 'num' }, pct(m.coverage)),
                h('td', { class: 'num' }, formatNumber(m.origins)),
                h('td', { class: 'num' }, formatNumber(m.independent_windows)),
              ),
            ),
          ),
        )
      : h('p', { class: 'hint' }, f.backtest_note || 'No backtest yet.'),
    h('p', { class: 'hint' }, `Each method was replayed from past weekly origins on which the workspace had a snapshot or an edit, reading only what was known that day, and scored against what was then won in the next ${f.window_days} days. WAPE (average error): total absolute error over total actual. Overlapping windows are not independent tries: the last column counts those that are.`),
  );
}

function side(label, s) {
  const rate = s.win_rate ? `${pct(s.win_rate.value)} (90%: ${pct(s.win_rate.low)}–${pct(s.win_rate.high)})` : '—';
  const cycle = s.cycle_days ? `${formatNumber(s.cycle_days.value)} days (90%: ${formatNumber(s.cycle_days.low)}–${formatNumber(s.cycle_days.high)})` : '—';
  return h('tr', null, h('td', { class: 'name' }, label), h('td', { class: 'num' }, rate), h('td', { class: 'num' }, cycle), h('td', { class: 'num muted' }, `${plural(s.closed, 'closed', 'closed')}, ${formatNumber(s.won)} won`));
}

function partnerVsDirect() {
  const p = view.partner_vs_direct;
  return h(
    'section',
    { class: 'card', 'aria-label': 'Partner vs direct' },
    h('h2', { class: 'section' }, 'Partner-sourced vs direct'),
    h(
      'table',
      { class: 'table', 'data-testid': 'forecast-partner-vs-direct' },
      h('thead', null, h('tr', null, h('th', null, ''), h('th', { class: 'num' }, 'Win rate'), h('th', { class: 'num' }, 'Median cycle'), h('th', { class: 'num' }, 'Sample'))),
      h('tbody', null, side('Partner-sourced', p.partner), side('Direct', p.direct)),
    ),
    h('p', { class: 'hint' }, 'Measured from this workspace’s closed deals; intervals from a seeded bootstrap. Cycle: days from created to closed won.'),
  );
}

function weekly(f) {
  return h(
    'section',
    { class: 'card', 'aria-label': 'Week by week' },
    h('h2', { class: 'section' }, 'Cumulative, week by week'),
    h(
      'table',
      { class: 'table' },
      h('thead', null, h('tr', null, h('th', null, 'Week to'), h('th', { class: 'num' }, 'Total P50'), h('th', { class: 'num' }, 'P10–P90'), h('th', { class: 'num' }, 'Partner-sourced P50'), h('th', { class: 'num' }, 'Direct P50'))),
      h(
        'tbody',
        null,
        f.weekly.map((w) => h('tr', null, h('td', null, w.ends), h('td', { class: 'num' }, money(w.total.p50)), h('td', { class: 'num muted' }, span(w.total)), h('td', { class: 'num' }, money(w.partner_sourced.p50)), h('td', { class: 'num' }, money(w.direct.p50)))),
      ),
    ),
  );
}
