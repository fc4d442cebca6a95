// Deals, partners and contacts exported for people: names, ISO dates, plain amounts, and
// headers the import reads back as they are. The app asks where to save the file.

import { h } from './dom.js';

export function exportButton(ctx, what, label) {
  const run = () =>
    ctx
      .call('export_table', { table: what })
      .then((path) => path && ctx.status(`Exported ${what} to ${path}`))
      .catch((e) => ctx.showError(e));
  return h('button', { 'data-view': 'true', type: 'button', class: 'btn small', 'data-export': what, on: { click: run } }, label);
}
