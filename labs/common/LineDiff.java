import java.util.ArrayList;
import java.util.List;

/** A small line diff (longest common subsequence), printed like {@code diff -u}. */
final class LineDiff {
    private LineDiff() {
    }

    static List<String> unified(String before, String after, int context) {
        return hunks(edits(before.split("\n", -1), after.split("\n", -1)), context);
    }

    /** Every line of both, each marked kept ("  "), removed ("- ") or added ("+ "). */
    private static List<String> edits(String[] a, String[] b) {
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                ops.add("  " + a[i++]);
                j++;
            } else if (i < a.length && (j == b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add("- " + a[i++]);
            } else {
                ops.add("+ " + b[j++]);
            }
        }
        return ops;
    }

    /** The changed lines with {@code context} kept lines around each; "@@ …" where kept lines are left out. */
    private static List<String> hunks(List<String> ops, int context) {
        List<String> out = new ArrayList<>();
        int last = -1;
        for (int k = 0; k < ops.size(); k++) {
            if (ops.get(k).startsWith(" ")) {
                continue;
            }
            int from = Math.max(last + 1, k - context);
            if (last >= 0 && from > last + 1) {
                out.add("@@ …");
            }
            for (int m = from; m <= k; m++) {
                out.add(ops.get(m));
            }
            last = k;
            int to = Math.min(ops.size() - 1, k + context);
            for (int m = k + 1; m <= to && ops.get(m).startsWith(" "); m++) {
                out.add(ops.get(m));
                last = m;
            }
        }
        return out;
    }
}
