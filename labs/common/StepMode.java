import java.util.Locale;

/**
 * {@code --step}, the instructor's mode: each cell's heading and explanation are shown first, then the lab waits.
 * Enter runs the cell, {@code s} skips it, {@code q} quits (the transcript keeps what ran), a number jumps ahead to
 * that cell (the cells before it are skipped).
 */
final class StepMode {
    /** What to do with the cell whose heading was just shown. */
    enum Choice { RUN, SKIP, QUIT }

    private final Terminal terminal;
    private int jumpTo = -1;

    StepMode(Terminal terminal) {
        this.terminal = terminal;
    }

    /** True while cells are skipped on the way to the cell a number named. */
    boolean jumping(int number) {
        if (jumpTo > number) {
            return true;
        }
        jumpTo = -1;
        return false;
    }

    /** Asks until the answer is one it understands; end of input quits. */
    Choice ask(int number) {
        while (true) {
            String answer = terminal.ask(terminal.dim("[step] Enter runs cell " + number + " · s skips it · q quits · "
                    + "a number jumps to that cell › "));
            if (answer == null) {
                return Choice.QUIT;
            }
            answer = answer.strip().toLowerCase(Locale.ROOT);
            if (answer.isEmpty()) {
                return Choice.RUN;
            }
            if (answer.equals("s")) {
                return Choice.SKIP;
            }
            if (answer.equals("q")) {
                return Choice.QUIT;
            }
            if (answer.matches("[0-9]{1,3}")) {
                int target = Integer.parseInt(answer);
                if (target == number) {
                    return Choice.RUN;
                }
                if (target > number) {
                    jumpTo = target;
                    return Choice.SKIP;
                }
                System.out.println(terminal.dim("  cell " + target + " has passed: Enter runs cell " + number));
                continue;
            }
            System.out.println(terminal.dim("  Enter, s, q or a cell number after " + number));
        }
    }
}
