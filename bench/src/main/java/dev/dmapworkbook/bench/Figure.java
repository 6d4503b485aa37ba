package dev.dmapworkbook.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** One measured figure: its samples (one per run), its unit, and the goal it is held to, if any. */
final class Figure {
    final String key;
    final String name;
    final String unit;
    final Goal goal;
    final List<Double> samples = new ArrayList<>();

    Figure(String key, String name, String unit, Goal goal) {
        this.key = key;
        this.name = name;
        this.unit = unit;
        this.goal = goal;
    }

    Figure add(double sample) {
        samples.add(sample);
        return this;
    }

    boolean measured() {
        return !samples.isEmpty();
    }

    double median() {
        List<Double> sorted = samples.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    double max() {
        return samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** {@code 12.3 s [11.9–13.0]}, or just the value when there is one sample. */
    String summary() {
        String value = number(median()) + (unit.isEmpty() ? "" : (unit.equals("×") ? "" : " ") + unit);
        return samples.size() == 1 ? value : value + " [" + number(min()) + "–" + number(max()) + "]";
    }

    String verdict() {
        return goal == null || !measured() ? "" : goal.verdict(median());
    }

    /** Three significant digits at most, no exponent: 0.0123, 1.23, 12.3, 123, 12,345. */
    static String number(double v) {
        double a = Math.abs(v);
        if (Double.isNaN(v)) {
            return "?";
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
