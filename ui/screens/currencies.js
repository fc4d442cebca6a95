// Currencies: the home currency every total is stated in, and the dated rates other
// currencies convert at. Deals in a currency with no rate are left out of totals, with a count.

import { h, replace, formatNumber, todayIso } from '../dom.js';

// A card that loads and redraws itself; `ctx` is the screen's (call, refresh, showError).
export function currenciesCard(ctx) {
  const card = h('section', { class: 'card', 'data-testid': 'currencies' }, h('h2', { class: 'section' }, 'Currencies'));
  const save = async (next, field) => {
    try {
      const saved = await ctx.call('currencies_set', { currencies: next });
      ctx.clearError();
      draw(saved);
      await ctx.refresh();
    } catch (e) {
      if (field) field.setAttribute('aria-invalid', 'true');
      ctx.showError(e);
    }
  };
  const draw = (c) => {
    const home = h('input', { class: 'input narrow', value: c.home, maxlength: 3, 'aria-label': 'Home currency' });
    home.addEventListener('change', () => save({ ...c, home: home.value }, home));
    const rows = c.rates.map((r, i) =>
      h(
        'div',
        { class: 'row', 'data-rate': `${r.currency}-${r.on}` },
        h('span', { class: 'grow' }, `1 ${r.currency} = ${formatNumber(r.to_home, 4)} ${c.home} from ${r.on}`),
        h(
          'button',
          { type: 'button', class: 'btn ghost small', on: { click: () => save({ ...c, rates: c.rates.filter((_, j) => j !== i) }) } },
          'Remove',
        ),
      ),
    );
    const code = h('input', { class: 'input narrow', placeholder: 'EUR', maxlength: 3, 'aria-label': 'Rate currency' });
    const rate = h('input', { class: 'input num narrow', placeholder: 'Rate', inputmode: 'decimal', 'aria-label': `Rate in ${c.home}` });
    const on = h('input', { class: 'input narrow', type: 'date', value: todayIso(), 'aria-label': 'Rate date' });
    const add = () => {
      const value = Number(rate.value.trim().replace(/,/g, ''));
      save({ ...c, rates: [...c.rates, { currency: code.value, to_home: value, on: on.value }] }, rate);
    };
    replace(
      card,
      h('h2', { class: 'section' }, 'Currencies'),
      h('label', { class: 'field' }, h('span', null, 'Home currency: every total is stated in it'), home),
      rows.length ? rows : h('p', { class: 'hint' }, 'No rates yet: deals in other currencies are left out of totals, with a count.'),
      h('div', { class: 'row' }, code, rate, on, h('button', { type: 'button', class: 'btn small', on: { click: add } }, 'Add rate')),
    );
  };
  ctx.call('currencies_get').then(draw, (e) => ctx.showError(e));
  return card;
}
