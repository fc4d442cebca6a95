// Scoring cycles, a card of the Prioritization screen: re-scoring each quarter keeps every score,
// rank and tier as they were, and two cycles side by side show who rose, fell, came or went.

import { h, replace, formatNumber } from '../dom.js';

/** The card: close a cycle under a name, list the cycles, compare any two. */
export function cyclesCard(ctx) {
  const slot = h('div', null, h('p', { class: 'hint' }, 'Loading cycles…'));
  const name = h('input', { class: 'input', placeholder: 'Cycle name, e.g. Q4 2026', maxlength: 80, 'aria-label': 'Cycle name', id: 'cycle-name' });
  const close = async () => {
    try {
      await ctx.call('cycle_close', { name: name.value });
      ctx.status(`Closed cycle ${name.value.trim()}`);
      await ctx.refresh();
    } catch (e) {
      ctx.showError(e);
    }
  };
  ctx.call('cycle_list').then((cycles) => replace(slot, cycleCompare(ctx, cycles))).catch((e) => ctx.showError(e));
  return h(
    'section',
    { class: 'card', 'aria-label': 'Scoring cycles' },
    h('h2', { class: 'section' }, 'Scoring cycles'),
    h('p', { class: 'hint' }, 'Re-score each quarter: a cycle keeps every score, rank and tier as they are today.'),
    h('div', { class: 'row' }, h('div', { class: 'grow' }, name), h('button', { type: 'button', class: 'btn', id: 'rescore', on: { click: close } }, 'Re-score')),
    slot,
  );
}

function cycleCompare(ctx, cycles) {
  if (cycles.length === 0) return h('p', { class: 'hint' }, 'No cycles yet.');
  const pick = (label, selected) =>
    h('select', { 'data-view': 'true', class: 'input', 'aria-label': label }, cycles.map((c) => h('option', { value: String(c.id), selected: c.id === selected }, `${c.name} · ${c.closed_on}`)));
  const before = pick('Earlier cycle', (cycles[1] || cycles[0]).id);
  const after = pick('Later cycle', cycles[0].id);
  const out = h('div', null);
  const run = async () => {
    try {
      const c = await ctx.call('cycle_compare', { before: Number(before.value), after: Number(after.value) });
      replace(out, comparison(c));
    } catch (e) {
      ctx.showError(e);
    }
  };
  before.addEventListener('change', run);
  after.addEventListener('change', run);
  run();
  return h('div', null, h('ul', { class: 'moves' }, cycles.map((c) => h('li', null, `${c.name} · ${c.closed_on} · ${formatNumber(c.ranked)} ranked`))), h('div', { class: 'row' }, before, '→', after), out);
}

function comparison(c) {
  const matrix = h(
    'table',
    { class: 'table matrix', 'aria-label': 'Tier transitions' },
    h('thead', null, h('tr', null, h('th', null, 'From \\ to'), c.tiers.map((t) => h('th', { class: 'num' }, t)))),
    h('tbody', null, c.tiers.map((t, i) => h('tr', null, h('th', null, t), c.matrix[i].map((n, j) => h('td', { class: `num${i === j ? ' diag' : ''}` }, String(n)))))),
  );
  const names = (items) => (items.length ? items.slice(0, 6).map((m) => `${m.name} (${m.places > 0 ? '+' : ''}${m.places})`).join(', ') : 'none');
  return h(
    'div',
    { class: 'compare' },
    matrix,
    h('p', null, h('strong', null, 'Risers: '), names(c.risers)),
    h('p', null, h('strong', null, 'Fallers: '), names(c.fallers)),
    h('p', null, h('strong', null, 'New: '), c.added.length ? c.added.join(', ') : 'none', h('br', null), h('strong', null, 'Removed: '), c.removed.length ? c.removed.join(', ') : 'none'),
  );
}
