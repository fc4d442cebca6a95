// Program design: the company's partner types, each with its motion, incentive and
// enablement path, and the one or two outcomes the program is built to produce.

import { h, replace, formatMoney, formatCompactMoney, formatNumber, plural } from '../dom.js';
import { currenciesCard } from './currencies.js';

const INCENTIVES = [
  { kind: 'margin', label: 'Resale margin', unit: '%' },
  { kind: 'referral_fee', label: 'Referral fee', unit: 'money' },
  { kind: 'co_sell_credit', label: 'Co-sell credit', unit: '%' },
];
const METRICS = [
  { metric: 'sourced_pipeline', label: 'Sourced pipeline', sentence: 'partner-sourced pipeline', unit: 'money' },
  { metric: 'attached_revenue', label: 'Attached revenue', sentence: 'partner-attached revenue', unit: 'money' },
  { metric: 'retention', label: 'Retention', sentence: 'retention of partner-touched customers', unit: '%' },
];

let selectedId = null;
let root = null;
let ctx = null;
let shown = null;

export async function render(container, context) {
  root = container;
  ctx = context;
  const program = await ctx.call('program_get');
  draw(program);
}

function incentiveText(t, currency) {
  const meta = INCENTIVES.find((i) => i.kind === t.incentive_kind);
  if (meta.unit === 'money') return `${formatMoney(t.incentive_value, currency)} ${meta.label.toLowerCase()}`;
  return `${formatNumber(t.incentive_value, 1)}% ${meta.label.toLowerCase()}`;
}

function targetText(t, currency) {
  const meta = METRICS.find((m) => m.metric === t.metric);
  return meta.unit === 'money' ? `${formatMoney(t.quarterly_value, currency)} a quarter` : `${formatNumber(t.quarterly_value, 1)}%`;
}

function headline(program) {
  const partners = program.types.reduce((sum, t) => sum + t.partner_count, 0);
  const types = plural(program.types.length, 'partner type', 'partner types');
  let text = `${program.types.length === 0 ? 'No partner types yet' : types} ${program.types.length === 1 ? 'carries' : 'carry'} ${plural(partners, 'partner', 'partners')}`;
  if (program.types.length === 0) text = 'No partner types are defined yet';
  const first = program.targets[0];
  if (first) {
    const meta = METRICS.find((m) => m.metric === first.metric);
    const amount = meta.unit === 'money' ? `${formatCompactMoney(first.quarterly_value, program.currency)} a quarter` : targetText(first, program.currency);
    text += `; the program is built to deliver ${meta.sentence} of ${amount}`;
  } else {
    text += '; no target metric is set';
  }
  return `${text}.`;
}

// Runs an edit; on success redraws everything (header, undo state, this screen), on failure
// keeps what was typed and marks the field.
async function save(command, args, field, onSaved) {
  try {
    const program = await ctx.call(command, args);
    ctx.clearError();
    if (field) field.removeAttribute('aria-invalid');
    if (onSaved) onSaved(program);
    await ctx.refresh();
    return program;
  } catch (e) {
    if (field) field.setAttribute('aria-invalid', 'true');
    ctx.showError(e);
    return null;
  }
}

function draftOf(t) {
  return {
    name: t.name,
    motion: t.motion,
    incentive_kind: t.incentive_kind,
    incentive_value: t.incentive_value,
    enablement: [...t.enablement],
  };
}

function updateType(t, change, field) {
  const draft = { ...draftOf(t), ...change };
  return save('partner_type_update', { id: t.id, draft }, field);
}

function numberFrom(input) {
  const text = input.value.trim().replace(/,/g, '');
  return text === '' ? Number.NaN : Number(text);
}

function draw(program) {
  shown = program;
  const focusKey = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.key : null;
  if (!program.types.some((t) => t.id === selectedId)) selectedId = program.types.length ? program.types[0].id : null;
  const selected = program.types.find((t) => t.id === selectedId) || null;

  replace(
    root,
    h('h1', { class: 'headline', 'data-testid': 'program-headline' }, headline(program)),
    h(
      'p',
      { class: 'subline' },
      program.thesis || 'Write the program thesis: which partners bring which customers, and why they win with you.',
    ),
    h(
      'div',
      { class: 'stack' },
      programCard(program),
      currenciesCard(ctx),
      h(
        'section',
        { 'aria-labelledby': 'types-heading' },
        h('div', { class: 'row' }, h('h2', { class: 'section grow', id: 'types-heading' }, 'Partner types'), addTypeForm()),
        h('div', { class: 'grid-2' }, typesTable(program), selected ? typeEditor(selected, program) : emptyTypes()),
      ),
    ),
  );
  if (focusKey) {
    const again = root.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
    if (again) again.focus();
  }
}

function programCard(program) {
  const company = h('input', {
    class: 'input',
    value: program.company,
    maxlength: 80,
    'data-key': 'company',
    'aria-label': 'Company',
  });
  const thesis = h('textarea', { class: 'input', rows: 2, maxlength: 2000, 'data-key': 'thesis', 'aria-label': 'Program thesis' });
  thesis.value = program.thesis;
  const saveHeader = (field) => save('program_update', { draft: { company: company.value, thesis: thesis.value } }, field);
  company.addEventListener('change', () => saveHeader(company));
  thesis.addEventListener('change', () => saveHeader(thesis));

  return h(
    'section',
    { class: 'card' },
    h('h2', { class: 'section' }, 'Program'),
    h(
      'div',
      { class: 'grid-2' },
      h('div', null, h('label', { class: 'field' }, h('span', null, 'Company'), company), h('label', { class: 'field' }, h('span', null, 'Thesis'), thesis)),
      targetsBlock(program),
    ),
  );
}

function targetsBlock(program) {
  const rows = program.targets.map((t) => {
    const meta = METRICS.find((m) => m.metric === t.metric);
    const value = h('input', {
      class: 'input num narrow',
      value: formatNumber(t.quarterly_value, 2),
      inputmode: 'decimal',
      'data-key': `target-${t.metric}`,
      'aria-label': `${meta.label} target`,
    });
    value.addEventListener('change', () => save('program_target_set', { draft: { metric: t.metric, quarterly_value: numberFrom(value) } }, value));
    return h(
      'div',
      { class: 'row', 'data-target': t.metric },
      h('span', { class: 'grow' }, meta.label, h('span', { class: 'hint' }, meta.unit === 'money' ? ` · ${program.currency} per quarter` : ' · %')),
      value,
      h('button', { type: 'button', class: 'btn ghost small', on: { click: () => save('program_target_delete', { id: t.id }) } }, 'Remove'),
    );
  });
  let adder = null;
  const unused = METRICS.filter((m) => !program.targets.some((t) => t.metric === m.metric));
  if (program.targets.length < 2) {
    const metric = h('select', { class: 'input', 'aria-label': 'Target metric' }, unused.map((m) => h('option', { value: m.metric }, m.label)));
    const value = h('input', { class: 'input num narrow', placeholder: 'Value', inputmode: 'decimal', 'aria-label': 'Target value' });
    const add = () => save('program_target_set', { draft: { metric: metric.value, quarterly_value: numberFrom(value) } }, value);
    value.addEventListener('keydown', (e) => e.key === 'Enter' && add());
    adder = h('div', { class: 'row' }, h('div', { class: 'grow' }, metric), value, h('button', { type: 'button', class: 'btn small', on: { click: add } }, 'Add target'));
  }
  return h(
    'div',
    null,
    h('div', { class: 'field' }, h('span', null, 'Target metrics (one or two)')),
    rows.length ? rows : h('p', { class: 'hint' }, 'Name the outcome every other design choice serves.'),
    adder,
  );
}

function addTypeForm() {
  const name = h('input', {
    class: 'input',
    id: 'new-type-name',
    placeholder: 'New partner type, e.g. Agency',
    maxlength: 80,
    'aria-label': 'New partner type name',
  });
  const add = async () => {
    const draft = { name: name.value, motion: '', incentive_kind: 'margin', incentive_value: 0, enablement: [] };
    const choose = (program) => {
      const created = program.types.find((t) => t.name === draft.name.trim());
      if (created) selectedId = created.id;
    };
    if (await save('partner_type_create', { draft }, name, choose)) {
      focusRow(selectedId);
      ctx.status(`Added ${draft.name.trim()}`);
    }
  };
  name.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') add();
  });
  return h('div', { class: 'row' }, name, h('button', { type: 'button', class: 'btn primary', id: 'add-type', on: { click: add } }, 'Add partner type'));
}

function typesTable(program) {
  if (program.types.length === 0) {
    return h('div', { class: 'empty' }, h('strong', null, 'No partner types'), 'Add the kinds of partner the program runs: reseller, services, technology, referral.');
  }
  const rows = program.types.map((t, i) => {
    const row = h(
      'tr',
      {
        tabIndex: 0,
        'data-type-id': String(t.id),
        'aria-selected': t.id === selectedId ? 'true' : 'false',
        on: {
          click: () => select(t.id),
          keydown: (e) => rowKeys(e, t, i, program),
        },
      },
      h('td', { class: 'num muted' }, String(i + 1)),
      h('td', null, h('div', { class: 'name', 'data-testid': 'type-name' }, t.name), h('div', { class: 'clamp muted' }, t.motion || 'No motion written yet')),
      h('td', null, h('span', { class: 'pill' }, incentiveText(t, program.currency))),
      h('td', { class: 'num' }, formatNumber(t.enablement.length)),
      h('td', { class: 'num' }, formatNumber(t.partner_count)),
    );
    return row;
  });
  return h(
    'div',
    { class: 'card' },
    h(
      'table',
      { class: 'table fixed', 'aria-label': 'Partner types', role: 'grid' },
      h(
        'colgroup',
        null,
        h('col', { class: 'col-index' }),
        h('col', null),
        h('col', { class: 'col-incentive' }),
        h('col', { class: 'col-count' }),
        h('col', { class: 'col-count' }),
      ),
      h(
        'thead',
        null,
        h('tr', null, h('th', { class: 'num' }, '#'), h('th', null, 'Type'), h('th', null, 'Incentive'), h('th', { class: 'num' }, 'Steps'), h('th', { class: 'num' }, 'Partners')),
      ),
      h('tbody', null, rows),
    ),
    h('p', { class: 'hint' }, '↑ ↓ to move between types · Alt+↑ ↓ to reorder · Delete to remove · Ctrl+Z to undo'),
  );
}

function focusRow(id) {
  const row = root.querySelector(`tr[data-type-id="${id}"]`);
  if (row) row.focus();
}

// Selection changes only what this screen shows: redraw without asking the app again.
function select(id) {
  selectedId = id;
  draw(shown);
  focusRow(id);
}

async function rowKeys(e, t, i, program) {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    select(t.id);
  } else if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && e.altKey) {
    e.preventDefault();
    if (await save('partner_type_move', { id: t.id, offset: e.key === 'ArrowUp' ? -1 : 1 })) focusRow(t.id);
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    const next = program.types[i + (e.key === 'ArrowUp' ? -1 : 1)];
    if (next) select(next.id);
  } else if (e.key === 'Delete' || e.key === 'Backspace') {
    e.preventDefault();
    removeType(t);
  }
}

async function removeType(t) {
  if (await save('partner_type_delete', { id: t.id })) ctx.status(`Deleted ${t.name} · Undo brings it back`);
}

function emptyTypes() {
  return h('div', { class: 'empty' }, h('strong', null, 'Nothing selected'), 'Pick a partner type to edit its motion, incentive and enablement path.');
}

function typeEditor(t, program) {
  const name = h('input', { class: 'input', value: t.name, maxlength: 80, 'data-key': 'type-name', 'aria-label': 'Type name' });
  name.addEventListener('change', () => updateType(t, { name: name.value }, name));

  const motion = h('textarea', { class: 'input', rows: 3, maxlength: 2000, 'data-key': 'type-motion', 'aria-label': 'Motion' });
  motion.value = t.motion;
  motion.addEventListener('change', () => updateType(t, { motion: motion.value }, motion));

  const kind = h('select', { class: 'input', 'data-key': 'type-incentive-kind', 'aria-label': 'Incentive model' },
    INCENTIVES.map((i) => h('option', { value: i.kind, selected: i.kind === t.incentive_kind }, i.label)));
  kind.addEventListener('change', () => updateType(t, { incentive_kind: kind.value, incentive_value: kind.value === t.incentive_kind ? t.incentive_value : 0 }, kind));
  const meta = INCENTIVES.find((i) => i.kind === t.incentive_kind);
  const value = h('input', { class: 'input num narrow', value: String(t.incentive_value), inputmode: 'decimal', 'data-key': 'type-incentive-value', 'aria-label': 'Incentive value' });
  value.addEventListener('change', () => updateType(t, { incentive_value: numberFrom(value) }, value));

  const steps = t.enablement.map((step, i) => {
    const input = h('input', { class: 'input', value: step, maxlength: 200, 'data-key': `step-${i}`, 'aria-label': `Enablement step ${i + 1}` });
    input.addEventListener('change', () => {
      const next = [...t.enablement];
      next[i] = input.value;
      updateType(t, { enablement: next.filter((s) => s.trim() !== '') }, input);
    });
    const move = (offset) => {
      const next = [...t.enablement];
      const j = i + offset;
      if (j < 0 || j >= next.length) return;
      [next[i], next[j]] = [next[j], next[i]];
      updateType(t, { enablement: next });
    };
    return h(
      'li',
      null,
      h('span', { class: 'index' }, String(i + 1)),
      input,
      h('button', { type: 'button', class: 'btn ghost icon', title: 'Move up', 'aria-label': `Move step ${i + 1} up`, disabled: i === 0, on: { click: () => move(-1) } }, '↑'),
      h('button', { type: 'button', class: 'btn ghost icon', title: 'Move down', 'aria-label': `Move step ${i + 1} down`, disabled: i === t.enablement.length - 1, on: { click: () => move(1) } }, '↓'),
      h('button', { type: 'button', class: 'btn ghost icon', title: 'Remove step', 'aria-label': `Remove step ${i + 1}`, on: { click: () => updateType(t, { enablement: t.enablement.filter((_, k) => k !== i) }) } }, '×'),
    );
  });
  const newStep = h('input', { class: 'input', placeholder: 'Add a step, e.g. Sales certification', maxlength: 200, 'data-key': 'new-step', 'aria-label': 'New enablement step' });
  const addStep = () => {
    if (newStep.value.trim() === '') return;
    updateType(t, { enablement: [...t.enablement, newStep.value] }, newStep);
  };
  newStep.addEventListener('keydown', (e) => e.key === 'Enter' && addStep());

  const index = program.types.findIndex((x) => x.id === t.id);
  return h(
    'section',
    { class: 'card', 'aria-label': `Edit ${t.name}`, 'data-testid': 'type-editor' },
    h(
      'div',
      { class: 'row' },
      h('h2', { class: 'section grow' }, 'Partner type'),
      h('button', { type: 'button', class: 'btn ghost small', disabled: index === 0, on: { click: () => save('partner_type_move', { id: t.id, offset: -1 }) } }, 'Move up'),
      h('button', { type: 'button', class: 'btn ghost small', disabled: index === program.types.length - 1, on: { click: () => save('partner_type_move', { id: t.id, offset: 1 }) } }, 'Move down'),
      h('button', { type: 'button', class: 'btn ghost small danger', id: 'delete-type', on: { click: () => removeType(t) } }, 'Delete'),
    ),
    h('label', { class: 'field' }, h('span', null, 'Name'), name),
    h('label', { class: 'field' }, h('span', null, 'Motion: how this type goes to market with you'), motion),
    h(
      'div',
      { class: 'row' },
      h('label', { class: 'field grow' }, h('span', null, 'Incentive model'), kind),
      h('label', { class: 'field' }, h('span', null, meta.unit === 'money' ? `Fee (${program.currency})` : 'Percent'), value),
    ),
    h('div', { class: 'field' }, h('span', null, `Enablement path · ${plural(t.enablement.length, 'step', 'steps')} from signed to productive`)),
    h('ol', { class: 'steps' }, steps),
    h('div', { class: 'row' }, h('span', { class: 'index' }, ''), h('div', { class: 'grow' }, newStep), h('button', { type: 'button', class: 'btn small', on: { click: addStep } }, 'Add step')),
    h('p', { class: 'hint' }, t.partner_count ? `${plural(t.partner_count, 'partner', 'partners')} of this type.` : 'No partners of this type yet.'),
  );
}
