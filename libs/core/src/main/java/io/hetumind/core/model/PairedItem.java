package io.hetumind.core.model;

/**
 * Which input item (and input index) an output item was derived from, as in n8n. {@code sourceOverwrite}, when set,
 * names the node output the item index points into instead of the node's own input (n8n's
 * {@code pairedItem.sourceOverwrite}: Loop Over Items v3 pairs a later batch with its first run's input, and its done
 * output with the loop-back run each item came in with).
 */
public record PairedItem(int item, int input, Source sourceOverwrite) {

    /** Output {@code output} of run {@code run} of node {@code node}: n8n's {@code ISourceData}. */
    public record Source(String node, int output, int run) {}

    /** A pairing with the node's own input {@code input}. */
    public PairedItem(int item, int input) {
        this(item, input, null);
    }

    /** This pairing pointing into {@code source} instead of the node's input; null keeps the input. */
    public PairedItem withSourceOverwrite(Source source) {
        return new PairedItem(item, input, source);
    }

    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;
    /** Pairings with the first input are shared up to here (a million items through four nodes made four million). */
    private static final int SHARED = 1 << 21;

    private static final PairedItem[][] FIRST_INPUT = new PairedItem[SHARED / CHUNK][];

    /**
     * The pairing of output and input item: one shared instance per item index of the first input (instances are
     * immutable, so a racing reader sees either none, and makes one, or a complete one).
     */
    public static PairedItem of(int item, int input) {
        if (input != 0 || item < 0 || item >= SHARED) {
            return new PairedItem(item, input);
        }
        PairedItem[] chunk = FIRST_INPUT[item >>> CHUNK_BITS];
        if (chunk == null) {
            chunk = new PairedItem[CHUNK];
            FIRST_INPUT[item >>> CHUNK_BITS] = chunk;
        }
        PairedItem paired = chunk[item & (CHUNK - 1)];
        if (paired == null) {
            paired = new PairedItem(item, 0);
            chunk[item & (CHUNK - 1)] = paired;
        }
        return paired;
    }
}
