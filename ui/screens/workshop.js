// Workshop mode: the pre-hire design session as eight steps. Each shows what is decided and
// what is still open, from the workspace's real data; edits happen on the module screens (one
// click away, with a way back) or, for the thesis and target, right here. Exports the operating
// model as HTML (prints to PDF) or Markdown.

import { h, replace, formatMoney, plural } from '../dom.js';

const METRICS = [
  { metric: 'sourced_pipeline', label: 'Partner-sourced pipeline', unit: 'money' },
  { metric: 'attached_revenue', label: 'Partner-attached revenue', unit: 'money' },
  { metric: 'retention', label: 'Retention of partner-touched customers', unit: '%' },
];

let selected = null;
let lastExport = null;
let lastDecider = '';

export async function render(root, ctx) {
  const [workshop, program] = await Promise.all([ctx.call('workshop_get'), ctx.call('program_get')]);
  if (!selected || !workshop.steps.some((s) => s.id === selected)) {
    selected = (workshop.steps.find((s) => !s.decided) || workshop.steps[0]).id;
  }
  draw(root, ctx, workshop, program);
}

function draw(root, ctx, w, program) {
  const step = w.steps.find((s) => s.id === selected);
  const select = (id) => {
    selected = id;
    draw(root, ctx, w, program);
    const button = root.querySelector(`[data-step='${id}']`);
    if (button) button.focus();
  };
  replace(
    root,
    h('h1', { class: 'headline', 'data-testid': 'workshop-headline' }, w.summary),
    h(
      'p',
      { class: 'subline' },
      'The pre-hire design session: the CEO and CRO write the partner operating model before the partnerships leader joins. ',
      'Each step reads the workspace as it is; edit a step on its screen and come back here.',
    ),
    progressBar(w),
    h(
      'div',
      { class: 'workshop' },
      stepper(w, select),
      h('div', { class: 'stack' }, detail(ctx, step, program), exportCard(ctx, w)),
    ),
  );
}

function progressBar(w) {
  const share = w.total ? (w.decided / w.total) * 100 : 0;
  const fill = h('div', { class: 'ws-progress-fill' });
  fill.style.width = `${share}%`;
  return h('div', { class: 'ws-progress', role: 'img', 'aria-label': `${w.decided} of ${w.total} steps decided` }, fill);
}

function stepper(w, select) {
  const items = w.steps.map((s, i) => {
    const state = s.status;
    const meta = s.status === 'decided' ? `Decided ${s.decision.on}` : s.status === 'proposed' ? 'Proposed: decide it' : `${plural(s.open.length, 'open question', 'open questions')}`;
    return h(
      'li',
      null,
      h(
        'button',
        {
          type: 'button',
          class: `ws-step ${state}`,
          'data-step': s.id,
          'data-state': state,
          'aria-current': s.id === selected ? 'step' : null,
          on: {
            click: () => select(s.id),
            keydown: (e) => {
              const next = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : -1;
              if (next >= 0 && next < w.steps.length) {
                e.preventDefault();
                select(w.steps[next].id);
              }
            },
          },
        },
        h('span', { class: 'ws-mark', 'aria-hidden': 'true' }, s.decided ? '✓' : String(s.number)),
        h('span', { class: 'ws-step-text' }, h('span', { class: 'ws-step-title' }, s.title), h('span', { class: 'ws-step-meta' }, meta)),
      ),
    );
  });
  return h('ol', { class: 'ws-stepper', 'aria-label': 'Workshop steps', 'data-testid': 'workshop-steps' }, items);
}

function list(items, cls, testid) {
  return h('ul', { class: `ws-list ${cls}`, 'data-testid': testid }, items.map((t) => h('li', null, t)));
}

function detail(ctx, s, program) {
  const back = { returnTo: 'workshop', returnLabel: 'Workshop' };
  return h(
    'section',
    { class: 'card ws-detail', 'data-testid': 'workshop-step', 'data-step-detail': s.id },
    h(
      'div',
      { class: 'row ws-detail-head' },
      h('h2', { class: 'grow' }, `${s.number}. ${s.title}`),
      h('span', { class: `pill ws-pill-${s.status}`, 'data-testid': 'step-status' }, STATUS_LABEL[s.status]),
    ),
    s.decided ? h('p', { class: 'hint', 'data-testid': 'step-decision' }, `Decided on ${s.decision.on} by ${s.decision.by}.`) : null,
    h('p', { class: 'hint ws-question' }, s.question),
    s.decisions.length ? h('h3', null, s.decided ? 'Decided' : 'Proposed') : null,
    s.decisions.length ? list(s.decisions, 'ws-decided', 'step-decisions') : null,
    s.open.length ? h('h3', null, 'Still open') : null,
    s.open.length ? list(s.open, 'ws-open', 'step-open') : null,
    s.notes.length ? h('h3', null, 'Notes') : null,
    s.notes.length ? list(s.notes, 'ws-notes', 'step-notes') : null,
    s.id === 'thesis' ? thesisEditor(ctx, program) : null,
    s.status === 'proposed' ? decideRow(ctx, s) : null,
    h(
      'div',
      { class: 'row ws-actions' },
      s.decided ? h('button', { type: 'button', class: 'btn', 'data-testid': 'step-reopen', on: { click: () => ctx.save('workshop_reopen', { step: s.id }, `Step ${s.number} reopened`) } }, 'Reopen') : null,
      h(
        'button',
        { 'data-view': 'true', type: 'button', class: 'btn primary', 'data-testid': 'step-edit', on: { click: () => ctx.go(s.screen, back) } },
        `Edit in ${s.screen_label} →`,
      ),
    ),
  );
}

const STATUS_LABEL = { open: 'Open', proposed: 'Proposed', decided: 'Decided' };

// Deciding is explicit: a name and a click, kept with today's date and what the step says now.
function decideRow(ctx, s) {
  const by = h('input', { class: 'input', maxlength: 80, placeholder: 'Who decides (e.g. Dana, CEO)', 'aria-label': 'Decided by', 'data-testid': 'decide-by', value: lastDecider });
  const decide = () => {
    lastDecider = by.value.trim();
    ctx.save('workshop_decide', { step: s.id, by: by.value }, `Step ${s.number} decided`);
  };
  by.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') decide();
  });
  return h('div', { class: 'row ws-decide' }, by, h('button', { type: 'button', class: 'btn primary', 'data-testid': 'step-decide', on: { click: decide } }, 'Decide'));
}

// The thesis and the target metric are small enough to decide in place.
function thesisEditor(ctx, program) {
  const thesis = h('textarea', { class: 'input', rows: 3, maxlength: 2000, 'data-testid': 'workshop-thesis', placeholder: 'Partners who already serve our buyers bring us into deals we cannot reach alone…' });
  thesis.value = program.thesis;
  const saveThesis = async () => {
    try {
      await ctx.call('program_update', { draft: { company: program.company, thesis: thesis.value } });
      ctx.status('Thesis saved');
      await ctx.refresh();
    } catch (e) {
      ctx.showError(e);
    }
  };
  const metric = h('select', { class: 'input', 'aria-label': 'Target metric' }, METRICS.map((m) => h('option', { value: m.metric }, m.label)));
  const value = h('input', { class: 'input narrow', type: 'number', min: '0', step: 'any', inputmode: 'decimal', 'aria-label': 'Quarterly value' });
  const existing = () => program.targets.find((t) => t.metric === metric.value);
  const sync = () => {
    const t = existing();
    value.value = t ? String(t.quarterly_value) : '';
    value.placeholder = METRICS.find((m) => m.metric === metric.value).unit === '%' ? '% retained' : `${program.currency} a quarter`;
  };
  metric.addEventListener('change', sync);
  sync();
  const saveTarget = async () => {
    try {
      await ctx.call('program_target_set', { draft: { metric: metric.value, quarterly_value: Number(value.value) } });
      ctx.status('Target saved');
      await ctx.refresh();
    } catch (e) {
      ctx.showError(e);
    }
  };
  const current = program.targets.map((t) => {
    const m = METRICS.find((x) => x.metric === t.metric);
    return m.unit === '%' ? `${m.label}: ${t.quarterly_value}%` : `${m.label}: ${formatMoney(t.quarterly_value, program.currency)} a quarter`;
  });
  return h(
    'div',
    { class: 'ws-inline' },
    h('label', { class: 'field' }, h('span', null, 'Thesis'), thesis),
    h('div', { class: 'row' }, h('button', { type: 'button', class: 'btn', 'data-testid': 'workshop-thesis-save', on: { click: saveThesis } }, 'Save thesis')),
    h(
      'div',
      { class: 'field ws-target' },
      h('span', null, current.length ? `Targets (${current.length} of 2)` : 'Target metric (one or two)'),
      h('div', { class: 'row' }, metric, value, h('button', { type: 'button', class: 'btn', on: { click: saveTarget } }, 'Set target')),
    ),
  );
}

function exportCard(ctx, w) {
  const result = h('p', { class: 'hint', 'data-testid': 'export-result', role: 'status' }, lastExport || '');
  const run = async (format, button) => {
    button.disabled = true;
    try {
      const path = await ctx.call('operating_model_export', { format });
      lastExport = path ? `Written to ${path}` : 'Export cancelled; nothing was written.';
      result.textContent = lastExport;
      if (path) ctx.status('Operating model exported');
    } catch (e) {
      ctx.showError(e);
    } finally {
      button.disabled = false;
    }
  };
  const html = h('button', { 'data-view': 'true', type: 'button', class: 'btn primary', 'data-testid': 'export-html' }, 'Export HTML');
  const md = h('button', { 'data-view': 'true', type: 'button', class: 'btn', 'data-testid': 'export-md' }, 'Export Markdown');
  html.addEventListener('click', () => run('html', html));
  md.addEventListener('click', () => run('md', md));
  const open = w.steps.reduce((n, s) => n + s.open.length, 0);
  return h(
    'section',
    { class: 'card' },
    h('h2', null, 'Operating model'),
    h(
      'p',
      { class: 'hint' },
      `One document for ${w.company}: every decision, ${open ? `the ${plural(open, 'open question', 'open questions')}, ` : ''}and the ranking, capacity and pipeline charts. `,
      'The HTML prints to PDF on A4 or Letter; the Markdown holds the same text without the charts.',
    ),
    h('div', { class: 'row' }, html, md),
    result,
  );
}
