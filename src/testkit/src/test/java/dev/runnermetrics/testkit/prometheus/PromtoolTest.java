package dev.runnermetrics.testkit.prometheus;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real promtool, on a scrape it must accept and one it must criticise. */
class PromtoolTest {

    @TempDir
    Path tmp;

    @Test
    void aCleanScrapeIsAcceptedWithoutARemark() throws Exception {
        Promtool.checkMetrics(String.join("\n",
                "# HELP github_runner_jobs_total Jobs the runner finished.",
                "# TYPE github_runner_jobs_total counter",
                "github_runner_jobs_total{result=\"success\"} 3",
                ""), tmp).assertSuccess("");
    }

    @Test
    void aCounterWithoutTotalIsCriticised() throws Exception {
        Promtool.Result result = Promtool.checkMetrics(String.join("\n",
                "# HELP github_runner_jobs Jobs.",
                "# TYPE github_runner_jobs counter",
                "github_runner_jobs 3",
                ""), tmp);
        assertNotEquals(0, result.exitCode(), result.toString());
        assertTrue((result.stdout() + result.stderr()).contains("_total"), result.toString());
    }
}
