/**
 * Whether a sizing level meets its target, decided on as few replications as the question
 * needs. The search over groups a year (sizing.ts fewestMeeting) asks of each level only which side
 * of the target its mean sustained unmet need lies; most levels it tries lie far from it (today's 8
 * groups a year, or 52 and 13 in a bisection, when 18 is the answer), and ten or so replications
 * say so as surely as 500.
 *
 * The rule: replications are taken in order, LEVEL_CHECK_EVERY at a time; once there are at least
 * LEVEL_DECIDE_AFTER, the level is decided when its mean lies more than LEVEL_DECIDE_Z standard
 * errors from the target, on the side the mean is. Otherwise it runs every replication asked
 * for and is decided by its mean, as a sizing always was. Which replications a decision rests
 * on depends on the file and seed alone, never on how the work is split.
 *
 * Why these numbers: a level looked at every 10 replications up to 500 is looked at 48 times. With
 * 4 standard errors, a level whose true mean sits exactly on the target is decided early at all
 * with a chance of at most 48 x 6.3e-5 = 0.3% (each look's two tails, added over the looks), and
 * then on either side with even odds, as the full run would be. No decision before 30
 * replications: a level whose every replication so far gives the same figure (often 0 unmet need
 * at a generous level) has no spread to measure, and 30 alike make a large exception unlikely.
 */
export const LEVEL_CHECK_EVERY = 10;
export const LEVEL_DECIDE_AFTER = 30;
export const LEVEL_DECIDE_Z = 4;

/**
 * The side of `target` the mean of `values[0..n)` lies on, when n replications already say it
 * clearly (true: at or under it); null while they do not.
 */
export function levelDecided(values: ArrayLike<number>, n: number, target: number): boolean | null {
  if (n < LEVEL_DECIDE_AFTER) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) ** 2;
  const standardError = Math.sqrt(squares / (n - 1) / n);
  const distance = Math.abs(mean - target);
  if (distance === 0 || distance <= LEVEL_DECIDE_Z * standardError) return null;
  return mean <= target;
}
