package dev.runnermetrics.catalogue;

import java.util.Locale;

/** The {@code result} label of {@link Catalogue#DEPLOYMENTS}: DORA counts a deployment as successful or failed. */
public enum DeploymentResult {
    SUCCESS,
    FAILURE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
