/**
 * A running start's warm-up (warmup.ts): the same replication run for the warm-up weeks on a view
 * of the scenario with streams of its own, handing over only the state a running start inherits.
 */
import type { CompiledScenario } from './compile.js';
import { expectedSlots, People } from './people.js';
import type { CompactionPolicy } from './compaction.js';
import { stream } from '../random/streams.js';
import { openPhases, schedulePhases, warmupView } from './warmup.js';
import { matchAttributes, ServiceSnapshot, shutSentences, timeLeftBounds } from './serviceSnapshot.js';
import { NeedLedger } from './needs.js';
import { newShared, receptionSegments, type Shared } from './replicationState.js';
import { eligibilityProfiles } from './eligibilityProfiles.js';
import { Replication } from './replication.js';
import { ScratchArrays } from './scratchArrays.js';

/**
 * The warm-up of a running start (warmup.ts): the same services simulated for the warm-up weeks
 * on the fitted population, from streams of its own, and discarded but for what it hands over.
 */
export class Warmup {
  private readonly view: CompiledScenario;
  /** Its table of people: its own, or one it shares with other warm-ups run one at a time. */
  readonly people: People;
  private readonly scalars: Float64Array;
  private readonly series: Float32Array;
  private readonly attributes: number[];
  private readonly timeLeftBounds: number[];
  /** Sentences that shut every programme (remand, unless eligible): kept apart in the match. */
  private readonly shut: ReturnType<typeof shutSentences>;
  /** Group schedules with no first start week of their own: drawn per replication. */
  private readonly open: ReturnType<typeof openPhases>;

  constructor(
    private readonly compiled: CompiledScenario,
    compaction: CompactionPolicy = 'auto',
    /**
     * A warm-up whose table of people and needs ledger this one works in (each run empties them),
     * where warm-ups run one at a time share them (establishmentParts.ts).
     */
    borrowed?: Warmup,
    /** The eligibility profiles of `compiled`'s establishments, where already worked out. */
    profiles?: Shared['eligibilityProfiles'],
  ) {
    this.view = warmupView(compiled, compiled.start.warmupWeeks);
    const L = this.view.layout;
    this.people =
      borrowed?.people ??
      new People(
        compiled.attributes.length,
        compiled.programmes.length,
        expectedSlots(this.view, this.view.weeks, compaction),
      );
    this.scalars = new Float64Array(L.scalarCount);
    this.series = new Float32Array(L.seriesCount * this.view.weeks);
    this.attributes = matchAttributes(compiled);
    this.timeLeftBounds = timeLeftBounds(compiled);
    this.open = openPhases(compiled);
    this.shut = shutSentences(compiled);
    this.shared = newShared({
      compaction,
      fitLookups: [],
      needs: borrowed?.shared.needs ?? new NeedLedger(this.view.needs, this.people.capacity, L, this.scalars),
      segments: receptionSegments(this.view),
      // Its snapshot's arrays (ServiceSnapshot), whose holder is done with them by the next run.
      scratch: borrowed?.shared.scratch ?? new ScratchArrays(),
      // The view's establishments keep the compiled ones' rules (warmupView), so the same profiles.
      eligibilityProfiles:
        profiles ??
        eligibilityProfiles(
          this.view.establishments.map((e) => e.eligibility),
          this.view.attributes,
        ),
    });
  }

  private readonly shared: Shared;

  run(replication: number): ServiceSnapshot {
    this.people.reset();
    const view = schedulePhases(this.view, this.open, (name) => stream(this.compiled.seed, replication, name).next());
    const warm = new Replication(
      view,
      this.people,
      replication,
      this.scalars,
      this.series,
      null,
      'warm-up/',
      this.shared,
    );
    const end = warm.warmUp();
    end.live = (listAt, programme, k) => warm.stillWaiting(listAt, programme, k, end.weeks);
    end.windowWeeks = (person, programme) => warm.placeWindow(person, programme);
    end.needStart = (person, need) => warm.needStartWeek(person, need);
    const rng = stream(this.compiled.seed, replication, 'warm-up/match');
    const categories = this.compiled.attributes.map((a) => a.categories.length);
    return new ServiceSnapshot(
      end,
      this.attributes,
      categories,
      this.timeLeftBounds,
      rng,
      this.shared.eligibilityProfiles,
      this.compiled.ogrsAttribute,
      this.shut,
      this.shared.scratch,
    );
  }
}
