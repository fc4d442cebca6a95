// Tiers and capacity: cut the ranked roster into 2–4 tiers with real service levels, give the
// team's hours to the top of the ranking, show who capacity holds back, and balance owners.
// Tier and team edits preview live and save together as one undoable change.

import { h, replace, formatNumber, plural } from '../dom.js';
import { latestPreview } from '../preview.js';

const CADENCES = [
  ['weekly', 'Weekly'],
  ['biweekly', 'Biweekly'],
  ['monthly', 'Monthly'],
  ['quarterly', 'Quarterly'],
  ['self_serve', 'Self-serve'],
];

let ctx = null;
let root = null;
let base = null; // the saved plan (capacity view)
let draft = null; // tiers being edited
let team = null; // members being edited
let preview = null;
let problem = null;

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
  base = await ctx.call('capacity_get');
  draft = copy(base.tiers);
  team = base.members.map((m) => ({ ...m }));
  preview = null;
  problem = null;
  draw();
}

function dirty() {
  return JSON.stringify(copy(base.tiers)) !== JSON.stringify(draft) || JSON.stringify(base.members) !== JSON.stringify(team);
}

// The plan on screen: the what-if when there is one, else the saved plan.
function plan() {
  return preview || base;
}

function counts() {
  return plan().tier_loads.map((t) => t.placed);
}

function headline() {
  const p = plan();
  const top = p.tier_loads[0];
  const held = p.held_back.length;
  const heldText = held ? `; ${plural(held, 'partner is', 'partners are')} held back by capacity` : '';
  return `${plural(top.placed, 'partner', 'partners')} in ${top.name} use ${formatNumber(top.hours_used)} of ${formatNumber(p.capacity)} team hours${heldText}.`;
}

// A plan the app refuses shows why in place of its numbers, until the edit is fixed.
const runPreview = latestPreview({
  wanted: dirty,
  ask: () => ctx.call('capacity_preview', { tiers: draft, members: team }),
  clear: () => {
    preview = null;
    problem = null;
  },
  answered: (answer) => {
    preview = answer;
    problem = null;
  },
  failed: (e) => {
    preview = null;
    problem = e.message;
  },
  draw: redraw,
});

function redraw() {
  const h1 = root.querySelector('[data-testid="tiers-headline"]');
  if (h1) h1.textContent = headline();
  root.querySelectorAll('[data-tier-count]').forEach((el) => {
    const i = Number(el.dataset.tierCount);
    el.textContent = plural(counts()[i] ?? 0, 'partner', 'partners');
  });
  const slot = root.querySelector('#tier-status');
  if (slot) slot.replaceWith(status());
  const load = root.querySelector('#capacity');
  if (load) load.replaceWith(capacityCard());
  const held = root.querySelector('#held-back');
  if (held) held.replaceWith(heldBackCard());
}

function status() {
  const warnings = plan().warnings;
  return h(
    'div',
    { id: 'tier-status', class: 'stack' },
    problem ? h('div', { class: 'card notice', role: 'alert', 'data-testid': 'tier-problem' }, problem) : null,
    warnings.map((w) => h('div', { class: 'card notice', 'data-testid': 'tier-warning' }, w)),
    h(
      'div',
      { class: 'row' },
      h('span', { class: 'grow hint' }, dirty() ? (problem ? 'Fix the plan to see its effect.' : 'Not saved: the numbers show this plan.') : 'Change a rule, cadence or anyone’s hours to see the effect before saving.'),
      h('button', { type: 'button', class: 'btn', disabled: !dirty(), on: { click: discard } }, 'Discard'),
      h('button', { type: 'button', class: 'btn primary', id: 'save-tiers', disabled: !dirty() || !!problem, on: { click: save } }, 'Save plan'),
    ),
  );
}

async function save() {
  try {
    await ctx.call('plan_save', { tiers: draft, members: team });
    ctx.status('Plan saved');
    await ctx.refresh();
  } catch (e) {
    ctx.showError(e);
  }
}

function discard() {
  draft = copy(base.tiers);
  team = base.members.map((m) => ({ ...m }));
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
    h('p', { class: 'subline' }, 'Walking the ranking from the top, each partner gets the highest tier its rule allows that the remaining team hours can carry; the lowest tier takes everyone left. A tier must change what a partner receives.'),
    h(
      'div',
      { class: 'stack' },
      status(),
      h('div', { class: 'grid-2 wide-right' }, teamCard(), capacityCard()),
      h('div', { class: 'row' }, h('h2', { class: 'section grow' }, `Tiers (${draft.length} of 2–4)`), h('button', { type: 'button', class: 'btn', disabled: draft.length >= 4, on: { click: addTier } }, 'Add tier')),
      draft.map(tierRow),
      h('div', { class: 'grid-2' }, heldBackCard(), movesCard()),
    ),
  );
}

function teamCard() {
  const rows = team.map((m, i) => {
    const name = h('input', { class: 'input', value: m.name, maxlength: 80, 'aria-label': `Member ${i + 1} name` });
    name.addEventListener('input', () => {
      m.name = name.value;
      change();
    });
    const hours = h('input', { class: 'input num narrow', value: String(m.hours_per_month), inputmode: 'decimal', 'aria-label': `${m.name} hours per month`, 'data-testid': `member-hours-${i}` });
    hours.addEventListener('input', () => {
      m.hours_per_month = hours.value.trim() === '' ? null : Number(hours.value);
      change();
    });
    const carries = h('input', { type: 'checkbox', checked: m.carries_partners !== false, 'aria-label': `${m.name} carries partners`, 'data-testid': `member-carries-${i}` });
    carries.addEventListener('change', () => {
      m.carries_partners = carries.checked;
      change();
    });
    return h(
      'div',
      { class: 'member-line' },
      name,
      hours,
      h('span', { class: 'hint' }, 'h / month'),
      h('button', { type: 'button', class: 'btn ghost icon', title: `Remove ${m.name}`, 'aria-label': `Remove ${m.name}`, on: { click: () => { team.splice(i, 1); draw(); change(); } } }, '×'),
      h(
        'div',
        { class: 'member-sub hint' },
        m.role ? h('span', null, m.role) : null,
        h('label', { title: 'Only members who carry partners own partners and count toward capacity' }, carries, ' carries partners'),
      ),
    );
  });
  const add = () => {
    team.push({ id: null, name: `New member ${team.length + 1}`, role: 'Partner manager', hours_per_month: 80, carries_partners: true });
    draw();
    change();
  };
  return h(
    'section',
    { class: 'card', 'aria-label': 'Team' },
    h('div', { class: 'row' }, h('h2', { class: 'section grow' }, 'Team'), h('button', { type: 'button', class: 'btn small', on: { click: add } }, 'Add member')),
    h('p', { class: 'hint' }, 'Partner-facing hours a month per person (0–744). Only those who carry partners own partners and count toward capacity: untick partner operations or enablement.'),
    rows.length ? rows : h('p', { class: 'hint' }, 'No one on the team: every partner runs on the free tier.'),
  );
}

function capacityCard() {
  const p = plan();
  const gap = p.shortfall > 0 ? `Short by ${formatNumber(p.shortfall, 1)} h a month` : `${formatNumber(p.slack, 1)} h a month to spare`;
  return h(
    'section',
    { class: 'card', id: 'capacity', 'aria-label': 'Capacity' },
    h('h2', { class: 'section' }, 'Demand and capacity'),
    h('p', { class: 'statement', 'data-testid': 'capacity-statement' }, p.statement),
    h('p', { class: p.shortfall > 0 ? 'shortfall' : 'hint', 'data-testid': 'capacity-gap' }, gap),
    h(
      'table',
      { class: 'table compact' },
      h('thead', null, h('tr', null, h('th', null, 'Tier'), h('th', { class: 'num' }, 'Rule admits'), h('th', { class: 'num' }, 'Placed'), h('th', { class: 'num' }, 'Needed h'), h('th', { class: 'num' }, 'Used h'))),
      h('tbody', null, p.tier_loads.map((t, i) => h('tr', { 'data-tier-load': String(i) }, h('td', null, t.name), h('td', { class: 'num' }, formatNumber(t.eligible)), h('td', { class: 'num' }, formatNumber(t.placed)), h('td', { class: 'num' }, formatNumber(t.hours_needed, 1)), h('td', { class: 'num' }, formatNumber(t.hours_used, 1))))),
    ),
    h(
      'table',
      { class: 'table compact' },
      h('thead', null, h('tr', null, h('th', null, 'Member'), h('th', { class: 'num' }, 'Available'), h('th', { class: 'num' }, 'Plan'), h('th', { class: 'num' }, 'Today'))),
      h('tbody', null, p.member_loads.map((m) => h('tr', null, h('td', null, m.name), h('td', { class: 'num' }, formatNumber(m.hours_available, 1)), h('td', { class: `num${m.hours_planned > m.hours_available + 1e-9 ? ' over' : ''}` }, formatNumber(m.hours_planned, 1)), h('td', { class: `num${m.hours_today > m.hours_available + 1e-9 ? ' over' : ''}` }, formatNumber(m.hours_today, 1))))),
    ),
    h('p', { class: 'hint' }, 'Plan: hours of the partners the plan gives each person. Today: hours of the partners each person owns now, at the plan’s tiers.'),
  );
}

function heldBackCard() {
  const list = plan().held_back;
  return h(
    'section',
    { class: 'card', id: 'held-back', 'aria-label': 'Held back by capacity', 'data-testid': 'held-back' },
    h('h2', { class: 'section' }, `Held back by capacity (${list.length})`),
    list.length
      ? h('ul', { class: 'moves' }, list.slice(0, 60).map((x) => h('li', null, `#${x.rank} ${x.name}: ${x.rule_tier} by its score, ${x.placed_tier} for lack of hours`)), list.length > 60 ? h('li', { class: 'hint' }, `and ${list.length - 60} more`) : null)
      : h('p', { class: 'hint' }, 'Everyone gets the tier their score earns.'),
  );
}

function movesCard() {
  const moves = base.moves;
  const apply = async () => {
    try {
      const n = await ctx.call('owners_apply');
      ctx.status(`${plural(n, 'partner has', 'partners have')} a new owner`);
      await ctx.refresh();
    } catch (e) {
      ctx.showError(e);
    }
  };
  return h(
    'section',
    { class: 'card', 'aria-label': 'Owner assignment' },
    h('div', { class: 'row' }, h('h2', { class: 'section grow' }, `Owner moves to balance hours (${moves.length})`), h('button', { type: 'button', class: 'btn', id: 'apply-owners', disabled: moves.length === 0 || dirty(), title: dirty() ? 'Save the plan first' : '', on: { click: apply } }, 'Apply moves')),
    moves.length
      ? h('ul', { class: 'moves' }, moves.slice(0, 40).map((m) => h('li', null, `${m.name}: ${m.from || 'no owner'} → ${m.to} (${formatNumber(m.hours, 1)} h)`)), moves.length > 40 ? h('li', { class: 'hint' }, `and ${moves.length - 40} more`) : null)
      : h('p', { class: 'hint' }, 'Owners already match the plan: every paid partner has an owner with room.'),
  );
}
