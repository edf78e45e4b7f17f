package dev.tasker.engine;

/**
 * The size policy of the values the engine stores: a task's context, a step's result, a checkpoint, an
 * error, how deep JSON may nest and how large a number may be. Enforced when a value is written (a submit
 * is refused with an {@link InvalidInputException}; a handler's result or checkpoint over the limit fails
 * its step permanently, with error code {@code result_too_large}, {@code invalid_result} or
 * {@code checkpoint_too_large}; an error message is cut to fit), so that whatever the engine stored it can
 * read back and start on.
 *
 * <p>Every limit has a ceiling ({@code CEILING_*}): the engine's JSON reader accepts anything up to the
 * ceilings, so an engine built with lower limits still reads what one with higher limits wrote.
 *
 * @param maxContextBytes the largest task context, as UTF-8 JSON (default {@value #DEFAULT_CONTEXT_BYTES})
 * @param maxResultBytes the largest step result (and its metadata), as UTF-8 JSON (default
 *     {@value #DEFAULT_RESULT_BYTES})
 * @param maxCheckpointBytes the largest checkpoint of a step, history included (default
 *     {@value #DEFAULT_CHECKPOINT_BYTES})
 * @param maxErrorBytes the largest stored error message of a step; longer ones are cut (default
 *     {@value #DEFAULT_ERROR_BYTES})
 * @param maxDepth how deep arrays and objects may nest in a context, result or checkpoint (default
 *     {@value #DEFAULT_DEPTH})
 * @param maxNumberDigits the most significant digits of a number (default {@value #DEFAULT_NUMBER_DIGITS})
 * @param maxNumberExponent the largest decimal exponent of a number, either sign: {@code 1e-400} has
 *     exponent -400 (default {@value #DEFAULT_NUMBER_EXPONENT})
 */
public record Limits(
        long maxContextBytes,
        long maxResultBytes,
        long maxCheckpointBytes,
        int maxErrorBytes,
        int maxDepth,
        int maxNumberDigits,
        int maxNumberExponent) {
    /** Default {@link #maxContextBytes()}: 16 MiB. */
    public static final long DEFAULT_CONTEXT_BYTES = 16L << 20;
    /** Default {@link #maxResultBytes()}: 16 MiB. */
    public static final long DEFAULT_RESULT_BYTES = 16L << 20;
    /** Default {@link #maxCheckpointBytes()}: 16 MiB. */
    public static final long DEFAULT_CHECKPOINT_BYTES = 16L << 20;
    /** Default {@link #maxErrorBytes()}: 64 KiB. */
    public static final int DEFAULT_ERROR_BYTES = 64 << 10;
    /** Default {@link #maxDepth()}. */
    public static final int DEFAULT_DEPTH = 200;
    /** Default {@link #maxNumberDigits()}. */
    public static final int DEFAULT_NUMBER_DIGITS = 1000;
    /** Default {@link #maxNumberExponent()}. */
    public static final int DEFAULT_NUMBER_EXPONENT = 1000;

    /** The highest value any byte limit may be set to: 256 MiB. */
    public static final long CEILING_BYTES = 256L << 20;
    /** The highest {@link #maxDepth()}. */
    public static final int CEILING_DEPTH = 1000;
    /** The highest {@link #maxNumberDigits()}. */
    public static final int CEILING_NUMBER_DIGITS = 10_000;
    /** The highest {@link #maxNumberExponent()}. */
    public static final int CEILING_NUMBER_EXPONENT = 10_000;

    /** The defaults. */
    public static final Limits DEFAULTS = new Limits(
            DEFAULT_CONTEXT_BYTES,
            DEFAULT_RESULT_BYTES,
            DEFAULT_CHECKPOINT_BYTES,
            DEFAULT_ERROR_BYTES,
            DEFAULT_DEPTH,
            DEFAULT_NUMBER_DIGITS,
            DEFAULT_NUMBER_EXPONENT);

    /** Checks each limit against its floor and ceiling. */
    public Limits {
        within("maxContextBytes", maxContextBytes, 2, CEILING_BYTES);
        within("maxResultBytes", maxResultBytes, 4, CEILING_BYTES);
        within("maxCheckpointBytes", maxCheckpointBytes, 64, CEILING_BYTES);
        within("maxErrorBytes", maxErrorBytes, 256, CEILING_BYTES);
        within("maxDepth", maxDepth, 2, CEILING_DEPTH);
        within("maxNumberDigits", maxNumberDigits, 19, CEILING_NUMBER_DIGITS);
        within("maxNumberExponent", maxNumberExponent, 19, CEILING_NUMBER_EXPONENT);
    }

    /** These limits with another context size. */
    public Limits withMaxContextBytes(long bytes) {
        return new Limits(
                bytes, maxResultBytes, maxCheckpointBytes, maxErrorBytes, maxDepth, maxNumberDigits, maxNumberExponent);
    }

    /** These limits with another result size. */
    public Limits withMaxResultBytes(long bytes) {
        return new Limits(
                maxContextBytes,
                bytes,
                maxCheckpointBytes,
                maxErrorBytes,
                maxDepth,
                maxNumberDigits,
                maxNumberExponent);
    }

    /** These limits with another checkpoint size. */
    public Limits withMaxCheckpointBytes(long bytes) {
        return new Limits(
                maxContextBytes, maxResultBytes, bytes, maxErrorBytes, maxDepth, maxNumberDigits, maxNumberExponent);
    }

    /** These limits with another error size. */
    public Limits withMaxErrorBytes(int bytes) {
        return new Limits(
                maxContextBytes,
                maxResultBytes,
                maxCheckpointBytes,
                bytes,
                maxDepth,
                maxNumberDigits,
                maxNumberExponent);
    }

    /** These limits with another nesting depth. */
    public Limits withMaxDepth(int depth) {
        return new Limits(
                maxContextBytes,
                maxResultBytes,
                maxCheckpointBytes,
                maxErrorBytes,
                depth,
                maxNumberDigits,
                maxNumberExponent);
    }

    /** These limits with other number bounds. */
    public Limits withNumbers(int digits, int exponent) {
        return new Limits(
                maxContextBytes, maxResultBytes, maxCheckpointBytes, maxErrorBytes, maxDepth, digits, exponent);
    }

    private static void within(String name, long value, long floor, long ceiling) {
        if (value < floor || value > ceiling) {
            throw new IllegalArgumentException(
                    name + " must be between " + floor + " and " + ceiling + ", got " + value);
        }
    }
}
