// Prioritization: weighted factors rank the roster, tiers cut it, and a what-if shows who
// moves before anything is saved.

import { h, replace, formatNumber, plural, virtualRows } from '../dom.js';
import { filterControls } from '../filters.js';
import { latestPreview } from '../preview.js';
import { cyclesCard } from './cycles.js';
import { exportButton } from '../exports.js';

const ROW = 34;
// What the roster shows for a partner an import created with no type yet.
const NO_TYPE = 'No type yet';
let ctx = null;
let root = null;
let base = null; // what the app returned: saved model, tiers, roster
let programTypes = []; // the program's partner types, for the add-partner form
let draft = null; // factors as being edited
let preview = null; // the what-if under `draft`, or null when nothing changed
const view = { sort: 'rank', dir: 1, text: '', type: '', tier: '', status: '', readiness: '' };
const READINESS = { active: 'Active', nurture: 'Nurture', offboard: 'Off-board', fit: 'Fit', incomplete: 'Incomplete', walk_away: 'Walk away' };

// The readiness band of a signed partner, or the profile verdict of a prospect.
function readiness(p) {
  return p.band || p.verdict || '';
}
let table = null;
let rows = [];
let focusCell = null; // {id, col} for keyboard score entry

export async function render(container, context) {
  ctx = context;
  root = container;
  // The program's types: what a new partner or an untyped one can be given.
  [base, programTypes] = await Promise.all([ctx.call('prioritization_get'), ctx.call('program_get').then((p) => p.types)]);
  base.byId = new Map(base.partners.map((p) => [p.id, p]));
  draft = base.factors.map((f) => ({ id: f.id, name: f.name, description: f.description, weight: f.weight }));
  preview = null;
  draw();
  // Read by the benchmarks: the screen is drawn.
  performance.mark('partnerboard-prioritization');
}

function tierNames() {
  return base.tiers.map((t) => t.name);
}

function headline() {
  const tiers = base.tiers.map((t) => `${formatNumber(t.partners)} in ${t.name}`).join(', ');
  const unscored = base.unscored ? `; ${plural(base.unscored, 'partner is', 'partners are')} unscored` : '';
  return `${plural(base.ranked, 'partner', 'partners')} ranked on ${plural(base.factors.length, 'factor', 'factors')}: ${tiers}${unscored}.`;
}

function draw() {
  replace(
    root,
    h('h1', { class: 'headline', 'data-testid': 'prioritization-headline' }, headline()),
    h('p', { class: 'subline' }, 'Weighted score = Σ weight × score ÷ Σ weight on the 1–5 scale, shown on 0–100. Rank descending, ties by name; partners missing a score are listed apart.'),
    base.ties.length ? h('div', { class: 'card notice', 'data-testid': 'ties' }, base.ties.map((t) => h('p', null, t.sentence))) : null,
    h('p', { class: 'hint', 'data-testid': 'tier-source' }, `${base.tier_source_note}${base.moving ? ` ${base.moving === 1 ? '1 partner moves' : `${base.moving} partners move`} tier then.` : ''}`),
    h(
      'div',
      { class: 'stack' },
      h('div', { class: 'split' }, modelCard(), whatIfCard()),
      rosterCard(),
      h('div', { class: 'grid-2' }, unscoredCard(), cyclesCard(ctx)),
    ),
  );
  buildRows();
}

// ---- factor model and what-if -------------------------------------------------------------

function dirty() {
  return draft.length !== base.factors.length || draft.some((f, i) => {
    const b = base.factors[i];
    return f.id !== b.id || f.name !== b.name || f.description !== b.description || f.weight !== b.weight;
  });
}

function shares() {
  const total = draft.reduce((s, f) => s + (Number.isFinite(f.weight) && f.weight > 0 ? f.weight : 0), 0);
  return draft.map((f) => (total > 0 && f.weight > 0 ? (f.weight / total) * 100 : 0));
}

// A what-if needs the saved factors, reweighted or renamed, but none added or removed.
const runPreview = latestPreview({
  wanted: () => dirty() && draft.length === base.factors.length && draft.every((f) => f.id !== null),
  ask: () => ctx.call('prioritization_preview', { factors: draft, tiers: null }),
  clear: () => {
    preview = null;
  },
  answered: (answer) => {
    preview = answer;
    ctx.clearError();
  },
  failed: (e) => {
    preview = null;
    ctx.showError(e);
  },
  draw: redrawLive,
});

// Redraws what the what-if changes without rebuilding the inputs being dragged.
function redrawLive() {
  const s = shares();
  root.querySelectorAll('[data-share]').forEach((el, i) => {
    el.textContent = `${formatNumber(s[i], 1)}%`;
  });
  const slot = root.querySelector('#what-if');
  if (slot) slot.replaceWith(whatIfCard());
  const actions = root.querySelector('#model-actions');
  if (actions) actions.replaceWith(modelActions());
  buildRows();
  // Read by the benchmarks: a what-if has been drawn.
  performance.mark('partnerboard-preview');
}

function modelActions() {
  const changed = dirty();
  return h(
    'div',
    { class: 'row', id: 'model-actions' },
    h('span', { class: 'grow hint' }, changed ? 'Not saved: the roster shows the what-if.' : 'Drag a weight to see who moves.'),
    h('button', { type: 'button', class: 'btn', id: 'discard-model', disabled: !changed, on: { click: discard } }, 'Discard'),
    h('button', { type: 'button', class: 'btn primary', id: 'apply-model', disabled: !changed, on: { click: apply } }, 'Apply'),
  );
}

async function apply() {
  try {
    await ctx.call('factor_model_save', { factors: draft });
    ctx.status('Scoring model applied');
    await ctx.refresh();
  } catch (e) {
    ctx.showError(e);
  }
}

function discard() {
  draft = base.factors.map((f) => ({ id: f.id, name: f.name, description: f.description, weight: f.weight }));
  preview = null;
  draw();
}

function modelCard() {
  const s = shares();
  const items = draft.map((f, i) => {
    const slider = h('input', { type: 'range', class: 'slider', min: 1, max: 100, step: 1, value: String(Math.min(100, Math.max(1, f.weight))), 'aria-label': `${f.name} weight`, 'data-testid': `weight-slider-${i}` });
    const number = h('input', { class: 'input num narrow small', value: String(f.weight), inputmode: 'decimal', 'aria-label': `${f.name} weight value`, 'data-testid': `weight-${i}` });
    slider.addEventListener('input', () => {
      f.weight = Number(slider.value);
      number.value = slider.value;
      runPreview();
    });
    number.addEventListener('change', () => {
      f.weight = Number(number.value.trim() === '' ? Number.NaN : number.value);
      if (Number.isFinite(f.weight) && f.weight >= 1 && f.weight <= 100) slider.value = String(f.weight);
      runPreview();
    });
    const name = h('input', { class: 'input', value: f.name, maxlength: 60, 'aria-label': `Factor ${i + 1} name` });
    name.addEventListener('input', () => {
      f.name = name.value;
      redrawLive();
    });
    const description = h('input', { class: 'input small', value: f.description, maxlength: 500, placeholder: 'What a 1 and a 5 mean', 'aria-label': `Factor ${i + 1} description` });
    description.addEventListener('input', () => {
      f.description = description.value;
      redrawLive();
    });
    return h(
      'div',
      { class: 'factor' },
      h(
        'div',
        { class: 'factor-line' },
        name,
        slider,
        number,
        h('span', { class: 'share num', 'data-share': String(i) }, `${formatNumber(s[i], 1)}%`),
        h('button', { type: 'button', class: 'btn ghost icon', title: 'Remove factor', 'aria-label': `Remove ${f.name}`, on: { click: () => removeFactor(i) } }, '×'),
      ),
      description,
    );
  });
  return h(
    'section',
    { class: 'card', 'aria-label': 'Scoring model' },
    h('div', { class: 'row' }, h('h2', { class: 'section grow' }, 'Scoring model'), h('button', { type: 'button', class: 'btn small', on: { click: addFactor } }, 'Add factor')),
    h('p', { class: 'hint' }, 'Three to five factors that predict partner-sourced revenue.'),
    items,
    modelActions(),
  );
}

function addFactor() {
  if (draft.length >= 5) {
    ctx.showError({ kind: 'invalid_input', message: 'A scoring model holds at most 5 factors; more turns every score into a debate about inputs.' });
    return;
  }
  draft.push({ id: null, name: `Factor ${draft.length + 1}`, description: '', weight: 10 });
  preview = null;
  draw();
}

function removeFactor(i) {
  if (draft.length <= 3) {
    ctx.showError({ kind: 'invalid_input', message: 'A scoring model needs at least 3 factors; fewer misses what predicts revenue.' });
    return;
  }
  draft.splice(i, 1);
  preview = null;
  draw();
}

function whatIfCard() {
  if (!preview) {
    const structural = dirty() && !(draft.length === base.factors.length && draft.every((f) => f.id !== null));
    const text = structural ? 'Factors were added or removed, so there is nothing to preview yet. Applying a new factor leaves every partner unscored on it until scored on the roster; removing one deletes its scores (undo brings them back).' : null;
    return h(
      'section',
      { class: `card${text ? ' notice' : ''}`, id: 'what-if' },
      h('h2', { class: 'section' }, 'What-if'),
      h('p', { class: 'hint' }, text || 'Drag a weight: the roster re-ranks at once and this panel lists who changes tier and the biggest rank moves. Nothing is saved until Apply.'),
      h('div', { class: 'tier-summary' }, base.tiers.map((t) => h('div', { class: 'fact' }, h('div', { class: 'value' }, formatNumber(t.partners)), h('div', { class: 'label' }, `${t.name} · ${t.cadence.replace('_', '-')}`)))),
    );
  }
  const c = preview.changes;
  const moves = c.tier_moves;
  const up = moves.filter((m) => tierNames().indexOf(m.to_tier) < tierNames().indexOf(m.from_tier));
  const down = moves.filter((m) => tierNames().indexOf(m.to_tier) > tierNames().indexOf(m.from_tier));
  const list = (items, fmt) => (items.length ? h('ul', { class: 'moves' }, items.slice(0, 8).map((m) => h('li', null, fmt(m)))) : h('p', { class: 'hint' }, 'None'));
  return h(
    'section',
    { class: 'card what-if', id: 'what-if', 'data-testid': 'what-if' },
    h('h2', { class: 'section' }, `What-if: ${plural(preview.moved_up + preview.moved_down, 'partner changes', 'partners change')} tier at the next re-score`),
    h(
      'div',
      { class: 'grid-3' },
      h('div', null, h('strong', null, `Up a tier (${preview.moved_up})`), list(up, (m) => `${m.name}: ${m.from_tier} → ${m.to_tier}`)),
      h('div', null, h('strong', null, `Down a tier (${preview.moved_down})`), list(down, (m) => `${m.name}: ${m.from_tier} → ${m.to_tier}`)),
      h(
        'div',
        null,
        h('strong', null, 'Biggest rank changes'),
        list([...c.risers.slice(0, 4), ...c.fallers.slice(0, 4)], (m) => `${m.name}: #${m.from_rank} → #${m.to_rank} (${m.places > 0 ? '+' : ''}${m.places})`),
      ),
    ),
  );
}

// ---- roster -------------------------------------------------------------------------------

function current(p) {
  if (!preview) return { score: p.score, rank: p.rank, tier: p.tier };
  const i = preview.index.get(p.id);
  if (i === undefined) return { score: null, rank: null, tier: null };
  return { score: preview.scores[i], rank: i + 1, tier: base.tiers[preview.tiers[i]].name };
}

function matches(p, text) {
  return (
    (!text || p.name.toLowerCase().includes(text) || (p.owner || '').toLowerCase().includes(text)) &&
    (!view.type || String(p.type_id) === view.type) &&
    (!view.status || p.status === view.status) &&
    (!view.readiness || readiness(p) === view.readiness) &&
    (!view.tier || current(p).tier === view.tier)
  );
}

// Ranked partners in rank order (the what-if's when there is one), then everyone else by name.
function byRank() {
  const ids = preview ? preview.ids : base.partners.filter((p) => p.rank).sort((a, b) => a.rank - b.rank).map((p) => p.id);
  const inRanking = new Set(ids);
  return ids.map((id) => base.byId.get(id)).concat(base.partners.filter((p) => !inRanking.has(p.id)));
}

function sortRows() {
  const key = {
    name: (p) => p.name.toLowerCase(),
    type: (p) => p.type_name.toLowerCase(),
    status: (p) => p.status,
    readiness: (p) => readiness(p) || '~',
    owner: (p) => (p.owner || '~').toLowerCase(),
    score: (p) => -(current(p).score ?? -1),
    tier: (p) => tierNames().indexOf(current(p).tier ?? '') >>> 0,
  }[view.sort] || ((p) => -(p.scores[Number(view.sort.slice(1))] ?? 0));
  // Each key is computed once per row, not once per comparison.
  const keyed = rows.map((p) => [key(p), p.name.toLowerCase(), p]);
  const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  keyed.sort((a, b) => (cmp(a[0], b[0]) || cmp(a[1], b[1])) * view.dir);
  rows = keyed.map((k) => k[2]);
}

function buildRows() {
  if (preview && !preview.index) preview.index = new Map(preview.ids.map((id, i) => [id, i]));
  const text = view.text.trim().toLowerCase();
  if (view.sort === 'rank') {
    // The common case, and the one a weight slider redraws: the order is already known.
    rows = byRank().filter((p) => matches(p, text));
    if (view.dir < 0) rows.reverse();
  } else {
    rows = base.partners.filter((p) => matches(p, text));
    sortRows();
  }
  const count = root.querySelector('#roster-count');
  if (count) count.textContent = `${formatNumber(rows.length)} of ${formatNumber(base.partners.length)}`;
  if (table) table.update(rows.length);
}

function columns() {
  return `56px minmax(160px, 1.6fr) minmax(90px, 1fr) 84px 84px minmax(90px, 1fr) ${base.factors.map(() => '44px').join(' ')} 64px 82px 30px`;
}

function header() {
  const sortable = (key, label, cls) =>
    h('button', { 'data-view': 'true', type: 'button', class: `th ${cls || ''}`, 'aria-sort': view.sort === key ? (view.dir > 0 ? 'ascending' : 'descending') : null, on: { click: () => sortBy(key) } }, label);
  const cells = [
    sortable('rank', 'Rank', 'num'),
    sortable('name', 'Partner'),
    sortable('type', 'Type'),
    sortable('status', 'Status'),
    sortable('readiness', 'Readiness'),
    sortable('owner', 'Owner'),
    ...base.factors.map((f, i) => h('button', { 'data-view': 'true', type: 'button', class: 'th num', title: `${f.name}: ${f.description}`, on: { click: () => sortBy(`f${i}`) } }, abbreviate(f.name))),
    sortable('score', 'Score', 'num'),
    sortable('tier', 'Tier'),
    h('span', { class: 'th' }, ''),
  ];
  const row = h('div', { class: 'vrow vhead', role: 'row' }, cells);
  row.style.gridTemplateColumns = columns();
  return row;
}

function abbreviate(name) {
  const words = name.split(/\s+/).filter(Boolean);
  return words.length > 1 ? words.map((w) => w[0].toUpperCase()).join('').slice(0, 4) : name.slice(0, 5);
}

function sortBy(key) {
  view.dir = view.sort === key ? -view.dir : 1;
  view.sort = key;
  draw();
}

function renderRow(i) {
  const p = rows[i];
  const now = current(p);
  const moved = preview && p.rank && now.rank ? p.rank - now.rank : 0;
  const scoreCells = p.scores.map((s, col) =>
    h(
      'span',
      {
        class: `cell num score-cell${s === null ? ' missing' : ''}`,
        tabIndex: 0,
        role: 'gridcell',
        'data-partner': String(p.id),
        'data-col': String(col),
        title: `${p.name} · ${base.factors[col].name}: type 1–5, Delete to clear`,
        on: { keydown: (e) => scoreKeys(e, p, col, i), focus: () => (focusCell = { id: p.id, col }) },
      },
      s === null ? '–' : String(s),
    ),
  );
  const row = h(
    'div',
    { class: `vrow${now.rank ? '' : ' unranked'}`, role: 'row', 'data-partner-row': String(p.id) },
    h('span', { class: 'cell num', 'data-testid': 'rank' }, now.rank ? String(now.rank) : '—', moved ? h('span', { class: moved > 0 ? 'up' : 'down' }, moved > 0 ? ` ▲${moved}` : ` ▼${-moved}`) : null),
    h('span', { class: 'cell name', 'data-testid': 'partner-name', title: p.name }, p.name),
    h('span', { class: 'cell muted' }, p.type_name || NO_TYPE),
    h('span', { class: 'cell' }, h('span', { class: `state ${p.status}` }, p.status === 'offboarded' ? 'off-boarded' : p.status)),
    h('span', { class: 'cell', 'data-testid': 'readiness' }, readiness(p) ? h('span', { class: `state ${readiness(p)}` }, READINESS[readiness(p)]) : h('span', { class: 'hint' }, '—')),
    h('span', { class: 'cell muted' }, p.owner || '—'),
    scoreCells,
    h('span', { class: 'cell num strong', 'data-testid': 'score' }, now.score === null || now.score === undefined ? '—' : formatNumber(now.score, 1)),
    h(
      'span',
      { class: 'cell', 'data-testid': 'tier', title: p.held ? `Held back: ${p.held}` : '' },
      now.tier ? h('span', { class: `pill tier-${tierNames().indexOf(now.tier)}` }, now.tier) : h('span', { class: 'hint' }, p.missing.length ? 'unscored' : '—'),
      p.held ? h('span', { class: 'held', 'data-testid': 'held', 'aria-label': `Held back: ${p.held}` }, ' held') : null,
      !preview && p.next_tier ? h('span', { class: 'hint', 'data-testid': 'next-tier', title: `Moves to ${p.next_tier} at the next re-score` }, ` → ${p.next_tier}`) : null,
    ),
    h('button', { type: 'button', class: 'btn ghost icon', title: `Delete ${p.name}`, 'aria-label': `Delete ${p.name}`, on: { click: () => deletePartner(p) } }, '×'),
  );
  row.style.gridTemplateColumns = columns();
  return row;
}

async function setScore(p, col, value) {
  try {
    await ctx.call('factor_score_set', { partnerId: p.id, factorId: base.factors[col].id, score: value });
    focusCell = { id: p.id, col };
    await ctx.refresh();
    const cell = root.querySelector(`[data-partner="${p.id}"][data-col="${col}"]`);
    if (cell) cell.focus();
  } catch (e) {
    ctx.showError(e);
  }
}

function moveFocus(i, col) {
  const p = rows[i];
  if (!p) return;
  const scroller = root.querySelector('#roster-scroll');
  const top = i * ROW;
  if (top < scroller.scrollTop) scroller.scrollTop = top;
  if (top + ROW > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW - scroller.clientHeight;
  table.refresh();
  const cell = root.querySelector(`[data-partner="${p.id}"][data-col="${col}"]`);
  if (cell) cell.focus();
}

function scoreKeys(e, p, col, i) {
  if (/^[1-5]$/.test(e.key)) {
    e.preventDefault();
    setScore(p, col, Number(e.key));
  } else if (/^[06-9]$/.test(e.key)) {
    e.preventDefault();
    ctx.showError({ kind: 'invalid_input', message: 'A factor score is a whole number from 1 to 5.' });
  } else if (e.key === 'Delete' || e.key === 'Backspace') {
    e.preventDefault();
    setScore(p, col, null);
  } else if (e.key === 'ArrowRight' && col < base.factors.length - 1) {
    e.preventDefault();
    moveFocus(i, col + 1);
  } else if (e.key === 'ArrowLeft' && col > 0) {
    e.preventDefault();
    moveFocus(i, col - 1);
  } else if (e.key === 'ArrowDown') {
    e.preventDefault();
    moveFocus(i + 1, col);
  } else if (e.key === 'ArrowUp') {
    e.preventDefault();
    moveFocus(i - 1, col);
  }
}

async function deletePartner(p) {
  try {
    await ctx.call('partner_delete', { id: p.id });
    ctx.status(`Deleted ${p.name} · Undo brings it back`);
    await ctx.refresh();
  } catch (e) {
    ctx.showError(e);
  }
}

function filters() {
  const f = filterControls(view, buildRows);
  const types = [...new Map(base.partners.map((p) => [String(p.type_id), p.type_name || NO_TYPE])).entries()];
  return f.bar(
    f.search({ placeholder: 'Search partners or owners', label: 'Search partners', testid: 'roster-search' }),
    f.select('type', 'All types', types),
    f.select('tier', 'All tiers', tierNames().map((t) => [t, t])),
    f.select('status', 'All statuses', [['active', 'Active'], ['nurture', 'Nurture'], ['prospect', 'Prospect'], ['offboarded', 'Off-boarded']]),
    f.select('readiness', 'Any readiness', Object.entries(READINESS)),
    h('span', { class: 'hint num', id: 'roster-count' }, ''),
  );
}

function addPartnerForm() {
  const name = h('input', { class: 'input', placeholder: 'New partner name', maxlength: 120, 'aria-label': 'New partner name', id: 'new-partner-name' });
  const type = h('select', { class: 'input', 'aria-label': 'New partner type' }, programTypes.length ? programTypes.map((t) => h('option', { value: String(t.id) }, t.name)) : h('option', { value: '' }, 'Add a partner type under Program first'));
  const add = async () => {
    try {
      await ctx.call('partner_create', { draft: { name: name.value, type_id: Number(type.value), status: 'active' } });
      ctx.status(`Added ${name.value.trim()}: score it on each factor to rank it`);
      await ctx.refresh();
    } catch (e) {
      ctx.showError(e);
    }
  };
  name.addEventListener('keydown', (e) => e.key === 'Enter' && add());
  return h('div', { class: 'row' }, name, type, h('button', { type: 'button', class: 'btn', on: { click: add } }, 'Add partner'));
}

function rosterCard() {
  const scroller = h('div', { class: 'vscroll', id: 'roster-scroll', role: 'rowgroup' });
  const body = h('div', null);
  scroller.append(body);
  const card = h(
    'section',
    { class: 'card roster', 'aria-label': 'Roster' },
    h('div', { class: 'row' }, h('h2', { class: 'section grow' }, 'Roster'), exportButton(ctx, 'partners', 'Export partners')),
    filters(),
    h('div', { class: 'vtable', role: 'grid', 'aria-label': 'Ranked roster' }, header(), scroller),
    h('div', { class: 'row roster-foot' }, h('p', { class: 'hint grow' }, 'Click a score and type 1–5 · Delete clears · arrows move · Ctrl+Z undoes'), addPartnerForm()),
  );
  table = virtualRows(scroller, body, ROW, renderRow);
  return card;
}

function unscoredCard() {
  const list = base.partners.filter((p) => p.missing.length);
  return h(
    'section',
    { class: 'card', 'aria-label': 'Unscored partners', 'data-testid': 'unscored' },
    h('h2', { class: 'section' }, `Unscored (${list.length})`),
    list.length
      ? h('ul', { class: 'moves' }, list.map((p) => h('li', null, h('strong', null, p.name), ` · missing ${p.missing.join(', ')}`)))
      : h('p', { class: 'hint' }, 'Every active and nurture partner has all its scores.'),
  );
}
