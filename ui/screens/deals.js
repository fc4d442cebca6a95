// Sales process and deals: stages with owners and exit criteria, every deal with its time in
// stage, stalls and pile-ups, and CRM exports imported with nothing lost.

import { on } from '../ipc.js';
import { h, replace, formatMoney, formatCompactMoney, formatNumber, plural, virtualRows, todayIso } from '../dom.js';
import { filterControls } from '../filters.js';
import { exportButton } from '../exports.js';

const ROW = 34;
const SOURCES = { partner_sourced: 'Partner-sourced', partner_influenced: 'Partner-influenced', direct: 'Direct' };
let ctx = null;
let root = null;
let data = null;
let tierOf = null;
let rows = [];
let table = null;
const view = { text: '', source: '', stage: '', tier: '', outcome: 'open', stalled: false };
const importState = { file: null, kind: 'deals', preset: 'salesforce', map: {}, preview: null, report: null, stageMap: {}, running: false, mappings: [], asOf: '', strict: false, types: [] };

// Rows written so far by a running import, shown beside its Cancel button.
on('import-progress', ([done, total]) => {
  const el = document.getElementById('import-progress');
  if (el) el.textContent = `Writing ${formatNumber(done)} of ${formatNumber(total)} rows…`;
});

export async function render(container, context) {
  ctx = context;
  root = container;
  [data, importState.mappings] = await Promise.all([ctx.call('deals_get'), ctx.call('mappings_list')]);
  tierOf = new Map(data.tiers);
  draw();
}

/** Opens the import panel on a file dropped on the window: `{token, name, shown}`. */
export function importFile(picked) {
  importState.file = picked;
  importState.preview = null;
  importState.report = null;
}

function headline() {
  const open = data.deals.filter((d) => d.outcome === 'open');
  // Stage totals are in the home currency; deals with no rate are counted apart.
  const amount = data.stages.reduce((sum, s) => sum + s.amount, 0);
  const leftOut = data.stages.reduce((sum, s) => sum + s.left_out.deals, 0);
  const stalled = open.filter((d) => d.days_over !== null);
  const pile = [...data.stages].sort((a, b) => b.stalled - a.stalled)[0];
  const where = pile && pile.stalled ? `, most in ${pile.stage.name}` : '';
  const apart = leftOut ? ` (${plural(leftOut, 'deal', 'deals')} left out: no rate in Settings)` : '';
  return `${plural(open.length, 'open deal', 'open deals')} worth ${formatCompactMoney(amount)}${apart}; ${formatNumber(stalled.length)} stalled${where}.`;
}

function draw() {
  replace(
    root,
    h('h1', { class: 'headline', 'data-testid': 'deals-headline' }, headline()),
    h('p', { class: 'subline' }, 'A deal longer in its stage than the stage’s expected days is stalled. Credit is recorded when a deal enters, not when it closes.'),
    h('div', { class: 'stack' }, processCard(), importCard(), dealsCard()),
  );
  buildRows();
}

// ---- process --------------------------------------------------------------------------------

function processCard() {
  const draft = data.stages.map((s) => ({ ...s.stage }));
  const rowsEl = data.stages.map((s, i) => {
    const d = draft[i];
    const input = (key, label, cls, transform = (v) => v) => {
      const el = h('input', { class: `input small ${cls || ''}`, value: key === 'probability' ? String(Math.round(d[key] * 100)) : String(d[key]), 'aria-label': `${s.stage.name} ${label}` });
      el.addEventListener('input', () => (d[key] = transform(el.value)));
      return el;
    };
    return h(
      'tr',
      null,
      h('td', null, input('name', 'name')),
      h('td', null, input('owner', 'owner')),
      h('td', null, input('exit_criterion', 'exit criterion')),
      h('td', null, input('probability', 'probability %', 'num narrow', (v) => Number(v) / 100)),
      h('td', null, input('expected_days', 'expected days', 'num narrow', (v) => Number(v))),
      h('td', { class: 'num' }, formatNumber(s.open)),
      h('td', { class: 'num' }, formatCompactMoney(s.amount)),
      h('td', { class: `num${s.stalled ? ' over' : ''}` }, formatNumber(s.stalled)),
      h('td', { class: 'num' }, s.median_days === null ? '—' : `${formatNumber(s.median_days, 1)} d`),
    );
  });
  const save = async () => {
    try {
      await ctx.call('stages_save', { stages: draft });
      ctx.status('Sales process saved');
      await ctx.refresh();
    } catch (e) {
      ctx.showError(e);
    }
  };
  return h(
    'section',
    { class: 'card', 'aria-label': 'Sales process' },
    h('div', { class: 'row' }, h('h2', { class: 'section grow' }, 'Sales process'), h('button', { type: 'button', class: 'btn small', on: { click: save } }, 'Save process')),
    h(
      'table',
      { class: 'table compact process' },
      h('thead', null, h('tr', null, ['Stage', 'Owner', 'Exit criterion', 'Win %', 'Days', 'Open', 'Amount', 'Stalled', 'Median days'].map((t, i) => h('th', { class: i >= 3 ? 'num' : null }, t)))),
      h('tbody', null, rowsEl),
    ),
  );
}

// ---- import ---------------------------------------------------------------------------------

function importRequest() {
  const stageMap = Object.entries(importState.stageMap).filter(([, v]) => v);
  // Explicit choices: field → column, sent as (column, field) pairs.
  const map = Object.entries(importState.map).filter(([, column]) => column).map(([field, column]) => [column, field]);
  // A deals file is a snapshot: its rows are what the CRM said on the day it was exported.
  const asOf = importState.kind === 'deals' ? importState.asOf || (importState.preview && importState.preview.file_date) || null : null;
  return { file: importState.file ? importState.file.token : '', kind: importState.kind, preset: importState.kind === 'deals' ? importState.preset : '', map, stage_map: stageMap, as_of: asOf, strict: importState.strict };
}

function applyMapping(m) {
  importState.kind = m.kind;
  importState.preset = m.preset || '';
  importState.map = Object.fromEntries(m.map.map(([column, field]) => [field, column]));
  importState.stageMap = Object.fromEntries(m.stage_map);
}

async function saveMapping(name) {
  const r = importRequest();
  try {
    await ctx.call('mapping_save', { mapping: { name, kind: r.kind, preset: r.preset || null, map: r.map, stage_map: r.stage_map } });
    ctx.status(`Saved mapping ${name}`);
    importState.mappings = await ctx.call('mappings_list');
    draw();
  } catch (e) {
    ctx.showError(e);
  }
}

async function runPreview() {
  try {
    importState.preview = await ctx.call('import_preview', { requestJson: importRequest() });
    importState.report = null;
    ctx.clearError();
  } catch (e) {
    importState.preview = null;
    ctx.showError(e);
  }
  draw();
}

async function runImport() {
  importState.running = true;
  draw();
  try {
    importState.report = await ctx.call('import_run', { requestJson: importRequest() });
    ctx.status(`Imported ${importState.report.inserted} new and ${importState.report.updated} updated ${importState.kind}`);
    importState.running = false;
    // The type picker for the partners the import created offers the program's types.
    if (importState.report.created.partners.count) importState.types = (await ctx.call('program_get')).types;
    await ctx.refresh();
  } catch (e) {
    importState.running = false;
    ctx.showError(e);
    draw();
  }
}

// What each field is called on screen: words, not the field's key.
const FIELD_LABELS = {
  line: 'Line',
  id: 'Id in the CRM',
  name: 'Deal name',
  account: 'Account',
  partner: 'Partner',
  source: 'Source',
  amount: 'Amount',
  currency: 'Currency',
  product: 'Product',
  stage: 'Stage',
  created: 'Created',
  expected_close: 'Expected close',
  outcome: 'Outcome',
  closed: 'Closed',
  owner: 'Owner',
  type: 'Partner type',
  status: 'Status',
  region: 'Region',
  signed: 'Signed',
  role: 'Role',
  email: 'E-mail',
};

/** A field's name in words: `expected_close` → “Expected close”. A partner's or contact's
 * `name` is their name, not a deal's. */
export function fieldLabel(field, kind = 'deals') {
  if (field === 'name' && kind !== 'deals') return 'Name';
  if (FIELD_LABELS[field]) return FIELD_LABELS[field];
  const words = field.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A preview's amount (“1234.56 EUR”, maybe “(estimated)” after it) as money. */
export function previewMoney(text) {
  const m = /^(-?\d+(?:\.\d+)?) ([A-Z]{3})(?: \((\w+)\))?$/.exec(text);
  if (!m) return text;
  const money = formatMoney(Number(m[1]), m[2]);
  return m[3] ? `${money} (${m[3]})` : money;
}

/** A preview cell as shown: amounts as money, everything else as it is. */
function previewCell(field, value) {
  return field === 'amount' ? previewMoney(value) : value;
}

/** Rejected rows, each on its spreadsheet line (the header is line 1) with every reason. */
function rejectedList(rows) {
  return h(
    'div',
    null,
    h('p', { class: 'hint' }, 'Line numbers are the spreadsheet’s: the header is line 1.'),
    h('ul', { class: 'moves rejected' }, rows.map((x) => h('li', null, `Line ${x.line}${x.column ? ` · ${x.column}` : ''}: ${x.reason}`))),
  );
}

function unknownStages(preview) {
  const found = new Set();
  for (const r of preview.rejected_rows) {
    const m = /unknown stage “([^”]+)”/.exec(r.reason);
    if (m) found.add(m[1]);
  }
  return [...found];
}

function importCard() {
  // The file is only ever one the person picked or dropped: the app knows it by a token.
  const chosen = importState.file;
  const path = h('span', { class: chosen ? 'picked-file' : 'picked-file hint', title: chosen ? chosen.shown : '', 'data-testid': 'import-file' }, chosen ? chosen.name : 'Choose a CSV export with Browse…, or drop it on the window');
  const browse = async () => {
    try {
      const picked = await ctx.call('pick_csv');
      if (picked) {
        importState.file = picked;
        importState.preview = null;
        importState.report = null;
        await runPreview();
      }
    } catch (e) {
      ctx.showError(e);
    }
  };
  const preset = h('select', { class: 'input', 'aria-label': 'Column preset', 'data-testid': 'import-preset', disabled: importState.kind !== 'deals' }, [['', 'Column names as they are'], ['salesforce', 'Salesforce opportunity report'], ['hubspot', 'HubSpot deals export']].map(([v, t]) => h('option', { value: v, selected: importState.preset === v }, t)));
  preset.addEventListener('change', () => {
    importState.preset = preset.value;
    importState.map = {};
  });
  const kind = h('select', { class: 'input', 'aria-label': 'What the file holds', 'data-testid': 'import-kind' }, [['deals', 'Deals'], ['partners', 'Partners'], ['contacts', 'Contacts']].map(([v, t]) => h('option', { value: v, selected: importState.kind === v }, t)));
  kind.addEventListener('change', () => {
    importState.kind = kind.value;
    importState.map = {};
    importState.preview = null;
    draw();
  });
  const create = h('input', { type: 'checkbox', checked: !importState.strict, 'data-testid': 'import-create-partners' });
  create.addEventListener('change', () => {
    importState.strict = !create.checked;
    if (importState.preview) runPreview();
  });
  const createLabel = h('label', { class: 'row hint', title: 'Off: rows naming a partner, partner type or owner the workspace lacks are rejected instead.' }, create, 'Add partners, types and owners the workspace lacks');
  const saved = h('select', { class: 'input', 'aria-label': 'Saved mappings' }, h('option', { value: '' }, importState.mappings.length ? 'Saved mappings…' : 'No saved mappings'), importState.mappings.map((m, i) => h('option', { value: String(i) }, `${m.name} (${m.kind})`)));
  saved.addEventListener('change', () => {
    const m = importState.mappings[Number(saved.value)];
    if (m) {
      applyMapping(m);
      if (importState.file) runPreview();
      else draw();
    }
  });
  const p = importState.preview;
  const r = importState.report;
  return h(
    'section',
    { class: 'card', 'aria-label': 'Import deals' },
    h('h2', { class: 'section' }, 'Import from CSV'),
    h('div', { class: 'row import-row' }, h('div', { class: 'grow' }, path), h('button', { type: 'button', class: 'btn', id: 'import-browse', on: { click: browse } }, 'Browse…'), kind, preset, saved, h('button', { type: 'button', class: 'btn', id: 'import-preview', on: { click: runPreview } }, 'Preview')),
    h('div', { class: 'row' }, createLabel),
    p ? previewBlock(p) : h('p', { class: 'hint' }, 'UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab; decimal commas and European dates are read as such. Nothing is written until Import.'),
    r ? reportBlock(r) : null,
  );
}

function previewBlock(p) {
  const unknown = unknownStages(p);
  const stageOptions = data.stages.map((s) => s.stage.name);
  const stageMap = unknown.map((value) => {
    const select = h('select', { class: 'input', 'aria-label': `Stage for ${value}`, 'data-stage-map': value }, h('option', { value: '' }, 'Reject these rows'), stageOptions.map((s) => h('option', { value: s, selected: importState.stageMap[value] === s }, s)));
    select.addEventListener('change', () => {
      importState.stageMap[value] = select.value;
      runPreview();
    });
    return h('div', { class: 'row' }, h('span', { class: 'grow' }, `“${value}” is not a stage here:`), select);
  });
  const fields = p.rows.length ? p.rows[0].map(([f]) => f) : [];
  const mapped = Object.fromEntries(p.mapping);
  const asOf = importState.kind === 'deals' ? h('input', { class: 'input narrow', type: 'date', 'aria-label': 'Exported on', 'data-testid': 'import-as-of', value: importState.asOf || p.file_date || '' }) : null;
  if (asOf) {
    asOf.addEventListener('change', () => {
      importState.asOf = asOf.value;
      runPreview();
    });
  }
  const mapping = p.fields.map((field) => {
    const select = h('select', { class: 'input small', 'aria-label': `Column for ${fieldLabel(field, importState.kind)}`, 'data-map-field': field }, h('option', { value: '' }, '—'), p.headers.map((c) => h('option', { value: c, selected: (importState.map[field] || mapped[field]) === c }, c)));
    select.addEventListener('change', () => {
      importState.map[field] = select.value;
      runPreview();
    });
    return h('label', { class: 'map-field' }, h('span', { class: 'hint' }, fieldLabel(field, importState.kind)), select);
  });
  const name = h('input', { class: 'input small', placeholder: 'Name this mapping', maxlength: 80, 'aria-label': 'Mapping name' });
  return h(
    'div',
    { 'data-testid': 'import-preview' },
    h('p', { class: 'hint' }, `${p.encoding} · delimiter “${p.delimiter}” · ${plural(p.total_rows, 'row', 'rows')}`),
    asOf ? h('div', { class: 'row' }, h('span', null, 'Exported on'), asOf, h('span', { class: 'hint grow' }, 'Every row is what the CRM said that day; an older export fills in the past.')) : null,
    h('div', { class: 'map-grid' }, mapping),
    h('div', { class: 'row' }, h('span', { class: 'grow' }), name, h('button', { type: 'button', class: 'btn small', on: { click: () => saveMapping(name.value) } }, 'Save mapping')),
    stageMap.length ? h('div', { class: 'card notice' }, h('strong', null, 'Map these stages'), stageMap) : null,
    h('table', { class: 'table compact' }, h('thead', null, h('tr', null, fields.map((f) => h('th', null, fieldLabel(f, importState.kind))))), h('tbody', null, p.rows.map((row) => h('tr', null, row.map(([f, v]) => h('td', f === 'amount' ? { class: 'num' } : null, previewCell(f, v))))))),
    p.created_note ? h('p', { class: 'hint', 'data-testid': 'import-created-note' }, p.created_note) : null,
    p.kept_note ? h('p', { class: 'hint', 'data-testid': 'import-kept-note' }, p.kept_note) : null,
    p.amount_note ? h('p', { class: 'hint', 'data-testid': 'import-amount-note' }, p.amount_note) : null,
    p.currency_note ? h('p', { class: 'hint', 'data-testid': 'import-currency-note' }, p.currency_note) : null,
    p.rejected_rows.length ? rejectedList(p.rejected_rows) : h('p', { class: 'hint' }, 'Every row checks out.'),
    h(
      'div',
      { class: 'row' },
      h('span', { class: 'grow' }),
      importState.running ? h('span', { class: 'hint', id: 'import-progress', role: 'status' }, 'Reading and checking the file…') : null,
      importState.running ? h('button', { type: 'button', class: 'btn', on: { click: () => ctx.call('import_cancel') } }, 'Cancel') : null,
      h('button', { type: 'button', class: 'btn primary', id: 'import-run', disabled: importState.running, on: { click: runImport } }, 'Import'),
    ),
  );
}

function reportBlock(r) {
  return h(
    'div',
    { class: 'card', 'data-testid': 'import-report' },
    h('p', { class: 'statement' }, `${formatNumber(r.inserted)} added, ${formatNumber(r.updated)} updated, ${formatNumber(r.rejected)} rejected.`),
    r.kept && (r.kept.no_account || r.kept.created_as_of)
      ? h(
          'p',
          { class: 'hint', 'data-testid': 'import-kept' },
          [r.kept.no_account ? `${plural(r.kept.no_account, 'deal', 'deals')} without an account, kept under “(none)”` : '', r.kept.created_as_of ? `${plural(r.kept.created_as_of, 'open deal', 'open deals')} without a created date, kept as created on the export’s date` : '']
            .filter(Boolean)
            .join(' · '),
        )
      : null,
    r.amount_note ? h('p', { class: 'hint', 'data-testid': 'import-amount-note' }, r.amount_note) : null,
    r.currency_note ? h('p', { class: 'hint', 'data-testid': 'import-currency-note' }, r.currency_note) : null,
    r.created_note ? h('p', { class: 'hint', 'data-testid': 'import-created-note' }, r.created_note) : null,
    r.status_note ? h('p', { class: 'hint', 'data-testid': 'import-status-note' }, r.status_note) : null,
    r.created.partners.count ? createdPartners(r.created.partners) : null,
    r.report_path ? h('p', { class: 'hint' }, `Rejected rows, with line, column and reason: ${r.report_path}`) : null,
    r.rejected_rows.length ? rejectedList(r.rejected_rows.slice(0, 20)) : null,
  );
}

/** The partners an import created, with one picker that gives them all a type. */
function createdPartners(created) {
  const shown = created.names.slice(0, 30);
  const more = created.count - shown.length;
  const types = importState.types;
  const select = h('select', { class: 'input type-pick', 'aria-label': 'Type for the new partners', 'data-testid': 'created-type' }, h('option', { value: '' }, types.length ? 'Choose a type…' : 'No partner types yet: add them under Program'), types.map((t) => h('option', { value: String(t.id) }, t.name)));
  const apply = async () => {
    if (!select.value) return;
    try {
      const n = await ctx.call('partners_set_type', { partnerIds: created.ids, typeId: Number(select.value) });
      const name = types.find((t) => String(t.id) === select.value).name;
      ctx.status(`${plural(n, 'partner is', 'partners are')} now ${name}`);
      created.typed = name;
      draw();
    } catch (e) {
      ctx.showError(e);
    }
  };
  return h(
    'div',
    { class: 'card notice', 'data-testid': 'created-partners' },
    h('strong', null, `New partners, no type yet (${formatNumber(created.count)})`),
    h('ul', { class: 'moves' }, shown.map((n) => h('li', null, n)), more > 0 ? h('li', { class: 'hint' }, `and ${formatNumber(more)} more`) : null),
    created.typed
      ? h('p', { class: 'hint', 'data-testid': 'created-typed' }, `All ${plural(created.count, 'partner', 'partners')} set to ${created.typed}.`)
      : h('div', { class: 'row' }, h('span', null, 'Give them all one type:'), select, h('button', { type: 'button', class: 'btn small', disabled: !types.length, 'data-testid': 'created-type-apply', on: { click: apply } }, 'Set type'), h('span', { class: 'hint grow' }, 'One step; Undo takes it back.')),
  );
}

// ---- deals ----------------------------------------------------------------------------------

function buildRows() {
  const text = view.text.trim().toLowerCase();
  rows = data.deals.filter(
    (d) =>
      (!text || d.account.toLowerCase().includes(text) || d.name.toLowerCase().includes(text) || (d.partner || '').toLowerCase().includes(text) || d.owner.toLowerCase().includes(text)) &&
      (!view.source || d.source === view.source) &&
      (!view.stage || String(d.stage_id) === view.stage) &&
      (!view.tier || tierOf.get(d.partner_id) === view.tier) &&
      (!view.outcome || d.outcome === view.outcome) &&
      (!view.stalled || d.days_over !== null),
  );
  const count = root.querySelector('#deal-count');
  if (count) count.textContent = `${formatNumber(rows.length)} of ${formatNumber(data.deals.length)}`;
  if (table) table.update(rows.length);
}

function columns() {
  return 'minmax(140px, 1.4fr) minmax(120px, 1.2fr) minmax(110px, 1fr) 120px 100px 150px 92px 92px 90px 120px';
}

function renderRow(i) {
  const d = rows[i];
  const stage = h('select', { class: 'input small', disabled: d.outcome !== 'open', 'aria-label': `Stage of ${d.account}`, 'data-deal-stage': String(d.id) }, data.stages.map((s) => h('option', { value: String(s.stage.id), selected: s.stage.id === d.stage_id }, s.stage.name)));
  stage.addEventListener('change', async () => {
    try {
      await ctx.call('deal_move', { dealId: d.id, stageId: Number(stage.value) });
      ctx.status(`Moved ${d.account} to ${stage.selectedOptions[0].textContent}`);
      await ctx.refresh();
    } catch (e) {
      ctx.showError(e);
    }
  });
  const close = (outcome) => async () => {
    try {
      await ctx.call('deal_close', { dealId: d.id, outcome, date: todayIso() });
      ctx.status(`${outcome === 'won' ? 'Won' : outcome === 'lost' ? 'Lost' : 'Reopened'} ${d.account}`);
      await ctx.refresh();
    } catch (e) {
      ctx.showError(e);
    }
  };
  const row = h(
    'div',
    { class: 'vrow', role: 'row', 'data-deal': String(d.id) },
    h('span', { class: 'cell name', title: d.account }, d.account),
    h('span', { class: 'cell', title: d.name, 'data-deal-name': String(d.id) }, d.name || '—'),
    h('span', { class: 'cell muted' }, d.partner || '—'),
    h('span', { class: 'cell muted' }, SOURCES[d.source]),
    h('span', { class: 'cell num' }, formatMoney(d.amount, d.currency)),
    h('span', { class: 'cell' }, stage),
    h('span', { class: 'cell num muted' }, d.created_on),
    h('span', { class: 'cell num muted' }, d.outcome === 'open' ? d.expected_close || '—' : d.closed_on),
    h('span', { class: `cell num${d.days_over ? ' over' : ''}` }, d.outcome !== 'open' ? d.outcome : d.days_over ? `+${d.days_over} d` : `${d.days_in_stage ?? 0} d`),
    h('span', { class: 'cell' }, d.outcome === 'open' ? [h('button', { type: 'button', class: 'btn ghost small', on: { click: close('won') } }, 'Won'), h('button', { type: 'button', class: 'btn ghost small', on: { click: close('lost') } }, 'Lost')] : h('button', { type: 'button', class: 'btn ghost small', on: { click: close('open') } }, 'Reopen')),
  );
  row.style.gridTemplateColumns = columns();
  return row;
}

function exportView() {
  const headers = ['account', 'name', 'partner', 'source', 'amount', 'currency', 'stage', 'created', 'expected_close', 'outcome', 'closed', 'owner', 'days_in_stage', 'days_over'];
  const out = rows.map((d) => [d.account, d.name, d.partner || '', d.source, String(d.amount), d.currency, d.stage || '', d.created_on, d.expected_close || '', d.outcome, d.closed_on || '', d.owner, d.days_in_stage === null ? '' : String(d.days_in_stage), d.days_over === null ? '' : String(d.days_over)]);
  ctx.call('export_rows', { name: 'deals-view', headers, rows: out }).then((p) => p && ctx.status(`Exported ${out.length} deals to ${p}`)).catch((e) => ctx.showError(e));
}

function dealsCard() {
  const f = filterControls(view, buildRows);
  const scroller = h('div', { class: 'vscroll' });
  const body = h('div', null);
  scroller.append(body);
  const head = h('div', { class: 'vrow vhead' }, ['Account', 'Deal', 'Partner', 'Source', 'Amount', 'Stage', 'Created', 'Close', 'In stage', ''].map((t, i) => h('span', { class: `th${[4, 6, 7, 8].includes(i) ? ' num' : ''}` }, t)));
  head.style.gridTemplateColumns = columns();
  const card = h(
    'section',
    { class: 'card', 'aria-label': 'Deals' },
    h('div', { class: 'row' }, h('h2', { class: 'section grow' }, 'Deals'), h('span', { class: 'hint', id: 'deal-count' }, ''), h('button', { 'data-view': 'true', type: 'button', class: 'btn small', on: { click: exportView } }, 'Export view'), exportButton(ctx, 'deals', 'Export all deals')),
    f.bar(
      f.search({ placeholder: 'Account, deal, partner or owner', label: 'Search deals' }),
      f.select('source', 'All sources', Object.entries(SOURCES)),
      f.select('stage', 'All stages', data.stages.map((s) => [String(s.stage.id), s.stage.name])),
      f.select('tier', 'All tiers', [...new Set(data.tiers.map(([, t]) => t))].map((t) => [t, t])),
      f.select('outcome', 'Any outcome', [['open', 'Open'], ['won', 'Won'], ['lost', 'Lost']]),
      h('label', { class: 'row' }, f.toggle('stalled', 'Stalled only'), h('span', { class: 'hint' }, 'Stalled')),
    ),
    h('div', { class: 'vtable' }, head, scroller),
  );
  table = virtualRows(scroller, body, ROW, renderRow);
  return card;
}
