package dev.runnermetrics.demo.steps;

import java.util.List;

/** A line of step output; a cache restore carries its type and result (the ground truth, a RESULTS index). */
public record Line(String text, String cacheType, int result) {
    public Line(String text, String cacheType, boolean hit) {
        this(text, cacheType, hit ? StepOutput.HIT : StepOutput.MISS);
    }

    public static Line of(String text) {
        return new Line(text, null, StepOutput.MISS);
    }

    /** Plain lines: no cache restore among them. */
    static void add(List<Line> out, String... lines) {
        for (String l : lines) out.add(Line.of(l));
    }
}
