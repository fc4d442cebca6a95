// Tiers: cut the ranked roster into 2–4 tiers, each with an entry rule and a service level
// that changes what a partner receives. Edits preview live and save as one undoable change.

import { h, replace, formatNumber, plural } from '../dom.js';

const CADENCES = [
  ['weekly', 'Weekly'],
  ['biweekly', 'Biweekly'],
  ['monthly', 'Monthly'],
  ['quarterly', 'Quarterly'],
  ['self_serve', 'Self-serve'],
];

let ctx = null;
let root = null;
let base = null;
let draft = null;
let preview = null;
let problem = null;
let inFlight = false;
let queued = false;

function copy(tiers) {
  return tiers.map((t) => ({
    id: t.id,
    name: t.name,
    rule: { ...t.rule },
    cadence: t.cadence,
    hours_per_partner: t.hours_per_partner,
    benefits: t.benefits,
  }));
}

export async function render(container, context) {
  ctx = context;
  root = container;
  base = await ctx.call('prioritization_get');
  draft = copy(base.tiers);
  preview = null;
  problem = null;
  draw();
}

function dirty() {
  return JSON.stringify(copy(base.tiers)) !== JSON.stringify(draft);
}

function counts() {
  return preview ? preview.tier_counts : base.tiers.map((t) => t.partners);
}

function headline() {
  const c = counts();
  const parts = draft.map((t, i) => {
    const hours = t.hours_per_partner > 0 ? ` at ${formatNumber(t.hours_per_partner, 1)} h a month each` : ' on automation';
    return `${formatNumber(c[i] ?? 0)} in ${t.name}${hours}`;
  });
  const total = draft.reduce((sum, t, i) => sum + (c[i] ?? 0) * (Number(t.hours_per_partner) || 0), 0);
  return `${parts.join(', ')}: ${formatNumber(total)} team hours a month.`;
}

async function runPreview() {
  if (!dirty()) {
    preview = null;
    problem = null;
    redraw();
    return;
  }
  if (inFlight) {
    queued = true;
    return;
  }
  inFlight = true;
  try {
    const factors = base.factors.map((f) => ({ id: f.id, name: f.name, description: f.description, weight: f.weight }));
    preview = await ctx.call('prioritization_preview', { factors, tiers: draft });
    problem = null;
  } catch (e) {
    preview = null;
    problem = e.message;
  } finally {
    inFlight = false;
  }
  if (queued) {
    queued = false;
    return runPreview();
  }
  redraw();
}

function redraw() {
  const h1 = root.querySelector('[data-testid="tiers-headline"]');
  if (h1) h1.textContent = headline();
  root.querySelectorAll('[data-tier-count]').forEach((el) => {
    const i = Number(el.dataset.tierCount);
    el.textContent = plural(counts()[i] ?? 0, 'partner', 'partners');
  });
  const slot = root.querySelector('#tier-status');
  if (slot) slot.replaceWith(status());
}

function status() {
  const warnings = preview ? preview.warnings : base.warnings;
  const moves = preview ? preview.moved_up + preview.moved_down : 0;
  return h(
    'div',
    { id: 'tier-status', class: 'stack' },
    problem ? h('div', { class: 'card notice', role: 'alert', 'data-testid': 'tier-problem' }, problem) : null,
    warnings.map((w) => h('div', { class: 'card notice', 'data-testid': 'tier-warning' }, w)),
    h(
      'div',
      { class: 'row' },
      h('span', { class: 'grow hint' }, dirty() ? (problem ? 'Fix the plan to see its effect.' : `Not saved: ${plural(moves, 'partner changes', 'partners change')} tier under this plan.`) : 'Change a rule, cadence or hours to preview the effect.'),
      h('button', { type: 'button', class: 'btn', disabled: !dirty(), on: { click: discard } }, 'Discard'),
      h('button', { type: 'button', class: 'btn primary', id: 'save-tiers', disabled: !dirty() || !!problem, on: { click: save } }, 'Save tiers'),
    ),
  );
}

async function save() {
  try {
    await ctx.call('tiers_save', { tiers: draft });
    ctx.status('Tiers saved');
    await ctx.refresh();
  } catch (e) {
    ctx.showError(e);
  }
}

function discard() {
  draft = copy(base.tiers);
  preview = null;
  problem = null;
  draw();
}

function change() {
  runPreview();
}

function tierRow(t, i) {
  const last = i === draft.length - 1;
  const name = h('input', { class: 'input', value: t.name, maxlength: 40, 'aria-label': `Tier ${i + 1} name` });
  name.addEventListener('input', () => {
    t.name = name.value;
    change();
  });
  const kind = h(
    'select',
    { class: 'input', 'aria-label': `${t.name} entry rule`, disabled: last },
    last
      ? h('option', { value: 'rest' }, 'Everyone left')
      : [h('option', { value: 'top_n', selected: t.rule.kind === 'top_n' }, 'Top N of the ranking'), h('option', { value: 'min_score', selected: t.rule.kind === 'min_score' }, 'Minimum score')],
  );
  const value = h('input', { class: 'input num narrow', value: last ? '' : String(t.rule.value ?? ''), inputmode: 'decimal', disabled: last, 'aria-label': `${t.name} rule value`, 'data-testid': `tier-rule-${i}` });
  const setRule = () => {
    if (last) {
      t.rule = { kind: 'rest' };
    } else {
      const n = value.value.trim() === '' ? Number.NaN : Number(value.value);
      t.rule = { kind: kind.value, value: kind.value === 'top_n' ? Math.trunc(n) : n };
      if (Number.isNaN(n)) t.rule.value = null;
    }
    change();
  };
  kind.addEventListener('change', setRule);
  value.addEventListener('input', setRule);
  const cadence = h('select', { class: 'input', 'aria-label': `${t.name} cadence` }, CADENCES.map(([v, label]) => h('option', { value: v, selected: t.cadence === v }, label)));
  cadence.addEventListener('change', () => {
    t.cadence = cadence.value;
    change();
  });
  const hours = h('input', { class: 'input num narrow', value: String(t.hours_per_partner), inputmode: 'decimal', 'aria-label': `${t.name} hours per partner per month` });
  hours.addEventListener('input', () => {
    t.hours_per_partner = hours.value.trim() === '' ? null : Number(hours.value);
    change();
  });
  const benefits = h('textarea', { class: 'input', rows: 1, maxlength: 1000, 'aria-label': `${t.name} benefits` });
  benefits.value = t.benefits;
  benefits.addEventListener('input', () => {
    t.benefits = benefits.value;
    change();
  });
  const move = (offset) => {
    const j = i + offset;
    [draft[i], draft[j]] = [draft[j], draft[i]];
    fixLast();
    draw();
    change();
  };
  return h(
    'section',
    { class: 'card tier-card', 'data-tier': String(i) },
    h(
      'div',
      { class: 'row' },
      h('span', { class: 'tier-rank' }, String(i + 1)),
      h('div', { class: 'grow' }, name),
      h('span', { class: 'pill', 'data-tier-count': String(i) }, plural(counts()[i] ?? 0, 'partner', 'partners')),
      h('button', { type: 'button', class: 'btn ghost small', disabled: i === 0, on: { click: () => move(-1) } }, 'Up'),
      h('button', { type: 'button', class: 'btn ghost small', disabled: last, on: { click: () => move(1) } }, 'Down'),
      h('button', { type: 'button', class: 'btn ghost small danger', disabled: draft.length <= 2, on: { click: () => removeTier(i) } }, 'Remove'),
    ),
    h(
      'div',
      { class: 'tier-fields' },
      h('label', { class: 'field' }, h('span', null, 'Entry rule'), h('div', { class: 'row' }, h('div', { class: 'grow' }, kind), value)),
      h('label', { class: 'field' }, h('span', null, 'Cadence'), cadence),
      h('label', { class: 'field' }, h('span', null, 'Hours / partner / month'), hours),
    ),
    h('label', { class: 'field' }, h('span', null, 'What partners in this tier receive'), benefits),
  );
}

// The lowest tier always takes everyone left; the others need a rule of their own.
function fixLast() {
  draft.forEach((t, i) => {
    if (i === draft.length - 1) t.rule = { kind: 'rest' };
    else if (t.rule.kind === 'rest') t.rule = { kind: 'top_n', value: 10 * (i + 1) };
  });
}

function addTier() {
  if (draft.length >= 4) {
    ctx.showError({ kind: 'invalid_input', message: 'A program has at most 4 tiers; more dilutes what each one means.' });
    return;
  }
  draft.splice(draft.length - 1, 0, { id: null, name: `Tier ${draft.length + 1}`, rule: { kind: 'top_n', value: 100 }, cadence: 'quarterly', hours_per_partner: 1, benefits: '' });
  fixLast();
  draw();
  change();
}

function removeTier(i) {
  draft.splice(i, 1);
  fixLast();
  draw();
  change();
}

function draw() {
  replace(
    root,
    h('h1', { class: 'headline', 'data-testid': 'tiers-headline' }, headline()),
    h('p', { class: 'subline' }, 'Each partner goes to the first tier whose rule it meets, walking the ranking from the top; the lowest tier takes everyone left. A tier must change what a partner receives.'),
    h(
      'div',
      { class: 'stack' },
      h('div', { class: 'row' }, h('h2', { class: 'section grow' }, `Tiers (${draft.length} of 2–4)`), h('button', { type: 'button', class: 'btn', disabled: draft.length >= 4, on: { click: addTier } }, 'Add tier')),
      status(),
      draft.map(tierRow),
    ),
  );
}
