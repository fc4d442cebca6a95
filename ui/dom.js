// Builds DOM nodes safely: text always goes in as text, never as markup.

const PROPERTIES = new Set(['value', 'checked', 'disabled', 'selected', 'hidden', 'type', 'tabIndex', 'readOnly']);
const ATTRIBUTE = /^(aria-[a-z]+|data-[a-z-]+|role|id|for|title|placeholder|name|min|max|step|rows|maxlength|autocomplete|spellcheck|colspan|scope|inputmode|lang)$/;

/** h('button', {class: 'btn', on: {click}}, 'Label', child, …) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'on') {
      for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    } else if (PROPERTIES.has(key)) el[key] = value;
    else if (ATTRIBUTE.test(key)) el.setAttribute(key, value === true ? '' : String(value));
    else throw new Error(`dom.h: attribute ${key} is not allowed`);
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export function setText(el, text) {
  el.textContent = text;
}

const money = new Map();
export function formatMoney(value, currency = 'USD') {
  if (!money.has(currency)) {
    money.set(currency, new Intl.NumberFormat('en-US', { style: 'currency', currency, maximumFractionDigits: 0 }));
  }
  return money.get(currency).format(value);
}

export function formatCompactMoney(value, currency = 'USD') {
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(value);
}

export function formatNumber(value, digits = 0) {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(value);
}

export function plural(n, one, many) {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/**
 * Renders only the rows in view. `container` scrolls; `renderRow(index)` returns a row element
 * of fixed `rowHeight` pixels. Returns {update(count), refresh()}.
 */
export function virtualRows(container, body, rowHeight, renderRow) {
  let count = 0;
  const spacerTop = document.createElement('div');
  const spacerBottom = document.createElement('div');
  const rows = document.createElement('div');
  body.replaceChildren(spacerTop, rows, spacerBottom);
  const draw = () => {
    const first = Math.max(0, Math.floor(container.scrollTop / rowHeight) - 10);
    const visible = Math.ceil(container.clientHeight / rowHeight) + 20;
    const last = Math.min(count, first + visible);
    spacerTop.style.height = `${first * rowHeight}px`;
    spacerBottom.style.height = `${Math.max(0, count - last) * rowHeight}px`;
    const out = [];
    for (let i = first; i < last; i += 1) out.push(renderRow(i));
    rows.replaceChildren(...out);
  };
  container.addEventListener('scroll', draw, { passive: true });
  return {
    update(n) {
      count = n;
      draw();
    },
    refresh: draw,
  };
}

/** Today's date on this computer, as YYYY-MM-DD. */
export function todayIso() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
