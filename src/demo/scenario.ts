import { type DemoStep, ScenarioBuilder } from "./builder.ts";
import { roundOne, roundTwo } from "./earlier-rounds.ts";
import { checkpointIncident } from "./incident.ts";
import { closeRoundThree, roundThreeClosing, roundThreeTalks, scheduleRoundThree } from "./round-three.ts";
import { setUp } from "./setup.ts";
import { roundThreeStatements } from "./statements.ts";

export type { DemoStep } from "./builder.ts";
export { DEMO_NEGOTIATION_ID, demoMembers } from "./cast.ts";

/**
 * The demo negotiation as the commands its members issue, in order: the US-hosted Armenia–Azerbaijan
 * talks, with two illustrative earlier rounds and the Arlington round of 1–4 May 2023. Pure: every call
 * returns the same steps, so replaying them gives the same events.
 */
export function demoScenario(): DemoStep[] {
  const b = new ScenarioBuilder();
  setUp(b);
  roundOne(b);
  roundTwo(b);
  scheduleRoundThree(b);
  checkpointIncident(b);
  roundThreeTalks(b);
  roundThreeClosing(b);
  roundThreeStatements(b);
  closeRoundThree(b);
  return b.steps;
}
