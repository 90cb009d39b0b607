package dev.runnermetrics.demo.workflow;

import static dev.runnermetrics.demo.sim.Ids.hexOf;
import static dev.runnermetrics.demo.sim.Json.obj;

import dev.runnermetrics.demo.sim.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AgentJobRequestMessage the listener receives and the worker dumps ("Job message:"); structure follows a real
 * 2.333.1 Worker log. The exporter reads the job's repository, workflow, run and event from it.
 */
public final class JobMessage {

    private final Job job;
    private final Template t;

    private JobMessage(Job job) {
        this.job = job;
        this.t = job.t;
    }

    /** The message as an ordered tree for {@link Json}. */
    public static Map<String, Object> of(Job job) {
        return new JobMessage(job).message();
    }

    /** As the listener receives it: its length and hash are logged. */
    public static String compact(Job job) {
        return Json.compact(of(job));
    }

    Map<String, Object> message() {
        List<Object> stepList = new ArrayList<>();
        int line = 14;
        for (Step s : job.steps) {
            Map<String, Object> m = obj("type", "action");
            if (s.action() != null) {
                m.put("reference", obj("type", "repository", "name", s.action(), "ref", s.ref(), "repositoryType", "GitHub"));
            } else {
                m.put("reference", obj("type", "script"));
            }
            if (!s.display().startsWith("Run ")) {
                m.put("displayNameToken", obj("type", 0, "file", 1, "line", line, "col", 15, "lit", s.display()));
            }
            m.put("contextName", s.contextName());
            if (s.script() != null) {
                m.put("inputs", obj("type", 2, "map", List.of(obj("key", "script",
                        "value", obj("type", 0, "file", 1, "line", line + 1, "col", 14, "lit", s.script())))));
            }
            if (s.continueOnError()) {
                m.put("continueOnError", obj("type", 5, "file", 1, "line", line + 2, "col", 28, "bool", true));
            }
            m.put("condition", "success()");
            m.put("id", s.id());
            m.put("name", s.contextName());
            stepList.add(m);
            line += 4;
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        for (String flag : List.of("DistributedTask.AllowRunnerContainerHooks", "DistributedTask.DeprecateStepOutputCommands",
                "DistributedTask.EnableCompositeActions", "DistributedTask.NewActionMetadata", "DistributedTask.UploadStepSummary",
                "DistributedTask.UseWhich2", "actions_uses_cache_service_v2")) {
            variables.put(flag, obj("value", "true"));
        }
        variables.put("github_token", obj("value", "***", "isSecret", true));
        variables.put("system.github.job", obj("value", t.jobKey()));
        variables.put("system.github.token", obj("value", "***", "isSecret", true));
        variables.put("system.github.token.permissions", obj("value", "{\"Contents\":\"read\",\"Metadata\":\"read\",\"Packages\":\"read\"}"));
        variables.put("system.orchestrationId", obj("value", job.planId + "." + t.jobKey() + ".__default"));
        variables.put("system.phaseDisplayName", obj("value", t.display()));
        variables.put("system.runner.lowdiskspacethreshold", obj("value", "100"));
        variables.put("system.runnerEnvironment", obj("value", "self-hosted"));
        variables.put("system.runnerGroupName", obj("value", "Default"));

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fileTable", List.of(t.workflowFile()));
        m.put("mask", List.of(obj("type", "regex", "value", "***"), obj("type", "regex", "value", "***"), obj("type", "regex", "value", "***")));
        m.put("steps", stepList);
        m.put("variables", variables);
        m.put("messageType", "PipelineAgentJobRequest");
        m.put("plan", obj("scopeIdentifier", "00000000-0000-0000-0000-000000000000", "planType", "actions", "version", 13,
                "planId", job.planId, "planGroup", null, "artifactUri", null, "artifactLocation", null, "definition", null, "owner", null));
        m.put("timeline", obj("id", job.timelineId, "changeId", 0, "location", null));
        m.put("jobId", job.jobId);
        m.put("jobDisplayName", t.display());
        m.put("jobName", "__default");
        m.put("requestId", job.requestId());
        m.put("lockedUntil", "0001-01-01T00:00:00");
        m.put("resources", obj("endpoints", List.of(obj(
                "data", obj("ServerId", "", "ServerName", "", "CacheServerUrl", job.serverUrl.replace("pipelinesghubeus22", "artifactcache"),
                        "ResultsServiceUrl", "https://results-receiver.actions.githubusercontent.com/",
                        "PipelinesServiceUrl", job.serverUrl, "GenerateIdTokenUrl", ""),
                "name", "SystemVssConnection",
                "url", job.serverUrl,
                "authorization", obj("parameters", obj("AccessToken", "***"), "scheme", "OAuth"),
                "isShared", false, "isReady", true))));
        m.put("contextData", contextData());
        return m;
    }

    /** contextData in the compact PipelineContextData form ("t": 2 = dictionary, "d" = entries). */
    private Map<String, Object> contextData() {
        boolean pr = t.event().equals("pull_request");
        boolean tag = t.ref().startsWith("refs/tags/");
        String refName = t.ref().replaceFirst("^refs/(heads|tags|pull)/", "");
        String workflowRef = t.repo() + "/" + t.workflowFile() + "@" + t.ref();
        List<Object> github = new ArrayList<>();
        kv(github, "ref", t.ref());
        kv(github, "sha", job.sha);
        kv(github, "repository", t.repo());
        kv(github, "repository_owner", t.owner());
        kv(github, "repository_owner_id", t.ownerId());
        kv(github, "repositoryUrl", "git://github.com/" + t.repo() + ".git");
        kv(github, "run_id", job.runId);
        kv(github, "run_number", job.runNumber);
        kv(github, "retention_days", "90");
        kv(github, "run_attempt", Integer.toString(job.attempt));
        kv(github, "artifact_cache_size_limit", "10");
        kv(github, "repository_visibility", t.visibility());
        kv(github, "actor_id", "5521977");
        kv(github, "actor", t.event().equals("schedule") ? "github-actions[bot]" : "mfranke");
        kv(github, "workflow", t.workflow());
        kv(github, "head_ref", t.headRef());
        kv(github, "base_ref", pr ? "main" : "");
        kv(github, "event_name", t.event());
        kv(github, "server_url", "https://github.com");
        kv(github, "api_url", "https://api.github.com");
        kv(github, "graphql_url", "https://api.github.com/graphql");
        kv(github, "ref_name", refName);
        kv(github, "ref_protected", !pr);
        kv(github, "ref_type", tag ? "tag" : "branch");
        kv(github, "secret_source", "Actions");
        kv(github, "event", dict(eventPayload()));
        kv(github, "workflow_ref", workflowRef);
        kv(github, "workflow_sha", job.sha);
        kv(github, "repository_id", t.repoId());
        kv(github, "triggering_actor", t.event().equals("schedule") ? "github-actions[bot]" : "mfranke");

        List<Object> jobCtx = new ArrayList<>();
        kv(jobCtx, "check_run_id", Json.raw(job.checkRunId));
        kv(jobCtx, "workflow_ref", workflowRef);
        kv(jobCtx, "workflow_sha", job.sha);
        kv(jobCtx, "workflow_repository", t.repo());
        kv(jobCtx, "workflow_file_path", t.workflowFile());
        List<Object> strategy = new ArrayList<>();
        kv(strategy, "fail-fast", true);
        kv(strategy, "job-index", Json.raw("0.0"));
        kv(strategy, "job-total", Json.raw("1.0"));
        kv(strategy, "max-parallel", Json.raw("1.0"));

        Map<String, Object> c = new LinkedHashMap<>();
        c.put("github", dict(github));
        if (t.event().equals("workflow_dispatch")) c.put("inputs", obj("t", 2));
        c.put("job", dict(jobCtx));
        c.put("matrix", null);
        c.put("needs", obj("t", 2));
        c.put("strategy", dict(strategy));
        c.put("vars", obj("t", 2));
        return c;
    }

    private List<Object> eventPayload() {
        List<Object> repo = new ArrayList<>();
        kv(repo, "id", Json.raw(t.repoId() + ".0"));
        kv(repo, "name", t.repoName());
        kv(repo, "full_name", t.repo());
        kv(repo, "private", !t.visibility().equals("public"));
        kv(repo, "default_branch", "main");
        List<Object> e = new ArrayList<>();
        switch (t.event()) {
            case "push" -> {
                kv(e, "after", job.sha);
                kv(e, "before", hexOf(job.sha));
                kv(e, "created", t.ref().startsWith("refs/tags/"));
                kv(e, "forced", false);
                kv(e, "ref", t.ref());
                kv(e, "repository", dict(repo));
            }
            case "pull_request" -> {
                List<Object> head = new ArrayList<>();
                kv(head, "ref", t.headRef());
                kv(head, "sha", hexOf(job.sha + "head"));
                List<Object> base = new ArrayList<>();
                kv(base, "ref", "main");
                kv(base, "sha", hexOf(job.sha + "base"));
                List<Object> pull = new ArrayList<>();
                kv(pull, "base", dict(base));
                kv(pull, "draft", false);
                kv(pull, "head", dict(head));
                kv(pull, "number", Json.raw(t.ref().replaceAll("\\D", "") + ".0"));
                kv(pull, "state", "open");
                kv(e, "action", "synchronize");
                kv(e, "number", Json.raw(t.ref().replaceAll("\\D", "") + ".0"));
                kv(e, "pull_request", dict(pull));
                kv(e, "repository", dict(repo));
            }
            case "schedule" -> kv(e, "schedule", "17 2 * * *");
            default -> {
                kv(e, "inputs", null);
                kv(e, "ref", t.ref());
                kv(e, "repository", dict(repo));
                kv(e, "workflow", t.workflowFile());
            }
        }
        return e;
    }

    /** A PipelineContextData dictionary entry. */
    private static void kv(List<Object> entries, String k, Object v) {
        entries.add(obj("k", k, "v", v));
    }

    private static Map<String, Object> dict(List<Object> entries) {
        return obj("t", 2, "d", entries);
    }
}
