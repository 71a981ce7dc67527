package io.hetumind.nodes.protocols;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reading a download into memory with a bound, for the file-transfer nodes. */
public final class Streams {

    private Streams() {}

    /** All of {@code in} (not closed here); more than {@code maxBytes} fails naming the bound. */
    public static byte[] readAtMost(InputStream in, long maxBytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(chunk)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new IOException("the file is larger than " + maxBytes + " bytes");
            }
            buffer.write(chunk, 0, n);
        }
        return buffer.toByteArray();
    }
}
