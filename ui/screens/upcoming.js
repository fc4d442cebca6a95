// Modules that are not in this version yet: say so, and show what data is already waiting.

import { h, replace, plural } from '../dom.js';

export async function render(root, ctx, entry) {
  const info = ctx.info();
  const c = info.counts;
  replace(
    root,
    h('h1', { class: 'headline' }, entry.label),
    h('p', { class: 'subline' }, `${entry.label} is not available in this version yet.`),
    h(
      'div',
      { class: 'empty' },
      h('strong', null, 'Your data is already here'),
      `This workspace holds ${plural(c.partners, 'partner', 'partners')}, ${plural(c.deals, 'deal', 'deals')} and ` +
        `${plural(c.readiness_reviews, 'readiness review', 'readiness reviews')}. Start with Program design to define your partner types.`,
    ),
  );
}
