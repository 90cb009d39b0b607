package dev.runnermetrics.demo.workflow;

import static dev.runnermetrics.demo.workflow.Step.run;
import static dev.runnermetrics.demo.workflow.Step.uses;
import static dev.runnermetrics.demo.workflow.Template.template;

import java.util.List;

/** The demo organisation's workflow jobs: four repositories, every tool whose cache output the exporter counts. */
public final class Templates {

    private Templates() {
    }

    public static final List<Template> ALL = List.of(
        template("acme/web-shop", "781233409", "91827364", "private", "CI", ".github/workflows/ci.yml", "build", "build",
                "push", "refs/heads/main", "",
                uses("actions/checkout", "v4", null), uses("actions/setup-node", "v4", "Set up Node.js 20"),
                run("npm ci", null), run("npm run build", null), run("npm test", "Unit tests")),
        template("acme/web-shop", "781233409", "91827364", "private", "CI", ".github/workflows/ci.yml", "lint", "lint",
                "pull_request", "refs/pull/1287/merge", "feature/cart-badge",
                uses("actions/checkout", "v4", null), uses("actions/setup-node", "v4", "Set up Node.js 20"),
                uses("actions/cache", "v4", "Cache ESLint results"),
                run("npm ci", null), run("npm run lint", null), run("npx depcheck", "Check unused dependencies").continuingOnError()),
        template("acme/payments-api", "802117735", "91827364", "private", "Build and Test", ".github/workflows/build.yml", "test",
                "Test on JDK 17", "pull_request", "refs/pull/482/merge", "fix/idempotency-key",
                uses("actions/checkout", "v4", null), uses("actions/setup-java", "v4", "Set up JDK 17"),
                run("./mvnw -B -ntp verify", "Build with Maven")),
        template("acme/payments-api", "802117735", "91827364", "private", "Release", ".github/workflows/release.yml", "publish",
                "publish", "push", "refs/tags/v1.4.2", "",
                uses("actions/checkout", "v4", null), uses("actions/setup-java", "v4", "Set up JDK 17"),
                run("./mvnw -B -ntp deploy -DskipTests", "Publish package")),
        template("acme/infra", "655104298", "91827364", "internal", "Terraform", ".github/workflows/terraform.yml", "plan",
                "plan (staging)", "pull_request", "refs/pull/77/merge", "bump-eks-1.31",
                uses("actions/checkout", "v4", null), uses("hashicorp/setup-terraform", "v3", "Setup Terraform"),
                run("terraform init -input=false", null), run("terraform plan -input=false -no-color", null)),
        template("acme/docs", "699302117", "91827364", "public", "Deploy docs", ".github/workflows/pages.yml", "deploy",
                "deploy", "workflow_dispatch", "refs/heads/main", "",
                uses("actions/checkout", "v4", null),
                run("sudo apt-get update\nsudo apt-get install -y --no-install-recommends graphviz", "Install Graphviz"),
                run("make html", "Build site"), run("./scripts/publish.sh", "Publish to Pages")),
        template("acme/web-shop", "781233409", "91827364", "private", "Nightly E2E", ".github/workflows/nightly.yml", "e2e",
                "E2E tests (chrome)", "schedule", "refs/heads/main", "",
                uses("actions/checkout", "v4", null), uses("actions/setup-node", "v4", "Set up Node.js 20"),
                uses("actions/cache", "v4", "Cache Playwright browsers"), run("npm ci --loglevel=http", null),
                run("docker buildx build --cache-from type=local,src=/tmp/.buildx-cache --cache-to type=local,dest=/tmp/.buildx-cache,mode=max --load -t web-shop:e2e .",
                        "Build app image"),
                run("npx playwright test --project=chrome", "Playwright tests")));
}
