// 1:1 cadence: each tier's cadence says when every partner rep is next due a touch. The screen
// lists who is overdue or due this week, adherence per tier, and the contacts of any partner.

import { h, replace, formatNumber, plural } from '../dom.js';
import { exportButton } from '../exports.js';

const CHANNELS = [
  ['call', 'Call'],
  ['email', 'E-mail'],
  ['meeting', 'Meeting'],
  ['message', 'Message'],
  ['event', 'Event'],
];

let ctx = null;
let root = null;
let view = null;
let partners = null; // [{id, name}] for the contact finder
let selected = null; // partner id whose contacts are shown

export async function render(container, context) {
  ctx = context;
  root = container;
  const [cadence, roster] = await Promise.all([ctx.call('cadence_get'), ctx.call('prioritization_get')]);
  view = cadence;
  partners = roster.partners.map((p) => ({ id: p.id, name: p.name, tier: p.tier }));
  draw();
}

function headline() {
  const top = view.adherence.find((a) => a.percent !== null);
  const adherence = top ? `; ${top.tier} adherence is ${formatNumber(top.percent)}% over 90 days` : '';
  return `${plural(view.overdue, 'partner rep is', 'partner reps are')} overdue for a 1:1${adherence}.`;
}

function draw() {
  replace(
    root,
    h('h1', { class: 'headline', 'data-testid': 'cadence-headline' }, headline()),
    h('p', { class: 'subline' }, `A tier's cadence sets when each partner rep is next due a 1:1 touch; self-serve tiers owe none. Today is ${view.today}.`),
    h(
      'div',
      { class: 'stack' },
      h('div', { class: 'facts' }, view.adherence.map((a) => h('div', { class: 'fact', 'data-testid': 'adherence' }, h('div', { class: 'value' }, a.percent === null ? '—' : `${formatNumber(a.percent)}%`), h('div', { class: 'label' }, `${a.tier} · ${a.cadence.replace('_', '-')} · ${a.percent === null ? 'no 1:1s owed' : `${formatNumber(a.on_time)} of ${formatNumber(a.due)} on time`}`)))),
      h('div', { class: 'grid-2' }, dueCard(), contactsCard()),
    ),
  );
}

function dueCard() {
  const rows = view.due.map((d) =>
    h(
      'tr',
      { 'data-contact': String(d.contact_id) },
      h('td', null, h('div', { class: 'name' }, d.partner), h('div', { class: 'muted' }, d.contact)),
      h('td', null, h('span', { class: 'pill' }, d.tier)),
      h('td', { class: 'num muted' }, d.last_touch || 'never'),
      h('td', { class: 'num' }, d.due),
      h('td', { class: `num${d.days_overdue > 0 ? ' over' : ''}` }, d.days_overdue > 0 ? `${d.days_overdue} d late` : d.days_overdue === 0 ? 'today' : `in ${-d.days_overdue} d`),
      h('td', null, h('button', { 'data-view': 'true', type: 'button', class: 'btn small', on: { click: () => { selected = d.partner_id; draw(); } } }, 'Open')),
    ),
  );
  return h(
    'section',
    { class: 'card', 'aria-label': 'Overdue and due this week' },
    h('h2', { class: 'section' }, `Overdue and due this week (${view.due.length})`),
    rows.length
      ? h('table', { class: 'table compact' }, h('thead', null, h('tr', null, h('th', null, 'Partner · rep'), h('th', null, 'Tier'), h('th', { class: 'num' }, 'Last touch'), h('th', { class: 'num' }, 'Due'), h('th', { class: 'num' }, ''), h('th', null, ''))), h('tbody', null, rows))
      : h('p', { class: 'hint' }, 'No partner rep is overdue or due this week.'),
  );
}

function contactsCard() {
  const search = h('input', { 'data-view': 'true', class: 'input', placeholder: 'Find a partner', 'aria-label': 'Find a partner', 'data-testid': 'partner-finder' });
  const results = h('ul', { class: 'moves finder' });
  const show = () => {
    const q = search.value.trim().toLowerCase();
    const hits = q ? partners.filter((p) => p.name.toLowerCase().includes(q)).slice(0, 8) : [];
    replace(results, hits.map((p) => h('li', null, h('button', { 'data-view': 'true', type: 'button', class: 'btn ghost small', on: { click: () => { selected = p.id; draw(); } } }, p.name))));
  };
  search.addEventListener('input', show);
  const panel = h('div', null);
  if (selected !== null) {
    ctx.call('contacts_list', { partnerId: selected }).then((contacts) => replace(panel, contactList(contacts))).catch((e) => ctx.showError(e));
  }
  return h('section', { class: 'card', 'aria-label': 'Contacts' }, h('div', { class: 'row' }, h('h2', { class: 'section grow' }, 'Partner reps'), exportButton(ctx, 'contacts', 'Export contacts')), search, results, panel);
}

function contactList(contacts) {
  const partner = partners.find((p) => p.id === selected);
  const name = h('input', { class: 'input', placeholder: 'Name', maxlength: 120, 'aria-label': 'New contact name', 'data-testid': 'contact-name' });
  const role = h('input', { class: 'input', placeholder: 'Role', maxlength: 80, 'aria-label': 'New contact role' });
  const email = h('input', { class: 'input', placeholder: 'E-mail', maxlength: 200, 'aria-label': 'New contact e-mail' });
  const add = () => ctx.save('contact_save', { draft: { id: null, partner_id: selected, name: name.value, role: role.value, email: email.value } }, `Added ${name.value.trim()}`);
  return h(
    'div',
    { 'data-testid': 'contacts' },
    h('h3', { class: 'subhead' }, partner ? `${partner.name}${partner.tier ? ` · ${partner.tier}` : ''}` : ''),
    contacts.length ? contacts.map(contactBlock) : h('p', { class: 'hint' }, 'No contacts yet: add the partner reps you talk to.'),
    h('div', { class: 'row add-contact' }, name, role, email, h('button', { type: 'button', class: 'btn', on: { click: add } }, 'Add contact')),
  );
}

function contactBlock(c) {
  const date = h('input', { class: 'input narrow', value: view.today, 'aria-label': `Touch date for ${c.name}`, 'data-testid': `touch-date-${c.id}` });
  const channel = h('select', { class: 'input', 'aria-label': `Channel for ${c.name}` }, CHANNELS.map(([v, t]) => h('option', { value: v }, t)));
  const note = h('input', { class: 'input', placeholder: 'What was it about?', maxlength: 2000, 'aria-label': `Note for ${c.name}` });
  const log = () => ctx.save('touch_log', { draft: { contact_id: c.id, touched_on: date.value, channel: channel.value, note: note.value } }, `Logged a touch with ${c.name}`);
  return h(
    'div',
    { class: 'contact', 'data-contact-id': String(c.id) },
    h('div', { class: 'row' }, h('strong', { class: 'grow' }, c.name, c.role ? h('span', { class: 'hint' }, ` · ${c.role}`) : null, c.email ? h('span', { class: 'hint' }, ` · ${c.email}`) : null),
      h('button', { type: 'button', class: 'btn ghost small danger', on: { click: () => ctx.save('contact_delete', { id: c.id }, `Deleted ${c.name} · Undo brings them back`) } }, 'Delete')),
    h('div', { class: 'row touch-form' }, date, channel, h('div', { class: 'grow' }, note), h('button', { type: 'button', class: 'btn small', on: { click: log } }, 'Log touch')),
    c.touches.length
      ? h('ul', { class: 'moves' }, c.touches.slice(0, 5).map((t) => h('li', null, `${t.touched_on} · ${t.channel}${t.note ? ` · ${t.note}` : ''}`)))
      : h('p', { class: 'hint' }, 'No touches yet.'),
  );
}

