package dev.runnermetrics.demo.workflow;

/** How a replayed job ends; CONTINUE_ON_ERROR ends Succeeded (the runner has no SucceededWithIssues). */
public enum Outcome { SUCCEEDED, FAILED, CONTINUE_ON_ERROR, CANCELED, ABANDONED }
