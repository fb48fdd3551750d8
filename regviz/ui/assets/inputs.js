// A box of controls (regviz/ui/inputs.py): the declared parameters of the sidebar or of a
// lesson, drawn as native controls in one element instead of one Streamlit widget each. A move
// is reported as a link spells the value; pending.js keeps it until a run has taken it.

import { mountLam, showLam } from './lam.js';
import { numberText, report, settled, shownValue, typedNumber, withMove } from './pending.js';
import { ensureStyles } from './styles.js';

const SLIDE_REST_MS = 150; // arrow keys held on a slider: one report when they rest
const shared = () => (window.__regvizInputs ??= { seq: 0 }); // one counter for every box: seqs only grow

function helpMark(text) {
  const mark = document.createElement('span');
  mark.className = 'regviz-input-help';
  mark.textContent = '?';
  mark.title = text;
  mark.tabIndex = 0;
  mark.setAttribute('role', 'img');
  mark.setAttribute('aria-label', text);
  return mark;
}

function labelRow(item, output) {
  const row = document.createElement('span');
  row.className = 'regviz-input-label';
  const text = document.createElement('span');
  text.textContent = item.label;
  row.append(text);
  if (item.help) row.append(helpMark(item.help));
  if (output) row.append(output);
  return row;
}

// A range being dragged is not moved by a run that arrives meanwhile (its move comes on release).
function draggable(range) {
  range.addEventListener('pointerdown', () => (range.__dragging = true));
  for (const end of ['pointerup', 'pointercancel', 'change']) range.addEventListener(end, () => (range.__dragging = false));
  return range;
}

// Each maker returns the control, an output that reads its value (or null) and a show(value)
// that sets what it displays.
const MAKERS = {
  select(item, send) {
    const select = document.createElement('select');
    for (const [value, label] of item.options) select.append(new Option(label, value));
    select.addEventListener('change', () => send(select.value, 0));
    return [select, null, (v) => (select.value = v)];
  },
  radio(item, send) {
    const group = document.createElement('span');
    group.className = 'regviz-input-radios';
    group.setAttribute('role', 'radiogroup');
    const buttons = item.options.map(([value, label]) => {
      const option = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = `regviz-${item.name}`;
      input.value = value;
      input.addEventListener('change', () => input.checked && send(value, 0));
      option.append(input, label);
      group.append(option);
      return input;
    });
    return [group, null, (v) => buttons.forEach((b) => (b.checked = b.value === v))];
  },
  slider(item, send) {
    const range = draggable(document.createElement('input'));
    range.type = 'range';
    Object.assign(range, { min: item.min, max: item.max, step: item.step });
    const output = document.createElement('output');
    range.addEventListener('input', () => (output.textContent = numberText(range.value, item.step)));
    range.addEventListener('change', () => send(numberText(range.value, item.step), SLIDE_REST_MS));
    const show = (v) => {
      if (range.__dragging) return;
      range.value = v;
      output.textContent = numberText(v, item.step);
    };
    return [range, output, show];
  },
  select_slider(item, send) {
    const range = draggable(document.createElement('input'));
    range.type = 'range';
    Object.assign(range, { min: 0, max: item.options.length - 1, step: 1 });
    const output = document.createElement('output');
    range.addEventListener('input', () => (output.textContent = item.options[range.value][1]));
    range.addEventListener('change', () => send(item.options[range.value][0], SLIDE_REST_MS));
    const show = (v) => {
      if (range.__dragging) return;
      const k = Math.max(0, item.options.findIndex(([value]) => value === v));
      range.value = String(k);
      output.textContent = item.options[k][1];
    };
    return [range, output, show];
  },
  number(item, send) {
    const field = document.createElement('input');
    field.type = 'number';
    Object.assign(field, { min: item.min, max: item.max, step: item.step });
    let shown = '';
    const commit = () => {
      const value = typedNumber(field.value, item);
      if (value === null) field.value = shown; // not a number it can take: back to what it was
      else if (value !== shown) send(value, 0);
    };
    field.addEventListener('change', commit);
    field.addEventListener('keydown', (e) => e.key === 'Enter' && commit());
    const show = (v) => {
      // a run that arrives while the student types leaves their text alone
      if (document.activeElement !== field || field.value === shown) field.value = v;
      shown = v;
    };
    return [field, null, show];
  },
  toggle(item, send) {
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.setAttribute('role', 'switch');
    const [[off], [on]] = item.options;
    box.addEventListener('change', () => send(box.checked ? on : off, 0));
    return [box, null, (v) => (box.checked = v === on)];
  },
};

function control(item, send) {
  const wrap = document.createElement('div');
  if (item.kind === 'header') {
    wrap.className = 'regviz-input-header';
    wrap.textContent = item.label;
    return { wrap, show() {} };
  }
  wrap.className = `regviz-input st-key-ctl_${item.name.replaceAll('.', '-')}`;
  if (item.kind === 'button') {
    wrap.className = 'regviz-input regviz-input-button'; // the control with the parameter's class is its field
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = item.label;
    button.addEventListener('click', () => send(button.__value, 0));
    wrap.append(button);
    return { wrap, show: (v) => (button.__value = v), button };
  }
  const [input, output, show] = MAKERS[item.kind](item, send);
  // a radio group's options are labels themselves: its title is no label around them
  const label = document.createElement(item.kind === 'radio' ? 'div' : 'label');
  if (item.kind === 'radio') input.setAttribute('aria-label', item.label);
  label.append(labelRow(item, output), input);
  if (item.kind === 'toggle') label.classList.add('regviz-input-toggle');
  wrap.append(label);
  return { wrap, show, input };
}

// a control's place in its box (the New sample button and the seed's field share a name)
const place = (item) => `${item.kind}:${item.name ?? item.label}`;

function build(root, data, component) {
  root.replaceChildren();
  root.__controls = new Map();
  for (const item of data.items) {
    if (item.kind === 'lam') {
      root.__controls.set(place(item), { lam: mountLam(root, component.setStateValue) });
      continue;
    }
    const send = (value, delay) => move(root, component, item, value, delay);
    const made = control(item, send);
    root.append(made.wrap);
    root.__controls.set(place(item), made);
  }
}

function move(root, component, item, value, delay) {
  const seq = ++shared().seq;
  root.__pending = withMove(root.__pending, item.name, value, seq);
  clearTimeout(root.__timer);
  root.__timer = setTimeout(() => component.setStateValue('moves', report(root.__pending, seq)), delay);
}

export default function run(component) {
  ensureStyles();
  const { data, parentElement } = component;
  let root = parentElement.querySelector('.regviz-inputs');
  if (!root) {
    root = document.createElement('div');
    root.className = 'regviz-inputs';
    root.__pending = {};
    parentElement.appendChild(root);
  }
  root.style.gridTemplateColumns = `repeat(${data.columns}, minmax(0, 1fr))`;
  // the controls are made again only when what they offer changed (a language, an option),
  // so a slider being dragged while a run arrives keeps its drag
  const shape = JSON.stringify(data.items.map(({ value, index, disabled, ...rest }) => rest));
  if (root.__shape !== shape) {
    const focused = document.activeElement?.closest?.('.regviz-input')?.className;
    build(root, data, component);
    root.__shape = shape;
    if (focused) root.querySelector(`[class="${focused}"] input, [class="${focused}"] select`)?.focus();
  }
  root.__pending = settled(root.__pending, data.seen);
  for (const item of data.items) {
    const made = root.__controls.get(place(item));
    if (item.kind === 'lam') {
      showLam(made.lam, item);
      continue;
    }
    made.show(item.kind === 'button' ? item.value : shownValue(item, root.__pending));
    const input = made.input ?? made.button;
    if (input) {
      input.disabled = Boolean(item.disabled);
      input.querySelectorAll?.('input').forEach((radio) => (radio.disabled = Boolean(item.disabled)));
    }
  }
}
