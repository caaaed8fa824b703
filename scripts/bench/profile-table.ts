import type { BenchResult, ProfileResult } from "./results.ts";

const us = (value: number) => value.toFixed(1).padStart(8);

/** Prints each profile: per publish, the inclusive time of each step and the functions on top of the stack most. */
export function printProfiles(results: readonly BenchResult[]): void {
  for (const profile of results.filter((r): r is ProfileResult => r.phase === "profile")) {
    console.log(
      `\nprofile of ${profile.worker}: ${profile.publishes} publishes at ${profile.concurrency} concurrent, ${profile.busyUsPerPublish.toFixed(1)} µs of the isolate's time per publish`,
    );
    console.log("  inclusive µs per publish (the step and what it calls)");
    for (const step of profile.steps) console.log(`  ${us(step.usPerPublish)}  ${step.name}`);
    console.log("  self µs per publish (the function itself)");
    for (const entry of profile.self) console.log(`  ${us(entry.usPerPublish)}  ${entry.name} ${entry.where}`);
  }
}
