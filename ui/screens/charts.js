// Board charts: every chart as the deck will show it, each exportable as PNG (1920×1080 or 2×),
// SVG or CSV and copyable, the whole board pack in one go, and the brand colour they use.

import { h, replace, setText } from '../dom.js';
import { on } from '../ipc.js';
import { chartImage, copyChart, exportChart, redrawCharts } from '../chart.js';

const FORMATS = [
  ['png', 'PNG'],
  ['png2x', 'PNG 2×'],
  ['svg', 'SVG'],
  ['csv', 'CSV'],
];

let ctx = null;
let packing = false;
let progress = null;
let progressText = null;

on('board-pack-progress', (p) => {
  if (!progress || !p) return;
  progress.max = Math.max(1, p.total);
  progress.value = p.done;
  setText(progressText, p.chart ? `Drawing ${p.done + 1} of ${p.total}: ${p.chart}` : 'Writing the index…');
});

export async function render(root, context) {
  ctx = context;
  const [names, brand] = await Promise.all([ctx.call('chart_names'), ctx.call('brand_colour_get')]);
  // Every chart is drawn as of the forecast's date, never the wall clock: the headline reads it
  // from the first chart drawn.
  const headline = h('h1', { class: 'headline', 'data-testid': 'charts-headline' }, `${names.length} charts for the board deck.`);
  const cards = names.map((name) => card(name));
  const first = cards.length ? cards[0].querySelector('img') : null;
  if (first) {
    first.ready.then(() => {
      const asOf = first.dataset.asOf;
      if (!asOf) return;
      const date = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${asOf}T00:00:00Z`));
      setText(headline, `${names.length} charts for the board deck, as of ${date}.`);
    });
  }
  replace(
    root,
    headline,
    h('p', { class: 'subline' }, 'What you see is what lands in the deck: each chart exports as PNG (1920×1080, or 3840×2160 for retina), SVG and its data as CSV, or copies as an image. The partner series use your brand colour.'),
    toolbar(brand),
    h('div', { class: 'chart-grid' }, cards),
  );
}

function toolbar(brand) {
  const picker = h('input', { type: 'color', value: brand, class: 'colour', id: 'brand-colour', 'aria-label': 'Brand colour' });
  const code = h('span', { class: 'hint mono' }, brand);
  picker.addEventListener('input', () => setText(code, picker.value));
  picker.addEventListener('change', async () => {
    try {
      const saved = await ctx.call('brand_colour_set', { colour: picker.value });
      setText(code, saved);
      ctx.status(`Brand colour set to ${saved}`);
      redrawCharts();
    } catch (e) {
      ctx.showError(e);
    }
  });
  progress = h('progress', { class: 'pack-progress', max: 1, hidden: true, 'aria-label': 'Board pack progress' });
  progress.value = 0;
  progressText = h('span', { class: 'hint', role: 'status', 'data-testid': 'pack-status' });
  const pack = h('button', { 'data-view': 'true', type: 'button', class: 'btn primary', id: 'board-pack', on: { click: () => exportPack(pack) } }, 'Export board pack…');
  return h(
    'section',
    { class: 'card chart-toolbar', 'aria-label': 'Board pack and brand colour' },
    h('label', { class: 'row', for: 'brand-colour' }, h('span', null, 'Brand colour'), picker, code),
    h('div', { class: 'grow' }),
    progressText,
    progress,
    pack,
  );
}

async function exportPack(button) {
  if (packing) return;
  packing = true;
  button.disabled = true;
  progress.hidden = false;
  progress.value = 0;
  setText(progressText, 'Choose a folder…');
  try {
    const summary = await ctx.call('board_pack', { options: { dark: false } });
    if (summary) {
      setText(progressText, `${summary.charts.length} charts, ${summary.files} files in ${summary.dir}`);
      ctx.status('Board pack written');
    } else {
      setText(progressText, '');
    }
  } catch (e) {
    setText(progressText, '');
    ctx.showError(e);
  } finally {
    packing = false;
    button.disabled = false;
    progress.hidden = true;
  }
}

function card(name) {
  const img = chartImage(name, {}, (e) => ctx.showError(e));
  const label = () => img.alt || name;
  const act = async (button, work, done) => {
    button.disabled = true;
    try {
      const out = await work();
      if (out !== null && out !== undefined) ctx.status(done(out));
    } catch (e) {
      ctx.showError(e);
    } finally {
      button.disabled = false;
    }
  };
  const buttons = FORMATS.map(([format, text]) => {
    const b = h('button', { 'data-view': 'true', type: 'button', class: 'btn small', 'data-export': format, title: `Save “${name}” as ${text}` }, text);
    b.addEventListener('click', () => act(b, () => exportChart(name, format), (path) => `Saved ${path}`));
    return b;
  });
  const copy = h('button', { 'data-view': 'true', type: 'button', class: 'btn small', 'data-copy': name, title: 'Copy the chart as an image' }, 'Copy');
  copy.addEventListener('click', () => act(copy, async () => { await copyChart(name); return true; }, () => `Copied “${label()}” to the clipboard`));
  return h(
    'figure',
    { class: 'chart-card card', 'data-chart-card': name },
    h('div', { class: 'chart-frame' }, img),
    h('figcaption', { class: 'row' }, h('span', { class: 'hint grow' }, 'Export'), buttons, h('span', { class: 'sep', 'aria-hidden': 'true' }), copy),
  );
}
