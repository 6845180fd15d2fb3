/**
 * The built-in scenarios: every `scenarios/*.json` file (bar the JSON Schema) is found by Vite at
 * build time, so a new file there appears in the app with no code change. BUILTIN_NOTES gives
 * each its name and one line for the picker, and the order of the list: one line per file. A file
 * without a note is listed by its file name. Files load only when opened (West Midlands is 220 kB).
 */

const FILES = import.meta.glob<string>(['../../scenarios/*.json', '!../../scenarios/placewise.schema.json'], {
  query: '?raw',
  import: 'default',
});

export const DEFAULT_BUILTIN = 'stafford-2014';

interface Note {
  name: string;
  summary: string;
}

/** In the order the picker lists them. */
const BUILTIN_NOTES: Record<string, Note> = {
  'stafford-2014': {
    name: 'HMP Stafford 2014-15',
    summary:
      'A Category C trainer becoming the region’s sex-offender treatment hub: 741 places; TSP, RESOLVE and C-SOTP.',
  },
  'wymott-2014': {
    name: 'HMP Wymott 2014-15',
    summary:
      'A split-site Category C trainer in the North West: 1,111 places; TSP, HRP, C-SOTP, a therapeutic community and a PIPE.',
  },
  'leicester-2014': {
    name: 'HMP Leicester 2014-15',
    summary:
      'A Category B local prison of 408 places that delivers no accredited programmes: all its need is met elsewhere or not at all.',
  },
  'region-today': {
    name: 'A region today (illustrative)',
    summary:
      "Today's programmes routed by the PNI (Building Choices, Kaizen, Horizon, New Me Strengths, Becoming New Me Plus...) in three example prisons, with TSP, RESOLVE and Core SOTP handing their lists over at week 26.",
  },
  'west-midlands-2014': {
    name: 'West Midlands region 2014-15',
    summary:
      'The twelve West Midlands prisons together (9,742 places), with regional programme volumes and referrals to treatment hubs.',
  },
};

export interface Builtin {
  /** The file name without `.json`, e.g. "stafford-2014". */
  id: string;
  name: string;
  summary: string;
  load: () => Promise<string>;
}

function idOf(path: string): string {
  return path.replace(/^.*\//, '').replace(/\.json$/, '');
}

export function listBuiltins(): Builtin[] {
  const order = Object.keys(BUILTIN_NOTES);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return Object.entries(FILES)
    .map(([path, load]) => {
      const id = idOf(path);
      const note = BUILTIN_NOTES[id];
      return { id, name: note?.name ?? `${id}.json`, summary: note?.summary ?? '', load };
    })
    .sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
}
