package dev.lakehouse.magics.plot;

/** The charts {@code --plot} and {@code %plot} draw, and the Vega-Lite mark each uses. */
public enum ChartKind {
    BAR("bar"), LINE("line"), SCATTER("point"), AREA("area"), HIST("bar");

    private final String mark;

    ChartKind(String mark) {
        this.mark = mark;
    }

    public String mark() {
        return mark;
    }
}
