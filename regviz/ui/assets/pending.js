// The moves a student made in a box of controls (inputs.js) that no run has taken yet. A run
// says which report it took last ('seen'); until then a move is shown instead of the older
// value that run drew, and sent again with every later report, so a move made while a run
// was busy is never lost (Streamlit keeps only a component's latest report).

/** ``pending`` with ``name`` moved to ``value`` (its text, as a link spells it) by report ``seq``. */
export function withMove(pending, name, value, seq) {
  return { ...pending, [name]: { value, seq } };
}

/** What is still pending once a run has taken report ``seen`` (null: none yet). */
export function settled(pending, seen) {
  if (typeof seen !== 'number') return pending;
  return Object.fromEntries(Object.entries(pending).filter(([, move]) => move.seq > seen));
}

/** The report for the server: every pending move, under the newest ``seq``. */
export function report(pending, seq) {
  return { moves: Object.fromEntries(Object.entries(pending).map(([name, move]) => [name, move.value])), seq };
}

/** The value a control shows: the student's pending move, else the run's. */
export function shownValue(item, pending) {
  return pending[item.name]?.value ?? item.value;
}

/** How a number on a grid of ``step`` reads: as many decimals as the step has. */
export function numberText(value, step) {
  const decimals = (String(step).split('.')[1] ?? '').length;
  return Number(value).toFixed(decimals);
}

/** A typed number as its control's value (snapped to the grid, within bounds), or null if it is none. */
export function typedNumber(text, item) {
  const trimmed = String(text).trim();
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  if (value < item.min || value > item.max) return null;
  const snapped = item.min + Math.round((value - item.min) / item.step) * item.step;
  return numberText(snapped, item.step);
}
