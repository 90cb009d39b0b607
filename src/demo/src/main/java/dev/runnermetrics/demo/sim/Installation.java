package dev.runnermetrics.demo.sim;

/**
 * The simulated runner's installation as its logs print it: both runner processes and the step output name the
 * same version and paths.
 */
public final class Installation {

    public static final String VERSION = "2.333.1";
    public static final String COMMIT = "6792966801e8925346735b68c03bf9f347af4646";
    // Paths as the runner sees them inside its own container; the exporter sidecar mounts the
    // same volume elsewhere, so these never match the demo's temp dir - just like production.
    public static final String ROOT = "/home/runner/actions-runner";
    public static final String WORK = ROOT + "/_work";

    private Installation() {
    }
}
