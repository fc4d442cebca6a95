// The filter bar above a long table: a search box and a few pickers that narrow what is listed.
// They only change the view (`data-view`), so they stay usable in a read-only workspace.

import { h } from './dom.js';

/**
 * Controls bound to `view`, an object of filter values the screen reads; each edit stores its
 * value there and calls `changed()` to list the rows again.
 */
export function filterControls(view, changed) {
  const search = ({ placeholder, label, testid }) => {
    const el = h('input', { 'data-view': 'true', class: 'input', placeholder, value: view.text, 'aria-label': label, 'data-testid': testid });
    el.addEventListener('input', () => {
      view.text = el.value;
      changed();
    });
    return el;
  };
  // `options` are [value, text] pairs; the first, empty choice (`label`) means no filter.
  const select = (key, label, options) => {
    const el = h('select', { 'data-view': 'true', class: 'input', 'aria-label': label }, h('option', { value: '' }, label), options.map(([v, t]) => h('option', { value: v, selected: view[key] === v }, t)));
    el.addEventListener('change', () => {
      view[key] = el.value;
      changed();
    });
    return el;
  };
  const toggle = (key, label) => {
    const el = h('input', { 'data-view': 'true', type: 'checkbox', checked: view[key], 'aria-label': label });
    el.addEventListener('change', () => {
      view[key] = el.checked;
      changed();
    });
    return el;
  };
  // The search box takes the room left; the other controls follow in order.
  const bar = (searchBox, ...controls) => h('div', { class: 'filters' }, h('div', { class: 'grow' }, searchBox), controls);
  return { search, select, toggle, bar };
}
