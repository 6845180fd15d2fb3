/**
 * Which inputs of the offender-management figures are editable defaults rather than figures from
 * a source. No source gives POM numbers or the time a task takes, so a POM shortfall (or its
 * absence) usually rests on them: the results say so, in words a planner can act on.
 */
import type { Scenario } from '../scenario/schema.js';

const has = (defaults: readonly string[] | undefined, field: string) => defaults?.includes(field) ?? false;

/** "POM FTE in post" at one establishment; "... (default at 12 of 12 establishments)" for several. */
function acrossEstablishments(label: string, defaulted: number, of: number): string | null {
  if (defaulted === 0) return null;
  return of === 1 ? label : `${label} (default at ${defaulted} of ${of} establishments)`;
}

/**
 * The labels of the defaults behind the POM FTE required, available and the shortfall for the
 * given establishments (indices into `scenario.establishments`), in the order a reader checks
 * them: staff in post, their time, then the minutes each case costs.
 */
export function offenderManagementDefaults(scenario: Scenario, establishments: readonly number[]): string[] {
  const out: string[] = [];
  const staffings = establishments.map((e) => scenario.establishments[e]?.staffing).filter((s) => s !== undefined);
  const count = (field: string) => staffings.filter((s) => has(s.defaults, field)).length;
  for (const [field, label] of [
    ['pomFte', 'POM FTE in post'],
    ['hoursPerFteWeek', 'POM hours a week'],
    ['availability', 'share of POM hours available for cases'],
  ] as const) {
    const line = acrossEstablishments(label, count(field), staffings.length);
    if (line) out.push(line);
  }
  const cm = scenario.caseManagement;
  if (!cm) return out;
  if (has(cm.defaults, 'sessionMinutes')) out.push('minutes per contact session');
  if (has(cm.defaults, 'recordingMinutes')) out.push('recording minutes per session');
  const workload = cm.workload;
  // Without a workload of its own the scenario takes the built-in tasks, whose minutes are all defaults.
  if (!workload) {
    out.push('minutes per task (the built-in task list)');
  } else {
    const allDefault = has(workload.defaults, 'tasks');
    const tasks = workload.tasks
      .filter((task) => task.minutesPerYear > 0 || task.minutesAtHandover > 0)
      .filter((task) => allDefault || has(task.defaults, 'minutesPerYear') || has(task.defaults, 'minutesAtHandover'))
      .map((task) => task.label ?? task.id);
    if (tasks.length > 0) out.push(`minutes per task (${tasks.join(', ')})`);
  }
  if (cm.keyWork && has(cm.keyWork.defaults, 'officerHoursPerFteWeek')) out.push('key-work officer hours a week');
  return out;
}
