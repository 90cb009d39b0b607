package dev.runnermetrics.demo.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the replay takes from the runner root's {@code .runner} (written by config.sh: camelCase keys, a UTF-8 byte
 * order mark); a missing file or key takes the demo runner's value.
 *
 * @param chars the file's length in characters without the BOM: the runner logs "Read setting file: N chars"
 */
public record RunnerSettings(String serverUrl, String agentName, String gitHubUrl, int agentId, int poolId, int chars) {

    public static RunnerSettings read(Path runnerFile) throws IOException {
        String text = Files.exists(runnerFile)
                ? new String(Files.readAllBytes(runnerFile), StandardCharsets.UTF_8).replace("\uFEFF", "") : "";
        JsonNode json = new ObjectMapper().readTree(text); // "" reads as a missing node: every default
        return new RunnerSettings(
                json.path("serverUrl").asText("https://pipelinesghubeus22.actions.githubusercontent.com/demo/"),
                json.path("agentName").asText("demo-runner-1"),
                json.path("gitHubUrl").asText("https://github.com/acme"),
                Integer.parseInt(json.path("agentId").asText("27")),
                Integer.parseInt(json.path("poolId").asText("1")),
                text.length());
    }
}
