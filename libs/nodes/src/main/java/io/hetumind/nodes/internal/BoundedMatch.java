package io.hetumind.nodes.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A regex match with a work budget: catastrophic backtracking stops with a user error instead of hanging. */
public final class BoundedMatch {

    /** Character reads allowed before a match counts as runaway: generous for linear patterns. */
    private static final long BASE_BUDGET = 1_000_000;

    private static final long PER_CHAR_BUDGET = 1_000;

    private BoundedMatch() {}

    /** Thrown when matching {@code pattern} needed more work than its budget. */
    public static final class BudgetExceeded extends RuntimeException {

        BudgetExceeded() {
            super(null, null, false, false);
        }
    }

    /** A matcher over {@code text} that throws {@link BudgetExceeded} once its reads pass the budget. */
    public static Matcher matcher(Pattern pattern, String text) {
        return pattern.matcher(new Counted(text, BASE_BUDGET + PER_CHAR_BUDGET * text.length()));
    }

    private static final class Counted implements CharSequence {

        private final String text;
        private final long[] left;

        Counted(String text, long budget) {
            this(text, new long[] {budget});
        }

        private Counted(String text, long[] left) {
            this.text = text;
            this.left = left;
        }

        @Override
        public char charAt(int index) {
            if (--left[0] < 0) {
                throw new BudgetExceeded();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Counted(text.substring(start, end), left);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
