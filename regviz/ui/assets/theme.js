// The charts follow the page's theme (Streamlit's light or dark, which the user picks in the
// settings menu or gets from the system): on a dark page, transparent backgrounds, light text
// and rules, and the palette's near-black marks turned light. The templates are light
// (regviz/figures/theme.py); the browser restyles, so the server's payloads are one per language.

const LIGHTER = { '#000000': '#F2F2F2', '#444444': '#D0D0D0', '#333': '#DDDDDD', '#333333': '#DDDDDD', '#2a3f5f': '#E6E9EF' };
const lighter = (c) => (typeof c === 'string' ? (LIGHTER[c] ?? c) : c);
const RULE = '#3B4252';

export function pageTheme() {
  const app = document.querySelector("[data-testid='stApp']") ?? document.body;
  const rgb = getComputedStyle(app).backgroundColor.match(/\d+(\.\d+)?/g)?.map(Number) ?? [255, 255, 255];
  const luminance = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
  return luminance < 0.4 ? 'dark' : 'light';
}

function darkAxis(axis) {
  if (!axis) return axis;
  return { ...axis, gridcolor: RULE, linecolor: RULE, zerolinecolor: axis.zeroline ? '#8A8F99' : RULE };
}

export function forDark(spec) {
  spec.data = spec.data.map((trace) => ({
    ...trace,
    ...(trace.line && { line: { ...trace.line, color: lighter(trace.line.color) } }),
    ...(trace.marker && {
      marker: {
        ...trace.marker,
        color: lighter(trace.marker.color),
        ...(trace.marker.line && { line: { ...trace.marker.line, color: lighter(trace.marker.line.color) } }),
      },
    }),
  }));
  const layout = { ...spec.layout };
  for (const key of Object.keys(layout)) if (/^[xy]axis\d*$/.test(key)) layout[key] = darkAxis(layout[key]);
  spec.layout = {
    ...layout,
    paper_bgcolor: 'rgba(0, 0, 0, 0)',
    plot_bgcolor: 'rgba(0, 0, 0, 0)',
    font: { ...layout.font, color: '#E6E9EF' },
  };
}

// Call back when the page's theme changes (the settings menu restyles the app without a rerun).
export function onThemeChange(callback) {
  let theme = pageTheme();
  const check = () => {
    const now = pageTheme();
    if (now !== theme) {
      theme = now;
      callback(now);
    }
  };
  const app = document.querySelector("[data-testid='stApp']");
  if (app) new MutationObserver(check).observe(app, { attributes: true, attributeFilter: ['class', 'style'] });
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', check);
}
