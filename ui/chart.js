// Charts drawn by the app (Rust, plotters) shown as images: the same pixels that land in the
// board deck. Any screen can show one with chartImage(name, options).

import { call } from './ipc.js';

const dark = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

/** True when the window follows a dark system theme. */
export function isDark() {
  return Boolean(dark && dark.matches);
}

const shown = new Set();

function withTheme(options) {
  return { ...options, dark: isDark() };
}

/** The chart's title and as-of date, read from the SVG (parsed as data, never run). */
function describe(svg) {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  const title = doc.querySelector('title');
  const root = doc.documentElement;
  return { title: title ? title.textContent : '', asOf: (root && root.getAttribute('data-as-of')) || '' };
}

/**
 * Draws chart `name` into `img` (again). Resolves to true once the image has loaded, false
 * when the app could not draw it (the error is passed to `onError`).
 */
export async function loadChart(img, name, options = {}, onError = null) {
  img.dataset.state = 'loading';
  img.setAttribute('aria-busy', 'true');
  try {
    const svg = await call('chart_svg', { name, options: withTheme(options) });
    const { title, asOf } = describe(svg);
    img.alt = title;
    img.dataset.asOf = asOf;
    const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
    const loaded = await new Promise((resolve) => {
      img.onload = () => resolve(true);
      img.onerror = () => resolve(false);
      img.src = url;
    });
    URL.revokeObjectURL(url);
    img.dataset.state = loaded ? 'loaded' : 'failed';
    return loaded;
  } catch (e) {
    img.dataset.state = 'failed';
    if (onError) onError(e);
    return false;
  } finally {
    img.removeAttribute('aria-busy');
  }
}

/**
 * An <img> showing chart `name`, redrawn when the system switches light/dark.
 * options: {as_of: 'YYYY-MM-DD', forecast: {as_of, window_days, method, seed}} (all optional);
 * onError(e) is told when the chart cannot be drawn. `img.ready` resolves once it is drawn.
 */
export function chartImage(name, options = {}, onError = null) {
  const img = document.createElement('img');
  img.className = 'chart-img';
  img.dataset.chart = name;
  img.decoding = 'async';
  const entry = { img, name, options, onError };
  shown.add(entry);
  img.ready = loadChart(img, name, options, onError);
  return img;
}

/** Redraws every chart image still on the page (after a theme or brand colour change). */
export function redrawCharts() {
  for (const entry of [...shown]) {
    if (!entry.img.isConnected) {
      shown.delete(entry);
      continue;
    }
    entry.img.ready = loadChart(entry.img, entry.name, entry.options, entry.onError);
  }
}

if (dark) dark.addEventListener('change', redrawCharts);

/** format: 'png' (1920×1080), 'png2x' (3840×2160), 'svg' or 'csv'. Resolves to the path, or null if cancelled. */
export function exportChart(name, format, options = {}) {
  return call('chart_export', { name, format, options: withTheme(options) });
}

/** Puts the chart on the clipboard as a 1920×1080 image. */
export function copyChart(name, options = {}) {
  return call('chart_copy', { name, options: withTheme(options) });
}
