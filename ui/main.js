// The shell: navigation, header, error banner, undo/redo, and which screen is showing.

import { call, on, toError } from './ipc.js';
import { h, replace, setText } from './dom.js';
import * as program from './screens/program.js';
import * as prioritization from './screens/prioritization.js';
import * as tiers from './screens/tiers.js';
import * as cadence from './screens/cadence.js';
import * as profiles from './screens/profiles.js';
import * as readiness from './screens/readiness.js';
import * as deals from './screens/deals.js';
import * as forecast from './screens/forecast.js';
import * as scoreboard from './screens/scoreboard.js';
import * as workshop from './screens/workshop.js';
import * as charts from './screens/charts.js';

const SCREENS = [
  { group: 'Design' },
  { id: 'program', label: 'Program design', screen: program },
  { id: 'profiles', label: 'Partner profiles', screen: profiles },
  { id: 'prioritization', label: 'Prioritization', screen: prioritization },
  { id: 'tiers', label: 'Tiers & capacity', screen: tiers },
  { group: 'Run' },
  { id: 'readiness', label: 'Readiness', screen: readiness },
  { id: 'cadence', label: '1:1 cadence', screen: cadence },
  { id: 'deals', label: 'Deals & process', screen: deals },
  { group: 'Report' },
  { id: 'forecast', label: 'Forecast', screen: forecast },
  { id: 'scoreboard', label: 'Scoreboard', screen: scoreboard },
  { id: 'charts', label: 'Board charts', screen: charts },
  { id: 'workshop', label: 'Workshop', screen: workshop },
];

const isMac = /Mac/.test(navigator.platform || navigator.userAgent);
const el = (id) => document.getElementById(id);
let current = 'program';
let info = null;
let statusTimer = null;
// Set when a screen was opened from another to edit something there (Workshop ▸ a module):
// a bar above the screen leads back.
let returnTo = null;

const ctx = {
  call,
  info: () => info,
  showError,
  clearError,
  status,
  refresh,
  save,
  go: (id, opts = {}) => {
    returnTo = opts.returnTo ? { id: opts.returnTo, label: opts.returnLabel || opts.returnTo } : null;
    go(id);
  },
};

// One edit from a screen: call `command`, say `message` (if any) in the status line, redraw;
// a refusal shows in the banner and nothing else changes.
async function save(command, args, message) {
  try {
    await call(command, args);
    if (message) status(message);
    await refresh();
  } catch (e) {
    showError(e);
  }
}

function showError(e) {
  const err = toError(e);
  setText(el('banner-text'), err.message);
  el('banner').hidden = false;
}

function clearError() {
  el('banner').hidden = true;
}

function status(text) {
  setText(el('status'), text);
  clearTimeout(statusTimer);
  statusTimer = setTimeout(() => setText(el('status'), ''), 4000);
}

function renderNav() {
  const items = SCREENS.map((s) => {
    if (s.group) return h('li', { class: 'nav-group', role: 'presentation' }, s.group);
    return h(
      'li',
      null,
      h(
        'button',
        {
          type: 'button',
          'data-screen-link': s.id,
          'aria-current': s.id === current ? 'page' : null,
          on: {
            click: () => {
              returnTo = null;
              go(s.id);
            },
          },
        },
        s.label,
      ),
    );
  });
  replace(el('nav'), items);
}

function renderReturn() {
  const bar = el('return-bar');
  const show = returnTo && returnTo.id !== current;
  bar.hidden = !show;
  if (show) setText(el('return-button'), `← Back to ${returnTo.label}`);
}

function go(id) {
  if (id === current) return;
  current = id;
  if (returnTo && returnTo.id === id) returnTo = null;
  renderReturn();
  renderNav();
  renderScreen();
  el('screen').focus();
}

// A workspace that can only be read: every control that would change it is switched off
// (text fields become read-only, so their text can still be selected and copied). Controls
// that only change the view (filters, sorting, as-of dates, exports) carry `data-view`.
const CONTROLS = 'input, select, textarea, button';
const LOCKED_TITLE = 'This workspace is read-only';

function lockControls(root) {
  if (!(info && info.read_only)) return;
  for (const c of root.querySelectorAll(CONTROLS)) {
    if (c.closest('[data-view]') || c.hasAttribute('data-locked')) continue;
    c.setAttribute('data-locked', '');
    const textual = (c instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range', 'color', 'submit', 'file'].includes(c.type)) || c instanceof HTMLTextAreaElement;
    if (textual) c.readOnly = true;
    else c.disabled = true;
    c.title = c.title ? `${c.title} (${LOCKED_TITLE.toLowerCase()})` : LOCKED_TITLE;
  }
}

// Screens redraw parts of themselves; whatever they add is locked too.
const locker = new MutationObserver(() => lockControls(el('screen')));

function renderReadOnly() {
  const readOnly = !!(info && info.read_only);
  document.body.dataset.readOnly = readOnly ? 'true' : 'false';
  el('read-only-bar').hidden = !readOnly;
  setText(el('read-only-bar'), readOnly ? `Read-only: ${info.path} cannot be written (${info.read_only_reason || 'the system refused'}), so editing is off. Everything can still be viewed and exported; File ▸ Save As… makes an editable copy.` : '');
  locker.disconnect();
  if (readOnly) locker.observe(el('screen'), { childList: true, subtree: true });
}

function renderHeader() {
  setText(el('workspace-name'), info ? info.name : 'No workspace open');
  setText(el('workspace-company'), info ? info.company : '');
  setText(el('workspace-path'), info ? info.path : '');
  el('workspace-path').title = info ? info.path : '';
  const undo = el('undo');
  const redo = el('redo');
  undo.disabled = !(info && info.history.undo && !info.read_only);
  redo.disabled = !(info && info.history.redo && !info.read_only);
  undo.title = info && info.history.undo ? `Undo ${info.history.undo}` : 'Nothing to undo';
  redo.title = info && info.history.redo ? `Redo ${info.history.redo}` : 'Nothing to redo';
}

async function renderScreen() {
  const entry = SCREENS.find((s) => s.id === current);
  const root = el('screen');
  root.dataset.screen = current;
  if (!info) {
    replace(
      root,
      h('div', { class: 'empty' }, h('strong', null, 'No workspace is open'), 'Use File ▸ New Workspace or File ▸ Open to start.'),
    );
    return;
  }
  try {
    await entry.screen.render(root, ctx, entry);
  } catch (e) {
    showError(e);
  }
}

async function refresh() {
  try {
    info = await call('workspace_info');
    clearError();
  } catch (e) {
    info = null;
    showError(e);
  }
  renderHeader();
  renderReadOnly();
  await renderScreen();
  lockControls(el('screen'));
  if (document.body.dataset.ready !== 'true') {
    document.body.dataset.ready = 'true';
    // Read by the startup benchmark: the first moment the window shows a workspace.
    performance.mark('partnerboard-interactive');
  }
}

async function history(direction) {
  try {
    const step = await call(direction === 'undo' ? 'history_undo' : 'history_redo');
    if (step.applied) {
      status(`${direction === 'undo' ? 'Undone' : 'Redone'}: ${step.applied}`);
    } else {
      status(direction === 'undo' ? 'Nothing to undo' : 'Nothing to redo');
    }
    await refresh();
  } catch (e) {
    showError(e);
  }
}

function isTextEntry(target) {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit'].includes(target.type);
}

document.addEventListener('keydown', (e) => {
  // On macOS the Edit menu owns Cmd+Z; elsewhere the window does. A text field keeps its own undo.
  if (isMac || !e.ctrlKey || e.altKey || isTextEntry(e.target)) return;
  const key = e.key.toLowerCase();
  if (key === 'z' && !e.shiftKey) {
    e.preventDefault();
    history('undo');
  } else if ((key === 'z' && e.shiftKey) || key === 'y') {
    e.preventDefault();
    history('redo');
  }
});

el('undo').addEventListener('click', () => history('undo'));
el('redo').addEventListener('click', () => history('redo'));
el('banner-close').addEventListener('click', clearError);
el('return-button').addEventListener('click', () => {
  if (returnTo) go(returnTo.id);
});

on('workspace-changed', () => refresh());
on('app-error', (e) => showError(e));
// A CSV dropped on the window opens the deals import with that file (named by a token).
on('csv-dropped', (picked) => {
  if (!picked || !picked.token) return;
  deals.importFile(picked);
  if (current === 'deals') refresh();
  else go('deals');
});

renderNav();
refresh();
