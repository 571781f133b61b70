import { createRandom } from './random';

/** The demo budget edition, in minor units of PLN; its name says it is generated. */
export const DEMO_EDITION = {
  name: 'Demo City participatory budget 2026 (generated data)',
  unit: 'Demo City',
  currency: 'PLN',
  budget: 2_000_000_00,
  voteType: 'approval',
  rule: 'greedy',
  minLength: 1,
  maxLength: 5,
} as const;

/** Projects with cost in minor units and an appeal that sets how often voters approve them. */
export const DEMO_PROJECTS = [
  { name: 'Shade trees on Demo Market Square', cost: 180_000_00, appeal: 0.55 },
  { name: 'Bicycle lane along the river', cost: 640_000_00, appeal: 0.5 },
  { name: 'Playground renovation in the North Estate', cost: 220_000_00, appeal: 0.45 },
  { name: 'Street lights in the Garden Suburb', cost: 310_000_00, appeal: 0.4 },
  { name: 'Free evening language courses', cost: 90_000_00, appeal: 0.35 },
  { name: 'Community fridge network', cost: 45_000_00, appeal: 0.3 },
  { name: 'Skate park by the industrial park', cost: 520_000_00, appeal: 0.3 },
  { name: 'Benches and drinking fountains', cost: 120_000_00, appeal: 0.28 },
  { name: 'Library open on Sundays', cost: 160_000_00, appeal: 0.25 },
  { name: 'Pocket park at the old tram depot', cost: 410_000_00, appeal: 0.22 },
  { name: 'Outdoor gym in University Quarter', cost: 140_000_00, appeal: 0.2 },
  { name: 'Repair café for households', cost: 60_000_00, appeal: 0.18 },
  { name: 'Pedestrian crossing with island', cost: 230_000_00, appeal: 0.16 },
  { name: 'Dog park in Riverside', cost: 95_000_00, appeal: 0.12 },
  { name: 'Murals on the railway viaduct', cost: 75_000_00, appeal: 0.1 },
  { name: 'Neighbourhood festival fund', cost: 50_000_00, appeal: 0.08 },
] as const;

/** Number of generated ballots. */
export const DEMO_BALLOTS = 800;

/**
 * Generates approval ballots as lists of project positions: each voter approves projects
 * with the project's appeal as probability, keeping at most `maxLength` and at least one.
 */
export function generateDemoBallots(): { voter: string; projects: number[] }[] {
  const random = createRandom(3 * 20_261_204);
  const ballots: { voter: string; projects: number[] }[] = [];
  for (let voter = 1; voter <= DEMO_BALLOTS; voter += 1) {
    let chosen = DEMO_PROJECTS.map((project, index) => (random.next() < project.appeal ? index : -1)).filter(
      (index) => index >= 0,
    );
    if (chosen.length === 0) {
      chosen = [random.integer(0, DEMO_PROJECTS.length - 1)];
    }
    ballots.push({ voter: `demo-voter-${voter}`, projects: chosen.slice(0, DEMO_EDITION.maxLength) });
  }

  return ballots;
}
