package dev.runnermetrics.dashboards.output;

import dev.runnermetrics.dashboards.model.Dashboard;
import dev.runnermetrics.dashboards.model.Dashboard.Panel;
import dev.runnermetrics.dashboards.model.DashboardBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A picture of each dashboard's layout, drawn from the model: Grafana's 24-column grid with every panel's title and
 * visualisation type where the panel sits, so a reader sees the dashboard before importing it (Grafana cannot run
 * where the docs are built). Plain SVG, deterministic, no fonts to embed.
 */
public final class LayoutPicture {

    public static final String DIR = "docs/dashboards/";

    private static final int COLUMN = 40;
    private static final int ROW = 28;
    private static final int MARGIN = 12;
    private static final int HEADER = 34;
    private static final int GAP = 3;

    private LayoutPicture() {
    }

    public static List<Artifact> artifacts(List<Dashboard> dashboards) {
        List<Artifact> out = new ArrayList<>();
        for (Dashboard d : dashboards) {
            out.add(new Artifact(path(d), svg(d)));
        }
        return out;
    }

    public static String path(Dashboard d) {
        return DIR + d.uid + ".svg";
    }

    static String svg(Dashboard d) {
        int bottom = 0;
        for (Panel p : d.panels) {
            bottom = Math.max(bottom, p.gridPos.y() + p.gridPos.h());
        }
        int width = 2 * MARGIN + DashboardBuilder.GRID_COLUMNS * COLUMN;
        int height = HEADER + 2 * MARGIN + bottom * ROW;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" font-family=\"sans-serif\">\n");
        s.append("  <title>").append(escape(d.title)).append(" (layout)</title>\n");
        s.append("  <rect width=\"100%\" height=\"100%\" fill=\"#111217\"/>\n");
        s.append("  <text x=\"").append(MARGIN).append("\" y=\"").append(MARGIN + 16)
                .append("\" font-size=\"16\" fill=\"#ccccdc\">").append(escape(d.title)).append(" — uid ")
                .append(escape(d.uid)).append("</text>\n");
        for (Panel p : d.panels) {
            int x = MARGIN + p.gridPos.x() * COLUMN;
            int y = HEADER + MARGIN + p.gridPos.y() * ROW;
            int w = p.gridPos.w() * COLUMN - GAP;
            int h = p.gridPos.h() * ROW - GAP;
            if ("row".equals(p.type)) {
                s.append("  <text x=\"").append(x).append("\" y=\"").append(y + 19)
                        .append("\" font-size=\"14\" font-weight=\"bold\" fill=\"#ccccdc\">▾ ")
                        .append(escape(p.title)).append("</text>\n");
                continue;
            }
            s.append("  <g>\n");
            s.append("    <rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(w)
                    .append("\" height=\"").append(h)
                    .append("\" rx=\"3\" fill=\"#181b1f\" stroke=\"#2f3238\"/>\n");
            s.append("    <text x=\"").append(x + 8).append("\" y=\"").append(y + 18)
                    .append("\" font-size=\"12\" fill=\"#ccccdc\">").append(escape(fit(p.title, w))).append("</text>\n");
            s.append("    <text x=\"").append(x + 8).append("\" y=\"").append(y + h - 8)
                    .append("\" font-size=\"11\" fill=\"").append(colour(p.type)).append("\">").append(escape(p.type))
                    .append(" · ").append(p.gridPos.w()).append('×').append(p.gridPos.h()).append("</text>\n");
            s.append("  </g>\n");
        }
        return s.append("</svg>\n").toString();
    }

    /** A title cut to what fits the panel's width at about 7 px a character. */
    private static String fit(String title, int width) {
        int max = Math.max(4, (width - 16) / 7);
        return title.length() <= max ? title : title.substring(0, max - 1) + "…";
    }

    private static String colour(String type) {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "timeseries" -> "#73bf69";
            case "stat", "gauge", "bargauge" -> "#5794f2";
            case "table" -> "#ff9830";
            case "heatmap" -> "#f2495c";
            default -> "#b877d9";
        };
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
