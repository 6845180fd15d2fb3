/**
 * What the semantic checks share: the scenario's resolved attributes and programme ids, the
 * problem list, and the lookups that report a reference to something that does not exist.
 */
import { resolveAttributes } from './bandSchemes.js';
import { didYouMean, listNames, ProblemList } from './problems.js';
import type { Attribute, Scenario } from './schema.js';

export interface CheckContext {
  readonly scenario: Scenario;
  /** Resolved attributes (band scheme plus declared ones), by id. */
  readonly attributes: ReadonlyMap<string, Attribute>;
  /** Attribute ids in resolved order: a prior may only depend on earlier ones. */
  readonly attributeOrder: readonly string[];
  readonly programmeIds: ReadonlySet<string>;
  readonly problems: ProblemList;
}

export function buildContext(scenario: Scenario, problems: ProblemList): CheckContext {
  const resolved = resolveAttributes(scenario.bandScheme, scenario.attributes);
  return {
    scenario,
    attributes: new Map(resolved.map((a) => [a.id, a])),
    attributeOrder: resolved.map((a) => a.id),
    programmeIds: new Set(scenario.programmes.map((p) => p.id)),
    problems,
  };
}

/** The attribute, or undefined after reporting that there is no such attribute. */
export function lookUpAttribute(ctx: CheckContext, id: string, path: string): Attribute | undefined {
  const attribute = ctx.attributes.get(id);
  if (attribute === undefined) {
    const known = ctx.attributeOrder;
    ctx.problems.error(path, `unknown attribute "${id}"${didYouMean(id, known)} (attributes: ${listNames(known)})`);
  }
  return attribute;
}

/** "band" for ordered attributes (risk scores, time left), "category" for the others. */
export function categoryWord(attribute: Attribute, plural = false): string {
  if (attribute.ordered === true) return plural ? 'bands' : 'band';
  return plural ? 'categories' : 'category';
}

export function checkCategory(ctx: CheckContext, attribute: Attribute, id: string, path: string): boolean {
  const ids = attribute.categories.map((c) => c.id);
  if (ids.includes(id)) return true;
  ctx.problems.error(
    path,
    `"${id}" is not a ${categoryWord(attribute)} of attribute "${attribute.id}"${didYouMean(id, ids)} ` +
      `(its ${categoryWord(attribute, true)}: ${listNames(ids)})`,
  );
  return false;
}

export function checkProgrammeRef(ctx: CheckContext, id: string, path: string): boolean {
  if (ctx.programmeIds.has(id)) return true;
  const known = [...ctx.programmeIds];
  const list = known.length === 0 ? 'the scenario defines no programmes' : `programmes: ${listNames(known)}`;
  ctx.problems.error(path, `unknown programme "${id}"${didYouMean(id, known)} (${list})`);
  return false;
}

/** Reports every id used twice in a list ("duplicate id ... already used by ..."). */
export function checkUniqueIds(
  problems: ProblemList,
  items: readonly { id: string }[],
  listPath: string,
  what: string,
): void {
  const firstAt = new Map<string, number>();
  items.forEach((item, i) => {
    const first = firstAt.get(item.id);
    if (first === undefined) firstAt.set(item.id, i);
    else
      problems.error(
        `${listPath}[${i}].id`,
        `duplicate ${what} id "${item.id}": already used by ${listPath}[${first}]`,
      );
  });
}
