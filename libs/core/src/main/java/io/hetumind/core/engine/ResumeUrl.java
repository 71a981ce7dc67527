package io.hetumind.core.engine;

/** This execution's resume URL ({@code $execution.resumeUrl}), when the host set a base. */
public record ResumeUrl(String url) {}
