// Scoreboard: revenue lines, not activity lines. Each says what data it rests on.

import { h, replace, formatCompactMoney, formatNumber } from '../dom.js';

const money = (v) => formatCompactMoney(v);
// Word for word what the win-rate chart and the command line say in the same case.
const NO_PARTNER_CLOSED = 'No partner-sourced deal has closed yet, so there is no partner win rate to compare.';
const pct = (v) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${formatNumber(v * 100)}%`);

export async function render(root, ctx) {
  replace(root, h('p', { class: 'hint' }, 'Reading the scoreboard…'));
  let s;
  try {
    s = await ctx.call('scoreboard_get', { requestJson: null });
  } catch (e) {
    replace(root, h('h1', { class: 'headline' }, 'Scoreboard'), h('div', { class: 'empty' }, h('strong', null, 'No scoreboard yet'), e.message || String(e)));
    return;
  }
  const [pipeNow, pipeLast] = s.sourced_pipeline.value;
  const [bookNow, bookLast] = s.sourced_bookings.value;
  const f = s.forecast.value;
  const pvd = s.partner_vs_direct.value;
  const r = s.readiness.value;
  const c = s.coverage.value;
  const rate = (side) => (side.win_rate ? `${pct(side.win_rate.value)} (${pct(side.win_rate.low)}–${pct(side.win_rate.high)})` : '—');
  const cycle = (side) => (side.cycle_days ? `${formatNumber(side.cycle_days.value)} d (${formatNumber(side.cycle_days.low)}–${formatNumber(side.cycle_days.high)})` : '—');
  replace(
    root,
    h('h1', { class: 'headline' }, `Scoreboard as of ${s.as_of}`),
    h('p', { class: 'subline' }, 'Revenue lines only. Under each line: the data it rests on.'),
    h(
      'div',
      { class: 'scoreboard', 'data-testid': 'scoreboard' },
      line('Sourced pipeline created', `${money(pipeNow.amount)} in ${pipeNow.quarter.label} to date · ${money(pipeLast.amount)} in ${pipeLast.quarter.label}`, s.sourced_pipeline.rests_on, 'pipeline'),
      line(
        'Sourced bookings',
        `${money(bookNow.sourced)} (${pct(bookNow.share)} of ${money(bookNow.total)}) in ${bookNow.quarter.label} to date · ${money(bookLast.sourced)} (${pct(bookLast.share)} of ${money(bookLast.total)}) in ${bookLast.quarter.label}`,
        s.sourced_bookings.rests_on,
        'bookings',
      ),
      line('Win rate, partner vs direct', pvd.partner.closed === 0 && pvd.direct.closed > 0 ? NO_PARTNER_CLOSED : `Partner-sourced ${rate(pvd.partner)} · Direct ${rate(pvd.direct)}`, s.partner_vs_direct.rests_on, 'win-rate'),
      line('Cycle days, partner vs direct', `Partner-sourced ${cycle(pvd.partner)} · Direct ${cycle(pvd.direct)}`, 'Median days from created to closed won, with 90% bootstrap intervals.', 'cycle'),
      line(
        `${f.window_days}-day forecast`,
        `${money(f.total.p50)} (P10–P90 ${money(f.total.p10)} – ${money(f.total.p90)}); partner-sourced ${money(f.sourced.p50)}`,
        `${f.headline}. ${s.forecast.rests_on}`,
        'forecast',
      ),
      line('Partners by readiness', `${formatNumber(r.active)} active · ${formatNumber(r.nurture)} nurture · ${formatNumber(r.offboard)} off-board · ${formatNumber(r.unreviewed)} not reviewed`, s.readiness.rests_on, 'readiness'),
      line(
        'Tier coverage vs capacity',
        c.tiers.length
          ? `${c.tiers.map((t) => `${t.tier} ${formatNumber(t.placed)}/${formatNumber(t.eligible)}`).join(' · ')} · ${c.shortfall > 0 ? `short ${formatNumber(c.shortfall)} h a month` : 'every tier fits the team’s hours'}`
          : 'No tiers yet',
        s.coverage.rests_on,
        'coverage',
      ),
    ),
  );
}

function line(label, value, restsOn, key) {
  return h(
    'section',
    { class: 'score-line', 'data-line': key },
    h('div', { class: 'score-label' }, label),
    h('div', { class: 'score-value' }, value),
    h('div', { class: 'hint' }, `Rests on: ${restsOn}`),
  );
}
