// How the charts look beyond their templates: the page's theme (Streamlit's light or dark, which
// the user picks in the settings menu or gets from the system) and presenter mode. The templates
// are light (regviz/figures/theme.py); the browser restyles a chart's template once per theme and
// mode (panels.js), so the server's payloads are one per language.

const LIGHTER = { '#000000': '#F2F2F2', '#444444': '#D0D0D0', '#333': '#DDDDDD', '#333333': '#DDDDDD', '#2a3f5f': '#E6E9EF' };
// Presenter mode: the palette's light colours darkened for a projector (the same colour-blind-safe
// hues, regviz/figures/theme.py).
const DARKER = { '#56B4E9': '#1F78B4', '#E69F00': '#B26B00', '#BBBBBB': '#6E6E6E', '#8DA0CB': '#4A5E9C', '#999999': '#5E5E5E' };
const RULE = '#3B4252';
const mapped = (table) => (c) => (typeof c === 'string' ? (table[c] ?? c) : c);
const lighter = mapped(LIGHTER);
const darker = mapped(DARKER);

export function pageTheme() {
  const app = document.querySelector("[data-testid='stApp']") ?? document.body;
  const rgb = getComputedStyle(app).backgroundColor.match(/\d+(\.\d+)?/g)?.map(Number) ?? [255, 255, 255];
  const luminance = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
  return luminance < 0.4 ? 'dark' : 'light';
}

// Every trace's line and marker colours through ``colour``; ``thick``: the room's widths and sizes.
function restyled(data, colour, thick) {
  return data.map((trace) => ({
    ...trace,
    ...(trace.line && {
      line: {
        ...trace.line,
        color: colour(trace.line.color),
        ...(thick && { width: Math.max(3, 2 * (trace.line.width ?? 2)) }),
      },
    }),
    ...(trace.marker && {
      marker: {
        ...trace.marker,
        color: colour(trace.marker.color),
        ...(trace.marker.line && { line: { ...trace.marker.line, color: colour(trace.marker.line.color) } }),
        ...(thick && typeof trace.marker.size === 'number' && { size: 1.5 * trace.marker.size }),
      },
    }),
  }));
}

// For the room (presenter mode): thick lines, larger type, darker light colours.
export function forRoom(spec) {
  const { layout } = spec;
  const title = layout.title ?? {};
  return {
    data: restyled(spec.data, darker, true),
    layout: {
      ...layout,
      font: { ...layout.font, size: 1.45 * (layout.font?.size ?? 13), color: '#111' },
      title: { ...title, font: { ...title.font, size: 1.45 * (title.font?.size ?? 15) } },
    },
  };
}

function darkAxis(axis) {
  if (!axis) return axis;
  return { ...axis, gridcolor: RULE, linecolor: RULE, zerolinecolor: axis.zeroline ? '#8A8F99' : RULE };
}

// For a dark page: transparent backgrounds, light text and rules, near-black marks light.
export function forDark(spec) {
  const layout = { ...spec.layout };
  for (const key of Object.keys(layout)) if (/^[xy]axis\d*$/.test(key)) layout[key] = darkAxis(layout[key]);
  return {
    data: restyled(spec.data, lighter, false),
    layout: {
      ...layout,
      paper_bgcolor: 'rgba(0, 0, 0, 0)',
      plot_bgcolor: 'rgba(0, 0, 0, 0)',
      font: { ...layout.font, color: '#E6E9EF' },
    },
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
