// Ideal partner profiles: per type, the joint solution and 3–7 production traits verifiable
// before signing; prospects judged trait by trait; and a check that the profile predicts
// what signed partners produce.

import { h, replace, formatMoney, formatNumber, plural, todayIso } from '../dom.js';

const VERDICTS = [
  ['fit', 'Fit'],
  ['incomplete', 'Incomplete'],
  ['walk_away', 'Walk away'],
];

let ctx = null;
let root = null;
let data = null;
let typeId = null;
let draft = null;
let prospectId = null;
let overrideFor = null;
const FIRST_REVIEW = [['capability', 'Capability'], ['capacity', 'Capacity'], ['motion_commitment', 'Motion commitment']];

export async function render(container, context) {
  ctx = context;
  root = container;
  data = await ctx.call('profiles_get');
  if (!data.profiles.some((p) => p.type_id === typeId)) typeId = data.profiles.length ? data.profiles[0].type_id : null;
  resetDraft();
  draw();
}

function current() {
  return data.profiles.find((p) => p.type_id === typeId);
}

function resetDraft() {
  const p = current();
  draft = p ? JSON.parse(JSON.stringify(p.profile)) : null;
}

function headline() {
  const count = (v) => data.prospects.filter((p) => p.verdict.verdict === v).length;
  return `${plural(data.prospects.length, 'prospect', 'prospects')}: ${formatNumber(count('fit'))} fit, ${formatNumber(count('incomplete'))} still to verify, ${formatNumber(count('walk_away'))} to walk away from.`;
}

function draw() {
  replace(
    root,
    h('h1', { class: 'headline', 'data-testid': 'profiles-headline' }, headline()),
    h('p', { class: 'subline' }, 'One profile per partner type: what you deliver together and the traits that predict production, each checked before signing. Walk away when too many traits are missed.'),
    h(
      'div',
      { class: 'stack' },
      h('div', { class: 'grid-2' }, editorCard(), pipelineCard()),
      h('div', { class: 'grid-2' }, evaluationCard(), validityCard()),
    ),
  );
}

// ---- profile editor -------------------------------------------------------------------------

function editorCard() {
  if (!draft) return h('section', { class: 'card empty' }, h('strong', null, 'No partner types'), 'Define partner types in Program design first.');
  const tabs = h('div', { class: 'tabs', role: 'tablist' }, data.profiles.map((p) => h('button', { 'data-view': 'true', type: 'button', role: 'tab', class: `tab${p.type_id === typeId ? ' on' : ''}`, 'aria-selected': p.type_id === typeId ? 'true' : 'false', on: { click: () => { typeId = p.type_id; resetDraft(); draw(); } } }, p.type_name)));
  const joint = h('textarea', { class: 'input', rows: 2, maxlength: 1000, 'aria-label': 'Joint solution' });
  joint.value = draft.joint_solution;
  joint.addEventListener('input', () => (draft.joint_solution = joint.value));
  const walk = h('input', { class: 'input num narrow', value: String(draft.walk_away_count), inputmode: 'numeric', 'aria-label': 'Walk-away count' });
  walk.addEventListener('input', () => (draft.walk_away_count = Number(walk.value)));
  const traits = draft.traits.map((t, i) => {
    const field = (key, label, placeholder) => {
      const el = h('input', { class: 'input small', value: t[key], placeholder, maxlength: key === 'name' ? 80 : 500, 'aria-label': `${label} of trait ${i + 1}` });
      el.addEventListener('input', () => (t[key] = el.value));
      return el;
    };
    return h(
      'div',
      { class: 'trait' },
      h('div', { class: 'row' }, h('span', { class: 'tier-rank' }, String(i + 1)), h('div', { class: 'grow' }, field('name', 'Name', 'Trait, e.g. Customer overlap')), h('button', { type: 'button', class: 'btn ghost icon', 'aria-label': `Remove trait ${i + 1}`, on: { click: () => { draft.traits.splice(i, 1); draw(); } } }, '×')),
      field('evidence', 'Evidence', 'Observable evidence, e.g. 30+ shared accounts'),
      field('verification', 'Verification', 'How it is checked before signing'),
    );
  });
  const guidance = current().guidance;
  return h(
    'section',
    { class: 'card', 'aria-label': 'Profile editor' },
    tabs,
    h('label', { class: 'field' }, h('span', null, 'Joint solution: what the partner delivers with you'), joint),
    h('div', { class: 'row' }, h('span', { class: 'grow hint' }, `Production traits (3–7, 5 recommended): ${draft.traits.length}`), h('label', { class: 'row' }, h('span', { class: 'hint' }, 'Walk away at'), walk, h('span', { class: 'hint' }, 'missed'))),
    traits,
    guidance.length ? h('ul', { class: 'moves guidance' }, guidance.map((g) => h('li', null, g))) : null,
    h(
      'div',
      { class: 'row' },
      h('button', { type: 'button', class: 'btn small', disabled: draft.traits.length >= 7, on: { click: () => { draft.traits.push({ id: null, name: '', evidence: '', verification: '' }); draw(); } } }, 'Add trait'),
      h('span', { class: 'grow' }),
      h('button', { type: 'button', class: 'btn', on: { click: () => { resetDraft(); draw(); } } }, 'Discard'),
      h('button', { type: 'button', class: 'btn primary', id: 'save-profile', on: { click: saveProfile } }, 'Save profile'),
    ),
  );
}

async function saveProfile() {
  try {
    await ctx.call('profile_save', { profile: draft });
    ctx.status('Profile saved');
    await ctx.refresh();
  } catch (e) {
    ctx.showError(e);
  }
}

// ---- prospects ------------------------------------------------------------------------------

function pipelineCard() {
  const columns = VERDICTS.map(([v, label]) => {
    const list = data.prospects.filter((p) => p.verdict.verdict === v);
    return h(
      'div',
      { class: 'lane', 'data-verdict': v },
      h('div', { class: 'lane-head' }, h('span', { class: `state ${v}` }, label), h('span', { class: 'hint' }, String(list.length))),
      list.map((p) => h('button', { 'data-view': 'true', type: 'button', class: `prospect${p.partner_id === prospectId ? ' on' : ''}`, 'data-prospect': String(p.partner_id), on: { click: () => { prospectId = p.partner_id; overrideFor = null; draw(); } } }, h('strong', null, p.name), h('span', { class: 'hint' }, p.type_name))),
    );
  });
  return h('section', { class: 'card', 'aria-label': 'Prospects by verdict' }, h('h2', { class: 'section' }, 'Prospects by verdict'), h('div', { class: 'lanes' }, columns));
}

function evaluationCard() {
  const p = data.prospects.find((x) => x.partner_id === prospectId);
  if (!p) return h('section', { class: 'card empty' }, h('strong', null, 'Pick a prospect'), 'Mark each trait met, missed or unverified, with the evidence.');
  const profile = data.profiles.find((x) => x.type_id === p.type_id).profile;
  const today = todayIso();
  const rows = profile.traits.map((t) => {
    const check = p.checks.find((c) => c.trait_id === t.id);
    const state = check ? check.state : 'unverified';
    const note = h('input', { class: 'input small', value: check ? check.note : '', placeholder: 'Evidence note', maxlength: 1000, 'aria-label': `Evidence for ${t.name}` });
    const set = (s) => ctx.save('trait_check_set', { partnerId: p.partner_id, traitId: t.id, stateName: s, note: note.value, date: today });
    return h(
      'div',
      { class: 'trait', 'data-trait': t.name },
      h('div', { class: 'row' }, h('strong', { class: 'grow' }, t.name), ['met', 'missed', 'unverified'].map((s) => h('button', { type: 'button', class: `btn small${state === s ? ' primary' : ''}`, 'data-state': s, on: { click: () => set(s) } }, s[0].toUpperCase() + s.slice(1)))),
      h('div', { class: 'hint' }, `${t.evidence} · ${t.verification}${check ? ` · checked ${check.checked_on}` : ''}`),
      note,
    );
  });
  const v = p.verdict;
  const verdictText = v.verdict === 'fit' ? 'Fit: every trait verified.' : v.verdict === 'walk_away' ? `Walk away: missed ${v.missed.join(', ')}.` : `Incomplete: verify ${v.to_verify.join(', ')}.`;
  const reason = h('input', { class: 'input', placeholder: 'Why sign anyway?', maxlength: 1000, 'aria-label': 'Override reason', 'data-testid': 'override-reason' });
  const scoreBox = (label) => h('input', { class: 'input num narrow', inputmode: 'numeric', maxlength: 1, 'aria-label': `First review: ${label} (0–3)`, 'data-review': label, on: { focus: (e) => e.target.select() } });
  const boxes = FIRST_REVIEW.map(([, label]) => scoreBox(label));
  const review = () => {
    const values = boxes.map((b) => b.value.trim());
    if (values.some((x) => x === '')) return null;
    const out = {};
    FIRST_REVIEW.forEach(([key], i) => { out[key] = Number(values[i]); });
    return out;
  };
  const sign = () => {
    const needsOverride = v.verdict !== 'fit' || review() === null;
    if (needsOverride && overrideFor !== p.partner_id) {
      overrideFor = p.partner_id;
      draw();
      return;
    }
    ctx.save('partner_sign', { partnerId: p.partner_id, review: review(), overrideReason: needsOverride ? reason.value : null }, `Signed ${p.name}`);
  };
  const overrideWhy = v.verdict !== 'fit' ? `${p.name} is not a fit.` : `${p.name} has no first readiness review.`;
  return h(
    'section',
    { class: 'card', 'aria-label': `Evaluate ${p.name}`, 'data-testid': 'evaluation' },
    h('h2', { class: 'section' }, `Evaluate ${p.name}`),
    h('p', { class: `verdict ${v.verdict}`, 'data-testid': 'verdict' }, verdictText),
    rows,
    h(
      'div',
      { class: 'row', 'data-testid': 'first-review' },
      h('strong', { class: 'grow' }, 'First readiness review'),
      FIRST_REVIEW.map(([, label], i) => h('label', { class: 'hint' }, `${label} `, boxes[i])),
    ),
    h('p', { class: 'hint' }, 'Signing records it as today\'s review: at the threshold the partner starts active; below it, or without a review (an override), in nurture, in the lowest tier at most until a review lifts it.'),
    overrideFor === p.partner_id ? h('div', { class: 'card notice', 'data-testid': 'override' }, h('p', null, `${overrideWhy} Signing anyway is an override: say why, and it is kept on record.`), reason) : null,
    h('div', { class: 'row' }, h('span', { class: 'grow' }), h('button', { type: 'button', class: 'btn primary', id: 'sign-prospect', on: { click: sign } }, overrideFor === p.partner_id ? 'Sign with override' : 'Sign')),
  );
}


// ---- validity check -------------------------------------------------------------------------

function validityCard() {
  const out = h('div', null, h('p', { class: 'hint' }, 'Checking…'));
  const from = h('input', { 'data-view': 'true', class: 'input narrow', placeholder: 'YYYY-MM-DD', 'aria-label': 'From' });
  const to = h('input', { 'data-view': 'true', class: 'input narrow', placeholder: 'YYYY-MM-DD', 'aria-label': 'To' });
  const run = async () => {
    try {
      const r = await ctx.call('validity_check', { from: from.value.trim() || null, to: to.value.trim() || null });
      from.value = r.from;
      to.value = r.to;
      const group = (label, g) => h('tr', null, h('td', null, label), h('td', { class: 'num' }, formatNumber(g.size)), h('td', { class: 'num' }, formatMoney(g.median)), h('td', { class: 'num' }, formatMoney(g.mean)));
      replace(
        out,
        h('p', { class: 'statement', 'data-testid': 'validity-verdict' }, r.verdict),
        h('table', { class: 'table compact' }, h('thead', null, h('tr', null, h('th', null, 'At signing'), h('th', { class: 'num' }, 'Partners'), h('th', { class: 'num' }, 'Median'), h('th', { class: 'num' }, 'Mean'))), h('tbody', null, group('Matched the profile', r.matched), group('Did not', r.unmatched))),
        h('p', { class: 'hint' }, `All types together. Ratio of means ${r.ratio === null ? '—' : `${formatNumber(r.ratio, 2)}×`}${r.interval ? ` (95%: ${formatNumber(r.interval[0], 2)}× to ${formatNumber(r.interval[1], 2)}×)` : ''} · permutation p-value ${r.p_value === null ? '—' : formatNumber(r.p_value, 4)} (10,000 shuffles, fixed seed).`),
        h('h3', null, 'By partner type'),
        h(
          'table',
          { class: 'table compact', 'data-testid': 'validity-by-type' },
          h('thead', null, h('tr', null, h('th', null, 'Type'), h('th', { class: 'num' }, 'Matched'), h('th', { class: 'num' }, 'Did not'), h('th', { class: 'num' }, 'Ratio (95%)'), h('th', null, 'Verdict'))),
          h(
            'tbody',
            null,
            r.by_type.map((t) => h(
              'tr',
              { 'data-type': t.type_name },
              h('td', null, t.type_name),
              h('td', { class: 'num' }, formatNumber(t.matched.size)),
              h('td', { class: 'num' }, formatNumber(t.unmatched.size)),
              h('td', { class: 'num' }, t.ratio === null ? '—' : `${formatNumber(t.ratio, 1)}×${t.interval ? ` (${formatNumber(t.interval[0], 1)}–${formatNumber(t.interval[1], 1)})` : ''}`),
              h('td', null, t.verdict),
            )),
          ),
        ),
        r.left_out ? h('p', { class: 'hint', 'data-testid': 'validity-left-out' }, r.left_out) : null,
      );
    } catch (e) {
      ctx.showError(e);
    }
  };
  run();
  return h(
    'section',
    { class: 'card', 'aria-label': 'Validity check' },
    h('h2', { class: 'section' }, 'Does the profile predict production?'),
    h('p', { class: 'hint' }, 'Partner-sourced pipeline per signed partner and month signed in the period, in your home currency, by whether it matched its profile at signing. Each type has its own profile, so each is judged on its own too.'),
    h('div', { class: 'row' }, from, '→', to, h('button', { 'data-view': 'true', type: 'button', class: 'btn small', on: { click: run } }, 'Check')),
    out,
  );
}
