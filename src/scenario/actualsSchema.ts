/**
 * Optional data for checking a plan against what happened and what it costs: the volumes a site
 * actually delivered in a period (for backtests, src/results/backtest.ts) and prices (src/results/cost.ts).
 * All optional, so older files load unchanged; no schema version bump.
 */
import { z } from 'zod';
import { provenance } from './provenance.js';

const count = z.number().int().min(0).max(1e7);
const pounds = z.number().min(0).max(1e11);

/** Actual volumes of one segment: people of one OGRS band or one main offence (the results' byOgrs, byOffence). */
export const actualSegmentSchema = z.object({
  by: z.enum(['ogrs', 'offence']).describe('Which breakdown of the results the segment is a row of.'),
  band: z.string().min(1).max(64).describe('The band or category id, e.g. "50-74" or "violent".'),
  label: z.string().max(200).optional(),
  starts: count.optional(),
  completions: count.optional(),
  ...provenance,
});

/**
 * What a site actually delivered of one programme in a period (not what was agreed: that is
 * `agreedStarts` / `agreedCompletions`). Dates inclusive.
 */
export const actualVolumesSchema = z.object({
  from: z.iso.date().describe('First day of the period the actual volumes cover.'),
  to: z.iso.date().describe('Last day of that period.'),
  starts: count.optional(),
  completions: count.optional(),
  segments: z.array(actualSegmentSchema).max(40).optional(),
  ...provenance,
});

/**
 * A programme's unit costs at a site, in pounds: per place offered (a group's places, filled or
 * not) and per completion. Sources rarely give them; leave them out rather than guess.
 */
export const programmeCostSchema = z.object({
  perPlace: pounds
    .optional()
    .describe('Pounds per place offered (groups x group size, or beds x weeks / course weeks).'),
  perCompletion: pounds.optional().describe('Pounds per completion, on top of the places.'),
  ...provenance,
});

/** The establishment's Annual Operating Price (an SLA annex's Table 1): the whole prison, not its programmes. */
export const operatingPriceSchema = z.object({
  annualOperatingPrice: pounds.describe('Pounds a year for running the whole establishment.'),
  ...provenance,
});

export type ActualSegment = z.infer<typeof actualSegmentSchema>;
export type ActualVolumes = z.infer<typeof actualVolumesSchema>;
export type ProgrammeCost = z.infer<typeof programmeCostSchema>;
export type OperatingPrice = z.infer<typeof operatingPriceSchema>;
