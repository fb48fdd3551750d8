// A panel's own axis (regviz.lessons.base.LocalAxis, e.g. optimizer steps), played in the
// browser: play / pause, step, reset, a scrubber and a speed. The position is the student's
// own (not in the link) and survives λ moves and new data; every move calls draw(step), which
// redraws the chart from the data it already holds.

const SPEEDS = [0.25, 0.5, 1, 2, 4];

function control(tag, parent, props) {
  const el = Object.assign(document.createElement(tag), props);
  parent.appendChild(el);
  return el;
}

export function player(local, draw) {
  const bar = document.createElement('div');
  bar.className = 'regviz-player';
  const state = { local, step: local.steps, speed: 1, timer: 0 };
  const play = control('button', bar, { type: 'button', className: 'regviz-play' });
  const step = control('button', bar, { type: 'button', className: 'regviz-step' });
  const reset = control('button', bar, { type: 'button', className: 'regviz-reset' });
  const scrub = control('input', bar, { type: 'range', min: '0', step: '1', className: 'regviz-scrub' });
  const at = control('output', bar, { className: 'regviz-at' });
  const speedLabel = control('label', bar, { className: 'regviz-speed' });
  const speedText = control('span', speedLabel, {});
  const speed = control('select', speedLabel, {});
  SPEEDS.forEach((s) => control('option', speed, { value: String(s), textContent: `${s}×`, selected: s === 1 }));

  function show() {
    const { steps, labels } = state.local;
    play.textContent = state.timer ? labels.pause : labels.play;
    play.setAttribute('aria-pressed', String(Boolean(state.timer)));
    [step.textContent, reset.textContent, speedText.textContent] = [labels.step, labels.reset, labels.speed];
    scrub.max = String(steps);
    scrub.value = String(state.step);
    scrub.setAttribute('aria-label', labels.step);
    at.textContent = state.local.at.replace('{k}', String(state.step)).replace('{steps}', String(steps));
    draw(state.step);
  }
  function stop() {
    clearInterval(state.timer);
    state.timer = 0;
  }
  function tick() {
    if (state.step >= state.local.steps) stop();
    else state.step += 1;
    show();
  }
  function start() {
    stop();
    if (state.step >= state.local.steps) state.step = 0; // play again from the start
    state.timer = setInterval(tick, 1000 / (state.local.rate * state.speed));
    show();
  }
  const moveTo = (k) => {
    stop();
    state.step = Math.min(Math.max(k, 0), state.local.steps);
    show();
  };
  play.addEventListener('click', () => (state.timer ? (stop(), show()) : start()));
  step.addEventListener('click', () => moveTo(state.step + 1));
  reset.addEventListener('click', () => moveTo(0));
  scrub.addEventListener('input', () => moveTo(Number(scrub.value)));
  speed.addEventListener('change', () => {
    state.speed = Number(speed.value);
    if (state.timer) {
      clearInterval(state.timer);
      state.timer = setInterval(tick, 1000 / (state.local.rate * state.speed));
    }
  });

  return {
    element: bar,
    get step() {
      return state.step;
    },
    // new labels or a new number of steps from the server: keep the position where it can be
    update(next) {
      state.local = next;
      state.step = Math.min(state.step, next.steps);
      show();
    },
    remove() {
      stop();
      bar.remove();
    },
  };
}
