/**
 * Errors (the scenario is not run) and warnings (it runs, but some inputs disagree), in the words
 * people use (fieldWords.ts): each names its field by its labels and links to it, as a GOV.UK error
 * summary does. Warnings are grouped by establishment; the expected ones (tables that cover part
 * of the population, rounding) are information, collapsed.
 */
import { html, nothing } from 'lit';
import type { Problem } from '../../src/index.js';
import { getAt } from '../scenario/doc.js';
import { establishmentOf, informationWording, isExpectedWarning, wordProblem } from '../scenario/fieldWords.js';
import { LightElement, emit } from './base.js';

/**
 * At most this many problems are listed in a group: a hostile file can carry thousands of unknown
 * fields, and listing every one would take the page seconds to draw and no one would read them.
 */
export const LISTED_PER_GROUP = 50;

/**
 * Warnings are listed open up to this many; more start collapsed behind their count (the West
 * Midlands' nine took a phone's first two screens, pushing the tabs below them).
 */
export const OPEN_UP_TO = 3;

interface Group {
  key: string;
  title: string;
  items: Problem[];
}

/** Under its establishment's heading a message need not name the establishment again. */
function withinGroup(title: string, text: string): string {
  for (const sep of [': ', ', ']) {
    if (text.startsWith(title + sep)) {
      const rest = text.slice(title.length + sep.length);
      return rest.charAt(0).toUpperCase() + rest.slice(1);
    }
  }
  return text;
}

export class ProblemsPanel extends LightElement {
  static override properties = {
    doc: { attribute: false },
    errors: { attribute: false },
    warnings: { attribute: false },
  };
  /** The scenario document the problems are about, for naming fields by their labels. */
  declare doc: unknown;
  declare errors: Problem[];
  declare warnings: Problem[];

  constructor() {
    super();
    this.doc = null;
    this.errors = [];
    this.warnings = [];
  }

  /** The first problems of a list, and a line saying how many more there are. */
  private list(problems: Problem[], word: (p: Problem) => string) {
    const more = problems.length - LISTED_PER_GROUP;
    return html`<ul>
      ${problems.slice(0, LISTED_PER_GROUP).map((p) => this.item(p, word(p)))}
      ${more > 0 ? html`<li class="muted" data-more=${more}>… and ${more.toLocaleString('en-GB')} more, not listed.</li>` : nothing}
    </ul>`;
  }

  private item(p: Problem, text: string) {
    return html`<li data-problem-path=${p.path}>
      ${
        p.path
          ? html`<button
              type="button"
              class="link"
              title="Show the field"
              @click=${() => emit(this, 'pw-goto', p.path)}
            >
              ${text}
            </button>`
          : text
      }
    </li>`;
  }

  /** Problems by establishment, in the file's order; the scenario's own fields first. */
  private grouped(problems: Problem[]): Group[] {
    const groups = new Map<string, Group>();
    for (const p of problems) {
      const est = establishmentOf(p.path);
      const key = est === null ? 'scenario' : `e${est}`;
      let group = groups.get(key);
      if (!group) {
        const name = est === null ? null : getAt(this.doc, ['establishments', est, 'name']);
        const title =
          est === null ? 'The whole scenario' : typeof name === 'string' && name ? name : `Establishment ${est + 1}`;
        group = { key, title, items: [] };
        groups.set(key, group);
      }
      group.items.push(p);
    }
    return [...groups.values()];
  }

  private renderWarnings() {
    const expected = this.warnings.filter(isExpectedWarning);
    const real = this.warnings.filter((p) => !isExpectedWarning(p));
    const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
    return html`${
      real.length
        ? html`<details class="problems problems-warnings" ?open=${real.length <= OPEN_UP_TO}>
            <summary>
              ${plural(real.length, 'warning', 'warnings')}: the scenario runs, but some inputs disagree
            </summary>
            ${this.grouped(real).map(
              (g) =>
                html`<div class="problem-group" data-group=${g.key}>
                  <h2 class="problem-group-title">${g.title}</h2>
                  ${this.list(g.items, (p) => withinGroup(g.title, wordProblem(this.doc, p)))}
                </div>`,
            )}
          </details>`
        : nothing
    }
    ${
      expected.length
        ? html`<details class="problems problems-info">
            <summary>
              ${plural(expected.length, 'note', 'notes')} on how the source tables are used (as expected: tables that
              cover part of the population are scaled to it)
            </summary>
            ${this.grouped(expected).map(
              (g) =>
                html`<div class="problem-group" data-group=${g.key}>
                  <h2 class="problem-group-title">${g.title}</h2>
                  ${this.list(g.items, (p) => withinGroup(g.title, informationWording(this.doc, p)))}
                </div>`,
            )}
          </details>`
        : nothing
    }`;
  }

  protected override render() {
    if (!this.errors.length && !this.warnings.length) return nothing;
    return html`${
      this.errors.length
        ? html`<section class="problems problems-errors" aria-labelledby="errors-h" role="alert">
            <h2 id="errors-h">
              There ${this.errors.length === 1 ? 'is a problem' : `are ${this.errors.length} problems`}: the edited
              scenario is not run
            </h2>
            ${this.list(this.errors, (p) => wordProblem(this.doc, p))}
          </section>`
        : nothing
    }
    ${this.renderWarnings()}`;
  }
}
customElements.define('pw-problems', ProblemsPanel);
