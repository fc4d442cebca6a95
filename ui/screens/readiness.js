// Readiness: capability, capacity and motion commitment, 0–3 each, against bands that decide
// active, nurture or off-board. The monthly review goes through everyone due, by keyboard.

import { h, replace, formatNumber, plural, todayIso } from '../dom.js';

const BAND_LABEL = { active: 'Active', nurture: 'Nurture', offboard: 'Off-board' };
const CONSEQUENCES = [
  ['lowest_tier_no_one_to_one', 'Lowest tier, no 1:1'],
  ['lowest_tier', 'Lowest tier, keep cadence'],
];
const CONSEQUENCE_PHRASE = {
  lowest_tier_no_one_to_one: 'placed in the lowest tier at most and owed no 1:1',
  lowest_tier: "placed in the lowest tier at most, at that tier's cadence",
};
const REASON = { never_reviewed: 'never reviewed', band_would_change: 'band would change', stale: 'older than 31 days' };

let ctx = null;
let root = null;
let data = null;
let showAll = false;
let historyFor = null;

export async function render(container, context) {
  ctx = context;
  root = container;
  data = await ctx.call('readiness_get');
  draw();
}

function range(band) {
  return data.bands.ranges.find((r) => r.band === band);
}

function headline() {
  const counts = { active: 0, nurture: 0, offboard: 0 };
  data.partners.forEach((p) => p.band && (counts[p.band] += 1));
  return `${formatNumber(counts.active)} partners score active (≥ ${range('active').min}/9), ${formatNumber(counts.nurture)} nurture, ${formatNumber(counts.offboard)} off-board; ${plural(data.due, 'review is', 'reviews are')} due this month.`;
}

function draw() {
  replace(
    root,
    h('h1', { class: 'headline', 'data-testid': 'readiness-headline' }, headline()),
    h('p', { class: 'subline' }, 'Capability: certified reps and a playbook. Capacity: reps working deals in the last 60 days. Motion commitment: a defined joint motion. 0–3 each; the total picks the band.'),
    h('div', { class: 'stack' }, h('div', { class: 'grid-2' }, reviewCard(), h('div', { class: 'stack' }, bandsCard(), historyCard()))),
  );
}

function bandsCard() {
  const active = h('input', { class: 'input num narrow', value: String(range('active').min), inputmode: 'numeric', 'aria-label': 'Active from' });
  const nurture = h('input', { class: 'input num narrow', value: String(range('nurture').min), inputmode: 'numeric', 'aria-label': 'Nurture from' });
  const consequence = h(
    'select',
    { class: 'input', 'aria-label': 'Below the threshold', 'data-testid': 'gate-consequence' },
    CONSEQUENCES.map(([v, t]) => h('option', { value: v, selected: data.gate.consequence === v }, t)),
  );
  const save = async () => {
    const a = Number(active.value);
    const n = Number(nurture.value);
    const bands = { ranges: [{ band: 'offboard', min: 0, max: n - 1 }, { band: 'nurture', min: n, max: a - 1 }, { band: 'active', min: a, max: 9 }] };
    try {
      await ctx.call('bands_save', { bands });
      await ctx.call('readiness_consequence_save', { consequence: consequence.value });
      ctx.status('Bands and service threshold saved');
      await ctx.refresh();
    } catch (e) {
      ctx.showError(e);
    }
  };
  return h(
    'section',
    { class: 'card', 'aria-label': 'Bands' },
    h('h2', { class: 'section' }, 'Bands'),
    h('p', null, data.bands.ranges.map((r) => `${BAND_LABEL[r.band]} ${r.min}–${r.max}`).join(' · ')),
    h('p', { class: 'hint', 'data-testid': 'gate-line' }, `Service threshold ${data.gate.threshold}/9 (where active starts). A signed partner below it is ${CONSEQUENCE_PHRASE[data.gate.consequence]}, whatever its score, until a review reaches ${data.gate.threshold}/9.`),
    h('div', { class: 'row' }, h('span', { class: 'hint' }, 'Nurture from'), nurture, h('span', { class: 'hint' }, 'Active from'), active),
    h('div', { class: 'row' }, h('span', { class: 'hint' }, 'Below the threshold'), consequence, h('button', { type: 'button', class: 'btn small', 'data-testid': 'bands-save', on: { click: save } }, 'Save bands')),
  );
}

function reviewCard() {
  const list = data.partners.filter((p) => showAll || p.due);
  const rows = list.slice(0, 300).map((p, i) => reviewRow(p, i));
  const toggle = h('button', { 'data-view': 'true', type: 'button', class: 'btn small', on: { click: () => { showAll = !showAll; draw(); } } }, showAll ? 'Show only due' : 'Show everyone');
  return h(
    'section',
    { class: 'card', 'aria-label': 'Monthly review' },
    h('div', { class: 'row' }, h('h2', { class: 'section grow' }, showAll ? `All signed partners (${list.length})` : `Monthly review (${list.length} due)`), toggle),
    h('p', { class: 'hint' }, 'Type three scores and press Enter: the review is saved and the next partner is ready.'),
    rows.length ? h('div', { class: 'reviews' }, rows) : h('p', { class: 'hint' }, 'Nobody is due: every partner was reviewed in the last 31 days and sits in its band.'),
    list.length > 300 ? h('p', { class: 'hint' }, `Showing the first 300 of ${list.length}.`) : null,
  );
}

function reviewRow(p, i) {
  const last = p.last;
  const input = (key, label) => h('input', { class: 'input num score-input', value: last ? String(last.scores[key]) : '', inputmode: 'numeric', maxlength: 1, 'aria-label': `${label} for ${p.name}`, 'data-review': String(i) });
  const cap = input('capability', 'Capability');
  const cty = input('capacity', 'Capacity');
  const mot = input('motion_commitment', 'Motion commitment');
  const note = h('input', { class: 'input small', placeholder: 'Note', maxlength: 2000, 'aria-label': `Note for ${p.name}`, 'data-review': String(i) });
  const save = async () => {
    const num = (el) => (el.value.trim() === '' ? Number.NaN : Number(el.value));
    const scores = { capability: num(cap), capacity: num(cty), motion_commitment: num(mot) };
    if (Object.values(scores).some((v) => !Number.isInteger(v))) {
      ctx.showError({ kind: 'invalid_input', message: `Score ${p.name} on all three, each a whole number from 0 to 3.` });
      return;
    }
    try {
      await ctx.call('readiness_review_add', { partnerId: p.partner_id, date: todayIso(), scores, reviewer: '', note: note.value });
      ctx.status(`Reviewed ${p.name}: ${scores.capability + scores.capacity + scores.motion_commitment}/9`);
      await ctx.refresh();
      const next = root.querySelector(`input[data-review="${i}"]`);
      if (next) next.focus();
    } catch (e) {
      ctx.showError(e);
    }
  };
  [cap, cty, mot, note].forEach((el) => el.addEventListener('keydown', (e) => e.key === 'Enter' && save()));
  return h(
    'div',
    { class: 'review-row', 'data-partner': String(p.partner_id) },
    h('div', { class: 'grow' }, h('button', { 'data-view': 'true', type: 'button', class: 'link', on: { click: () => { historyFor = p; draw(); } } }, p.name), h('div', { class: 'hint' }, `${p.type_name || 'No type yet'} · ${p.status === 'offboarded' ? 'off-boarded' : p.status}${last ? ` · last ${last.total}/9 on ${last.reviewed_on}` : ''}${p.due ? ` · ${REASON[p.due]}` : ''}`)),
    cap,
    cty,
    mot,
    note,
    h('button', { type: 'button', class: 'btn small', on: { click: save } }, 'Save'),
  );
}

function historyCard() {
  if (!historyFor) return h('section', { class: 'card' }, h('h2', { class: 'section' }, 'History'), h('p', { class: 'hint' }, 'Pick a partner to see every review.'));
  const out = h('div', null);
  ctx.call('readiness_history', { partnerId: historyFor.partner_id }).then((reviews) =>
    replace(out, reviews.length ? h('ul', { class: 'moves' }, reviews.map((r) => h('li', null, `${r.reviewed_on} · ${r.scores.capability}/${r.scores.capacity}/${r.scores.motion_commitment} = ${r.total}/9${r.reviewer ? ` · ${r.reviewer}` : ''}${r.note ? ` · ${r.note}` : ''}`))) : h('p', { class: 'hint' }, 'Never reviewed.')),
  ).catch((e) => ctx.showError(e));
  return h('section', { class: 'card' }, h('h2', { class: 'section' }, `History · ${historyFor.name}`), out);
}
