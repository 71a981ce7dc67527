package io.hetumind.core.engine.internal;

import java.util.function.Supplier;

/**
 * This execution's resume URL ({@code $execution.resumeUrl}), when the host set a base. The engine's is signed only
 * when first read: most runs never read it, and its HMAC was a measurable share of a short run's CPU.
 */
public final class ResumeUrl {
    private final Supplier<String> make;
    private volatile String url;

    public ResumeUrl(String url) {
        this.url = url;
        this.make = null;
    }

    /** A URL made by {@code make} on first read, at most once per reader race (the result is the same). */
    public static ResumeUrl lazy(Supplier<String> make) {
        return new ResumeUrl(make);
    }

    private ResumeUrl(Supplier<String> make) {
        this.make = make;
    }

    public String url() {
        String u = url;
        if (u == null) {
            u = make.get();
            url = u;
        }
        return u;
    }

    @Override
    public String toString() {
        return "ResumeUrl[" + url() + "]";
    }
}
