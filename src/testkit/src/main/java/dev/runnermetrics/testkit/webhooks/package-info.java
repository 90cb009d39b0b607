/**
 * GitHub webhook deliveries as GitHub sends them: {@link dev.runnermetrics.testkit.webhooks.Delivery}, signed by a
 * {@link dev.runnermetrics.testkit.webhooks.WebhookSigner}.
 */
package dev.runnermetrics.testkit.webhooks;
