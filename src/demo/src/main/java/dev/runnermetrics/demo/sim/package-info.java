/**
 * What every simulated part shares: the {@link dev.runnermetrics.demo.sim.Clock} (real, or simulated for --bake),
 * seeded ids, .NET's time formats and the runner's JSON. Imports nothing else of the demo.
 */
package dev.runnermetrics.demo.sim;
