package dev.runnermetrics.demo.workflow;

import java.util.ArrayList;
import java.util.List;

/** A workflow job as written in a repository's workflow file; each run of it is a {@link Job}. */
public record Template(String repo, String repoId, String ownerId, String visibility, String workflow, String workflowFile,
                       String jobKey, String display, String event, String ref, String headRef, List<Step> steps) {

    public String repoName() {
        return repo.substring(repo.indexOf('/') + 1);
    }

    public String owner() {
        return repo.substring(0, repo.indexOf('/'));
    }

    static Template template(String repo, String repoId, String ownerId, String visibility, String workflow, String file,
                             String jobKey, String display, String event, String ref, String headRef, Step... steps) {
        int n = 0;
        List<Step> list = new ArrayList<>();
        for (Step s : steps) {
            // Unnamed steps get __run, __run_2, ... as context names.
            list.add(s.with(s.contextName() != null ? s.contextName() : (n++ == 0 ? "__run" : "__run_" + n), null));
        }
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).script() != null && !list.get(i).continueOnError()) {
                list.set(i, list.get(i).asLastScript());
                break;
            }
        }
        return new Template(repo, repoId, ownerId, visibility, workflow, file, jobKey, display, event, ref, headRef, List.copyOf(list));
    }
}
