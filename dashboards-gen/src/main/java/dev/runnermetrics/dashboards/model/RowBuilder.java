package dev.runnermetrics.dashboards.model;

/** A row header; rows group panels visually and are not counted as panels. */
public final class RowBuilder {

    private final String title;

    public RowBuilder(String title) {
        this.title = title;
    }

    String title() {
        return title;
    }
}
