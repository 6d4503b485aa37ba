package dev.dmapworkbook.bench;

import java.util.Locale;

/** The target a figure is held to (issue 9); {@code atMost} for times and ratios that should stay low. */
record Goal(boolean atMost, double limit, String unit) {
    static Goal atMost(double limit, String unit) {
        return new Goal(true, limit, unit);
    }

    static Goal atLeast(double limit, String unit) {
        return new Goal(false, limit, unit);
    }

    boolean metBy(double value) {
        return atMost ? value <= limit : value >= limit;
    }

    @Override
    public String toString() {
        String value = limit == Math.rint(limit) ? String.format(Locale.ROOT, "%,.0f", limit) : Figure.number(limit);
        return (atMost ? "≤ " : "≥ ") + value + (unit.isEmpty() ? "" : (unit.equals("×") ? "" : " ") + unit);
    }

    String verdict(double value) {
        return String.format(Locale.ROOT, "goal %s: %s", this, metBy(value) ? "met" : "MISSED");
    }
}
