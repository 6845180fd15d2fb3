/** The readable text report the command line prints by default. */
import { costLines } from '../src/results/backtestTable.js';
import { precisionTargetSentence } from '../src/results/precisionStop.js';
import {
  concurrentGroups,
  REASON_WORDS,
  todayLevel,
  type NeedResult,
  type OffenderManagementResult,
  type ProgrammeResult,
  type Results,
  type Scenario,
  type SizingResult,
  type SizingStep,
  type Stat,
  type TierResult,
} from '../src/index.js';

const interval = (s: Stat, digits = 0) =>
  Number.isFinite(s.mean)
    ? `${s.mean.toFixed(digits)} (${s.p5.toFixed(digits)}-${s.p95.toFixed(digits)})`
    : 'no places';

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** "80 (-3.2)": an agreed volume and the projection's variance a year, flagged when material. */
function againstAgreed(agreed: number | null, variance: number | null, material: boolean): string {
  if (agreed === null || variance === null) return '';
  const sign = variance >= 0 ? '+' : '';
  return `${agreed} (${sign}${variance.toFixed(1)}${material ? ' MATERIAL' : ''})`;
}

function startsVariance(p: ProgrammeResult): string {
  const a = p.agreed;
  return a ? againstAgreed(a.agreedStarts, a.startsVariance, a.startsMaterial) : '';
}

function completionsVariance(p: ProgrammeResult): string {
  const a = p.agreed;
  return a ? againstAgreed(a.agreedCompletions, a.completionsVariance, a.completionsMaterial) : '';
}

/** Per programme with a plan by segment: completions a year projected against planned, and reserved places. */
function segmentLines(programmes: ProgrammeResult[]): string[] {
  const lines: string[] = [];
  for (const p of programmes) {
    // Older results (saved before the field existed) have no segmentPlan.
    for (const g of p.segmentPlan ?? []) {
      const v = g.completionsVariance;
      const planned =
        g.plannedCompletions === null || v === null
          ? 'no plan'
          : `planned ${g.plannedCompletions}, variance ${v >= 0 ? '+' : ''}${v.toFixed(1)}${g.completionsMaterial ? ' MATERIAL' : ''}`;
      const reserved =
        g.reservedPlaces.mean > 0
          ? `; places kept for it in the window ${g.reservedPlaces.mean.toFixed(1)}, taken by it ${g.reservedTaken.mean.toFixed(1)} (the rest went to others)`
          : '';
      lines.push(
        `  ${p.name}, ${g.label}: completions a year ${interval(g.completionsPerYear, 1)}, ${planned}${reserved}`,
      );
    }
  }
  // A pooled plan (TSP and RESOLVE for violent offenders) is named on each of its rows: once here.
  const supply = [
    ...new Set(programmes.flatMap((p) => (p.segmentPlan ?? []).map((g) => g.supplyWarning).filter((w) => !!w))),
  ].map((w) => `  ${w}`);
  return lines.length > 0
    ? [
        'Completions by planned segment (a year: the window scaled to a year):',
        ...lines,
        ...(supply.length > 0 ? ['Supply warnings:', ...supply] : []),
        '',
      ]
    : [];
}

function programmeTable(programmes: ProgrammeResult[]): string {
  const shown = programmes.filter((p) => p.delivered || p.joined.mean > 0);
  return table(
    [
      'Programme',
      'Waiting at start',
      'Joined, incl. at start',
      'Starts',
      'Completions',
      'Unmet need',
      'Waiting at end',
      'Wait (wk)',
      'Load',
      'Agreed starts (variance/yr)',
      'Agreed completions (variance/yr)',
    ],
    shown.map((p) => [
      `${p.name}${p.delivered ? '' : ' [not delivered]'}`,
      // Older results (saved before the field existed) have no waitingAtStart.
      p.waitingAtStart ? interval(p.waitingAtStart) : '',
      interval(p.joined),
      interval(p.starts),
      interval(p.completions),
      interval(p.unmetNeed),
      interval(p.waitingAtEnd),
      p.meanWaitWeeks.mean.toFixed(1),
      Number.isFinite(p.load.mean) ? p.load.mean.toFixed(2) : 'no places',
      startsVariance(p),
      completionsVariance(p),
    ]),
  );
}

/** Each person once per need; of the unmet need, the part more places can fix. */
function needTable(needs: NeedResult[] | undefined): string {
  const shown = (needs ?? []).filter((n) => n.joined.mean > 0);
  if (shown.length === 0) return '';
  return table(
    [
      'Need (each person once)',
      'Waiting at start',
      'People, incl. at start',
      'Started',
      'Unmet need',
      'Places can fix',
      'Too late on arrival',
      'Moved on',
      'Not suitable',
      'Waiting at end',
    ],
    shown.map((n) => [
      n.declared ? `${n.name} [${n.stages.map((s) => s.join('|')).join(' then ')}]` : n.name,
      n.waitingAtStart ? interval(n.waitingAtStart) : '',
      interval(n.joined),
      interval(n.starts),
      interval(n.unmetNeed),
      interval(n.unmetFixableByPlaces),
      interval(n.unmetByReason.tooLittleTimeOnArrival),
      interval(n.unmetByReason.movedOn),
      interval(n.unmetByReason.deselectedOrNotSuitable),
      interval(n.waitingAtEnd),
    ]),
  );
}

function tierTable(tiers: TierResult[]): string {
  return table(
    ['Tier', 'People', 'Sessions/yr each', 'Sessions required', 'Delivered', 'Shortfall', 'Shortfall FTE'],
    tiers.map((t) => [
      t.label,
      interval(t.people),
      String(t.sessionsPerYear),
      interval(t.sessionsRequired),
      interval(t.sessionsDelivered),
      interval(t.shortfallSessions),
      interval(t.shortfallFte, 2),
    ]),
  );
}

/** Who holds the cases, the POM FTE they need against those in post, and the defaults that rests on. */
function offenderManagementLines(om: OffenderManagementResult | undefined): string[] {
  // Older results (saved before the field existed) have no offender management.
  if (!om) return [];
  const r = om.responsibility;
  const lines = [
    'Offender management (OMiC), mean people over the horizon: ' +
      `POM-led ${interval(r.pomLed)}, COM-led ${interval(r.comLed)}, no offender manager ${interval(r.noOffenderManager)}`,
    om.staffed
      ? `  POM FTE required ${interval(om.pomFteRequired, 1)}, in post ${interval(om.pomFteAvailable, 1)}, ` +
        `shortfall ${interval(om.pomFteShortfall, 1)}; POM-led cases per POM FTE in post ${interval(om.caseloadPerPomFte, 1)}`
      : `  POM FTE required ${interval(om.pomFteRequired, 1)} (no staffing given, so no shortfall)`,
    `  Key-work officer FTE required ${interval(om.keyWork.keyWorkOfficerFteRequired, 1)}`,
  ];
  const defaults = om.restsOnDefaults ?? [];
  if (defaults.length > 0) lines.push(`  These rest on defaults no source gives: ${defaults.join('; ')}.`);
  return [...lines, ''];
}

export function formatTable(results: Results): string {
  const out: string[] = [];
  out.push(
    `${results.scenario}: ${results.weeks} weeks from ${results.startDate}, ${results.replications} replications, seed ${results.seed}`,
    'Figures: mean (5th-95th percentile) over replications, totals over the horizon.',
    // Older results (saved before the field existed) have no start.
    ...(results.start ? [results.start.note] : []),
    ...(results.precisionTarget ? [precisionTargetSentence(results) ?? ''] : []),
    '',
  );
  for (const e of results.establishments) {
    out.push(
      `== ${e.name}  (mean population ${e.population.mean.toFixed(0)}, receptions ${e.receptions.mean.toFixed(0)})`,
    );
    out.push(programmeTable(e.programmes), '');
    out.push(needTable(e.needs), '');
    out.push(...segmentLines(e.programmes));
    out.push(tierTable(e.caseManagement), '');
    out.push(...offenderManagementLines(e.offenderManagement));
    const warnings = e.programmes
      .filter((p) => p.loadWarning && p.delivered)
      .map((p) => `  ${p.name}: ${p.loadWarning}`);
    if (warnings.length > 0) out.push('Load warnings:', ...warnings, '');
    const poorFit = e.fit.filter((f) => f.maxCellError >= 0.5);
    if (poorFit.length > 0) {
      out.push(
        'Population tables not fully matched (they disagree with the others):',
        ...poorFit.map((f) => `  ${f.label}: largest cell off by ${f.maxCellError.toFixed(1)} people`),
        '',
      );
    }
  }
  if (results.establishments.length > 1) {
    out.push(`== Region  (mean population ${results.region.population.mean.toFixed(0)})`);
    out.push(programmeTable(results.region.programmes), '');
    out.push(needTable(results.region.needs), '');
    out.push(...segmentLines(results.region.programmes));
    out.push(tierTable(results.region.caseManagement), '');
    out.push(...offenderManagementLines(results.region.offenderManagement));
  }
  // Older results (saved before the field existed) have no cost.
  const cost = costLines(results.cost);
  if (cost.length > 0) out.push('Cost:', ...cost, '');
  for (const w of results.warnings) out.push(`warning: ${w.path}: ${w.message}`);
  return out.join('\n');
}

export function formatSizing(sizing: SizingResult, scenario: Scenario): string {
  const programme = scenario.programmes.find((p) => p.id === sizing.programme);
  const name = programme?.name ?? sizing.programme;
  const target = sizing.targetUnmetPerYear;
  const reasons = sizing.targetReasons.map((r) => REASON_WORDS[r] ?? r).join('; ');
  const c = sizing.clearing;
  const a = sizing.answer;
  const size = sizing.groupSize;
  // A bed-based unit (TC, DTC, PIPE) is sized in beds; a closed-group course in groups a year.
  const beds = sizing.unit === 'beds';
  const level = (s: SizingStep) => (beds ? (s.beds ?? 0) : s.groupsPerYear);
  const today = todayLevel(sizing);
  const levelWords = (n: number) => (beds ? `${n} bed${n === 1 ? '' : 's'}` : `${n} groups a year`);
  const out = [
    `${name} at ${sizing.establishment}: unmet need places can fix (${reasons}) at or under ${target} a year`,
    beds
      ? `Now ${sizing.currentBeds ?? 0} beds, rolling intake, mean stay ${(sizing.meanStayWeeks ?? 0).toFixed(1)} weeks (${sizing.durationWeeks}-week course); horizon ${sizing.weeks ?? '?'} weeks.`
      : `Now ${sizing.currentGroupsPerYear} groups a year of ${size}, ${sizing.durationWeeks}-week course; horizon ${sizing.weeks ?? '?'} weeks.`,
    '',
    beds
      ? `Clearing the list (once): ${interval(c.waitingAtStart)} waiting at the start need ${c.places} places, ${c.beds ?? 0} extra beds for a year.`
      : `Clearing the list (once): ${interval(c.waitingAtStart)} waiting at the start need ${c.places} places, ${c.groups} groups of ${size}.`,
  ];
  if (a) {
    out.push(
      `Sustaining the flow: ${levelWords(level(a))} (${a.placesPerYear.toFixed(0)} places${beds ? ' a year' : ''}) keep unmet need places can fix at ` +
        `${interval(a.sustainedUnmetPerYear, 1)} a year once the list is cleared.`,
      `Chance of meeting the target: ${((a.shareMeetingTarget ?? 0) * 100).toFixed(0)}% of replications at or under ${target}.`,
    );
    if (a.crossesTarget)
      out.push(
        `BORDERLINE: the interval ${a.sustainedUnmetPerYear.p5.toFixed(1)}-${a.sustainedUnmetPerYear.p95.toFixed(1)} crosses the target of ${target}: ` +
          `plan for ${beds ? 'a few beds' : 'a group'} more, or size again with more replications.`,
      );
  } else {
    // The highest level the search could use: the limit's, when it is the lower.
    const highest = Math.min(sizing.limit?.maxGroupsPerYear ?? Infinity, sizing.maxGroupsPerYear);
    const top = sizing.steps.find((s) => level(s) === highest);
    out.push(
      `Sustaining the flow: no level up to ${levelWords(highest)} meets the target` +
        (top ? ` (at ${highest}, ${interval(top.sustainedUnmetPerYear, 1)} a year).` : '.'),
    );
  }
  const l = sizing.limit;
  if (l) {
    const head = `at most ${l.maxConcurrentGroups} groups at once allow ${l.maxGroupsPerYear} groups a year`;
    if (!a)
      out.push(
        `LIMIT BINDS: ${head}, too few to sustain the flow; ` +
          (l.groupsPerYearWithoutLimit === null
            ? 'no level up to the maximum does.'
            : `without it, ${l.groupsPerYearWithoutLimit} groups a year (${concurrentGroups(l.groupsPerYearWithoutLimit, sizing.durationWeeks)} at once).`),
      );
    else if (l.binds)
      out.push(`LIMIT BINDS: ${head}, all needed to sustain the flow: none are left to clear the list.`);
    else
      out.push(
        `Limit: ${head}: sustaining runs ${a.concurrentGroups} at once; the other ${l.maxGroupsPerYear - a.groupsPerYear} group${l.maxGroupsPerYear - a.groupsPerYear === 1 ? '' : 's'} a year clear${l.maxGroupsPerYear - a.groupsPerYear === 1 ? 's' : ''} the list in ${(c.yearsToClear ?? 0).toFixed(1)} years.`,
      );
  }
  out.push(
    '',
    'Levels tried, with the list at the start set aside (same seed; a year, mean (5th-95th percentile)):',
    table(
      [
        beds ? 'Beds' : 'Groups a year',
        // A unit of beds has no groups at once: its mean stay is given above.
        ...(beds ? [] : ['At once']),
        'Places',
        'Joining',
        'Starts',
        'Fixable unmet in window',
        'Sustained unmet',
        'Chance',
        'Waiting at end',
        'Replications',
      ],
      sizing.steps.map((s) => [
        `${level(s)}${a && level(s) === level(a) ? ' *' : ''}${level(s) === today ? ' (today)' : ''}`,
        ...(beds ? [] : [String(s.concurrentGroups)]),
        s.placesPerYear.toFixed(0),
        s.joiningPerYear ? interval(s.joiningPerYear, 1) : '',
        interval(s.startsPerYear, 1),
        interval(s.fixableUnmetPerYear, 1),
        `${interval(s.sustainedUnmetPerYear, 1)}${s.crossesTarget ? ' ~' : ''}`,
        `${((s.shareMeetingTarget ?? 0) * 100).toFixed(0)}%`,
        interval(s.waitingAtEnd),
        s.replications === undefined ? '' : String(s.replications),
      ]),
    ),
    "* the answer; (today) today's provision, tried first; ~ its interval crosses the target.",
    'Sustained unmet is the larger of that counted in the window and the shortfall of places against the people',
    'joining (less those lost for reasons places cannot fix): a list that grows without end turns it into unmet',
    'need every year, though a short horizon ends before it shows.',
  );
  const most = Math.max(0, ...sizing.steps.map((s) => s.replications ?? 0));
  if (sizing.steps.some((s) => s.replications !== undefined && s.replications < most))
    out.push(
      `A level short of ${most} replications stopped where they said which side of the target it lies (at least 30, its`,
      'mean 4 standard errors away); the answer runs them all, and --every-level-in-full runs every level so.',
    );
  return out.join('\n');
}
