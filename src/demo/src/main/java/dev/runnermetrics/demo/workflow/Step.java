package dev.runnermetrics.demo.workflow;

/**
 * A step of a workflow job: an action ({@code uses:}) or a script ({@code run:}).
 *
 * @param contextName the step's context name; unnamed scripts get {@code __run}, {@code __run_2}, ...
 * @param post        a post step (cleanup after the main steps), registered only when its main step ran
 * @param lastScript  the last script that is not continue-on-error: where a failing (or cancelled) job fails
 * @param id          the timeline record id, new for every job; null in a template
 */
public record Step(String display, String action, String ref, String script, String contextName, boolean post,
                   boolean continueOnError, boolean lastScript, String id) {

    public static Step uses(String action, String ref, String name) {
        String ctx = "__" + action.replace('/', '_');
        return new Step(name != null ? name : "Run " + action + "@" + ref, action, ref, null, ctx, false, false, false, null);
    }

    public static Step run(String script, String name) {
        return new Step(name != null ? name : "Run " + script, null, null, script, null, false, false, false, null);
    }

    /** The post step of this main step, with its own timeline record. */
    public Step postStep(String recordId) {
        return new Step("Post " + display, action, ref, null, contextName, true, false, false, recordId);
    }

    public Step with(String contextName, String id) {
        return new Step(display, action, ref, script, contextName, post, continueOnError, lastScript, id);
    }

    Step continuingOnError() {
        return new Step(display, action, ref, script, contextName, false, true, false, id);
    }

    Step asLastScript() {
        return new Step(display, action, ref, script, contextName, post, continueOnError, true, id);
    }

    /** Failing jobs fail in their last script step; continue-on-error jobs in the step marked so. */
    public boolean failsWhen(Outcome o) {
        return (o == Outcome.FAILED && lastScript) || (o == Outcome.CONTINUE_ON_ERROR && continueOnError);
    }
}
